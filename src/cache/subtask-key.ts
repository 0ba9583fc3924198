// Keys of the results cache: a subtask's result may be reused when everything it reads is unchanged.
// A key hashes the subtask itself (its task spec, files, dependencies), the whole effective config, our
// version, the runtime (Node, OS, runner image) and what the subtask reads:
// - `files` scope (the built-in analyzers, the LLM review): each of its files' content and diff. They
//   read nothing else (the LLM review also reads the PR text and the guidance, which go in too).
// - `tree` scope (commands, tests, the validation): the whole working tree (HEAD's tree, uncommitted
//   changes, untracked files) and the whole diff, since a linter or a test reads imports, tool config
//   and lockfiles anywhere in the repository.
// What no key can see: tools installed outside the repository (apt, pip in a workflow step) and the
// network. docs/decisions.md says how to drop the cache when those change.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { git } from '../context/git.js';
import type { ChangedFile, PrContext } from '../context/types.js';
import type { Subtask } from '../plan/types.js';
import type { KiloConfig } from '../policy/schema.js';
import { canonicalJson } from '../util/canonical-json.js';
import { getErrorMessage } from '../util/errors.js';
import { VERSION } from '../version.js';

/** Bumped whenever a key's parts change meaning: every older entry becomes a miss. */
export const RESULTS_KEY_VERSION = 1;

/** More untracked files than this, and the working tree is not hashed (tree-scoped subtasks rerun). */
const MAX_UNTRACKED = 2000;

export type CacheScope = 'files' | 'tree';

export type KeyResult = { key: string } | { key?: undefined; reason: string };

export interface KeyEnv {
  workspace: string;
  context: PrContext;
  config: KiloConfig;
  /** With an LLM: the model (`provider:model`) and the base branch's guidance, which the review reads. */
  llm?: { model: string; instructions: string };
  /** Where the runtime part comes from (the runner image's version); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface SubtaskKeyer {
  /** The subtask's key, or why it has none (its result is then neither reused nor stored). */
  key(subtask: Subtask): Promise<KeyResult>;
}

export function cacheScope(subtask: Subtask): CacheScope {
  const { task } = subtask;
  // With tools the model may read any file of the checkout: its answer depends on the whole tree.
  if (task.type === 'llm-review') return task.tools === undefined ? 'files' : 'tree';
  return task.type === 'builtin' ? 'files' : 'tree';
}

export function createSubtaskKeyer(env: KeyEnv): SubtaskKeyer {
  const vars = env.env ?? process.env;
  const common = digest([
    RESULTS_KEY_VERSION,
    VERSION,
    process.version,
    process.platform,
    process.arch,
    vars.ImageOS ?? '',
    vars.ImageVersion ?? '',
    canonicalJson(env.config),
  ]);
  const byPath = new Map(env.context.files.map((file) => [file.path, file]));
  const fileDigests = new Map<string, Promise<string>>();
  const fileDigest = (file: string) => {
    let known = fileDigests.get(file);
    if (known === undefined) {
      const changed = byPath.get(file);
      known = Promise.all([
        contentDigest(env.workspace, file),
        changed ? diffDigest(changed) : 'unchanged',
      ]).then((parts) => digest([file, ...parts]));
      fileDigests.set(file, known);
    }
    return known;
  };
  // Taken once, at the start: tests writing reports into the checkout must not change later keys.
  let tree: Promise<KeyResult> | undefined;
  const treeDigest = () =>
    (tree ??= workingTreeDigest(env.workspace).then((state): KeyResult =>
      'reason' in state ? state : { key: digest([state.key, ...env.context.files.map(diffDigest)]) },
    ));
  const llmPart =
    env.llm === undefined
      ? ''
      : digest([
          env.llm.model,
          env.llm.instructions,
          env.context.title,
          env.context.body ?? '',
          // An incremental review reads fewer hunks: not the answer a whole review would reuse.
          env.context.since?.kind === 'incremental' ? env.context.since.from : '',
        ]);
  const keys = new Map<string, Promise<KeyResult>>();

  return {
    key(subtask) {
      let known = keys.get(subtask.id);
      if (known === undefined) {
        known = keyOf(subtask).catch((error: unknown) => ({
          reason: `not cacheable: ${getErrorMessage(error)}`,
        }));
        keys.set(subtask.id, known);
      }
      return known;
    },
  };

  async function keyOf(subtask: Subtask): Promise<KeyResult> {
    const head = [common, canonicalJson(subtask)];
    if (cacheScope(subtask) === 'files') {
      const parts = await Promise.all(subtask.files.map(fileDigest));
      const extra = subtask.task.type === 'llm-review' ? llmPart : '';
      return { key: digest([...head, extra, ...parts]) };
    }
    const state = await treeDigest();
    const extra = subtask.task.type === 'llm-review' ? llmPart : '';
    return 'reason' in state ? state : { key: digest([...head, extra, state.key]) };
  }
}

/** A subtask's identity across runs, whatever its inputs: its id and what it runs. */
export function durationKey(subtask: Subtask): string {
  return digest([RESULTS_KEY_VERSION, 'duration', subtask.id, canonicalJson(subtask.task)]);
}

function digest(parts: readonly (string | number)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(String(part)).update('\u0000');
  return hash.digest('hex');
}

/** What a changed file's diff says, filters included (`added` depends on which lines were added). */
function diffDigest(file: ChangedFile): string {
  return digest([
    file.path,
    file.status,
    file.previousPath ?? '',
    String(file.binary),
    JSON.stringify(file.hunks),
  ]);
}

/** A regular file's bytes, a link's target text (never followed), or what else is there. */
async function contentDigest(workspace: string, file: string): Promise<string> {
  const absolute = path.resolve(workspace, file);
  const relative = path.relative(workspace, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const stat = await lstat(absolute).catch(() => undefined);
  if (stat === undefined) return 'missing';
  if (stat.isSymbolicLink()) return `link:${await readlink(absolute)}`;
  if (!stat.isFile()) return 'other';
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absolute)) hash.update(chunk as Buffer);
  return `file:${hash.digest('hex')}`;
}

/** HEAD's tree plus whatever the checkout adds to it: uncommitted changes and untracked files. */
async function workingTreeDigest(workspace: string): Promise<KeyResult> {
  let tree: string;
  try {
    tree = (await git(workspace, ['rev-parse', '--verify', '--quiet', 'HEAD^{tree}'])).trim();
  } catch {
    return { reason: 'not cacheable: the workspace is not a git checkout with a commit' };
  }
  const [changes, untracked] = await Promise.all([
    git(workspace, ['diff', 'HEAD', '--binary', '--no-color', '--no-ext-diff', '--no-textconv']),
    git(workspace, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const extra = untracked.split('\0').filter(Boolean).sort();
  if (extra.length > MAX_UNTRACKED) {
    return { reason: `not cacheable: the checkout has more than ${MAX_UNTRACKED} untracked files` };
  }
  const contents = await Promise.all(extra.map((file) => contentDigest(workspace, file)));
  return { key: digest([tree, changes, ...extra.flatMap((file, i) => [file, contents[i]!])]) };
}
