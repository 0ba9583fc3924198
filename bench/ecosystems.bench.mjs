// Benchmark: zero-config review of every ecosystem fixture (__fixtures__/ecosystem-prs.ts: JavaScript,
// Python, Go, Rust, shell) with dist/cli.js, one after another, against running by hand the very
// command lines each review ran (lib/by-hand.mjs), sequentially. The figure is the ratio of the two
// wall times; ours also pays for the built-ins and the validation of suggestions, which the by-hand
// side has no counterpart for. Compile caches (GOCACHE, CARGO_TARGET_DIR, in a temp dir) are warmed by
// an untimed review and by-hand pass in setup. An ecosystem whose tools are missing is left out.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadCommandLine, runByHand, stepsOf } from './lib/by-hand.mjs';
import { buildPrRepo, loadEcosystemFixtures, missingTools } from './lib/ecosystem-repos.mjs';
import { median } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');

export default {
  name: 'zero-config review of the 5 ecosystem PRs vs running their tools by hand: wall time',
  target: 1.2,
  targetOf: 'ratio',
  unit: 's',
  // A round reviews five repositories and replays their commands (~20 s on 2 CPUs); setup ~45 s.
  rounds: { warmup: 0, measured: 3 },

  async setup({ buildDir }) {
    const fixtures = await loadEcosystemFixtures();
    const commandLine = await loadCommandLine(buildDir);
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-eco-'));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const caches = {
      TMPDIR: tmp,
      GOCACHE: join(dir, 'gocache'),
      GOPATH: join(dir, 'gopath'),
      CARGO_TARGET_DIR: join(dir, 'cargo-target'),
    };
    const state = {
      dir,
      reviewEnv: { ...process.env, ...caches },
      byHandEnv: { ...process.env, ...caches, ...commandLine.noDownloadEnv },
      reportPlaceholder: commandLine.reportPlaceholder,
      ecosystems: [],
      skipped: [],
      note: '',
    };
    const repos = [];
    process.once('exit', () => {
      for (const repo of repos) repo.remove();
      rmSync(dir, { recursive: true, force: true });
    });
    for (const ecosystem of Object.keys(fixtures.ECOSYSTEM_PRS)) {
      const missing = missingTools(ecosystem, fixtures.JS_TOOLS);
      if (missing.length > 0) {
        state.skipped.push(`${ecosystem} (${missing.join(', ')} not installed)`);
        continue;
      }
      const repo = buildPrRepo(fixtures, ecosystem);
      repos.push(repo);
      // The untimed first review: warms the compile caches and gives the command lines to replay.
      const { report, trace } = review(state, repo.dir);
      const unrun = coverageOf(report, ecosystem)?.skipped ?? [];
      if (unrun.length > 0) {
        state.skipped.push(`${ecosystem} (${unrun.map((s) => `${s.tool}: ${s.reason}`).join('; ')})`);
        continue;
      }
      const entry = {
        ecosystem,
        repo,
        steps: stepsOf(report, commandLine),
        exits: commandExits(trace),
        ours: [],
        byHand: [],
      };
      byHand(state, entry);
      state.ecosystems.push(entry);
    }
    if (state.ecosystems.length === 0)
      throw new Error(`no ecosystem has its tools: ${state.skipped.join(', ')}`);
    for (const entry of state.ecosystems) entry.byHand.length = 0;
    return state;
  },

  run(state) {
    // Side by side per ecosystem, so a change in the machine's load between them hits both sides.
    let ours = 0;
    let baseline = 0;
    for (const entry of state.ecosystems) {
      const { ms } = review(state, entry.repo.dir);
      entry.ours.push(ms);
      ours += ms;
      baseline += byHand(state, entry);
    }
    state.note = noteOf(state);
    return { ours: ours / 1000, baseline: baseline / 1000 };
  },
};

/** One CLI review of `repo`, timed: its JSON report and the trace it wrote. */
function review(state, repo) {
  const out = mkdtempSync(join(state.dir, 'out-'));
  try {
    const args = [CLI, 'review', '--repo', repo, '--base', 'main', '--json', '--out', out];
    const start = performance.now();
    const run = spawnSync(process.execPath, args, {
      env: state.reviewEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - start;
    // 1: the fixtures' planted defects were found; anything else is a failed review.
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`the review of ${repo} exited ${run.status}: ${run.stderr.slice(-2000)}`);
    const trace = readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
    return { ms, report: JSON.parse(run.stdout), trace };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function coverageOf(report, ecosystem) {
  return report.reviewed?.ecosystems?.find((e) => e.ecosystem === ecosystem);
}

/** Each task command's exit code in the review (its first run: validation may rerun a test). */
function commandExits(trace) {
  const exits = new Map();
  for (const event of trace)
    if (event.kind === 'command' && event.name !== 'git' && !exits.has(event.name))
      exits.set(event.name, event.attrs.exitCode);
  return exits;
}

/**
 * The ecosystem's commands by hand, in ms. Each must exit as it did in the review and leave the
 * checkout clean, or the figure would measure some other work.
 */
function byHand(state, entry) {
  const runs = runByHand(entry.steps, entry.repo.dir, {
    env: state.byHandEnv,
    tmp: join(state.dir, 'tmp'),
    reportPlaceholder: state.reportPlaceholder,
  });
  for (const run of runs) {
    const expected = entry.exits.get(run.name);
    if (run.status !== expected)
      throw new Error(
        `${entry.ecosystem}: '${run.name}' exited ${run.status} by hand, ${expected} in the review: ${run.stderr.slice(-1000)}`,
      );
  }
  const dirty = entry.repo.git('status', '--porcelain').trim();
  if (dirty !== '') throw new Error(`${entry.ecosystem}: the by-hand run changed the checkout:\n${dirty}`);
  const ms = runs.reduce((sum, run) => sum + run.ms, 0);
  entry.byHand.push(ms);
  return ms;
}

function noteOf(state) {
  const seconds = (values) => (median(values) / 1000).toFixed(2);
  const each = state.ecosystems.map(
    (e) =>
      `${e.ecosystem} ${seconds(e.ours)}/${seconds(e.byHand)} s (${e.steps.map((s) => s.name).join(', ')})`,
  );
  const skipped = state.skipped.length > 0 ? `; skipped: ${state.skipped.join(', ')}` : '; none skipped';
  return (
    `median review/by hand per ecosystem: ${each.join('; ')}${skipped}; ` +
    'the review also runs the built-ins and validates suggestions; warm GOCACHE and CARGO_TARGET_DIR'
  );
}
