import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { createOutputCapture, createProcessRunner } from '../../src/sandbox/runner.js';
import type { RunRequest } from '../../src/sandbox/types.js';
import { trackTimers } from '../../__fixtures__/timers.js';

const node = process.execPath;
const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'kilo-runner-')));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function request(argv: string[], extra: Partial<RunRequest> = {}): RunRequest {
  return { argv, cwd: workDir, timeoutMs: 10_000, ...extra };
}

/** Gone = no such process, or a zombie (this sandbox's init may not reap orphans). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) succeeding means it runs
  }
}

async function waitUntilGone(pid: number, withinMs = 2000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isRunning(pid);
}

function firstPid(stdout: string): number {
  const pid = Number.parseInt(stdout.trim().split('\n')[0] ?? '', 10);
  expect(pid).toBeGreaterThan(1);
  return pid;
}

describe('createProcessRunner', () => {
  const runner = createProcessRunner({ killGraceMs: 300 });

  it('captures stdout, stderr and the exit code', async () => {
    const result = await runner.run(
      request([node, '-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exitCode = 3']),
    );
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'out',
      stderr: 'err',
      timedOut: false,
      truncated: false,
    });
    expect(result.spawnError).toBeUndefined();
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('passes arguments to the program without a shell', async () => {
    const args = ['$HOME', 'a b', '; echo hi', '`id`', '*'];
    const result = await runner.run(
      request([node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...args]),
    );
    expect(JSON.parse(result.stdout)).toEqual(args);
  });

  it('runs in the requested working directory', async () => {
    const result = await runner.run(request([node, '-e', 'process.stdout.write(process.cwd())']));
    expect(result.stdout).toBe(workDir);
  });

  it('kills the whole process group on timeout, background children included', async () => {
    const result = await runner.run(
      request(['sh', '-c', 'sleep 1000 & echo $!; sleep 1000'], { timeoutMs: 300 }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(3000);
    expect(await waitUntilGone(firstPid(result.stdout))).toBe(true);
  });

  it('escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const script = "trap '' TERM; sleep 1000 & echo $!; wait";
    const result = await runner.run(request(['sh', '-c', script], { timeoutMs: 200 }));
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeGreaterThanOrEqual(200 + 290);
    expect(await waitUntilGone(firstPid(result.stdout))).toBe(true);
  });

  it('returns soon after the program exits even if a background child holds its output open', async () => {
    const result = await runner.run(request(['sh', '-c', 'sleep 1000 & echo $!']));
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.durationMs).toBeLessThan(3000);
    expect(await waitUntilGone(firstPid(result.stdout))).toBe(true);
  });

  it('kills background children that detached from its output when the program exits', async () => {
    const result = await runner.run(request(['sh', '-c', 'sleep 1000 >/dev/null 2>&1 & echo $!']));
    expect(result.exitCode).toBe(0);
    expect(result.durationMs).toBeLessThan(1000);
    expect(await waitUntilGone(firstPid(result.stdout))).toBe(true);
  });

  it('caps a 20 MB flood to head + marker + tail', async () => {
    const cap = 64 * 1024;
    const script = `
      process.stdout.write('HEAD');
      const block = Buffer.alloc(1024 * 1024, 'a');
      for (let i = 0; i < 20; i++) process.stdout.write(block);
      process.stdout.write('TAIL');`;
    const result = await runner.run(request([node, '-e', script], { maxOutputBytes: cap }));
    const total = 20 * 1024 * 1024 + 8;
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('HEADaaa')).toBe(true);
    expect(result.stdout.endsWith('aaaTAIL')).toBe(true);
    expect(result.stdout).toContain(`\n… [kilo-agent: ${total - cap} bytes elided] …\n`);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(cap + 100);
    expect(result.stderr).toBe('');
  });

  it('caps each stream on its own', async () => {
    const script = 'process.stdout.write("x".repeat(100)); process.stderr.write("y".repeat(5000))';
    const result = await runner.run(request([node, '-e', script], { maxOutputBytes: 1000 }));
    expect(result.stdout).toBe('x'.repeat(100));
    expect(result.stderr).toBe(`${'y'.repeat(500)}\n… [kilo-agent: 4000 bytes elided] …\n${'y'.repeat(500)}`);
    expect(result.truncated).toBe(true);
  });

  it('keeps output of exactly the cap untouched', async () => {
    const result = await runner.run(
      request([node, '-e', 'process.stdout.write("z".repeat(1000))'], { maxOutputBytes: 1000 }),
    );
    expect(result.stdout).toBe('z'.repeat(1000));
    expect(result.truncated).toBe(false);
  });

  it('hides GITHUB_TOKEN and other secrets from the program, but keeps PATH and extra env', async () => {
    const env = { ...process.env, GITHUB_TOKEN: 'ghs_leak', OPENAI_API_KEY: 'sk-leak', KILO_KEEP: 'kept' };
    const scrubbing = createProcessRunner({ env });
    const script =
      'process.stdout.write(JSON.stringify([process.env.GITHUB_TOKEN ?? null, process.env.OPENAI_API_KEY ?? null,' +
      ' process.env.KILO_KEEP, process.env.KILO_EXTRA, Boolean(process.env.PATH)]))';
    const result = await scrubbing.run(request([node, '-e', script], { env: { KILO_EXTRA: 'extra' } }));
    expect(JSON.parse(result.stdout)).toEqual([null, null, 'kept', 'extra', true]);
  });

  it('passes allowlisted names through the scrubbing, but never the action credentials', async () => {
    const env = { ...process.env, NPM_TOKEN: 'npm_ok', GITHUB_TOKEN: 'ghs_never', INPUT_X: 'never' };
    const passing = createProcessRunner({ env });
    const script =
      'process.stdout.write(JSON.stringify([process.env.NPM_TOKEN ?? null, process.env.GITHUB_TOKEN ?? null,' +
      ' process.env.INPUT_X ?? null, process.env.UNSET_NAME ?? null]))';
    const result = await passing.run(
      request([node, '-e', script], { passEnv: ['NPM_TOKEN', 'GITHUB_TOKEN', 'INPUT_X', 'UNSET_NAME'] }),
    );
    expect(JSON.parse(result.stdout)).toEqual(['npm_ok', null, null, null]);
  });

  it('scrubs process.env when no env is given', async () => {
    const previous = process.env.GITHUB_TOKEN;
    process.env.GITHUB_TOKEN = 'ghs_from_process_env';
    try {
      const result = await runner.run(
        request([node, '-e', 'process.stdout.write(String(process.env.GITHUB_TOKEN))']),
      );
      expect(result.stdout).toBe('undefined');
    } finally {
      if (previous === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = previous;
    }
  });

  it('resolves with spawnError when the program does not exist', async () => {
    const result = await runner.run(request(['kilo-no-such-program-7f3a', '--version']));
    expect(result.exitCode).toBeNull();
    expect(result.spawnError).toBe("cannot start 'kilo-no-such-program-7f3a': not found (ENOENT)");
    expect(result.stdout).toBe('');
  });

  it('says when the working directory is what is missing', async () => {
    const missing = join(workDir, 'missing');
    const result = await runner.run(request([node, '--version'], { cwd: missing }));
    expect(result.spawnError).toBe(
      `cannot start '${node}': working directory '${missing}' does not exist (ENOENT)`,
    );
  });

  it('reports a program without execute permission', async () => {
    const script = join(workDir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const result = await runner.run(request([script]));
    expect(result.spawnError).toBe(`cannot start '${script}': permission denied (EACCES)`);
  });

  it('reports an argument list that is too long instead of throwing', async () => {
    const result = await runner.run(request([node, 'x'.repeat(200_000)]));
    expect(result.exitCode).toBeNull();
    expect(result.spawnError).toBe(`cannot start '${node}': argument list too long (E2BIG)`);
  });

  it('reports an empty argv', async () => {
    const result = await runner.run(request([]));
    expect(result.spawnError).toContain('empty argv');
  });

  it('kills the process group when the signal aborts, without calling it a timeout', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runner.run(
      request(['sh', '-c', 'sleep 1000 & echo $!; sleep 1000'], { signal: controller.signal }),
    );
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe('SIGTERM');
    expect(result.durationMs).toBeLessThan(3000);
    expect(await waitUntilGone(firstPid(result.stdout))).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const marker = join(workDir, 'should-not-exist');
    const result = await runner.run(
      request([node, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], {
        signal: AbortSignal.abort(),
      }),
    );
    expect(result.spawnError).toContain('cancelled before start');
    expect(() => readFileSync(marker)).toThrow();
  });

  it('clears its timers and removes its abort listener after a normal exit', async () => {
    const controller = new AbortController();
    const { created, cleared } = await trackTimers(async () => {
      const result = await runner.run(
        request([node, '-e', ''], { timeoutMs: 60_000, signal: controller.signal }),
      );
      expect(result.exitCode).toBe(0);
    });
    const ours = created.filter(({ delay }) => delay === 60_000 || delay === 300);
    expect(ours.map(({ delay }) => delay)).toEqual([60_000, 300]); // the timeout, then the post-exit grace
    for (const { handle } of ours) expect(cleared.has(handle)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('createOutputCapture', () => {
  it('keeps head and tail of any chunking, and never holds more than the cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\n'), maxLength: 300 }), {
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 400 }),
        (chunks, cap) => {
          const capture = createOutputCapture(cap);
          for (const chunk of chunks) {
            capture.push(Buffer.from(chunk));
            expect(capture.retainedBytes).toBeLessThanOrEqual(cap);
          }
          const all = chunks.join('');
          const headLength = Math.floor(cap / 2);
          const expected =
            all.length <= cap
              ? all
              : `${all.slice(0, headLength)}\n… [kilo-agent: ${all.length - cap} bytes elided] …\n${all.slice(all.length - (cap - headLength))}`;
          const out = capture.finish();
          expect(out.text).toBe(expected);
          expect(out.totalBytes).toBe(all.length);
          expect(out.truncated).toBe(all.length > cap);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never splits a multi-byte character at the cut', () => {
    const capture = createOutputCapture(10);
    capture.push(Buffer.from('€'.repeat(20))); // 3 bytes each: both halves end mid-character
    const out = capture.finish();
    expect(out.text).not.toContain('\uFFFD');
    expect(out.text).toBe('€\n… [kilo-agent: 54 bytes elided] …\n€');
  });
});
