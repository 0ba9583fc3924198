import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findExecutable, prlimitOptions } from '../../src/sandbox/limits.js';
import { createProcessRunner } from '../../src/sandbox/runner.js';
import type { RunRequest } from '../../src/sandbox/types.js';

const node = process.execPath;
const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'kilo-limits-')));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const prlimitPath = (await findExecutable('prlimit', process.env.PATH, '/')).found;
const setprivPath = (await findExecutable('setpriv', process.env.PATH, '/')).found;
const isRoot = process.getuid?.() === 0;
const NO_PRLIMIT = prlimitPath === undefined ? 'prlimit (util-linux) is not installed here' : undefined;

/**
 * `it`, or `it.skip` with the reason in the test's name when this machine cannot run it. The fallback
 * without prlimit is asserted on every machine (a PATH without it), so a skip never leaves it untested.
 */
function itUnless(reason: string | undefined): (name: string, fn: () => Promise<void>) => void {
  return reason === undefined ? it : (name, fn) => it.skip(`${name} [skipped: ${reason}]`, fn);
}

function request(argv: string[], extra: Partial<RunRequest> = {}): RunRequest {
  return { argv, cwd: workDir, timeoutMs: 20_000, ...extra };
}

const GiB = 1024 ** 3;
// Node needs ~0.8 GiB of address space just to start; 1.5 GiB leaves it room, but not for 2 GiB more.
const ALLOCATE_2_GIB =
  'try { new ArrayBuffer(2 * 1024 ** 3); console.log("allocated") } catch (e) { console.log("failed: " + e.message) }';
const FORK_FIVE = 'for i in 1 2 3 4 5; do sleep 0.3 & done; wait; echo all-started';

describe('resource limits with prlimit', () => {
  const warnings: string[] = [];
  const runner = createProcessRunner({ killGraceMs: 300, warn: (message) => warnings.push(message) });

  itUnless(NO_PRLIMIT)('kills a CPU-burning process at the CPU limit, long before the timeout', async () => {
    const result = await runner.run(request([node, '-e', 'for (;;) {}'], { limits: { cpuSeconds: 1 } }));
    expect(result.limitsApplied).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(['SIGXCPU', 'SIGKILL']).toContain(result.signal);
    expect(result.durationMs).toBeLessThan(5000);
  });

  itUnless(NO_PRLIMIT)('makes a big allocation fail under the address-space limit', async () => {
    const limited = await runner.run(
      request([node, '-e', ALLOCATE_2_GIB], { limits: { addressSpaceBytes: 1.5 * GiB } }),
    );
    const unlimited = await runner.run(request([node, '-e', ALLOCATE_2_GIB]));
    expect([limited.stdout.trim(), limited.limitsApplied]).toEqual([
      'failed: Array buffer allocation failed',
      true,
    ]);
    expect([unlimited.stdout.trim(), unlimited.limitsApplied]).toEqual(['allocated', undefined]);
  });

  itUnless(NO_PRLIMIT)('keeps argv, cwd, env and exit code of the command it wraps', async () => {
    const script =
      'console.log(JSON.stringify([process.argv.slice(1), process.cwd(), process.env.KILO_X])); process.exit(4)';
    const result = await runner.run(
      request([node, '-e', script, '--', '--', '-x', 'a b'], {
        limits: { cpuSeconds: 60 },
        env: { KILO_X: 'y' },
      }),
    );
    expect(result.exitCode).toBe(4);
    expect(JSON.parse(result.stdout)).toEqual([['--', '-x', 'a b'], workDir, 'y']);
  });

  itUnless(NO_PRLIMIT)('still reports a missing or non-executable program as a spawn error', async () => {
    const limits = { cpuSeconds: 10 };
    const missing = await runner.run(request(['kilo-no-such-program-7f3a'], { limits }));
    expect([missing.spawnError, missing.spawnErrorCode]).toEqual([
      "cannot start 'kilo-no-such-program-7f3a': not found (ENOENT)",
      'ENOENT',
    ]);
    const script = join(workDir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const denied = await runner.run(request([script], { limits }));
    expect([denied.spawnError, denied.spawnErrorCode]).toEqual([
      `cannot start '${script}': permission denied (EACCES)`,
      'EACCES',
    ]);
  });

  itUnless(NO_PRLIMIT)('finds the program on the PATH the command gets, like execvp', async () => {
    const bin = join(workDir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'kilo-hello'), '#!/bin/sh\necho "hello from PATH as $0"\n', { mode: 0o755 });
    const result = await runner.run(
      request(['kilo-hello'], { limits: { cpuSeconds: 10 }, env: { PATH: `${bin}:${dirname(node)}` } }),
    );
    expect(result.stdout).toBe(`hello from PATH as ${join(bin, 'kilo-hello')}\n`);
    const bare = await runner.run(
      request(['node', '-e', 'process.stdout.write(process.argv0)'], {
        limits: { cpuSeconds: 10 },
        env: { PATH: dirname(node) },
      }),
    );
    expect([bare.stdout, bare.limitsApplied]).toEqual(['node', true]); // argv[0] as given, not resolved
  });

  itUnless(NO_PRLIMIT ?? (isRoot ? undefined : 'runs as root: the test shows the kernel exemption'))(
    'as root, the processes limit is not enforced by the kernel, and the runner says so once',
    async () => {
      const limits = { processes: 2 };
      const first = await runner.run(request(['sh', '-c', FORK_FIVE], { limits }));
      await runner.run(request(['sh', '-c', 'true'], { limits }));
      expect([first.stdout.trim(), first.limitsApplied]).toEqual(['all-started', true]);
      expect(warnings.filter((w) => w.includes('processes limit'))).toEqual([
        'the processes limit has no effect: the kernel does not apply RLIMIT_NPROC to root',
      ]);
    },
  );

  const NO_SETPRIV =
    NO_PRLIMIT ?? (isRoot && setprivPath !== undefined ? undefined : 'needs root and setpriv');
  itUnless(NO_SETPRIV)('for a non-root user, the processes limit stops forks beyond it', async () => {
    // setpriv drops to `nobody` (no other processes) after prlimit has set the limit; sh counts as one.
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', FORK_FIVE];
    const result = await runner.run(request(asNobody, { cwd: '/', limits: { processes: 3 } }));
    expect(result.stdout).not.toContain('all-started');
    expect(result.stderr).toMatch(/fork/i);
  });
});

describe('without prlimit', () => {
  // A PATH without prlimit: the fallback is exercised on every machine, whatever is installed.
  const emptyBin = join(workDir, 'empty-bin');
  mkdirSync(emptyBin, { recursive: true });

  it('runs the command without OS limits, says so in each result and warns once per runner', async () => {
    const warnings: string[] = [];
    const runner = createProcessRunner({
      env: { ...process.env, PATH: emptyBin },
      warn: (m) => warnings.push(m),
    });
    const limits = { cpuSeconds: 1, addressSpaceBytes: 1.5 * GiB };
    const first = await runner.run(request([node, '-e', ALLOCATE_2_GIB], { limits }));
    const second = await runner.run(request([node, '-e', 'process.exit(0)'], { limits }));
    expect([first.stdout.trim(), first.limitsApplied, first.exitCode]).toEqual(['allocated', false, 0]);
    expect(second.limitsApplied).toBe(false);
    expect(warnings).toEqual([
      'prlimit (util-linux) is not on PATH: commands run without CPU, memory and process limits',
    ]);
  });

  it('ignores relative PATH entries when looking for prlimit, so a checkout cannot plant one', async () => {
    const planted = join(workDir, 'planted');
    mkdirSync(planted, { recursive: true });
    writeFileSync(join(planted, 'prlimit'), '#!/bin/sh\necho planted > planted-ran\n', { mode: 0o755 });
    const runner = createProcessRunner({ env: { ...process.env, PATH: `.:planted:${emptyBin}` } });
    const result = await runner.run(
      request([node, '-e', 'process.stdout.write("ok")'], { cwd: workDir, limits: { cpuSeconds: 5 } }),
    );
    expect([result.stdout, result.limitsApplied]).toEqual(['ok', false]);
    expect(existsSync(join(workDir, 'planted-ran'))).toBe(false);
  });

  itUnless(prlimitPath === undefined ? undefined : 'prlimit is installed; the fallback is asserted above')(
    "reports limitsApplied false with this machine's own PATH",
    async () => {
      const result = await createProcessRunner().run(
        request([node, '-e', ''], { limits: { cpuSeconds: 5 } }),
      );
      expect([result.exitCode, result.limitsApplied]).toEqual([0, false]);
    },
  );
});

describe('limits in general', () => {
  it('merges the runner default under the request, field by field', async () => {
    const script = 'console.log(require("fs").readFileSync("/proc/self/limits", "utf8"))';
    const runner = createProcessRunner({ limits: { cpuSeconds: 50, addressSpaceBytes: 8 * GiB } });
    const result = await runner.run(request([node, '-e', script], { limits: { cpuSeconds: 7 } }));
    if (prlimitPath === undefined || !existsSync('/proc/self/limits')) {
      expect(result.limitsApplied).toBe(false);
      return;
    }
    expect(result.stdout).toMatch(/^Max cpu time\s+7\s+8\s+seconds/m);
    expect(result.stdout).toMatch(new RegExp(`^Max address space\\s+${8 * GiB}\\s+${8 * GiB}\\s+bytes`, 'm'));
  });

  it('sets no limits and no limitsApplied when none are asked for', async () => {
    const result = await createProcessRunner().run(request([node, '-e', '']));
    expect(result.exitCode).toBe(0);
    expect(result).not.toHaveProperty('limitsApplied');
  });

  it('refuses a limit that is not a number ≥ 1, without starting anything', async () => {
    const marker = join(workDir, 'started');
    const result = await createProcessRunner().run(
      request([node, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`], {
        limits: { cpuSeconds: 0 },
      }),
    );
    expect(result.spawnError).toBe('invalid resource limit cpuSeconds: expected a number ≥ 1, got 0');
    expect(result.spawnErrorCode).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('turns limits into prlimit options: CPU hard limit one second above the soft one', () => {
    expect(prlimitOptions({ cpuSeconds: 2.5, addressSpaceBytes: 1e9 + 0.5, processes: 64 })).toEqual({
      options: ['--cpu=3:4', '--as=1000000000', '--nproc=64'],
    });
    expect(prlimitOptions({ processes: Number.NaN })).toEqual({
      error: 'invalid resource limit processes: expected a number ≥ 1, got NaN',
    });
  });

  it('resolves programs like execvp: skips a non-executable match, then says EACCES if nothing else fits', async () => {
    const a = join(workDir, 'path-a');
    const b = join(workDir, 'path-b');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'tool'), '', { mode: 0o644 });
    expect(await findExecutable('tool', `${a}:${b}`, '/')).toEqual({ code: 'EACCES' });
    writeFileSync(join(b, 'tool'), '', { mode: 0o755 });
    expect(await findExecutable('tool', `${a}:${b}`, '/')).toEqual({ found: join(b, 'tool') });
    expect(await findExecutable('./tool', undefined, b)).toEqual({ found: join(b, 'tool') });
    expect(await findExecutable('tool', undefined, b)).toEqual({ code: 'ENOENT' });
  });
});
