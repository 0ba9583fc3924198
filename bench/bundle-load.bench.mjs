// Benchmark (issue 24): what a reviewed event pays before any work. `node dist/index.js` on a push
// event that deleted its branch: the event is one we review, so the whole bundle loads (dist/kilo.js
// with @actions/core), the inputs and the event are read (@actions/github's context, a lazy chunk),
// the tracer, the GitHub client and the platform are made, and the run stops at the event with `conclusion=skipped`,
// before any git call. Against bare `node -e 0`, both spawned the same way, alternating, 7 of each
// per round; the figure is the median ratio. Target ≤ 2.5×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const INDEX = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const PER_ROUND = 7;

function spawnTimed(args, env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

export default {
  name: 'reviewed event start-up: `node dist/index.js` up to the event (whole bundle) vs `node -e 0`',
  target: 2.5,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 1, measured: 9 },

  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-load-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const event = join(dir, 'push.json');
    const sha = 'a'.repeat(40);
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/gone', before: sha, after: '0'.repeat(40) }));
    const output = join(dir, 'github-output');
    const base = { PATH: process.env.PATH ?? '', HOME: dir, RUNNER_TEMP: dir };
    const env = {
      ...base,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: output,
      // With a token, as every real run: the GitHub client is made (no request: the event ends the
      // run first; a request to this closed port would print a warning, which setup refuses).
      'INPUT_GITHUB-TOKEN': 'ghs_bench000000000000000000000000000000',
      GITHUB_API_URL: 'http://127.0.0.1:9',
    };
    // The run must really be a reviewed event's start that ends at the event, or the figure means nothing.
    writeFileSync(output, '');
    const { stdout } = spawnTimed([INDEX], env);
    const outputs = readFileSync(output, 'utf8');
    if (
      !stdout.includes('Kilo Agent skipped: the push deleted the branch') ||
      !/^skipped$/m.test(outputs) ||
      stdout.includes('::warning')
    )
      throw new Error(`dist/index.js did not stop at the deleted branch:\n${stdout}\n${outputs}`);
    return { base, env, output };
  },

  run(state) {
    const ours = [];
    const baseline = [];
    for (let i = 0; i < PER_ROUND; i++) {
      writeFileSync(state.output, '');
      const pair = [
        () => ours.push(spawnTimed([INDEX], state.env).ms),
        () => baseline.push(spawnTimed(['-e', '0'], state.base).ms),
      ];
      if (i % 2) pair.reverse();
      pair.forEach((measure) => measure());
    }
    state.note =
      `median of ${PER_ROUND} spawns each per round; the bundle's load, the inputs, the event, the ` +
      'tracer and the platform, up to the first git call';
    return { ours: median(ours), baseline: median(baseline) };
  },
};
