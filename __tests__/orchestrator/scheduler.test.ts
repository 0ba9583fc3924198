import { getEventListeners } from 'node:events';
import { describe, it, expect, jest } from '@jest/globals';
import fc from 'fast-check';
import { runPlan, type RunPlanOptions, type SubtaskOutcome } from '../../src/orchestrator/scheduler.js';
import type { SubtaskStatus } from '../../src/orchestrator/types.js';
import type { Finding } from '../../src/findings/types.js';
import type { Plan, Subtask } from '../../src/plan/types.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { trackTimers } from '../../__fixtures__/timers.js';

function subtask(id: string, dependsOn: string[] = []): Subtask {
  return {
    id,
    kind: 'analyze',
    agent: 'analyzer',
    task: { type: 'builtin', name: 'secrets', largeFileBytes: 1024 * 1024 },
    files: ['a.ts'],
    dependsOn,
    budget: { wallSeconds: 60 },
  };
}

function plan(...subtasks: Subtask[]): Plan {
  return { version: 1, subtasks };
}

const ok = (extra: Partial<SubtaskOutcome> = {}): SubtaskOutcome => ({
  status: 'ok',
  findings: [],
  suggestions: [],
  ...extra,
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with `outcome` once the signal aborts (a well-behaved long-running subtask). */
function untilAborted(signal: AbortSignal, outcome: SubtaskOutcome = ok()): Promise<SubtaskOutcome> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(outcome), { once: true }));
}

function options(execute: RunPlanOptions['execute'], extra: Partial<RunPlanOptions> = {}): RunPlanOptions {
  return { concurrency: 2, execute, span: createRecordingSpan(), ...extra };
}

const statusesOf = (results: Array<{ id: string; status: SubtaskStatus; reason?: string }>) =>
  results.map(({ id, status, reason }) => ({ id, status, reason }));

describe('runPlan', () => {
  it('returns plan order, honours dependencies and concurrency under random completion orders', async () => {
    type Behaviour = 'ok' | 'failed' | 'throws';
    const scenario = fc.integer({ min: 1, max: 7 }).chain((n) => {
      const indices = Array.from({ length: n }, (_, i) => i);
      return fc.record({
        // Dependencies only on lower numbers keeps the graph acyclic; `order` then shuffles the plan.
        deps: fc.tuple(...indices.map((i) => fc.subarray(indices.slice(0, i)))),
        delays: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        behaviours: fc.array(fc.constantFrom<Behaviour>('ok', 'ok', 'ok', 'failed', 'throws'), {
          minLength: n,
          maxLength: n,
        }),
        order: fc.shuffledSubarray(indices, { minLength: n, maxLength: n }),
        concurrency: fc.integer({ min: 1, max: 4 }),
      });
    });

    await fc.assert(
      fc.asyncProperty(scenario, async ({ deps, delays, behaviours, order, concurrency }) => {
        const id = (i: number) => `t${i}`;
        const subtasks = order.map((i) => subtask(id(i), deps[i]!.map(id)));
        const finishedAt = new Map<string, number>();
        const startedAt = new Map<string, number>();
        let tick = 0;
        let inFlight = 0;
        let maxInFlight = 0;

        const results = await runPlan(plan(...subtasks), {
          concurrency,
          span: createRecordingSpan(),
          // All subtasks share one tool here; the breaker has its own tests (breaker.test.ts).
          breakerThreshold: Infinity,
          execute: async (task) => {
            const i = Number(task.id.slice(1));
            expect(startedAt.has(task.id)).toBe(false);
            startedAt.set(task.id, tick++);
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await sleep(delays[i]!);
            inFlight--;
            finishedAt.set(task.id, tick++);
            if (behaviours[i] === 'throws') throw new Error(`boom ${task.id}`);
            return behaviours[i] === 'failed' ? { ...ok(), status: 'failed', reason: 'exit 1' } : ok();
          },
        });

        // Reference model, in dependency order (lower numbers first). A subtask is skipped as soon as
        // any dependency ends non-ok, so with several such dependencies the reason may name any one.
        const expected = new Map<string, { status: SubtaskStatus; reason?: string | string[] }>();
        for (let i = 0; i < deps.length; i++) {
          const blockers = deps[i]!.filter((d) => expected.get(id(d))!.status !== 'ok');
          if (blockers.length > 0) {
            const reasons = blockers.map((d) => `dependency ${id(d)} ${expected.get(id(d))!.status}`);
            expected.set(id(i), { status: 'skipped', reason: reasons });
          } else if (behaviours[i] === 'ok') expected.set(id(i), { status: 'ok' });
          else if (behaviours[i] === 'failed') expected.set(id(i), { status: 'failed', reason: 'exit 1' });
          else expected.set(id(i), { status: 'failed', reason: `boom ${id(i)}` });
        }

        expect(results.map((r) => r.id)).toEqual(subtasks.map((s) => s.id));
        for (const result of results) {
          const { status, reason } = expected.get(result.id)!;
          expect(result.status).toBe(status);
          if (Array.isArray(reason)) expect(reason).toContain(result.reason);
          else expect(result.reason).toBe(reason);
          expect(startedAt.has(result.id)).toBe(status !== 'skipped');
        }
        expect(maxInFlight).toBeLessThanOrEqual(concurrency);
        for (const task of subtasks) {
          if (!startedAt.has(task.id)) continue;
          for (const dep of task.dependsOn)
            expect(finishedAt.get(dep)!).toBeLessThan(startedAt.get(task.id)!);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('keeps exactly `concurrency` subtasks in flight when enough are ready', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const execute = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await sleep(15);
      inFlight--;
      return ok();
    };
    const tasks = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => subtask(id));
    await runPlan(plan(...tasks), options(execute, { concurrency: 3 }));
    expect(maxInFlight).toBe(3);
  });

  it('treats a concurrency below 1 as 1', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const execute = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await sleep(5);
      inFlight--;
      return ok();
    };
    const results = await runPlan(
      plan(subtask('a'), subtask('b'), subtask('c')),
      options(execute, { concurrency: 0 }),
    );
    expect(maxInFlight).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('adds id and durationMs (from the injected clock) and keeps what execute returned', async () => {
    let clock = 1000;
    const finding: Finding = {
      rule: 'secret',
      severity: 'error',
      message: 'token in diff',
      path: 'a.ts',
      line: 3,
      source: 'secrets',
      fingerprint: 'f1',
    };
    const execute = async () => {
      clock += 25;
      return ok({ findings: [finding], reason: 'fine' });
    };
    const results = await runPlan(plan(subtask('analyze:secrets')), options(execute, { now: () => clock }));
    expect(results).toEqual([
      {
        id: 'analyze:secrets',
        status: 'ok',
        findings: [finding],
        suggestions: [],
        reason: 'fine',
        durationMs: 25,
      },
    ]);
  });

  it('skips dependents of a failed subtask, transitively, without running them', async () => {
    const ran: string[] = [];
    const execute = async (task: Subtask) => {
      ran.push(task.id);
      return task.id === 'a' ? { ...ok(), status: 'failed' as const, reason: 'exit 2' } : ok();
    };
    const span = createRecordingSpan();
    const results = await runPlan(
      plan(subtask('a'), subtask('b', ['a']), subtask('c', ['b']), subtask('d')),
      options(execute, { span }),
    );
    expect(statusesOf(results)).toEqual([
      { id: 'a', status: 'failed', reason: 'exit 2' },
      { id: 'b', status: 'skipped', reason: 'dependency a failed' },
      { id: 'c', status: 'skipped', reason: 'dependency b skipped' },
      { id: 'd', status: 'ok', reason: undefined },
    ]);
    expect(ran.sort()).toEqual(['a', 'd']);
    expect(span.events.filter((e) => e.kind === 'subtask-skip')).toEqual([
      expect.objectContaining({
        name: 'b',
        attrs: { status: 'skipped', durationMs: 0, reason: 'dependency a failed' },
      }),
      expect.objectContaining({
        name: 'c',
        attrs: { status: 'skipped', durationMs: 0, reason: 'dependency b skipped' },
      }),
    ]);
  });

  it('runs an `after` subtask once those end, however they end, and still skips on a failed dependsOn', async () => {
    const finished: string[] = [];
    const started = new Map<string, string[]>();
    const execute = async (task: Subtask) => {
      started.set(task.id, [...finished]);
      await sleep(task.id === 'slow' ? 20 : 0);
      finished.push(task.id);
      return task.id === 'broken' ? { ...ok(), status: 'failed' as const, reason: 'exit 1' } : ok();
    };
    const results = await runPlan(
      plan(
        { ...subtask('validate', ['tests']), after: ['slow', 'broken'] },
        subtask('slow'),
        subtask('broken'),
        subtask('tests'),
        { ...subtask('needs-failed', []), after: ['validate'], dependsOn: ['broken'] },
      ),
      options(execute, { concurrency: 4 }),
    );
    expect(statusesOf(results)).toEqual([
      { id: 'validate', status: 'ok', reason: undefined },
      { id: 'slow', status: 'ok', reason: undefined },
      { id: 'broken', status: 'failed', reason: 'exit 1' },
      { id: 'tests', status: 'ok', reason: undefined },
      { id: 'needs-failed', status: 'skipped', reason: 'dependency broken failed' },
    ]);
    expect(started.get('validate')).toEqual(expect.arrayContaining(['slow', 'broken', 'tests']));
  });

  it('skips an `after` subtask whose dependsOn failed, and one waiting on a missing `after`', async () => {
    const execute = async (task: Subtask) =>
      task.id === 'tests' ? { ...ok(), status: 'failed' as const, reason: 'exit 1' } : ok();
    const results = await runPlan(
      plan({ ...subtask('validate', ['tests']), after: ['fix'] }, subtask('fix'), subtask('tests'), {
        ...subtask('orphan'),
        after: ['nowhere'],
      }),
      options(execute),
    );
    expect(statusesOf(results)).toEqual([
      { id: 'validate', status: 'skipped', reason: 'dependency tests failed' },
      { id: 'fix', status: 'ok', reason: undefined },
      { id: 'tests', status: 'failed', reason: 'exit 1' },
      { id: 'orphan', status: 'skipped', reason: 'dependency nowhere missing' },
    ]);
  });

  it('turns a throwing execute into a failed result with the error message', async () => {
    const execute = async (task: Subtask): Promise<SubtaskOutcome> => {
      if (task.id === 'a') throw new Error('agent crashed');
      if (task.id === 'b') throw 'plain string';
      return ok();
    };
    const results = await runPlan(plan(subtask('a'), subtask('b'), subtask('c', ['a'])), options(execute));
    expect(statusesOf(results)).toEqual([
      { id: 'a', status: 'failed', reason: 'agent crashed' },
      { id: 'b', status: 'failed', reason: 'plain string' },
      { id: 'c', status: 'skipped', reason: 'dependency a failed' },
    ]);
    expect(results[0]!.findings).toEqual([]);
  });

  it('runs a subtask listed before its dependency once the dependency is done', async () => {
    const order: string[] = [];
    const execute = async (task: Subtask) => {
      order.push(task.id);
      return ok();
    };
    const results = await runPlan(plan(subtask('late', ['early']), subtask('early')), options(execute));
    expect(order).toEqual(['early', 'late']);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['late', 'ok'],
      ['early', 'ok'],
    ]);
  });

  it('at the deadline aborts running subtasks (timed-out) and cancels the ones not started', async () => {
    const seen = new Map<string, AbortSignal>();
    const execute = async (task: Subtask, signal: AbortSignal) => {
      seen.set(task.id, signal);
      if (task.id === 'quick') return ok();
      return untilAborted(signal, ok({ findings: [] }));
    };
    const span = createRecordingSpan();
    const started = performance.now();
    const results = await runPlan(
      plan(subtask('quick'), subtask('slow'), subtask('next'), subtask('after', ['slow'])),
      options(execute, { concurrency: 2, deadlineMs: 60, span }),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(statusesOf(results)).toEqual([
      { id: 'quick', status: 'ok', reason: undefined },
      { id: 'slow', status: 'timed-out', reason: 'deadline reached' },
      { id: 'next', status: 'timed-out', reason: 'deadline reached' },
      { id: 'after', status: 'cancelled', reason: 'deadline reached' },
    ]);
    // Each subtask has its own signal: the deadline aborts the running ones, not the finished one.
    expect([...seen].map(([id, signal]) => [id, signal.aborted])).toEqual([
      ['quick', false],
      ['slow', true],
      ['next', true],
    ]);
    expect(results[1]!.durationMs).toBeGreaterThanOrEqual(50);
    expect(span.events.filter((e) => e.kind === 'subtask-skip').map((e) => e.name)).toEqual(['after']);
  });

  it('on external abort cancels running and pending subtasks and detaches from the signal', async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    const execute = async (task: Subtask, signal: AbortSignal) => {
      ran.push(task.id);
      if (task.id === 'a') setTimeout(() => controller.abort(), 10);
      return untilAborted(signal);
    };
    const results = await runPlan(
      plan(subtask('a'), subtask('b')),
      options(execute, { concurrency: 1, signal: controller.signal }),
    );
    expect(statusesOf(results)).toEqual([
      { id: 'a', status: 'cancelled', reason: 'run cancelled' },
      { id: 'b', status: 'cancelled', reason: 'run cancelled' },
    ]);
    expect(ran).toEqual(['a']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const execute = jest.fn(async () => ok());
    const results = await runPlan(
      plan(subtask('a'), subtask('b')),
      options(execute, { signal: AbortSignal.abort() }),
    );
    expect(execute).not.toHaveBeenCalled();
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['cancelled', 'run cancelled'],
      ['cancelled', 'run cancelled'],
    ]);
  });

  it('stops waiting for a subtask that ignores the abort after the grace period', async () => {
    const execute = () => new Promise<SubtaskOutcome>(() => {}); // never settles
    const started = performance.now();
    const results = await runPlan(
      plan(subtask('stuck')),
      options(execute, { deadlineMs: 20, abortGraceMs: 30 }),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(statusesOf(results)).toEqual([
      { id: 'stuck', status: 'timed-out', reason: 'deadline reached; did not stop within 30 ms' },
    ]);
  });

  it('wraps each execution in a child span named after the subtask and records its finish', async () => {
    const span = createRecordingSpan();
    const childIds: string[] = [];
    const execute = async (task: Subtask, _signal: AbortSignal, child: { spanId: string }) => {
      childIds.push(child.spanId);
      return task.id === 'b' ? { ...ok(), status: 'failed' as const, reason: 'lint errors' } : ok();
    };
    await runPlan(plan(subtask('a'), subtask('b')), options(execute, { span, concurrency: 1, now: () => 0 }));
    expect(span.events).toEqual([
      {
        kind: 'subtask-start',
        name: 'a',
        attrs: expect.objectContaining({ phase: 'start' }),
        spanId: childIds[0],
        parentId: 's0',
      },
      { kind: 'subtask-start', name: 'a', attrs: { phase: 'end' }, spanId: childIds[0], parentId: 's0' },
      { kind: 'subtask-finish', name: 'a', attrs: { status: 'ok', durationMs: 0 }, spanId: 's0' },
      {
        kind: 'subtask-start',
        name: 'b',
        attrs: expect.objectContaining({ phase: 'start' }),
        spanId: childIds[1],
        parentId: 's0',
      },
      { kind: 'subtask-start', name: 'b', attrs: { phase: 'end' }, spanId: childIds[1], parentId: 's0' },
      {
        kind: 'subtask-finish',
        name: 'b',
        attrs: { status: 'failed', durationMs: 0, reason: 'lint errors' },
        spanId: 's0',
      },
    ]);
    expect(childIds[0]).not.toBe(childIds[1]);
  });

  it('skips subtasks of an unchecked plan instead of hanging: missing dependency, duplicate id, cycle', async () => {
    const execute = jest.fn(async () => ok());
    const results = await runPlan(
      plan(
        subtask('orphan', ['nowhere']),
        subtask('x', ['y']),
        subtask('y', ['x']),
        subtask('z', ['x']),
        subtask('fine'),
        subtask('fine'),
      ),
      options(execute),
    );
    expect(statusesOf(results)).toEqual([
      { id: 'orphan', status: 'skipped', reason: 'dependency nowhere missing' },
      { id: 'x', status: 'skipped', reason: 'dependency cycle' },
      { id: 'y', status: 'skipped', reason: 'dependency cycle' },
      { id: 'z', status: 'skipped', reason: 'dependency cycle' }, // waits on the cycle, so it is caught with it
      { id: 'fine', status: 'ok', reason: undefined },
      { id: 'fine', status: 'skipped', reason: 'duplicate subtask id fine' },
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('resolves an empty plan with no results', async () => {
    await expect(
      runPlan(
        plan(),
        options(async () => ok()),
      ),
    ).resolves.toEqual([]);
  });

  it('clears the deadline timer when the plan finishes first', async () => {
    const { created, cleared } = await trackTimers(async () => {
      await runPlan(
        plan(subtask('a')),
        options(async () => ok(), { deadlineMs: 123_456 }),
      );
    });
    const deadline = created.filter(({ delay }) => delay === 123_456);
    expect(deadline).toHaveLength(1);
    expect(cleared.has(deadline[0]!.handle)).toBe(true);
  });
});
