// The real CommandRunner: runs argv without a shell, in its own process group, with a scrubbed env,
// a wall-clock timeout and capped output. When the program exits, stragglers it left in its group
// are killed too (after `killGraceMs` if they still hold its output open). Limits: a process that
// leaves the group (setsid) escapes the kill; on Windows only the direct child is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { getErrorMessage } from '../util/errors.js';
import { scrubEnv } from './env.js';
import type { CommandRunner, RunRequest, RunResult } from './types.js';

export interface ProcessRunnerDefaults {
  /** Per-stream cap when the request sets none. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL to the process group. Default 2000 ms. */
  killGraceMs?: number;
  /** Environment to scrub and pass on. Default `process.env` at the time of each run. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;
/** setTimeout fires at once for larger delays, so longer timeouts are clamped to this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CapturedOutput {
  text: string;
  totalBytes: number;
  truncated: boolean;
}

export interface OutputCapture {
  push(chunk: Buffer): void;
  /** Bytes held right now; never more than the cap. */
  readonly retainedBytes: number;
  finish(): CapturedOutput;
}

/**
 * Keeps the first and last half of `maxBytes` of a stream as chunks arrive, counting what falls in
 * between, so memory stays bounded by the cap whatever the program prints.
 */
export function createOutputCapture(maxBytes: number): OutputCapture {
  const cap = Number.isFinite(maxBytes) ? Math.max(0, Math.floor(maxBytes)) : DEFAULT_MAX_OUTPUT_BYTES;
  const headLimit = Math.floor(cap / 2);
  const tailLimit = cap - headLimit;
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  let headBytes = 0;
  let tailBytes = 0;
  let totalBytes = 0;

  return {
    push(chunk: Buffer): void {
      totalBytes += chunk.length;
      let rest = chunk;
      if (headBytes < headLimit) {
        const take = Math.min(headLimit - headBytes, rest.length);
        head.push(Buffer.from(rest.subarray(0, take)));
        headBytes += take;
        rest = rest.subarray(take);
      }
      if (rest.length === 0) return;
      tail.push(Buffer.from(rest.subarray(Math.max(0, rest.length - tailLimit))));
      tailBytes += Math.min(rest.length, tailLimit);
      while (tailBytes > tailLimit) {
        const first = tail[0]!;
        const excess = tailBytes - tailLimit;
        if (first.length <= excess) tail.shift();
        else tail[0] = Buffer.from(first.subarray(excess));
        tailBytes -= Math.min(first.length, excess);
      }
    },
    get retainedBytes(): number {
      return headBytes + tailBytes;
    },
    finish(): CapturedOutput {
      const headBuffer = Buffer.concat(head, headBytes);
      const tailBuffer = Buffer.concat(tail, tailBytes);
      const elidedBytes = totalBytes - headBytes - tailBytes;
      if (elidedBytes === 0) {
        return {
          text: Buffer.concat([headBuffer, tailBuffer]).toString('utf8'),
          totalBytes,
          truncated: false,
        };
      }
      // Cut at character boundaries so a character split by the cap shows up as elided, not as U+FFFD.
      const headEnd = completeUtf8Length(headBuffer);
      const tailStart = firstUtf8Start(tailBuffer);
      const elided = elidedBytes + (headBuffer.length - headEnd) + tailStart;
      const text =
        headBuffer.subarray(0, headEnd).toString('utf8') +
        `\n… [kilo-agent: ${elided} bytes elided] …\n` +
        tailBuffer.subarray(tailStart).toString('utf8');
      return { text, totalBytes, truncated: true };
    },
  };
}

/** Length of `buffer` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Length(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(4, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buffer.length - back : buffer.length;
  }
  return buffer.length;
}

/** Index of the first byte that is not a UTF-8 continuation byte (at most 3 skipped). */
function firstUtf8Start(buffer: Buffer): number {
  let start = 0;
  while (start < Math.min(3, buffer.length) && (buffer[start]! & 0xc0) === 0x80) start++;
  return start;
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
};

async function describeSpawnError(program: string, cwd: string, error: unknown): Promise<string> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // libuv reports a missing working directory as ENOENT too; say which one it was.
  if (code === 'ENOENT' && !(await isDirectory(cwd))) {
    return `cannot start '${program}': working directory '${cwd}' does not exist (ENOENT)`;
  }
  const text = (code !== undefined ? SPAWN_ERROR_TEXT[code] : undefined) ?? getErrorMessage(error);
  return `cannot start '${program}': ${text}${code !== undefined ? ` (${code})` : ''}`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

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
}

async function runProcess(request: RunRequest, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const program = request.argv[0] ?? '';
  const notStarted = (spawnError: string): RunResult => ({
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    durationMs: performance.now() - started,
    timedOut: false,
    truncated: false,
    spawnError,
  });
  if (program === '') return notStarted('cannot start a command without a program (empty argv)');
  if (request.signal?.aborted) return notStarted(`cannot start '${program}': cancelled before start`);

  let child: ChildProcess;
  try {
    child = spawn(program, request.argv.slice(1), {
      cwd: request.cwd,
      env: scrubEnv(options.env, request.env),
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
      void describeSpawnError(program, request.cwd, error).then((message) => settle(notStarted(message)));
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

/** A CommandRunner backed by real processes; see the module comment for what it guarantees. */
export function createProcessRunner(defaults: ProcessRunnerDefaults = {}): CommandRunner {
  return {
    run: (request) =>
      runProcess(request, {
        maxOutputBytes: defaults.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        killGraceMs: defaults.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        env: defaults.env ?? process.env,
      }),
  };
}
