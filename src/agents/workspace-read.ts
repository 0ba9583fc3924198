// Reading the head checkout for the parsers: the path tools see, and line contents for fingerprints.
import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** The directory as the tool sees it: its cwd is the real path (macOS /var → /private/var). */
export async function toolCwd(workspace: string): Promise<string> {
  try {
    return await realpath(workspace);
  } catch {
    return workspace;
  }
}

/**
 * Head line content from the workspace checkout, for fingerprints. Synchronous because the parser's
 * callback is; only files that have messages are read, once each. Paths outside the workspace → unknown.
 */
export function createLineReader(workspace: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) cache.set(file, readLines(workspace, file));
    return cache.get(file);
  };
  return (file, line) => linesOf(file)?.[line - 1];
}

function readLines(workspace: string, file: string): string[] | undefined {
  const absolute = path.resolve(workspace, file);
  const relative = path.relative(workspace, absolute);
  if (path.isAbsolute(file) || relative === '..' || relative.startsWith(`..${path.sep}`)) return undefined;
  try {
    return readFileSync(absolute, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}
