// The few git commands the context needs, run directly (git is our tool, not PR code). Repository-
// configured external diff drivers and textconv filters are disabled so no repo config runs code.
import { execFile, spawn } from 'node:child_process';
import { KiloError, getErrorMessage } from '../util/errors.js';
import { createDiffParser } from './diff.js';
import { createDiffIndexBuilder } from './diff-index.js';
import type { ChangedFile, DiffIndex } from './types.js';

const MAX_DIFF_BYTES = 512 * 1024 * 1024;
const GIT_CONFIG = ['-c', 'core.quotePath=false'];
const gitEnv = () => ({ ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' });

const gitFailed = (cwd: string, args: string[], stderr: string, error: unknown) =>
  new KiloError(
    'GIT_FAILED',
    `git ${args[0]} failed in ${cwd}: ${stderr.trim().split('\n').pop() || getErrorMessage(error)}`,
    { cause: error },
  );

export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...GIT_CONFIG, ...args],
      { cwd, maxBuffer: MAX_DIFF_BYTES, env: gitEnv() },
      (error, stdout, stderr) => {
        if (error) reject(gitFailed(cwd, args, stderr, error));
        else resolve(stdout);
      },
    );
  });
}

/** A diff's changed files and their index, built while git writes them; the diff's length in characters. */
export interface ParsedDiff {
  files: ChangedFile[];
  diffIndex: DiffIndex;
  length: number;
}

/**
 * git(cwd, args) for a diff, parsed as it arrives rather than once it is all read: on a big PR the
 * parse then overlaps git's own time. The same limit and errors as git().
 */
export function gitDiffParsed(cwd: string, args: string[]): Promise<ParsedDiff> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_CONFIG, ...args], {
      cwd,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const index = createDiffIndexBuilder();
    const parser = createDiffParser((file) => index.add(file));
    let length = 0;
    let stderr = '';
    let failure: unknown;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (failure !== undefined) return;
      length += chunk.length;
      if (length > MAX_DIFF_BYTES) {
        failure = new RangeError(`stdout maxBuffer length exceeded (${MAX_DIFF_BYTES} bytes)`);
        child.kill();
        return;
      }
      try {
        parser.write(chunk);
      } catch (error) {
        failure = error;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.once('error', (error) => {
      failure ??= error;
    });
    child.once('close', (code, signal) => {
      if (failure === undefined && code !== 0)
        failure = new Error(`Command failed: git ${args.join(' ')} (${signal ?? `exit code ${code}`})`);
      if (failure !== undefined) reject(gitFailed(cwd, args, stderr, failure));
      else resolve({ files: parser.end(), diffIndex: index.index(), length });
    });
  });
}

export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new KiloError(
      'GIT_FAILED',
      `'${ref}' is not a commit in ${cwd} (fetch it, or pass another --base/--head)`,
    );
  }
}

export async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  return git(cwd, ['cat-file', '-e', `${sha}^{commit}`]).then(
    () => true,
    () => false,
  );
}

/** Makes sure the commit is in the checkout, fetching it from origin when the clone is shallow. */
export async function ensureCommit(cwd: string, sha: string, what: string): Promise<void> {
  if (await hasCommit(cwd, sha)) return;
  await git(cwd, ['fetch', '--no-tags', '--quiet', '--depth=100', 'origin', sha]).catch(() => undefined);
  if (await hasCommit(cwd, sha)) return;
  throw new KiloError(
    'GIT_FAILED',
    `the ${what} commit ${sha.slice(0, 12)} is not in the checkout and could not be fetched; ` +
      'check out with `fetch-depth: 0` (actions/checkout) or fetch it before this step',
  );
}

const DIFF_ARGS = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--unified=3'];

/** `git diff base...head` (changes on head since the merge base); two-dot when there is no merge base. */
export async function diffRange(cwd: string, base: string, head: string): Promise<string> {
  try {
    return await git(cwd, [...DIFF_ARGS, `${base}...${head}`]);
  } catch {
    return git(cwd, [...DIFF_ARGS, base, head]);
  }
}

/** diffRange's diff, parsed as git writes it (gitDiffParsed). */
export async function parsedDiffRange(cwd: string, base: string, head: string): Promise<ParsedDiff> {
  try {
    return await gitDiffParsed(cwd, [...DIFF_ARGS, `${base}...${head}`]);
  } catch {
    return gitDiffParsed(cwd, [...DIFF_ARGS, base, head]);
  }
}

/**
 * A file as committed at `sha`, or undefined when the commit or the path is not there (a shallow
 * checkout may lack the commit) or the file is bigger than `maxBytes`.
 */
export async function readFileAtCommit(
  cwd: string,
  sha: string,
  path: string,
  maxBytes: number,
): Promise<string | undefined> {
  const spec = `${sha}:${path.replace(/^\.?\//, '')}`;
  const size = Number((await git(cwd, ['cat-file', '-s', spec]).catch(() => '')).trim() || NaN);
  if (!Number.isInteger(size) || size > maxBytes) return undefined;
  return git(cwd, ['cat-file', 'blob', spec]).catch(() => undefined);
}

/** The empty tree of the repository's hash algorithm (sha1 or sha256): the base of a whole-repository diff. */
export async function emptyTree(cwd: string): Promise<string> {
  return (await git(cwd, ['hash-object', '-t', 'tree', '/dev/null'])).trim();
}

/** The checked-out branch (`main`), or '' when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string> {
  return (await git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
}
