// Benchmark (issue 12): cold start of the action. `node dist/index.js` on an event it does not review
// (`release`: a notice, conclusion=skipped, the outputs in GITHUB_OUTPUT) against bare `node -e 0`,
// both spawned the same way, alternating, 7 of each per round; the figure is the median ratio.
// Target ≤ 2×. The note also gives what a reviewed event pays before any work (loading dist/kilo.js,
// the whole bundle) and the size of dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib/stats.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PER_ROUND = 7;

/** Wall time of one `node …args` with `env`; throws when it does not exit 0. */
function spawnTimed(args, env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function distBytes() {
  let total = 0;
  for (const name of readdirSync(DIST)) if (!name.endsWith('.map')) total += statSync(join(DIST, name)).size;
  return total;
}

export default {
  name: 'cold start: `node dist/index.js` on a skipped event vs `node -e 0`',
  target: 2,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 1, measured: 9 },

  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-cold-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const output = join(dir, 'github-output');
    const base = { PATH: process.env.PATH ?? '', HOME: dir, RUNNER_TEMP: dir };
    const skipEnv = { ...base, GITHUB_EVENT_NAME: 'release', GITHUB_OUTPUT: output };
    // The run must really be the skip, with its outputs, or the figure means nothing.
    writeFileSync(output, '');
    const { stdout } = spawnTimed([join(DIST, 'index.js')], skipEnv);
    if (
      !stdout.includes('::notice::Kilo Agent skipped') ||
      !/^conclusion=skipped$/m.test(readFileSync(output, 'utf8'))
    )
      throw new Error(`dist/index.js did not skip the release event:\n${stdout}`);
    const loadBundle = `await import(${JSON.stringify(pathToFileURL(join(DIST, 'kilo.js')).href)})`;
    return { base, skipEnv, output, loadBundle, bundleMs: [], note: '' };
  },

  run(state) {
    const ours = [];
    const baseline = [];
    for (let i = 0; i < PER_ROUND; i++) {
      writeFileSync(state.output, '');
      const pair = [
        () => ours.push(spawnTimed([join(DIST, 'index.js')], state.skipEnv).ms),
        () => baseline.push(spawnTimed(['-e', '0'], state.base).ms),
      ];
      if (i % 2) pair.reverse();
      pair.forEach((measure) => measure());
    }
    state.bundleMs.push(spawnTimed(['--input-type=module', '-e', state.loadBundle], state.base).ms);
    state.note =
      `median of ${PER_ROUND} spawns each per round; a reviewed event loads the whole bundle first: ` +
      `node + import of dist/kilo.js ≈ ${median(state.bundleMs).toFixed(0)} ms; ` +
      `dist/ ${(distBytes() / 1e6).toFixed(1)} MB without source maps`;
    return { ours: median(ours), baseline: median(baseline) };
  },
};
