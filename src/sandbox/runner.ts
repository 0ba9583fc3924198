// The real CommandRunner: runs argv without a shell, in its own process group, with a scrubbed env,
// a wall-clock timeout, capped output, OS resource limits (prlimit, when installed) and a token
// bucket on process starts. When the program exits, stragglers it left in its group are killed too
// (after `killGraceMs` if they still hold its output open). Limits: a process that leaves the group
// (setsid) escapes the kill; on Windows only the direct child is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { isReservedEnvName, scrubEnv } from './env.js';
import { createLimiter, type LimitedCommand } from './limits.js';
import { createOutputCapture, DEFAULT_MAX_OUTPUT_BYTES } from './output-capture.js';
import { describeSpawnError, type SpawnFailure } from './spawn-error.js';
import { createTokenBucket, type BucketClock } from './token-bucket.js';
import type { CommandRunner, ResourceLimits, RunRequest, RunResult } from './types.js';

export { createOutputCapture, type CapturedOutput, type OutputCapture } from './output-capture.js';
export { isTransientSpawnError } from './spawn-error.js';

export interface ProcessRunnerDefaults {
  /** Per-stream cap when the request sets none. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL to the process group. Default 2000 ms. */
  killGraceMs?: number;
  /** Environment to scrub and pass on. Default `process.env` at the time of each run. */
  env?: NodeJS.ProcessEnv;
  /** OS limits under each request's own (merged field by field). Default none: see docs/security.md. */
  limits?: ResourceLimits;
  /** Average process starts per second through this runner. Default 200; `Infinity` turns pacing off. */
  maxStartsPerSecond?: number;
  /** Starts allowed back to back before the rate applies. Default 50. */
  startBurst?: number;
  /** Clock of the start bucket. Default the system's. */
  clock?: BucketClock;
  /** Told once per runner about limits that cannot take effect (no prlimit; processes as root). */
  warn?: (message: string) => void;
}

const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_MAX_STARTS_PER_SECOND = 200;
const DEFAULT_START_BURST = 50;
/** setTimeout fires at once for larger delays, so longer timeouts are clamped to this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    // Windows has no process groups to signal: the direct child is all we can reach.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') child.kill(signal);
  }
}

interface RunOptions {
  maxOutputBytes: number;
  killGraceMs: number;
  env: NodeJS.ProcessEnv;
  limit(request: RunRequest, childPath?: string): Promise<LimitedCommand>;
}

async function runProcess(request: RunRequest, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const program = request.argv[0] ?? '';
  const notStarted = (failure: SpawnFailure): RunResult => ({
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    durationMs: performance.now() - started,
    timedOut: false,
    truncated: false,
    spawnError: failure.message,
    ...(failure.code === undefined ? {} : { spawnErrorCode: failure.code }),
  });
  const cancelled = { message: `cannot start '${program}': cancelled before start` };
  if (program === '') return notStarted({ message: 'cannot start a command without a program (empty argv)' });
  if (request.signal?.aborted) return notStarted(cancelled);

  const env = scrubEnv(options.env, { ...passedEnv(options.env, request.passEnv), ...request.env });
  const limited = await options.limit(request, env.PATH);
  if ('failure' in limited) return notStarted(limited.failure);
  if (request.signal?.aborted) return notStarted(cancelled); // aborted while looking up programs
  const limitsApplied = limited.limitsApplied === undefined ? {} : { limitsApplied: limited.limitsApplied };

  let child: ChildProcess;
  try {
    child = spawn(limited.argv[0]!, limited.argv.slice(1), {
      cwd: request.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    return notStarted(await describeSpawnError(program, request.cwd, error));
  }

  const maxOutputBytes = request.maxOutputBytes ?? options.maxOutputBytes;
  const stdout = createOutputCapture(maxOutputBytes);
  const stderr = createOutputCapture(maxOutputBytes);
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  return new Promise<RunResult>((resolve) => {
    let timedOut = false;
    let terminating = false;
    let settled = false;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const terminate = (): void => {
      if (terminating) return;
      terminating = true;
      killGroup(child, 'SIGTERM');
      clearTimeout(killTimer);
      killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), options.killGraceMs);
    };
    const onAbort = (): void => terminate();
    const settle = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };

    child.on('error', (error) => {
      // Errors after a successful start (e.g. a failed kill) change nothing: 'close' still comes.
      if (child.pid !== undefined) return;
      void describeSpawnError(program, request.cwd, error).then((failure) => settle(notStarted(failure)));
    });
    child.once('exit', () => {
      // Background children may still hold the pipes open; give them the grace period, then kill.
      if (!terminating) killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), options.killGraceMs);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (child.pid === undefined) return;
      killGroup(child, 'SIGKILL'); // stragglers that closed their output but kept running
      const out = stdout.finish();
      const err = stderr.finish();
      settle({
        exitCode: code,
        signal,
        stdout: out.text,
        stderr: err.text,
        durationMs: performance.now() - started,
        timedOut,
        truncated: out.truncated || err.truncated,
        ...limitsApplied,
      });
    });

    if (Number.isFinite(request.timeoutMs)) {
      timeoutTimer = setTimeout(
        () => {
          timedOut = true;
          terminate();
        },
        Math.min(Math.max(0, request.timeoutMs), MAX_TIMER_MS),
      );
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A CommandRunner backed by real processes; see the module comment for what it guarantees. Each
 * runner has its own start bucket and finds prlimit once.
 */
export function createProcessRunner(defaults: ProcessRunnerDefaults = {}): CommandRunner {
  const starts = createTokenBucket({
    ratePerSecond: defaults.maxStartsPerSecond ?? DEFAULT_MAX_STARTS_PER_SECOND,
    burst: defaults.startBurst ?? DEFAULT_START_BURST,
    ...(defaults.clock === undefined ? {} : { clock: defaults.clock }),
  });
  const limit = createLimiter({
    defaults: defaults.limits ?? {},
    pathVariable: () => (defaults.env ?? process.env).PATH,
    ...(defaults.warn === undefined ? {} : { warn: defaults.warn }),
  });
  return {
    async run(request) {
      try {
        await starts.take(request.signal);
      } catch {
        // Aborted while waiting for a start: runProcess sees the signal and starts nothing.
      }
      return runProcess(request, {
        maxOutputBytes: defaults.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        killGraceMs: defaults.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        env: defaults.env ?? process.env,
        limit,
      });
    },
  };
}

/** The allowlisted variables that are set in the runner's environment; reserved names never pass. */
function passedEnv(base: NodeJS.ProcessEnv, names: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names ?? []) {
    const value = base[name];
    if (value !== undefined && !isReservedEnvName(name)) out[name] = value;
  }
  return out;
}
