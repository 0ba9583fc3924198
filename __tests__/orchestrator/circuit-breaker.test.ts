import { describe, expect, it, jest } from '@jest/globals';
import { runPlan, type RunPlanOptions } from '../../src/orchestrator/scheduler.js';
import type { SubtaskOutcome } from '../../src/orchestrator/types.js';
import type { Subtask } from '../../src/plan/types.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import {
  delay,
  failed,
  manualClock,
  ok,
  planOf,
  rejected,
  toolSubtask,
  untilAborted,
} from './plan-fixtures.js';

const summary = (results: Array<{ id: string; status: string; reason?: string }>) =>
  results.map(({ id, status, reason }) =>
    reason === undefined ? `${id} ${status}` : `${id} ${status}: ${reason}`,
  );

function options(execute: RunPlanOptions['execute'], extra: Partial<RunPlanOptions> = {}) {
  const span = createRecordingSpan();
  return { span, opts: { concurrency: 1, execute, span, ...extra } satisfies RunPlanOptions };
}

const breakerEvents = (span: ReturnType<typeof createRecordingSpan>) =>
  span.events.filter((e) => e.kind === 'breaker').map((e) => `${e.name} ${String(e.attrs.transition)}`);

describe('circuit breaker in runPlan', () => {
  it('skips the rest of a tool after N consecutive failures, other tools unaffected', async () => {
    const execute = jest.fn(async (task: Subtask) =>
      task.task.name === 'eslint' ? failed('crashed') : ok(),
    );
    const { opts, span } = options(execute);
    const results = await runPlan(
      planOf(
        ...['#1', '#2', '#3', '#4', '#5'].map((n) => toolSubtask(`analyze:eslint${n}`, 'eslint')),
        toolSubtask('analyze:tsc', 'tsc'),
        toolSubtask('test:unit', 'unit', { dependsOn: ['analyze:eslint#5'] }),
      ),
      opts,
    );
    expect(summary(results)).toEqual([
      'analyze:eslint#1 failed: crashed',
      'analyze:eslint#2 failed: crashed',
      'analyze:eslint#3 failed: crashed',
      'analyze:eslint#4 skipped: circuit-open: eslint failed 3 times in a row',
      'analyze:eslint#5 skipped: circuit-open: eslint failed 3 times in a row',
      'analyze:tsc ok',
      'test:unit skipped: dependency analyze:eslint#5 skipped',
    ]);
    expect(execute.mock.calls.map(([task]) => task.id)).toEqual([
      'analyze:eslint#1',
      'analyze:eslint#2',
      'analyze:eslint#3',
      'analyze:tsc',
    ]);
    expect(span.events.filter((e) => e.kind === 'breaker')).toEqual([
      expect.objectContaining({ name: 'eslint', attrs: { tool: 'eslint', transition: 'open', failures: 3 } }),
    ]);
  });

  it('counts a subtask timed out on its own budget as a failure, one ok in between resets the count', async () => {
    const execute = async (task: Subtask, signal: AbortSignal): Promise<SubtaskOutcome> => {
      if (task.id.startsWith('hang')) return untilAborted(signal);
      return task.id === 'good' ? ok() : failed();
    };
    const { opts } = options(execute, { breakerThreshold: 2 });
    const budget = { wallSeconds: 0.01 };
    const results = await runPlan(
      planOf(
        toolSubtask('hang1', 'lint', budget),
        toolSubtask('good', 'lint'),
        toolSubtask('hang2', 'lint', budget),
        toolSubtask('bad', 'lint'),
        toolSubtask('never', 'lint'),
      ),
      opts,
    );
    expect(results.map((r) => r.status)).toEqual(['timed-out', 'ok', 'timed-out', 'failed', 'skipped']);
  });

  /** lint fails twice (breaker opens), lint#3 comes before the cool-down, lint#4/#5 after it. */
  async function probeScenario(probeOutcome: SubtaskOutcome) {
    const clock = manualClock();
    const finished: string[] = [];
    const startedWhile = new Map<string, string[]>();
    const execute = async (task: Subtask) => {
      startedWhile.set(task.id, [...finished]);
      let outcome: SubtaskOutcome = ok();
      if (task.id === 'lint#1' || task.id === 'lint#2') outcome = failed();
      if (task.id === 'gate') await delay(10);
      if (task.id === 'build') clock.advance(1500); // the cool-down passes while the build runs
      if (task.id === 'lint#4') {
        await delay(15);
        outcome = probeOutcome;
      }
      finished.push(task.id);
      return outcome;
    };
    const { opts, span } = options(execute, {
      concurrency: 2,
      breakerThreshold: 2,
      breakerCooldownMs: 1000,
      now: clock.now,
    });
    const afterGate = { dependsOn: ['gate'] };
    const afterBuild = { dependsOn: ['build'] };
    const results = await runPlan(
      planOf(
        toolSubtask('lint#1', 'lint'),
        toolSubtask('lint#2', 'lint'),
        toolSubtask('gate', 'gate'),
        toolSubtask('lint#3', 'lint', afterGate),
        toolSubtask('build', 'build', afterGate),
        toolSubtask('lint#4', 'lint', afterBuild),
        toolSubtask('lint#5', 'lint', afterBuild),
      ),
      opts,
    );
    return { results, span, startedWhile };
  }

  it('after the cool-down lets one probe through; the others wait, and its success closes the breaker', async () => {
    const { results, span, startedWhile } = await probeScenario(ok());
    expect(summary(results)).toEqual([
      'lint#1 failed: exit 1',
      'lint#2 failed: exit 1',
      'gate ok',
      'lint#3 skipped: circuit-open: lint failed 2 times in a row',
      'build ok',
      'lint#4 ok',
      'lint#5 ok',
    ]);
    // lint#5 was ready with a free slot while the probe ran, but started only after its verdict.
    expect(startedWhile.get('lint#5')).toContain('lint#4');
    expect(breakerEvents(span)).toEqual(['lint open', 'lint half-open', 'lint closed']);
  });

  it('reopens the breaker when the probe fails and skips the subtasks that waited on it', async () => {
    const { results, span, startedWhile } = await probeScenario(failed('still broken'));
    expect(summary(results).slice(5)).toEqual([
      'lint#4 failed: still broken',
      'lint#5 skipped: circuit-open: lint failed 3 times in a row',
    ]);
    expect(startedWhile.has('lint#5')).toBe(false);
    expect(breakerEvents(span)).toEqual(['lint open', 'lint half-open', 'lint open']);
  });

  it('does not count subtasks cut short by the run deadline against their tool', async () => {
    const { opts, span } = options((_task, signal) => untilAborted(signal), {
      concurrency: 3,
      breakerThreshold: 1,
      deadlineMs: 20,
    });
    const results = await runPlan(
      planOf(toolSubtask('a', 'lint'), toolSubtask('b', 'lint'), toolSubtask('c', 'lint')),
      opts,
    );
    expect(results.map((r) => r.status)).toEqual(['timed-out', 'timed-out', 'timed-out']);
    expect(breakerEvents(span)).toEqual([]);
  });

  it('keys breakers by task name, so the batches of one tool share theirs and builtins have their own', async () => {
    const batch = (n: number) => ({
      ...toolSubtask(`analyze:eslint#${n}`, 'eslint'),
      batch: { index: n, count: 4 },
    });
    const builtin: Subtask = {
      ...toolSubtask('analyze:secrets', 'unused'),
      task: { type: 'builtin', name: 'secrets', largeFileBytes: 1024 * 1024 },
    };
    const execute = async (task: Subtask) => (task.task.name === 'eslint' ? failed() : ok());
    const { opts } = options(execute, { breakerThreshold: 2 });
    const results = await runPlan(planOf(batch(1), batch(2), builtin, batch(3), batch(4)), opts);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'ok', 'skipped', 'skipped']);
  });

  it('never opens for a tool that runs fine and reports problems (failing tests, lint errors)', async () => {
    const tasks = [1, 2, 3, 4, 5].map((i) => toolSubtask(`test:unit#${i}`, 'unit'));
    const results = await runPlan(planOf(...tasks), {
      concurrency: 1,
      span: createRecordingSpan(),
      breakerThreshold: 2,
      execute: async () => rejected(),
    });
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(results.every((r) => !r.reason?.startsWith('circuit-open'))).toBe(true);
  });
});
