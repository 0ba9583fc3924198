// Pushes one commit to a PR branch of this repository with the workflow's token, never forced: a
// branch that moved since is rejected by the server, and we say so. The token goes to git as an
// HTTP header through GIT_CONFIG_* variables (as actions/checkout does, but never written to a config
// file or put on the command line). Our own git, not PR code: it runs outside the sandbox.
import { execFile } from 'node:child_process';
import type { RepoId } from '../../context/types.js';
import { getErrorMessage } from '../../util/errors.js';

const PUSH_TIMEOUT_MS = 120_000;
const MAX_REASON_CHARS = 500;

export interface PushTarget {
  /** GITHUB_SERVER_URL: https://github.com, a GHES host, or a file:// directory in tests. */
  serverUrl: string;
  repo: RepoId;
  branch: string;
  token: string | undefined;
}

export type PushResult = { ok: true } | { ok: false; reason: string };

/** The clone URL of the repository on the server. */
export function remoteUrl(serverUrl: string, repo: RepoId): string {
  return `${serverUrl.replace(/\/+$/, '')}/${repo.owner}/${repo.name}.git`;
}

/** `git push <url> <commit>:refs/heads/<branch>` from the checkout `dir` that holds the commit. */
export function pushCommit(dir: string, commit: string, target: PushTarget): Promise<PushResult> {
  const url = remoteUrl(target.serverUrl, target.repo);
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (target.token && /^https?:/i.test(url)) {
    const basic = Buffer.from(`x-access-token:${target.token}`, 'utf8').toString('base64');
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraheader`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    });
  }
  const args = [
    '-c',
    'core.hooksPath=/dev/null',
    'push',
    '--porcelain',
    '--no-verify',
    url,
    `${commit}:refs/heads/${target.branch}`,
  ];
  return new Promise((resolve) => {
    execFile('git', args, { cwd: dir, env, timeout: PUSH_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      resolve({ ok: false, reason: pushFailure(`${stdout}\n${stderr}`, error) });
    });
  });
}

/** The lines that say why: porcelain's `!` line (rejected, with git's reason) and the server's own. */
function pushFailure(output: string, error: Error): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  const said = lines.filter(
    (line) => line.startsWith('!') || line.startsWith('remote:') || line.startsWith('fatal:'),
  );
  const text = (said.length ? said.join('; ') : getErrorMessage(error)).replace(/\s+/g, ' ');
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}
