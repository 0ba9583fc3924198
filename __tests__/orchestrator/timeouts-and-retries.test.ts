import { describe, expect, it, jest } from '@jest/globals';
import { runPlan, type RunPlanOptions } from '../../src/orchestrator/scheduler.js';
import type { SubtaskOutcome } from '../../src/orchestrator/types.js';
import type { Finding } from '../../src/findings/types.js';
import type { Subtask } from '../../src/plan/types.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { trackTimers } from '../../__fixtures__/timers.js';
import { delay, failed, ok, planOf, toolSubtask, transient, untilAborted } from './plan-fixtures.js';

const finding: Finding = {
  rule: 'no-var',
  severity: 'warning',
  message: 'use let',
  path: 'a.ts',
  line: 1,
  source: 'eslint',
  fingerprint: 'f1',
};

/** Options with instant, recorded backoff sleeps and a fixed jitter draw of 0.5. */
function options(execute: RunPlanOptions['execute'], extra: Partial<RunPlanOptions> = {}) {
  const sleeps: number[] = [];
  const span = createRecordingSpan();
  const opts: RunPlanOptions = {
    concurrency: 2,
    execute,
    span,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  };
  return { opts, sleeps, span };
}

/** Returns the outcomes in turn, one per call, repeating the last. */
function sequence(...outcomes: SubtaskOutcome[]) {
  let call = 0;
  return jest.fn(async () => outcomes[Math.min(call++, outcomes.length - 1)]!);
}

describe('per-subtask budget', () => {
  it('aborts a subtask at its own wallSeconds, keeps what it returned, and lets the others run', async () => {
    const signals = new Map<string, AbortSignal>();
    const execute = async (task: Subtask, signal: AbortSignal) => {
      signals.set(task.id, signal);
      if (task.id === 'slow') return untilAborted(signal, ok({ findings: [finding] }));
      await delay(60);
      return ok();
    };
    const { opts, span } = options(execute);
    const started = performance.now();
    const results = await runPlan(
      planOf(toolSubtask('slow', 'eslint', { wallSeconds: 0.02 }), toolSubtask('steady', 'tsc')),
      opts,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.map(({ id, status, reason }) => ({ id, status, reason }))).toEqual([
      { id: 'slow', status: 'timed-out', reason: 'timed out after 0.02s' },
      { id: 'steady', status: 'ok', reason: undefined },
    ]);
    expect(results[0]!.findings).toEqual([finding]);
    expect(results[0]!.durationMs).toBeGreaterThanOrEqual(15);
    expect(signals.get('slow')!.aborted).toBe(true);
    expect(signals.get('slow')!.reason).toEqual(
      expect.objectContaining({ name: 'TimeoutError', message: 'timed out after 0.02s' }),
    );
    expect(signals.get('steady')!.aborted).toBe(false);
    expect(span.events.find((e) => e.kind === 'subtask-finish' && e.name === 'slow')?.attrs).toEqual(
      expect.objectContaining({ status: 'timed-out', reason: 'timed out after 0.02s' }),
    );
  });

  it('settles a subtask that ignores its own time-out after the grace period and frees its slot', async () => {
    const ran: string[] = [];
    const execute = (task: Subtask) => {
      ran.push(task.id);
      return task.id === 'stuck' ? new Promise<SubtaskOutcome>(() => {}) : Promise.resolve(ok());
    };
    const { opts } = options(execute, { concurrency: 1, abortGraceMs: 20 });
    const results = await runPlan(
      planOf(toolSubtask('stuck', 'hang', { wallSeconds: 0.02 }), toolSubtask('next', 'tsc')),
      opts,
    );
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['timed-out', 'timed out after 0.02s; did not stop within 20 ms'],
      ['ok', undefined],
    ]);
    expect(ran).toEqual(['stuck', 'next']);
  });

  it('keeps the earlier cause when the run deadline comes after the subtask budget ran out', async () => {
    const { opts } = options(
      (_task, signal) => untilAborted(signal).then(async (o) => (await delay(40), o)),
      {
        deadlineMs: 30,
      },
    );
    const results = await runPlan(planOf(toolSubtask('a', 'x', { wallSeconds: 0.01 })), opts);
    expect(results[0]).toEqual(
      expect.objectContaining({ status: 'timed-out', reason: 'timed out after 0.01s' }),
    );
  });

  it('clears the budget timer of a subtask that finishes in time', async () => {
    const { created, cleared } = await trackTimers(async () => {
      await runPlan(planOf(toolSubtask('a', 'x', { wallSeconds: 321 })), options(async () => ok()).opts);
    });
    const budget = created.filter(({ delay }) => delay === 321_000);
    expect(budget).toHaveLength(1);
    expect(cleared.has(budget[0]!.handle)).toBe(true);
  });
});

describe('stopping the run', () => {
  it('cancels every subtask not started, dependents of cancelled ones included', async () => {
    const { opts } = options((_task, signal) => untilAborted(signal), { concurrency: 1, deadlineMs: 20 });
    const results = await runPlan(
      planOf(
        toolSubtask('running', 'x'),
        toolSubtask('queued', 'y'),
        toolSubtask('behind', 'y', { dependsOn: ['queued'] }),
        toolSubtask('after', 'y', { dependsOn: ['running'] }),
      ),
      opts,
    );
    expect(results.map((r) => `${r.id} ${r.status}: ${r.reason}`)).toEqual([
      'running timed-out: deadline reached',
      'queued cancelled: deadline reached',
      'behind cancelled: deadline reached',
      'after cancelled: deadline reached',
    ]);
  });
});

describe('retries', () => {
  it('retries a transient failure with exponential backoff and full jitter, tracing each retry', async () => {
    const execute = sequence(
      transient('spawn EAGAIN'),
      transient('spawn EAGAIN'),
      ok({ findings: [finding] }),
    );
    const { opts, sleeps, span } = options(execute);
    const [result] = await runPlan(planOf(toolSubtask('lint', 'eslint')), opts);
    expect(result).toEqual(expect.objectContaining({ status: 'ok', attempts: 3, findings: [finding] }));
    expect(result!.reason).toBeUndefined();
    expect(sleeps).toEqual([250, 500]); // 0.5 × 500, 0.5 × 1000
    expect(span.events.filter((e) => e.kind === 'subtask-retry')).toEqual([
      expect.objectContaining({ name: 'lint', attrs: { attempt: 2, delayMs: 250, reason: 'spawn EAGAIN' } }),
      expect.objectContaining({ name: 'lint', attrs: { attempt: 3, delayMs: 500, reason: 'spawn EAGAIN' } }),
    ]);
    const starts = span.events.filter((e) => e.kind === 'subtask-start' && e.attrs.phase === 'start');
    expect(starts.map((e) => e.attrs.attempt)).toEqual([1, 2, 3]);
    expect(span.events.filter((e) => e.kind === 'subtask-finish')).toEqual([
      expect.objectContaining({ attrs: expect.objectContaining({ status: 'ok', attempts: 3 }) }),
    ]);
  });

  it('gives up after maxRetries and reports the last failure', async () => {
    const execute = sequence(transient('tool crashed (SIGSEGV)'));
    const { opts, sleeps } = options(execute, { maxRetries: 3, retryBaseMs: 100, retryMaxMs: 300 });
    const [result] = await runPlan(planOf(toolSubtask('lint', 'eslint')), opts);
    expect(result).toEqual(
      expect.objectContaining({ status: 'failed', reason: 'tool crashed (SIGSEGV)', attempts: 4 }),
    );
    expect(execute).toHaveBeenCalledTimes(4);
    expect(sleeps).toEqual([50, 100, 150]); // ceilings 100, 200, 300 (capped from 400)
  });

  it('never retries a deterministic failure or a throw', async () => {
    const execute = jest.fn(async (task: Subtask): Promise<SubtaskOutcome> => {
      if (task.id === 'boom') throw new Error('agent bug');
      return failed('3 lint errors');
    });
    const { opts, sleeps, span } = options(execute);
    const results = await runPlan(planOf(toolSubtask('lint', 'eslint'), toolSubtask('boom', 'x')), opts);
    expect(results.map((r) => [r.status, r.reason, r.attempts])).toEqual([
      ['failed', '3 lint errors', undefined],
      ['failed', 'agent bug', undefined],
    ]);
    expect(execute).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([]);
    expect(span.events.some((e) => e.kind === 'subtask-retry')).toBe(false);
  });

  it('does not retry once the run is cancelled, and cuts a backoff short on cancellation', async () => {
    const controller = new AbortController();
    const execute = jest.fn(async () => {
      setTimeout(() => controller.abort(), 10);
      return transient();
    });
    // Real sleeps here: the 0.5 × 60 s backoff must end when the run is cancelled.
    const { opts } = options(execute, { signal: controller.signal, retryBaseMs: 60_000, retryMaxMs: 60_000 });
    delete opts.sleep;
    const started = performance.now();
    const results = await runPlan(
      planOf(toolSubtask('a', 'x'), toolSubtask('b', 'x', { dependsOn: ['a'] })),
      opts,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['cancelled', 'run cancelled'],
      ['cancelled', 'run cancelled'],
    ]);
    expect(execute).toHaveBeenCalledTimes(1);

    const after = jest.fn(async (_task: Subtask, signal: AbortSignal) => {
      await untilAborted(signal);
      return transient();
    });
    const stopped = options(after, { deadlineMs: 20 });
    const [late] = await runPlan(planOf(toolSubtask('a', 'x')), stopped.opts);
    expect(late).toEqual(expect.objectContaining({ status: 'timed-out', reason: 'deadline reached' }));
    expect(after).toHaveBeenCalledTimes(1);
    expect(stopped.sleeps).toEqual([]);
  });

  it('does not start a retry whose backoff would end past the deadline or the subtask budget', async () => {
    // A 0.5 × 30 s = 15 s backoff: past a 10 s run deadline, and past a 5 s subtask budget.
    const slow = { retryBaseMs: 30_000, retryMaxMs: 30_000 };
    const byDeadline = options(sequence(transient(), ok()), { ...slow, deadlineMs: 10_000 });
    const [a] = await runPlan(planOf(toolSubtask('a', 'x')), byDeadline.opts);
    const byBudget = options(sequence(transient(), ok()), slow);
    const [b] = await runPlan(planOf(toolSubtask('b', 'x', { wallSeconds: 5 })), byBudget.opts);
    expect([a!.status, b!.status]).toEqual(['failed', 'failed']);
    expect([...byDeadline.sleeps, ...byBudget.sleeps]).toEqual([]);
    // With room for it, the same backoff is taken.
    const roomy = options(sequence(transient(), ok()), { ...slow, deadlineMs: 20_000 });
    const [c] = await runPlan(planOf(toolSubtask('c', 'x', { wallSeconds: 16 })), roomy.opts);
    expect([c!.status, roomy.sleeps]).toEqual(['ok', [15_000]]);
  });

  it('keeps the concurrency slot during backoff', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const calls = new Map<string, number>();
    const execute = async (task: Subtask) => {
      const n = (calls.get(task.id) ?? 0) + 1;
      calls.set(task.id, n);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await delay(2);
      inFlight--;
      return task.id === 'flaky' && n === 1 ? transient() : ok();
    };
    let sleeping = 0;
    const { opts } = options(execute, {
      concurrency: 1,
      sleep: async () => {
        sleeping++;
        // While this subtask waits, nothing else may start: the slot is still taken.
        expect(inFlight).toBe(0);
        await delay(10);
        expect(calls.get('other')).toBeUndefined();
      },
    });
    const results = await runPlan(planOf(toolSubtask('flaky', 'x'), toolSubtask('other', 'y')), opts);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(sleeping).toBe(1);
    expect(maxInFlight).toBe(1);
  });
});
