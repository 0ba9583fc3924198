// Reads changed files of the head checkout for the built-in analyzers, without leaving the checkout:
// paths that are absolute or climb with `..`, symlinks, and files under a symlinked directory that
// points elsewhere are treated as absent. Errors (missing file, permissions) are absence too.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface WorkspaceReader {
  /**
   * The lstat of the regular file at `file` (relative to the workspace), or undefined. Synchronous: a
   * built-in sizes every changed file, and 3,000 lstats cost ~80 ms through the thread pool's
   * callbacks against ~10 ms in a loop (issue 24).
   */
  stat(file: string): Stats | undefined;
  /** The file's text when it is a regular file inside the workspace of at most `maxBytes`. */
  readText(file: string, maxBytes: number): Promise<string | undefined>;
}

/** One reader per scan: each directory's real path is resolved and checked once. */
export function createWorkspaceReader(workspace: string): WorkspaceReader {
  const resolve = directoryResolverSync(workspace);

  const locate = (file: string): { absolute: string; stats: Stats } | undefined => {
    if (file === '' || path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) return undefined;
    const directory = resolve(path.dirname(file));
    if (directory === 'missing' || directory === 'outside') return undefined;
    const absolute = path.join(directory, path.basename(file));
    // lstat, not stat: a symlink is not followed, wherever it points.
    const stats = lstatOrUndefined(absolute);
    return stats?.isFile() ? { absolute, stats } : undefined;
  };

  return {
    stat: (file) => locate(file)?.stats,
    async readText(file, maxBytes) {
      const found = locate(file);
      if (found === undefined || found.stats.size > maxBytes) return undefined;
      try {
        return await readFile(found.absolute, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function lstatOrUndefined(absolute: string): Stats | undefined {
  try {
    return lstatSync(absolute, { throwIfNoEntry: false });
  } catch {
    // Permissions, a name too long, a path through a file: absent, as the header says.
    return undefined;
  }
}

/** directoryResolver's answers, synchronously (the workspace reader's: a few directories, each once). */
function directoryResolverSync(workspace: string): (relative: string) => string | 'outside' | 'missing' {
  let root: string | undefined | null = null;
  const directories = new Map<string, string | 'outside' | 'missing'>();
  return (relative) => {
    let resolved = directories.get(relative);
    if (resolved === undefined) {
      if (root === null) root = realpathOrError(workspace).dir;
      const real = realpathOrError(path.join(workspace, relative));
      if (real.dir !== undefined)
        resolved = root !== undefined && isInside(root, real.dir) ? real.dir : 'outside';
      else resolved = real.code === 'ENOENT' ? 'missing' : 'outside';
      directories.set(relative, resolved);
    }
    return resolved;
  };
}

function realpathOrError(target: string): { dir?: string; code?: string } {
  try {
    return { dir: realpathSync(target) };
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code };
  }
}

/**
 * Where each directory of the workspace really is, resolved once: its real path when it lies inside
 * the workspace's, `outside` when it does not (a symlinked directory in the PR could point anywhere),
 * `missing` when it is not there.
 */
function directoryResolver(workspace: string): (relative: string) => Promise<string | 'outside' | 'missing'> {
  const root = realpath(workspace).catch(() => undefined);
  const directories = new Map<string, Promise<string | 'outside' | 'missing'>>();
  return (relative) => {
    let resolved = directories.get(relative);
    if (resolved === undefined) {
      resolved = realpath(path.join(workspace, relative)).then(
        async (dir) => {
          const top = await root;
          return top !== undefined && isInside(top, dir) ? dir : 'outside';
        },
        (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'missing' : 'outside'),
      );
      directories.set(relative, resolved);
    }
    return resolved;
  };
}

function isInside(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The changed files a command may be handed as `{files}`: none absolute or climbing with `..`, no
 * symlink, nothing under a directory that resolves outside the workspace. A PR can aim a link at any
 * file on the runner, and a linter handed the link reads (and may quote) its target. A file that is
 * not there at all is kept: the tool says so itself.
 */
export async function filesForCommand(
  workspace: string,
  files: readonly string[],
): Promise<{ kept: string[]; dropped: string[] }> {
  const resolve = directoryResolver(workspace);
  const allowed = async (file: string): Promise<boolean> => {
    if (file === '' || path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) return false;
    // A directory that is not there holds no link to follow.
    if ((await resolve(path.dirname(file))) === 'outside') return false;
    const stats = await lstat(path.join(workspace, file)).catch(() => undefined);
    return stats === undefined || !stats.isSymbolicLink();
  };
  const verdicts = await Promise.all(files.map(allowed));
  return {
    kept: files.filter((_, i) => verdicts[i]),
    dropped: files.filter((_, i) => !verdicts[i]),
  };
}
