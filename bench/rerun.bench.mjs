// Benchmark (issue 11): incremental reruns. Each round reviews the demo PR (examples/demo: built-in
// analyzers, a lint command, a fixer, tests and the validation of its suggestions) twice with the
// bundled CLI and one --results-cache dir, fresh for the round, and counts the subtasks each run
// actually ran: those the trace starts, less those it reused. The counts are exact on every machine;
// the wall times are in the note. Target: the rerun on the unchanged PR runs 0 subtasks. Baseline
// column: the first run's count (what the rerun would run without the cache).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildDemoRepo } from '../examples/demo/run-demo.mjs';
import { median } from './lib/stats.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** One `kilo-agent review` of the demo; resolves with its wall time and the subtasks it ran. */
function review(state, cacheDir, outDir) {
  const args = [CLI, 'review', '--repo', state.repo, '--base', 'main', '--out', outDir, '--json'];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...args, '--results-cache', cacheDir],
      { env: { ...process.env, TMPDIR: state.dir }, timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (error && error.code !== 1)
          return reject(new Error(`kilo-agent review failed: ${stderr || error.message}`));
        resolve({ ms: performance.now() - start, ...countRuns(join(outDir, 'kilo-trace.jsonl')) });
      },
    );
  });
}

/** Subtasks started (the scheduler asked for them) and how many of those the cache answered. */
function countRuns(tracePath) {
  const events = readFileSync(tracePath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const started = new Set(events.filter((e) => e.kind === 'subtask-start').map((e) => e.name));
  const reused = new Set(
    events.filter((e) => e.kind === 'cache' && e.name === 'reused').map((e) => e.attrs.id),
  );
  return { started: started.size, ran: [...started].filter((id) => !reused.has(id)).length };
}

export default {
  name: 'Subtasks run on a rerun of the unchanged demo PR with the results cache (`kilo-agent review` twice)',
  target: 0,
  unit: 'subtasks',
  rounds: { warmup: 0, measured: 5 },

  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-rerun-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return { dir, repo: buildDemoRepo(dir), round: 0, firstMs: [], secondMs: [], note: '' };
  },

  async run(state) {
    const roundDir = join(state.dir, `round-${state.round++}`);
    const cacheDir = join(roundDir, 'cache');
    try {
      const first = await review(state, cacheDir, join(roundDir, 'first'));
      const second = await review(state, cacheDir, join(roundDir, 'second'));
      if (first.ran === 0 || second.started !== first.started) {
        throw new Error(
          `the first run should run the demo's subtasks and the rerun start as many: ` +
            `${first.ran} ran, then ${second.started} started of ${first.started}`,
        );
      }
      state.firstMs.push(first.ms);
      state.secondMs.push(second.ms);
      state.note =
        `demo PR (${first.started} subtasks); first run ran ${first.ran}, median ${median(state.firstMs).toFixed(0)} ms; ` +
        `rerun on the same --results-cache ran ${second.ran}, median ${median(state.secondMs).toFixed(0)} ms ` +
        `(wall time of the CLI process, ${state.firstMs.length} rounds)`;
      return { ours: second.ran, baseline: first.ran };
    } finally {
      rmSync(roundDir, { recursive: true, force: true });
    }
  },
};
