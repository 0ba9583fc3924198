// Tools that misbehave, run by the bundled CLI (dist/cli.js) on a real repository: a tool that hangs,
// one that exits 0 with garbage, one that writes 1 GiB of output,
// and a fixer that deletes everything it can see. The review must finish on time with each fault
// named in its subtask's result, memory bounded, and the checkout untouched. Fork bombs are in the
// second part: the runner with prlimit, as an unprivileged user (the kernel ignores the limit for root).
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTempRepo } from '../../__fixtures__/git.js';
import { QUOTE_FIXER } from '../../__fixtures__/quote-fixer.js';
import { createProcessRunner } from '../../src/sandbox/runner.js';

const FULL = process.env.KILO_CHAOS === 'full';
const FLOOD_MIB = 1024;
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const TOOLS = {
  'tools/hang.mjs': 'setInterval(() => undefined, 1000);\n',
  // ESLint JSON promised, bytes delivered, and exit 0 as if all were well.
  'tools/garbage.mjs':
    'process.stdout.write(Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x5b, 0x22, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]));\nprocess.stdout.write(\'[{"filePath": 7, "messages": "no"}\');\n',
  'tools/flood.mjs': `const chunk = Buffer.alloc(1 << 20, 'x\\n');
let left = Number(process.argv[2]);
const write = () => {
  while (left > 0) {
    left--;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', write);
  }
};
write();
`,
  // A fixer that deletes every file in its working directory, .git included, then says it is done.
  'tools/wipe.mjs':
    "import { readdirSync, rmSync } from 'node:fs';\nfor (const name of readdirSync('.')) rmSync(name, { recursive: true, force: true });\n",
  'fix.mjs': QUOTE_FIXER,
};
const CONFIG = `policy:
  commands: { allow: ['node tools/*', 'node fix.mjs*'] }
tasks:
  analyze:
    - { name: hang, run: 'node tools/hang.mjs', timeout-seconds: 1 }
    - { name: garbage, run: 'node tools/garbage.mjs', format: eslint-json }
    - { name: flood, run: 'node tools/flood.mjs ${FLOOD_MIB}', timeout-seconds: 120 }
  refactor:
    - { name: wipe, run: 'node tools/wipe.mjs' }
    - { name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }
`;

interface Report {
  conclusion: string;
  results: Array<{ id: string; status: string; reason?: string }>;
  suggestions: Array<{ path: string; startLine: number; replacement: string }>;
}

/** Runs the CLI and samples its resident memory (VmRSS, KiB) until it exits. */
async function reviewWithPeakRss(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string; peakKiB: number; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let peakKiB = 0;
  const sample = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      peakKiB = Math.max(peakKiB, Number(rss?.[1] ?? 0));
    } catch {
      // exited between samples
    }
  }, 25);
  const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearInterval(sample);
  clearTimeout(killer);
  return { status, stdout, stderr, peakKiB, ms: Date.now() - started };
}

describe('misbehaving tools, end to end', () => {
  it(
    'a hung tool, garbage, a flood and a file-deleting fixer: the review finishes and says what each did',
    async () => {
      const repo = createTempRepo('kilo-tool-faults-');
      cleanup.push(repo.dir);
      repo.commit('base', { '.github/kilo.yml': CONFIG, ...TOOLS, 'src/app.js': "export const a = 'x';\n" });
      repo.git('checkout', '--quiet', '-b', 'topic');
      repo.commit('topic', { 'src/app.js': `export const a = 'x';\nexport const greeting = "hello";\n` });
      const before = { status: repo.git('status', '--porcelain'), head: repo.git('rev-parse', 'HEAD') };
      const out = mkdtempSync(join(tmpdir(), 'kilo-tool-faults-out-'));
      cleanup.push(out);

      const run = await reviewWithPeakRss([
        'review',
        '--repo',
        repo.dir,
        '--base',
        'main',
        '--json',
        '--out',
        out,
      ]);

      expect(run.stderr).not.toMatch(/at .+\.js:\d+:\d+/); // no stack trace: no crash
      // Tools that fail make the review fail (exit 1), as a failing linter would: said, not crashed.
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.conclusion).toBe('failure');
      const result = (id: string) => report.results.find((r) => r.id === id);
      expect(result('analyze:hang')).toMatchObject({ status: 'timed-out' });
      expect(result('analyze:hang')?.reason).toBe('timed out after 1s');
      expect(result('analyze:garbage')).toMatchObject({ status: 'failed' });
      expect(result('analyze:garbage')?.reason).toMatch(/eslint-json|ESLint JSON|JSON/i);
      expect(result('analyze:flood')).toMatchObject({ status: 'ok' });
      // The wipe ran in a throwaway checkout, and took its .git with it: nothing to read back.
      expect(result('refactor:wipe')).toMatchObject({
        status: 'failed',
        reason: "the fixer's changes could not be read: the tool deleted the checkout's .git directory",
      });
      expect(result('refactor:quotes')).toMatchObject({ status: 'ok' });
      expect(report.suggestions).toEqual([
        expect.objectContaining({
          path: 'src/app.js',
          startLine: 2,
          replacement: "export const greeting = 'hello';",
        }),
      ]);
      // The checkout is as it was: same commit, no change, every file still there.
      expect(repo.git('status', '--porcelain')).toBe(before.status);
      expect(repo.git('rev-parse', 'HEAD')).toBe(before.head);
      for (const file of Object.keys(TOOLS)) expect(existsSync(join(repo.dir, file))).toBe(true);
      // The flood was read through and capped: the agent's memory stays far below what the tool wrote.
      expect(run.peakKiB).toBeGreaterThan(0);
      expect(run.peakKiB).toBeLessThan(400 * 1024);
      // The trace says the flood's output was cut, and holds none of it.
      const trace = readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8');
      expect(trace.length).toBeLessThan(8 * 1024 * 1024);
    },
    FULL ? 300_000 : 120_000,
  );
});

/**
 * The command prefix that runs the bomb as an unprivileged user (`nobody`), which RLIMIT_NPROC binds;
 * undefined when this machine cannot switch users. Only as root: a non-root user's limit counts every
 * process of that user, this test's own included, so the test would starve itself.
 */
function unprivileged(): string[] | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
  return probe.status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
}

const hasPrlimit = spawnSync('sh', ['-c', 'command -v prlimit']).status === 0;

describe('fork bombs', () => {
  const asUser = unprivileged();
  const itWithLimits = hasPrlimit && asUser !== undefined ? it : it.skip;

  itWithLimits(
    'a tool that forks without end hits the process limit, is killed with its whole group at the timeout, and leaves nothing',
    async () => {
      const runner = createProcessRunner();
      // Each child forks two more, forever; bash retries a failed fork, so it never stops by itself.
      const bomb = 'b() { b & b & wait; }; b';
      const result = await runner.run({
        argv: [...asUser!, 'bash', '-c', bomb],
        cwd: tmpdir(),
        timeoutMs: 1500,
        limits: { processes: 64 },
      });
      expect(result.timedOut).toBe(true);
      expect(result.limitsApplied).toBe(true);
      expect(result.stderr).toMatch(/fork: (retry: )?Resource temporarily unavailable/);
      // Nothing of the bomb survives the group kill (SIGKILL lands at once; the exits take a moment).
      const alive = () => Number(spawnSync('pgrep', ['-u', '65534', '-c']).stdout.toString().trim() || '0');
      const deadline = Date.now() + 5000;
      while (alive() > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
      expect(alive()).toBe(0);
    },
    20_000,
  );
});
