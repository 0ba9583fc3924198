// The words that start kilo-agent again in the summary's "Reproduce locally" block: npm runs the action's
// own repository at its ref (it has `bin` and a committed dist/), else the CLI script that ran is named.
// Pure: callers pass the environment and the script path in; the report only carries the result.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

export interface ReproduceSource {
  /** GITHUB_ACTION_REPOSITORY: `owner/repo` of the action this step runs (empty for `uses: ./`). */
  actionRepository?: string;
  /** GITHUB_ACTION_REF: the tag, branch or SHA after the `@` of the step's `uses:`. */
  actionRef?: string;
  /** GITHUB_SERVER_URL: GitHub Enterprise Server serves the action's repository from its own host. */
  serverUrl?: string;
  /** The kilo-agent CLI script (dist/cli.js). */
  cliPath?: string;
  /** The checkout the commands run in: a CLI inside it is named relative to it (`node dist/cli.js`). */
  root?: string;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// What git allows in a ref name, less what would break npm's `#committish` or start an option.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const REF = /^(?!-)[^\s\u0000-\u001f\u007f~^:?*[\\]+$/;

/** `npx --yes github:owner/repo#ref`, else `node <cli>`; undefined when neither is known. */
export function reproduceCommand(source: ReproduceSource): string[] | undefined {
  const { actionRepository: repo = '', actionRef: ref = '' } = source;
  if (REPOSITORY.test(repo) && REF.test(ref))
    return ['npx', '--yes', packageSpec(repo, ref, source.serverUrl)];
  if (!source.cliPath) return undefined;
  const cli = resolve(source.cliPath);
  const inside = source.root === undefined ? undefined : relative(resolve(source.root), cli);
  return ['node', inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : cli];
}

/** The action's reproduce command: its own repository and ref, else the CLI beside its entry (dist/index.js). */
export function actionReproduceCommand(
  env: NodeJS.ProcessEnv,
  entry: string | undefined,
): string[] | undefined {
  return reproduceCommand({
    actionRepository: env.GITHUB_ACTION_REPOSITORY,
    actionRef: env.GITHUB_ACTION_REF,
    serverUrl: env.GITHUB_SERVER_URL,
    // The bundle puts dist/cli.js next to dist/index.js (scripts/bundle.mjs).
    ...(entry ? { cliPath: join(dirname(entry), 'cli.js') } : {}),
    ...(env.GITHUB_WORKSPACE ? { root: env.GITHUB_WORKSPACE } : {}),
  });
}

/** npm's shorthand for github.com; a GitHub Enterprise Server host needs the git URL. */
function packageSpec(repo: string, ref: string, serverUrl: string | undefined): string {
  const server = serverUrl?.replace(/\/+$/, '');
  if (!server || !/^https?:\/\/[^\s#]+$/.test(server) || /^https:\/\/github\.com$/i.test(server))
    return `github:${repo}#${ref}`;
  return `git+${server}/${repo}.git#${ref}`;
}
