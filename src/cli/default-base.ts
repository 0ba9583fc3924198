// The base of `kilo-agent review` when --base is not given: the remote's default branch (origin/HEAD),
// else the usual default-branch names, remote before local. Limits: only the remote named origin is asked.
import { isEmptyTree } from '../context/empty-tree.js';
import { git, resolveCommit } from '../context/git.js';
import { KiloError } from '../util/errors.js';

export interface BaseChoice {
  /** As the user would type it, shown and recorded: `origin/master`, `main`, or the --base value. */
  ref: string;
  sha: string;
  /** Why this base: `--base`, `origin/HEAD`, or what was missing before it (`no origin/HEAD, origin/main`). */
  reason: string;
}

export const BASE_FLAG_REASON = '--base';

/** Tried in order after origin/HEAD; full ref names so a tag or a file called `main` cannot answer. */
const FALLBACKS: ReadonlyArray<readonly [short: string, full: string]> = [
  ['origin/main', 'refs/remotes/origin/main'],
  ['origin/master', 'refs/remotes/origin/master'],
  ['main', 'refs/heads/main'],
  ['master', 'refs/heads/master'],
];

export async function chooseBase(repo: string, flag: string | undefined): Promise<BaseChoice> {
  if (flag !== undefined) {
    // The empty tree as base reviews the whole repository (as the action's schedule runs do).
    const sha = isEmptyTree(flag) ? flag : await resolveCommit(repo, flag);
    return { ref: flag, sha, reason: BASE_FLAG_REASON };
  }
  const missing: string[] = [];
  const remoteHead = await symbolicRef(repo, 'refs/remotes/origin/HEAD');
  if (remoteHead !== undefined) {
    const sha = await commitOf(repo, remoteHead);
    if (sha !== undefined) return { ref: shortName(remoteHead), sha, reason: 'origin/HEAD' };
    // A clone whose default branch was deleted or renamed on the remote since.
    missing.push(`origin/HEAD (${shortName(remoteHead)} is gone)`);
  } else missing.push('origin/HEAD');
  for (const [short, full] of FALLBACKS) {
    const sha = await commitOf(repo, full);
    if (sha !== undefined) return { ref: short, sha, reason: `no ${missing.join(', ')}` };
    missing.push(short);
  }
  throw new KiloError(
    'USAGE',
    `no base to review against: none of ${missing.join(', ')} is a commit in ${repo}; pass --base REF (e.g. --base HEAD~1)`,
  );
}

/** The `base origin/master (origin/HEAD)` line: the chosen base and why. */
export function describeBase(base: BaseChoice): string {
  return `base ${base.ref} (${base.reason})`;
}

async function symbolicRef(repo: string, name: string): Promise<string | undefined> {
  const target = await git(repo, ['symbolic-ref', '--quiet', name]).catch(() => '');
  return target.trim() || undefined;
}

async function commitOf(repo: string, fullRef: string): Promise<string | undefined> {
  const sha = await git(repo, ['rev-parse', '--verify', '--quiet', `${fullRef}^{commit}`]).catch(() => '');
  return sha.trim() || undefined;
}

function shortName(fullRef: string): string {
  return fullRef.replace(/^refs\/(remotes|heads)\//, '');
}
