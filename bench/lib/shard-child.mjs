// One matrix job of the scale-out benchmark: builds the synthetic plan, takes its shard's slice as
// phase execute does (shardPlan), and runs it through runPlan with sleep-bound subtasks.
// argv: buildDir count shard(i/n) concurrency sleepMs
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';

const [buildDir, countText, shard, concurrencyText, sleepText] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
const [{ runPlan }, { shardPlan, parseShard }] = await Promise.all([
  load('orchestrator/scheduler.js'),
  load('pipeline/shards.js'),
]);
const count = Number(countText);
const sleepMs = Number(sleepText);
const subtasks = Array.from({ length: count }, (_, i) => ({
  id: `analyze:sleep#${i + 1}`,
  kind: 'analyze',
  agent: 'analyzer',
  task: { type: 'command', name: `sleep-${i + 1}`, run: 'sleep', format: 'exit-code', timeoutSeconds: 60 },
  files: ['a.ts'],
  dependsOn: [],
  budget: { wallSeconds: 60 },
}));
const part = shardPlan({ version: 1, subtasks }, parseShard(shard));
const span = { spanId: 'bench', event() {}, child: (_k, _n, _a, fn) => fn(span) };
const results = await runPlan(part, {
  concurrency: Number(concurrencyText),
  span,
  execute: () =>
    new Promise((resolve) =>
      setTimeout(() => resolve({ status: 'ok', findings: [], suggestions: [] }), sleepMs),
    ),
});
if (results.some((r) => r.status !== 'ok')) throw new Error('a subtask did not end ok');
process.stdout.write(`${results.length}\n`);
