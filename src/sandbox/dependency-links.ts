// The user's installed dependencies, linked into a throwaway checkout (worktree.ts) so that fixers run
// from node_modules/.bin or a virtualenv find them there.
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from './types.js';
import { pathExists } from '../util/path-exists.js';

/**
 * Installed dependencies are ignored files, so a checkout has none, and a fixer run from
 * node_modules/.bin or a virtualenv would be missing there. Every ignored `node_modules`, `.venv` and
 * `venv` directory of the user's checkout is linked at the same place in ours (read-only in intent: a
 * tool writing a cache into one writes into the user's). Best effort: a listing that fails links nothing.
 */
const DEPENDENCY_DIRS: ReadonlySet<string> = new Set(['node_modules', '.venv', 'venv']);

export async function linkDependencies(
  git: (args: string[]) => Promise<RunResult>,
  repoDir: string,
  dir: string,
): Promise<void> {
  const listing = await git(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']);
  const entries = listing.exitCode === 0 && !listing.truncated ? listing.stdout.split('\0') : [];
  // A node_modules that is itself a symlink (our own head checkout, pnpm setups) is not a directory
  // to git, so `node_modules/` in .gitignore does not list it: take the top-level one as it is.
  if (!entries.includes('node_modules/') && (await pathExists(path.join(repoDir, 'node_modules')))) {
    entries.push('node_modules');
  }
  const linked: string[] = [];
  for (const entry of entries) {
    const relative = entry.replace(/\/$/, '');
    if (!DEPENDENCY_DIRS.has(path.posix.basename(relative))) continue;
    // Nested ones live inside a linked one already (node_modules/x/node_modules).
    if (linked.some((parent) => relative.startsWith(`${parent}/`))) continue;
    const target = path.join(dir, relative);
    if (await pathExists(target)) continue;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(path.join(repoDir, relative), target, 'dir');
      linked.push(relative);
    } catch {
      // A path the checkout cannot hold (a file where a directory is needed): leave it out.
    }
  }
}
