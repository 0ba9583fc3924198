// Why a process could not be started, in one line, with the errno code kept apart so callers can tell
// a transient failure (retry later) from a permanent one (fix the command) without reading the text.
import { stat } from 'node:fs/promises';
import { getErrorMessage } from '../util/errors.js';

export interface SpawnFailure {
  /** One line naming the program and the cause, e.g. `cannot start 'eslint': not found (ENOENT)`. */
  message: string;
  code?: string;
}

const SPAWN_ERROR_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'not found',
  EACCES: 'permission denied',
  ENOTDIR: 'a path component is not a directory',
  E2BIG: 'argument list too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EAGAIN: 'out of process slots, try again later',
  ENOMEM: 'out of memory',
  ETXTBSY: 'the program file is being written',
};

/**
 * Codes of spawn failures that depend on the machine's momentary state (process slots, memory, file
 * descriptors, an executable still open for writing) and may succeed on a later try.
 */
const TRANSIENT_SPAWN_ERRORS: ReadonlySet<string> = new Set([
  'EAGAIN',
  'ENOMEM',
  'EMFILE',
  'ENFILE',
  'ETXTBSY',
]);

/** True when a retry may help; ENOENT, EACCES, E2BIG and unknown codes are permanent. */
export function isTransientSpawnError(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_SPAWN_ERRORS.has(code);
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export async function describeSpawnError(
  program: string,
  cwd: string,
  error: unknown,
): Promise<SpawnFailure> {
  const code = errnoCode(error);
  // libuv reports a missing working directory as ENOENT too; say which one it was.
  if (code === 'ENOENT' && !(await isDirectory(cwd))) {
    return { message: `cannot start '${program}': working directory '${cwd}' does not exist (ENOENT)`, code };
  }
  const text = (code !== undefined ? SPAWN_ERROR_TEXT[code] : undefined) ?? getErrorMessage(error);
  const message = `cannot start '${program}': ${text}${code !== undefined ? ` (${code})` : ''}`;
  return code === undefined ? { message } : { message, code };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
