// Looking for programs without running them: PATH lookup by file mode, and paths in the checkout.
// Nothing here executes a candidate, so a probe can never download or start anything.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Probe } from './types.js';

/**
 * A probe of `workspace` and of the directories on `searchPath` (PATH's syntax). Answers are cached:
 * one review asks for the same program once per package directory.
 */
export function createProbe(workspace: string, searchPath: string | undefined): Probe {
  const dirs = (searchPath ?? '').split(path.delimiter).filter((dir) => path.isAbsolute(dir));
  const programs = new Map<string, Promise<string | undefined>>();
  const paths = new Map<string, Promise<boolean>>();
  return {
    which(program) {
      let found = programs.get(program);
      if (found === undefined) {
        found = findProgram(program, dirs);
        programs.set(program, found);
      }
      return found;
    },
    exists(relative) {
      let found = paths.get(relative);
      if (found === undefined) {
        found = existsInside(workspace, relative);
        paths.set(relative, found);
      }
      return found;
    },
  };
}

async function findProgram(program: string, dirs: readonly string[]): Promise<string | undefined> {
  // A name with a separator is a path, not a program to look up.
  if (program === '' || program.includes('/') || program.includes(path.sep)) return undefined;
  for (const dir of dirs) {
    const candidate = path.join(dir, program);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function existsInside(workspace: string, relative: string): Promise<boolean> {
  const absolute = path.resolve(workspace, relative);
  const inside = path.relative(workspace, absolute);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return false;
  try {
    await stat(absolute);
    return true;
  } catch {
    return false;
  }
}
