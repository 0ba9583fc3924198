// Benchmark (issues 6, 12): what the orchestrator costs on top of the processes it runs. 200 no-op
// subtasks (`node -e 0`) through runPlan + the real process runner + an in-memory tracer, against a
// bare promise pool spawning the same processes with child_process.spawn, both at concurrency 2 (the
// machine has 2 cores). Each round runs both, in alternating order; the figure is the median ratio.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisePool, spawnAndDrain, timed } from './lib/pool.mjs';

const CONCURRENCY = 2;
const ARGV = [process.execPath, '-e', '0'];

export default {
  name: 'orchestrator overhead: `node -e 0` subtasks vs bare pool',
  target: 1.1,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 1, measured: 9 },

  async setup({ buildDir, quick }) {
    const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
    const [{ runPlan }, { createProcessRunner }, { createTracer }] = await Promise.all([
      load('orchestrator/scheduler.js'),
      load('sandbox/runner.js'),
      load('trace/tracer.js'),
    ]);
    const count = quick ? 20 : 200;
    const subtasks = Array.from({ length: count }, (_, i) => ({
      id: `analyze:noop#${i + 1}`,
      kind: 'analyze',
      agent: 'analyzer',
      task: { type: 'command', name: 'noop', run: 'node -e 0', format: 'exit-code', timeoutSeconds: 60 },
      files: [],
      dependsOn: [],
      budget: { wallSeconds: 60 },
      batch: { index: i + 1, count },
    }));
    return {
      plan: { version: 1, subtasks },
      runner: createProcessRunner(),
      runPlan,
      createTracer,
      count,
      round: 0,
      note:
        `${count} subtasks at concurrency ${CONCURRENCY}; ours = runPlan + createProcessRunner + tracer, ` +
        'baseline = promise pool + child_process.spawn; both in every round, order alternating',
    };
  },

  async run(state) {
    const ours = () => timed(() => runOurs(state));
    const baseline = () =>
      timed(() =>
        promisePool(state.count, CONCURRENCY, async () => {
          const { code } = await spawnAndDrain(ARGV);
          if (code !== 0) throw new Error(`node -e 0 exited with ${code}`);
        }),
      );
    if (state.round++ % 2 === 0) return { ours: await ours(), baseline: await baseline() };
    const base = await baseline();
    return { ours: await ours(), baseline: base };
  },
};

async function runOurs({ plan, runner, runPlan, createTracer }) {
  const cwd = tmpdir();
  const results = await runPlan(plan, {
    concurrency: CONCURRENCY,
    span: createTracer(),
    // What the analyzer does for an exit-code command, minus the policy questions.
    execute: async (subtask, signal) => {
      const result = await runner.run({
        argv: ARGV,
        cwd,
        timeoutMs: subtask.budget.wallSeconds * 1000,
        signal,
      });
      const ok = result.exitCode === 0;
      return {
        status: ok ? 'ok' : 'failed',
        findings: [],
        suggestions: [],
        ...(ok ? {} : { reason: 'exit' }),
      };
    },
  });
  // A run where the processes did not run is not a measurement.
  const bad = results.find((result) => result.status !== 'ok');
  if (bad) throw new Error(`subtask ${bad.id} ended ${bad.status}: ${bad.reason ?? ''}`);
}
