// Reads changed files of the head checkout for the built-in analyzers, without leaving the checkout:
// paths that are absolute or climb with `..`, symlinks, and files under a symlinked directory that
// points elsewhere are treated as absent. Errors (missing file, permissions) are absence too.
import type { Stats } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface WorkspaceReader {
  /** The lstat of the regular file at `file` (relative to the workspace), or undefined. */
  stat(file: string): Promise<Stats | undefined>;
  /** The file's text when it is a regular file inside the workspace of at most `maxBytes`. */
  readText(file: string, maxBytes: number): Promise<string | undefined>;
}

/** One reader per scan: each directory's real path is resolved and checked once. */
export function createWorkspaceReader(workspace: string): WorkspaceReader {
  const root = realpath(workspace).catch(() => undefined);
  const directories = new Map<string, Promise<string | undefined>>();
  // The directory's real path when it lies inside the workspace's: a symlinked directory in the PR
  // could otherwise point anywhere.
  const realDirectory = (relative: string): Promise<string | undefined> => {
    let resolved = directories.get(relative);
    if (resolved === undefined) {
      resolved = Promise.all([root, realpath(path.join(workspace, relative)).catch(() => undefined)]).then(
        ([top, dir]) => (top !== undefined && dir !== undefined && isInside(top, dir) ? dir : undefined),
      );
      directories.set(relative, resolved);
    }
    return resolved;
  };

  const locate = async (file: string): Promise<{ absolute: string; stats: Stats } | undefined> => {
    if (file === '' || path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) return undefined;
    const directory = await realDirectory(path.dirname(file));
    if (directory === undefined) return undefined;
    const absolute = path.join(directory, path.basename(file));
    try {
      // lstat, not stat: a symlink is not followed, wherever it points.
      const stats = await lstat(absolute);
      return stats.isFile() ? { absolute, stats } : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    stat: async (file) => (await locate(file))?.stats,
    async readText(file, maxBytes) {
      const found = await locate(file);
      if (found === undefined || found.stats.size > maxBytes) return undefined;
      try {
        return await readFile(found.absolute, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function isInside(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
