import { describe, expect, it } from '@jest/globals';
import { runPlan } from '../../src/orchestrator/scheduler.js';
import type { SchedulerStats } from '../../src/orchestrator/types.js';
import type { Subtask } from '../../src/plan/types.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { ok, planOf, toolSubtask } from './plan-fixtures.js';

/** mulberry32: a seeded PRNG, so the big plan is the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n subtasks over 8 tools; about a third depend on up to 3 earlier ones; then shuffled. */
function bigPlan(n: number, next: () => number): Subtask[] {
  const subtasks = Array.from({ length: n }, (_, i) => {
    const deps = new Set<string>();
    if (i > 0 && next() < 0.35) {
      for (let k = Math.floor(next() * 3) + 1; k > 0; k--) deps.add(`t${Math.floor(next() * i)}`);
    }
    return toolSubtask(`t${i}`, `tool${i % 8}`, { dependsOn: [...deps] });
  });
  for (let i = subtasks.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [subtasks[i], subtasks[j]] = [subtasks[j]!, subtasks[i]!];
  }
  return subtasks;
}

describe('backpressure', () => {
  it('runs a 10,000-subtask plan in plan order with the ready queue within its bound', async () => {
    const next = seeded(42);
    const subtasks = bigPlan(10_000, next);
    const finishedAt = new Map<string, number>();
    let tick = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let stats: SchedulerStats | undefined;
    let violations = 0;
    const results = await runPlan(planOf(...subtasks), {
      concurrency: 4,
      span: createRecordingSpan(),
      onStats: (s) => (stats = s),
      execute: async (task) => {
        for (const dep of task.dependsOn) if (!finishedAt.has(dep)) violations++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        // Mixed completion orders: some finish on the next microtask, some a macrotask later.
        if (next() < 0.3) await new Promise((resolve) => setImmediate(resolve));
        else await Promise.resolve();
        inFlight--;
        finishedAt.set(task.id, tick++);
        return ok();
      },
    });
    expect(results.map((r) => r.id)).toEqual(subtasks.map((s) => s.id));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(finishedAt.size).toBe(10_000);
    expect(violations).toBe(0);
    expect(maxInFlight).toBe(4);
    expect(stats).toEqual({
      total: 10_000,
      maxQueued: 16,
      peakQueued: 16,
      peakRunning: 4,
      attempts: 10_000,
      retries: 0,
    });
  });

  it('honours an explicit maxQueued, smaller than the concurrency too', async () => {
    for (const [concurrency, maxQueued] of [
      [3, 1],
      [2, 5],
    ] as const) {
      let stats: SchedulerStats | undefined;
      let maxInFlight = 0;
      let inFlight = 0;
      const subtasks = Array.from({ length: 50 }, (_, i) => toolSubtask(`t${i}`, `tool${i % 5}`));
      const results = await runPlan(planOf(...subtasks), {
        concurrency,
        maxQueued,
        span: createRecordingSpan(),
        onStats: (s) => (stats = s),
        execute: async () => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return ok();
        },
      });
      expect(results.map((r) => r.status)).toEqual(Array(50).fill('ok'));
      expect(stats).toEqual(
        expect.objectContaining({ maxQueued, peakQueued: maxQueued, peakRunning: concurrency }),
      );
      expect(maxInFlight).toBe(concurrency);
    }
  });

  it('queues eligible subtasks lowest plan index first and starts them first in, first out', async () => {
    const order: string[] = [];
    await runPlan(
      planOf(
        toolSubtask('d', 'x', { dependsOn: ['a'] }),
        toolSubtask('c', 'x', { dependsOn: ['a'] }),
        toolSubtask('a', 'x'),
        toolSubtask('b', 'x'),
      ),
      {
        concurrency: 1,
        span: createRecordingSpan(),
        execute: async (task) => {
          order.push(task.id);
          return ok();
        },
      },
    );
    // a and b are queued at the start; d and c join behind b when a is done, in plan order.
    expect(order).toEqual(['a', 'b', 'd', 'c']);
  });

  it('skips a 10,000-long dependency chain behind a failure, and runs one on its merits', async () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      toolSubtask(`c${i}`, 'x', { dependsOn: i === 0 ? [] : [`c${i - 1}`] }),
    );
    const failing = await runPlan(planOf(...chain), {
      concurrency: 2,
      span: createRecordingSpan(),
      execute: async () => ({ ...ok(), status: 'failed', reason: 'exit 1' }),
    });
    expect(failing[9_999]).toEqual(
      expect.objectContaining({ status: 'skipped', reason: 'dependency c9998 skipped' }),
    );
    const passing = await runPlan(planOf(...[...chain].reverse()), {
      concurrency: 2,
      span: createRecordingSpan(),
      execute: async () => ok(),
    });
    expect(passing.every((r) => r.status === 'ok')).toBe(true);
  });
});
