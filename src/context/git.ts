// The few git commands the context needs, run directly (git is our tool, not PR code). Repository-
// configured external diff drivers and textconv filters are disabled so no repo config runs code.
import { execFile } from 'node:child_process';
import { KiloError, getErrorMessage } from '../util/errors.js';

const MAX_DIFF_BYTES = 512 * 1024 * 1024;

export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd, maxBuffer: MAX_DIFF_BYTES, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim().split('\n').pop() || getErrorMessage(error);
          reject(new KiloError('GIT_FAILED', `git ${args[0]} failed in ${cwd}: ${detail}`, { cause: error }));
        } else resolve(stdout);
      },
    );
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

/** `git diff base...head` (changes on head since the merge base); two-dot when there is no merge base. */
export async function diffRange(cwd: string, base: string, head: string): Promise<string> {
  const args = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--unified=3'];
  try {
    return await git(cwd, [...args, `${base}...${head}`]);
  } catch {
    return git(cwd, [...args, base, head]);
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
