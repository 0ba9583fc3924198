// Built-in analyzers finish before any command starts: some read the checkout, which a PR's test
// command (its own code) could rewrite mid-run to hide from them.
import { describe, expect, it } from '@jest/globals';
import type { Agent, AgentInput } from '../src/agents/types.js';
import { runPipeline } from '../src/pipeline/index.js';
import { createFakePlatform } from '../__fixtures__/fake-platform.js';
import { createTracer } from '../src/trace/tracer.js';
import { addedFileDiff, makeContext } from '../__fixtures__/context.js';
import { noRunner } from '../__fixtures__/scripted-review.js';

const CONFIG = `
policy:
  concurrency: 4
  commands: { allow: ['node *'] }
tasks:
  analyze: [{ name: lint, run: 'node lint.mjs {files}' }]
  test: [{ name: unit, run: 'node test.mjs' }]
`;

describe('the order subtasks run in', () => {
  it('runs every built-in analyzer to the end before the first command starts, and reports in plan order', async () => {
    const events: string[] = [];
    const slowly =
      (kind: string): Agent['run'] =>
      async (input: AgentInput) => {
        const { id } = input.subtask;
        events.push(`start ${id}`);
        // The built-ins take longer than the commands here: without the barrier, commands would start first.
        await new Promise((done) => setTimeout(done, input.subtask.task.type === 'builtin' ? 40 : 1));
        events.push(`end ${id}`);
        return { status: 'ok', findings: [], suggestions: [], reason: kind };
      };
    const context = makeContext(addedFileDiff('src/app.js', ['const a = 1;']));
    const platform = createFakePlatform({
      context,
      workspace: '/nonexistent',
      files: { '.github/kilo.yml': CONFIG },
    });
    const { createAgents } = await import('../src/agents/index.js');
    const agents = {
      ...createAgents(),
      analyzer: { name: 'analyzer' as const, run: slowly('analyzer') },
      tester: { name: 'tester' as const, run: slowly('tester') },
    };
    const progress: Array<[number, number]> = [];
    platform.progress = (done, total) => {
      progress.push([done, total]);
      return Promise.resolve();
    };
    const outcome = await runPipeline(
      { platform, runner: noRunner, tracer: createTracer(), agents },
      { configPath: '.github/kilo.yml', dryRun: false, failOn: 'error' },
    );
    if (outcome.status !== 'reviewed') throw new Error(`expected a review, got ${outcome.status}`);
    const ids = outcome.report.plan.subtasks.map((s) => s.id);
    const builtins = outcome.report.plan.subtasks.filter((s) => s.task.type === 'builtin').map((s) => s.id);
    expect(builtins.length).toBeGreaterThan(0);
    expect(ids).toEqual(expect.arrayContaining(['analyze:lint', 'test:unit']));
    const lastBuiltinEnd = Math.max(...builtins.map((id) => events.indexOf(`end ${id}`)));
    for (const id of ['analyze:lint', 'test:unit'])
      expect(events.indexOf(`start ${id}`)).toBeGreaterThan(lastBuiltinEnd);
    expect(outcome.report.results.map((r) => r.id)).toEqual(ids);
    // Progress counts the whole plan across both passes.
    expect(progress.at(-1)).toEqual([ids.length, ids.length]);
    expect(progress.every(([, total]) => total === ids.length)).toBe(true);
  });
});
