// `npm run bench [-- --quick]`: compiles src/ with tsc, runs every bench/*.bench.mjs in this process,
// prints a table and writes bench/results.json and the table in docs/performance.md. No network.
// `--quick` is a smoke run (few rounds) that proves every benchmark still executes; its figures are not
// measurements, so it never fails on a target and writes .tmp/bench-results.quick.json instead of the
// committed results (and leaves docs/performance.md alone).
//
// A benchmark module's default export: { name, target, unit, setup?(context) → state, run(state) },
// optionally `rounds: { warmup, measured }` (full runs), `quickRounds` (smoke runs) and
// `targetOf: 'ratio'`. setup is not timed; each run(state) call is one round, whose sample is its
// wall time, or, when run(state) returns `{ ours, baseline? }` (numbers in `unit`), those figures: then
// the row also shows the baseline and the median ratio ours ÷ baseline (see lib/report.mjs). A string
// `state.note` is reported.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatMarkdown, formatTable, replaceResults, sampleOf, summarizeBenchmark } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
// Not build/: `npm run bundle` deletes and rewrites that folder, and may be running at the same time.
// `--build <dir>` takes a compile that already exists (`.ci/run` passes build/, which the dist check
// has just compiled from the same tsconfig.build.json) instead of compiling again.
const buildArg = process.argv.indexOf('--build');
const given = buildArg === -1 ? undefined : process.argv[buildArg + 1];
const buildDir = given ? resolve(root, given) : join(root, '.tmp', 'bench-build');

const quick = process.argv.includes('--quick');
// A smoke run proves each benchmark executes: one round, no warm-up (the figures mean nothing there).
const ROUNDS = quick ? { warmup: 0, measured: 1 } : { warmup: 3, measured: 20 };

function compile() {
  rmSync(buildDir, { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', buildDir], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    throw new Error('tsc -p tsconfig.build.json failed (see above); fix the type errors and rerun');
  }
}

async function loadBenchmarks() {
  const files = readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.mjs'))
    .sort();
  const modules = await Promise.all(files.map((file) => import(pathToFileURL(join(benchDir, file)).href)));
  return modules.map((module) => module.default);
}

async function measure(benchmark) {
  const state = (await benchmark.setup?.({ buildDir, quick })) ?? {};
  const rounds = quick ? (benchmark.quickRounds ?? ROUNDS) : (benchmark.rounds ?? ROUNDS);
  for (let i = 0; i < rounds.warmup; i++) await benchmark.run(state);
  const samples = [];
  for (let i = 0; i < rounds.measured; i++) {
    const start = performance.now();
    const returned = await benchmark.run(state);
    samples.push(sampleOf(returned, performance.now() - start));
  }
  return summarizeBenchmark(benchmark, samples, state.note);
}

async function main() {
  if (given === undefined) compile();
  else if (!existsSync(join(buildDir, 'main.js')))
    throw new Error(`--build ${given}: no compiled main.js there`);
  const results = [];
  for (const benchmark of await loadBenchmarks()) results.push(await measure(benchmark));
  const cpu = cpus();
  const report = {
    machine: { cpus: cpu.length, model: cpu[0]?.model ?? 'unknown', node: process.version },
    date: new Date().toISOString(),
    quick,
    results,
  };
  console.log(`\n${formatTable(results)}`);
  const out = quick ? join(root, '.tmp', 'bench-results.quick.json') : join(benchDir, 'results.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${quick ? 'smoke run (--quick), ' : ''}results written to ${out.slice(root.length)}`);
  if (!quick) {
    // The committed page shows the last full run; a smoke run's figures are not measurements.
    const doc = join(root, 'docs', 'performance.md');
    const text = replaceResults(readFileSync(doc, 'utf8'), formatMarkdown(report));
    // Formatted as `npm run lint` checks it (prettier aligns the table's columns).
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(doc)) ?? {};
    writeFileSync(doc, await prettier.format(text, { ...options, filepath: doc }));
    console.log('table written to docs/performance.md');
  }
  if (!quick && results.some((r) => !r.pass)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
