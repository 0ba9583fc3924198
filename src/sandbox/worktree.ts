// Isolation for writes: a throwaway checkout of a commit where tools may change anything, the result
// read back as a patch, and patches applied to and reverted from such a checkout. The user's checkout,
// its .git included, is never written: a git repository gets a new repository in a temp dir that
// borrows its objects (objects/info/alternates, as `git clone --shared` does, and its shallow list)
// and checks out the commit; any other directory is copied and the copy made a one-commit repository,
// so diff, apply and revert work the same on both. Writing nothing to the user's .git matters: a
// `git worktree add` there would create and delete .git/worktrees while the user's test runner walks
// the tree (`node --test` does), failing their tests for a reason of ours.
// Limits: symlinks are kept as links, so a tool that writes through one to a path outside the checkout
// is not contained; untracked files a tool creates are not part of the diff; binary changes show as
// "Binary files … differ" and cannot be applied; a partial clone's missing blobs are not fetched, so
// the checkout fails with git's message.
import { existsSync } from 'node:fs';
import { cp, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getErrorMessage, KiloError } from '../util/errors.js';
import { clip } from '../util/text.js';
import { linkDependencies } from './dependency-links.js';
import type { CommandRunner, RunResult } from './types.js';
import { pathExists } from '../util/path-exists.js';

export interface Worktree {
  /** Absolute path of the checkout. */
  dir: string;
  /** True when `repoDir` was not a git repository and this is a copy of its files. */
  copied: boolean;
  /** Deletes the checkout (and its git registration); never aborted, safe to call twice. */
  remove(): Promise<void>;
}

export type PatchResult = { ok: true } | { ok: false; reason: string };

export interface DiffOptions {
  /** Lines of context around each change (git's -U). Default 3, which applyPatch needs. */
  contextLines?: number;
  signal?: AbortSignal;
}

const GIT_TIMEOUT_MS = 120_000;
const DIFF_MAX_BYTES = 32 * 1024 * 1024;
const MAX_REASON_CHARS = 300;
// Hooks of the user's clone must not run for our bookkeeping (post-checkout on worktree add).
const GIT = ['git', '-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false'];
// Explicit prefixes and no renames/textconv/external diff: the user's git config must not change the format.
const DIFF_ARGS = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];
const PREFIX_ARGS = ['--src-prefix=a/', '--dst-prefix=b/', 'HEAD'];
// The baseline commit of a copy: an identity of our own, and no config of the machine that could
// sign, convert line endings or print hints.
const BASELINE_CONFIG = [
  ['user.name', 'kilo-agent'],
  ['user.email', 'kilo-agent@localhost'],
  ['commit.gpgSign', 'false'],
  ['core.autocrlf', 'false'],
  ['init.defaultBranch', 'kilo'],
].flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/**
 * A fresh checkout of `commit` of `repoDir` in a new temp dir: a repository borrowing `repoDir`'s
 * objects when `repoDir` is the top of a git work tree (it has a `.git`), otherwise a copy of its files
 * as they are (`commit` is then ignored: there is no history to check out). Throws
 * KiloError('GIT_FAILED' or 'SANDBOX_FAILED') with one line; nothing is left behind then.
 */
export async function createWorktree(
  runner: CommandRunner,
  repoDir: string,
  commit: string,
  signal?: AbortSignal,
): Promise<Worktree> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kilo-worktree-'));
  const remove = once(() => rm(dir, { recursive: true, force: true }));
  try {
    const isRepo = await pathExists(path.join(repoDir, '.git'));
    await (isRepo
      ? checkoutBorrowed(runner, repoDir, commit, dir, signal)
      : copyAsRepo(runner, repoDir, dir, signal));
    return { dir, copied: !isRepo, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function checkoutBorrowed(
  runner: CommandRunner,
  repoDir: string,
  commit: string,
  dir: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const common = await git(runner, repoDir, ['rev-parse', '--git-common-dir'], signal);
  if (common.exitCode !== 0) {
    throw new KiloError(
      'GIT_FAILED',
      `'${repoDir}' is not a readable git repository: ${failureLine(common)}`,
    );
  }
  const gitDir = path.resolve(repoDir, common.stdout.trim());
  await mustSucceed(runner, dir, [...BASELINE_CONFIG, 'init', '-q'], signal, `git init in '${dir}'`);
  try {
    await writeFile(
      path.join(dir, '.git', 'objects', 'info', 'alternates'),
      `${path.join(gitDir, 'objects')}\n`,
    );
    // A shallow clone's history ends at its grafts; without them git would look for missing parents.
    if (await pathExists(path.join(gitDir, 'shallow'))) {
      await copyFile(path.join(gitDir, 'shallow'), path.join(dir, '.git', 'shallow'));
    }
  } catch (error) {
    throw new KiloError(
      'SANDBOX_FAILED',
      `cannot prepare a checkout of '${repoDir}': ${systemErrorMessage(error)}`,
    );
  }
  await mustSucceed(
    runner,
    dir,
    ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', commit, '--'],
    signal,
    `git checkout of ${commit} from '${repoDir}'`,
  );
  await linkDependencies((args) => git(runner, repoDir, args, signal), repoDir, dir);
}

async function copyAsRepo(
  runner: CommandRunner,
  repoDir: string,
  dir: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  await copyTree(repoDir, dir);
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'baseline'],
  ]) {
    await mustSucceed(
      runner,
      dir,
      [...BASELINE_CONFIG, ...args],
      signal,
      `git ${args[0]} in the copy of '${repoDir}'`,
    );
  }
}

async function mustSucceed(
  runner: CommandRunner,
  cwd: string,
  args: string[],
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  const result = await git(runner, cwd, args, signal);
  if (result.exitCode !== 0) throw new KiloError('GIT_FAILED', `${what} failed: ${failureLine(result)}`);
}

async function copyTree(from: string, to: string): Promise<void> {
  try {
    await cp(from, to, { recursive: true, verbatimSymlinks: true, force: true });
  } catch (error) {
    throw new KiloError(
      'SANDBOX_FAILED',
      `cannot copy '${from}' for an isolated run: ${systemErrorMessage(error)}`,
    );
  }
}

/**
 * Unified diff of the checkout's tracked files against its HEAD (what tools changed), with a/ and b/
 * prefixes whatever the user's git config says. Throws KiloError('GIT_FAILED') when git fails or the
 * diff is over 32 MiB.
 */
export async function diffWorktree(
  runner: CommandRunner,
  dir: string,
  options: DiffOptions = {},
): Promise<string> {
  const context = `-U${Math.max(0, Math.floor(options.contextLines ?? 3))}`;
  // A tool may delete the checkout's .git; git would then look in parent directories (or diff without
  // an index), and report on something else entirely.
  if (!existsSync(path.join(dir, '.git'))) {
    throw new KiloError('GIT_FAILED', "the tool deleted the checkout's .git directory");
  }
  const diff = await git(
    runner,
    dir,
    [...DIFF_ARGS, context, ...PREFIX_ARGS],
    options.signal,
    DIFF_MAX_BYTES,
  );
  if (diff.truncated) {
    throw new KiloError(
      'GIT_FAILED',
      `git diff failed: the diff is over ${DIFF_MAX_BYTES / 1024 / 1024} MiB`,
    );
  }
  if (diff.exitCode !== 0) throw new KiloError('GIT_FAILED', `git diff failed: ${failureLine(diff)}`);
  return diff.stdout;
}

/**
 * Applies a unified diff (with context, as diffWorktree makes by default) to the checkout's files, all
 * or nothing. An empty patch applies trivially. Paths outside the checkout or through symlinks are
 * refused by git.
 */
export function applyPatch(
  runner: CommandRunner,
  dir: string,
  patch: string,
  signal?: AbortSignal,
): Promise<PatchResult> {
  return gitApply(runner, dir, patch, [], signal);
}

/** Undoes applyPatch with the same patch (`git apply -R`), all or nothing. */
export function revertPatch(
  runner: CommandRunner,
  dir: string,
  patch: string,
  signal?: AbortSignal,
): Promise<PatchResult> {
  return gitApply(runner, dir, patch, ['-R'], signal);
}

export interface CommitRequest {
  /** Paths (relative to the checkout) whose changes go into the commit; nothing else does. */
  paths: readonly string[];
  message: string;
  /** Author and committer, e.g. `{ name: 'github-actions[bot]', email: '…@users.noreply.github.com' }`. */
  identity: { name: string; email: string };
  signal?: AbortSignal;
}

/**
 * Commits the changes to `paths` in a throwaway checkout on top of its HEAD and returns the new
 * commit's SHA. No hooks, no signing, no user config: the commit is exactly the files and the message.
 */
export async function commitWorktree(
  runner: CommandRunner,
  dir: string,
  request: CommitRequest,
): Promise<string> {
  const { identity, signal } = request;
  const config = [
    ['user.name', identity.name],
    ['user.email', identity.email],
    ['commit.gpgSign', 'false'],
    ['core.autocrlf', 'false'],
  ].flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  await mustSucceed(runner, dir, ['add', '--', ...request.paths], signal, 'git add');
  const messageDir = await mkdtemp(path.join(tmpdir(), 'kilo-commit-'));
  try {
    // The runner gives programs no stdin: the message goes through a file, verbatim.
    const messageFile = path.join(messageDir, 'message');
    await writeFile(messageFile, request.message);
    // The identity also as variables: GIT_AUTHOR_* / GIT_COMMITTER_* in the runner's environment
    // would win over the config.
    const commit = await git(
      runner,
      dir,
      [...config, 'commit', '-q', '--no-verify', '--cleanup=verbatim', '-F', messageFile],
      signal,
      undefined,
      {
        GIT_AUTHOR_NAME: identity.name,
        GIT_AUTHOR_EMAIL: identity.email,
        GIT_COMMITTER_NAME: identity.name,
        GIT_COMMITTER_EMAIL: identity.email,
      },
    );
    if (commit.exitCode !== 0) throw new KiloError('GIT_FAILED', `git commit failed: ${failureLine(commit)}`);
  } finally {
    await rm(messageDir, { recursive: true, force: true });
  }
  const head = await git(runner, dir, ['rev-parse', 'HEAD'], signal);
  if (head.exitCode !== 0) throw new KiloError('GIT_FAILED', `git rev-parse failed: ${failureLine(head)}`);
  return head.stdout.trim();
}

async function gitApply(
  runner: CommandRunner,
  dir: string,
  patch: string,
  extra: string[],
  signal: AbortSignal | undefined,
): Promise<PatchResult> {
  if (patch.trim() === '') return { ok: true };
  // The runner gives programs no stdin, and the patch file must not land in the checkout it changes.
  const patchDir = await mkdtemp(path.join(tmpdir(), 'kilo-patch-'));
  try {
    const patchFile = path.join(patchDir, 'change.patch');
    await writeFile(patchFile, patch);
    const applied = await git(
      runner,
      dir,
      ['apply', '--whitespace=nowarn', ...extra, '--', patchFile],
      signal,
    );
    return applied.exitCode === 0 ? { ok: true } : { ok: false, reason: applyFailure(applied) };
  } finally {
    await rm(patchDir, { recursive: true, force: true });
  }
}

/** git apply's `error:` lines joined into one, e.g. `patch failed: a.js:1; a.js: patch does not apply`. */
function applyFailure(result: RunResult): string {
  const errors = result.stderr
    .split(/\r?\n/)
    .filter((line) => line.startsWith('error: '))
    .map((line) => line.slice('error: '.length).trim());
  return errors.length > 0 ? clip(errors.join('; '), MAX_REASON_CHARS) : failureLine(result);
}

function git(
  runner: CommandRunner,
  cwd: string,
  args: string[],
  signal?: AbortSignal,
  maxOutputBytes?: number,
  env?: Record<string, string>,
): Promise<RunResult> {
  return runner.run({
    argv: [...GIT, ...args],
    cwd,
    timeoutMs: GIT_TIMEOUT_MS,
    ...(env === undefined ? {} : { env }),
    ...(signal === undefined ? {} : { signal }),
    ...(maxOutputBytes === undefined ? {} : { maxOutputBytes }),
  });
}

/** Why a git command failed, in one line: could not start, timed out, or its last line of output. */
function failureLine(result: RunResult): string {
  if (result.spawnError !== undefined) return result.spawnError;
  if (result.timedOut) return `timed out after ${GIT_TIMEOUT_MS / 1000}s`;
  const lines = `${result.stdout}\n${result.stderr}`.split(/\r?\n/).map((line) => line.trim());
  const last = lines.filter((line) => line !== '').at(-1);
  if (last !== undefined) return clip(last, MAX_REASON_CHARS);
  return result.exitCode === null
    ? `killed by ${result.signal ?? 'a signal'}`
    : `exit code ${result.exitCode}`;
}

/** fs errors can come from another realm (jest's vm), where `instanceof Error` fails: read the field. */
function systemErrorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : getErrorMessage(error);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
