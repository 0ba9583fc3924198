// Benchmark (issue 24): the whole CLI on a big PR. The analyzer benchmarks' seeded 3,000-file,
// 100,000-line PR as a real git repository (bench/lib/big-pr-repo.mjs, built once in setup), reviewed
// by the bundled `node dist/cli.js review --dry-run` (built-in analyzers only: the repository's
// .github/kilo.yml is `version: 1`; no LLM; reports into a temp dir), against a process that pipes
// `git diff base HEAD` into parse-diff (bench/lib/git-diff-parse-child.mjs): both whole processes,
// spawn to exit, in every round, order alternating. Target ≤ 1.3×; the CLI's peak RSS (maxRSS from
// /usr/bin/time, when the machine has it) is in the note, target ≤ 200 MB. The quick run reviews the
// quick workload (300 files, 10,000 lines).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildBigPrRepo } from './lib/big-pr-repo.mjs';
import { sharedWorkload } from './lib/analyzer-workload.mjs';
import { median } from './lib/stats.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./lib/git-diff-parse-child.mjs', import.meta.url));
const TIME = '/usr/bin/time';
const RSS_TARGET_MB = 200;
const MB = 1024 * 1024;

/** Runs argv to its end; resolves with its wall time and, through /usr/bin/time, its peak RSS. */
function runMeasured(state, argv, okCodes) {
  const rssFile = join(state.dir, 'maxrss');
  const wrapped = state.time ? [TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      wrapped[0],
      wrapped.slice(1),
      { maxBuffer: 256 * MB, timeout: 300_000, env: { ...process.env, TMPDIR: state.dir } },
      (error, _stdout, stderr) => {
        const ms = performance.now() - start;
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (!okCodes.includes(code))
          return reject(new Error(`${argv.join(' ')} failed (${code}): ${stderr}`));
        // GNU time's last line is %M (KiB); a line before it says when the command exited non-zero.
        const kib = state.time ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
        resolve({ ms, rssMb: Number.isFinite(kib) ? (kib * 1024) / MB : undefined });
      },
    );
  });
}

// 1: the review's secrets fail it (--fail-on error), which is what the seeded PR should do.
const cli = (state) =>
  runMeasured(
    state,
    [
      process.execPath,
      CLI,
      'review',
      '--repo',
      state.repo,
      '--base',
      'base',
      '--dry-run',
      '--out',
      state.out,
    ],
    [0, 1],
  );
const baseline = (state) => runMeasured(state, [process.execPath, BASELINE, state.repo], [0]);

export default {
  name: 'whole CLI on a 3,000-file, 100,000-line PR (dry run, built-ins) vs `git diff | parse-diff`',
  target: 1.3,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 1, measured: 9 },
  quickRounds: { warmup: 0, measured: 2 },

  setup({ quick }) {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run bundle` first');
    const workload = sharedWorkload(quick);
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-big-pr-cli-'));
    const repo = buildBigPrRepo(workload);
    process.once('exit', () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(repo, { recursive: true, force: true });
    });
    return {
      dir,
      repo,
      out: join(dir, 'out'),
      time: existsSync(TIME),
      size: workload.size,
      round: 0,
      rss: [],
      cliMs: [],
      note: '',
    };
  },

  async run(state) {
    let ours;
    let base;
    if (state.round++ % 2 === 0) {
      ours = await cli(state);
      base = await baseline(state);
    } else {
      base = await baseline(state);
      ours = await cli(state);
    }
    state.cliMs.push(ours.ms);
    if (ours.rssMb !== undefined) state.rss.push(ours.rssMb);
    const rss =
      state.rss.length > 0
        ? `CLI peak RSS median ${median(state.rss).toFixed(1)} MB, max ${Math.max(...state.rss).toFixed(1)} MB ` +
          `(target ≤ ${RSS_TARGET_MB} MB${Math.max(...state.rss) <= RSS_TARGET_MB ? ', met' : ', MISSED'})`
        : 'peak RSS not measured (no /usr/bin/time)';
    state.note =
      `${state.size.files} files, ${state.size.lines} added lines, a real git repository (base..HEAD); ` +
      `ours = node dist/cli.js review --dry-run (built-ins), baseline = node + git diff | parse-diff; ${rss}`;
    return { ours: ours.ms, baseline: base.ms };
  },
};
