// OS resource limits through util-linux `prlimit`, which sets them on itself and then execs the
// command, so they bind the command and everything it starts. Where prlimit is missing (macOS,
// Windows, minimal images) there are no OS limits; callers are told through RunResult.limitsApplied.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeSpawnError, type SpawnFailure } from './spawn-error.js';
import type { ResourceLimits, RunRequest } from './types.js';

/** What execvp searches when there is no PATH at all. */
const DEFAULT_PATH = '/usr/bin:/bin';

export type ExecutableLookup = { found: string } | { found?: undefined; code: 'ENOENT' | 'EACCES' };

/**
 * Resolves a program like execvp would, without a shell: a name with a slash relative to `cwd`,
 * otherwise the first executable file in `pathVariable` (an empty entry means `cwd`; no PATH at
 * all means /usr/bin:/bin). A match that is
 * not executable is skipped but remembered, so the failure says EACCES rather than ENOENT.
 */
export async function findExecutable(
  program: string,
  pathVariable: string | undefined,
  cwd: string,
): Promise<ExecutableLookup> {
  const candidates = program.includes('/')
    ? [path.resolve(cwd, program)]
    : (pathVariable ?? DEFAULT_PATH).split(path.delimiter).map((dir) => path.resolve(cwd, dir, program));
  let denied = false;
  for (const candidate of candidates) {
    const kind = await executableKind(candidate);
    if (kind === 'executable') return { found: candidate };
    if (kind === 'denied') denied = true;
  }
  return { code: denied ? 'EACCES' : 'ENOENT' };
}

async function executableKind(file: string): Promise<'executable' | 'denied' | 'missing'> {
  try {
    if (!(await stat(file)).isFile()) return 'missing';
  } catch {
    return 'missing';
  }
  try {
    await access(file, constants.X_OK);
    return 'executable';
  } catch {
    return 'denied';
  }
}

/** True when at least one limit is set (to anything, valid or not). */
export function hasLimits(limits: ResourceLimits): boolean {
  return (
    limits.cpuSeconds !== undefined ||
    limits.addressSpaceBytes !== undefined ||
    limits.processes !== undefined
  );
}

/**
 * The prlimit options for `limits`, or a one-line error for a value that is not a number ≥ 1.
 * The CPU hard limit is one second above the soft one: SIGXCPU first (a clear cause in the result),
 * SIGKILL for a program that ignores it.
 */
export function prlimitOptions(limits: ResourceLimits): { options: string[] } | { error: string } {
  const options: string[] = [];
  for (const [name, value] of Object.entries(limits) as Array<[keyof ResourceLimits, number | undefined]>) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
      return { error: `invalid resource limit ${name}: expected a number ≥ 1, got ${String(value)}` };
    }
    if (name === 'cpuSeconds') {
      const seconds = Math.ceil(value);
      options.push(`--cpu=${seconds}:${seconds + 1}`);
    } else if (name === 'addressSpaceBytes') {
      options.push(`--as=${Math.floor(value)}`);
    } else if (name === 'processes') {
      options.push(`--nproc=${Math.floor(value)}`);
    }
  }
  return { options };
}

/** RLIMIT_NPROC binds nobody whose real uid is root: the kernel exempts root (and CAP_SYS_RESOURCE/ADMIN). */
export function processLimitIsIgnored(): boolean {
  return process.getuid?.() === 0;
}

/** The argv to spawn for a request: wrapped in prlimit, or as given (and why), or why not at all. */
export type LimitedCommand = { argv: string[]; limitsApplied?: boolean } | { failure: SpawnFailure };

export interface LimiterOptions {
  /** Applied under each request's own limits, field by field. */
  defaults: ResourceLimits;
  /** The runner's PATH, searched for prlimit on the first run that sets limits. */
  pathVariable: () => string | undefined;
  warn?: (message: string) => void;
}

/**
 * Per runner: finds prlimit once (absolute PATH entries only, so a checkout cannot plant one) and
 * warns once per kind of limit that cannot take effect.
 */
export function createLimiter(
  options: LimiterOptions,
): (request: RunRequest, childPath?: string) => Promise<LimitedCommand> {
  let prlimit: Promise<string | undefined> | undefined;
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    options.warn?.(message);
  };
  const findPrlimit = async (): Promise<string | undefined> => {
    const dirs = (options.pathVariable() ?? '').split(path.delimiter).filter((dir) => path.isAbsolute(dir));
    if (dirs.length === 0) return undefined;
    return (await findExecutable('prlimit', dirs.join(path.delimiter), '/')).found;
  };

  return async (request, childPath) => {
    const limits = { ...options.defaults, ...request.limits };
    if (!hasLimits(limits)) return { argv: request.argv };
    const parsed = prlimitOptions(limits);
    if ('error' in parsed) return { failure: { message: parsed.error } };
    prlimit ??= findPrlimit();
    const prlimitPath = await prlimit;
    if (prlimitPath === undefined) {
      warnOnce('prlimit (util-linux) is not on PATH: commands run without CPU, memory and process limits');
      return { argv: request.argv, limitsApplied: false };
    }
    if (limits.processes !== undefined && processLimitIsIgnored()) {
      warnOnce('the processes limit has no effect: the kernel does not apply RLIMIT_NPROC to root');
    }
    // prlimit would report a missing program as its own exit 127; look first to keep ENOENT/EACCES.
    // argv stays as given: prlimit's execvp finds the same file on the same PATH, argv[0] unchanged.
    const program = request.argv[0] ?? '';
    const resolved = await findExecutable(program, childPath, request.cwd);
    if (resolved.found === undefined) {
      const error = Object.assign(new Error(resolved.code), { code: resolved.code });
      return { failure: await describeSpawnError(program, request.cwd, error) };
    }
    return { argv: [prlimitPath, ...parsed.options, '--', ...request.argv], limitsApplied: true };
  };
}
