import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessRunner, isTransientSpawnError } from '../../src/sandbox/runner.js';
import { describeSpawnError } from '../../src/sandbox/spawn-error.js';
import type { RunRequest } from '../../src/sandbox/types.js';

const node = process.execPath;
const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'kilo-starts-')));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function request(argv: string[], extra: Partial<RunRequest> = {}): RunRequest {
  return { argv, cwd: workDir, timeoutMs: 10_000, ...extra };
}

describe('pacing process starts', () => {
  it('holds a flood of runs to the burst, then the rate (burst 5, 10/s: 10 runs take ≥ 0.4 s)', async () => {
    const runner = createProcessRunner({ maxStartsPerSecond: 10, startBurst: 5 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 10 }, () => runner.run(request(['true']))));
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.exitCode)).toEqual(Array(10).fill(0));
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(3000);
  });

  it('gives each runner its own bucket', async () => {
    const a = createProcessRunner({ maxStartsPerSecond: 1, startBurst: 1 });
    const b = createProcessRunner({ maxStartsPerSecond: 1, startBurst: 1 });
    const started = performance.now();
    await Promise.all([a.run(request(['true'])), b.run(request(['true']))]);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('starts nothing when the signal aborts while the run waits for its turn', async () => {
    const runner = createProcessRunner({ maxStartsPerSecond: 0.5, startBurst: 1 });
    await runner.run(request(['true'])); // takes the only token for two seconds
    const marker = join(workDir, 'should-not-exist');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await runner.run(
      request([node, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`], {
        signal: controller.signal,
      }),
    );
    expect(result.spawnError).toBe(`cannot start '${node}': cancelled before start`);
    expect(result.durationMs).toBeLessThan(1000);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('spawn failures', () => {
  const runner = createProcessRunner();

  it('reports the errno code of a program that does not exist, is not executable, or is given too many arguments', async () => {
    const script = join(workDir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\n');
    chmodSync(script, 0o644);
    const missing = await runner.run(request(['kilo-no-such-program-7f3a']));
    const denied = await runner.run(request([script]));
    const tooLong = await runner.run(request([node, 'x'.repeat(200_000)]));
    expect([missing, denied, tooLong].map((r) => r.spawnErrorCode)).toEqual(['ENOENT', 'EACCES', 'E2BIG']);
    expect([missing, denied, tooLong].map((r) => isTransientSpawnError(r.spawnErrorCode))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('has no errno code for a command refused before any start', async () => {
    const empty = await runner.run(request([]));
    const cancelled = await runner.run(request(['true'], { signal: AbortSignal.abort() }));
    expect([empty.spawnErrorCode, cancelled.spawnErrorCode]).toEqual([undefined, undefined]);
    expect(empty.spawnError).toContain('empty argv');
  });

  it('has no spawn error at all when the program started and failed', async () => {
    const result = await runner.run(request([node, '-e', 'process.exit(9)']));
    expect(result).toMatchObject({ exitCode: 9 });
    expect(result).not.toHaveProperty('spawnError');
    expect(result).not.toHaveProperty('spawnErrorCode');
  });

  it('tells transient spawn failures (machine state) from permanent ones (the command)', () => {
    const transient = ['EAGAIN', 'ENOMEM', 'EMFILE', 'ENFILE', 'ETXTBSY'];
    const permanent = ['ENOENT', 'EACCES', 'E2BIG', 'ENOTDIR', 'ENOEXEC', 'EPERM', 'ELOOP'];
    expect(transient.map(isTransientSpawnError)).toEqual(transient.map(() => true));
    expect(permanent.map(isTransientSpawnError)).toEqual(permanent.map(() => false));
    expect(isTransientSpawnError(undefined)).toBe(false);
  });

  it('describes an EAGAIN from spawn in one line and keeps its code', async () => {
    const error = Object.assign(new Error('spawn node EAGAIN'), { code: 'EAGAIN', errno: -11 });
    expect(await describeSpawnError('node', workDir, error)).toEqual({
      message: "cannot start 'node': out of process slots, try again later (EAGAIN)",
      code: 'EAGAIN',
    });
    expect(await describeSpawnError('node', workDir, new Error('odd'))).toEqual({
      message: "cannot start 'node': odd",
    });
  });
});
