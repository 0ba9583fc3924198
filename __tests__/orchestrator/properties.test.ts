import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { runPlan } from '../../src/orchestrator/scheduler.js';
import type { SubtaskOutcome } from '../../src/orchestrator/types.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { delay, failed, ok, planOf, toolSubtask, transient } from './plan-fixtures.js';

type Behaviour =
  { kind: 'ok' } | { kind: 'failed' } | { kind: 'throws' } | { kind: 'flaky'; failures: number };

const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'ok' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'failed' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'throws' as const }) },
  // Transient failures, then ok; 9 means "always transient" with the retry limits drawn below.
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('flaky' as const), failures: fc.constantFrom(1, 2, 9) }),
  },
);

const scenarioArb = fc.integer({ min: 1, max: 12 }).chain((n) => {
  const indices = Array.from({ length: n }, (_, i) => i);
  return fc.record({
    deps: fc.tuple(...indices.map((i) => fc.subarray(indices.slice(0, i), { maxLength: Math.min(2, i) }))),
    tools: fc.array(fc.constantFrom('eslint', 'tsc'), { minLength: n, maxLength: n }),
    behaviours: fc.array(behaviourArb, { minLength: n, maxLength: n }),
    delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    order: fc.shuffledSubarray(indices, { minLength: n, maxLength: n }),
    concurrency: fc.integer({ min: 1, max: 4 }),
    maxRetries: fc.integer({ min: 0, max: 2 }),
    breakerThreshold: fc.integer({ min: 1, max: 3 }),
    // 0: half-open at once, so probes happen all the time; huge: the breaker stays open.
    breakerCooldownMs: fc.constantFrom(0, 1e9),
  });
});

describe('runPlan properties', () => {
  it('keeps order, dependencies, retry rules and one probe per half-open tool under random runs', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const id = (i: number) => `t${i}`;
        const subtasks = s.order.map((i) =>
          toolSubtask(id(i), s.tools[i]!, { dependsOn: s.deps[i]!.map(id) }),
        );
        const span = createRecordingSpan();
        const calls = new Map<string, number>();
        const done = new Set<string>();
        // Subtasks let through while their tool's breaker was half-open, by tool.
        const probes = new Map<string, Set<string>>();
        // Checked inside execute(), where a throw would only turn into a 'failed' result.
        const violations: string[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const lastTransition = (tool: string) =>
          span.events.filter((e) => e.kind === 'breaker' && e.name === tool).at(-1)?.attrs.transition;
        const finished = (taskId: string) =>
          span.events.some((e) => e.kind === 'subtask-finish' && e.name === taskId);

        const results = await runPlan(planOf(...subtasks), {
          concurrency: s.concurrency,
          span,
          maxRetries: s.maxRetries,
          breakerThreshold: s.breakerThreshold,
          breakerCooldownMs: s.breakerCooldownMs,
          sleep: async () => {},
          execute: async (task): Promise<SubtaskOutcome> => {
            const i = Number(task.id.slice(1));
            const call = (calls.get(task.id) ?? 0) + 1;
            calls.set(task.id, call);
            for (const dep of task.dependsOn) {
              if (!done.has(dep)) violations.push(`${task.id} started before ${dep} was done`);
            }
            const tool = task.task.name;
            // A retry is not a new admission: only first attempts can be probes.
            if (call === 1 && lastTransition(tool) === 'half-open') {
              const inProbe = [...(probes.get(tool) ?? [])].filter((other) => !finished(other));
              if (inProbe.length > 0) violations.push(`${task.id} probed ${tool} while ${inProbe} did`);
              probes.set(tool, new Set([...inProbe, task.id]));
            }
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await delay(s.delays[i]!);
            inFlight--;
            const behaviour = s.behaviours[i]!;
            if (behaviour.kind === 'throws') throw new Error('boom');
            if (behaviour.kind === 'failed') return failed();
            if (behaviour.kind === 'flaky' && call <= behaviour.failures) return transient();
            done.add(task.id);
            return ok();
          },
        });

        expect(violations).toEqual([]);
        expect(results.map((r) => r.id)).toEqual(subtasks.map((t) => t.id));
        expect(maxInFlight).toBeLessThanOrEqual(s.concurrency);
        const byId = new Map(results.map((r) => [r.id, r]));
        for (const result of results) {
          const i = Number(result.id.slice(1));
          const behaviour = s.behaviours[i]!;
          const n = calls.get(result.id) ?? 0;
          if (result.status === 'skipped') {
            expect(n).toBe(0);
            const circuit = `circuit-open: ${s.tools[i]} failed `;
            const blockers = s.deps[i]!.map((d) => `dependency ${id(d)} ${byId.get(id(d))!.status}`);
            if (result.reason!.startsWith(circuit)) {
              const failures = Number(result.reason!.slice(circuit.length).split(' ')[0]);
              expect(failures).toBeGreaterThanOrEqual(s.breakerThreshold);
            } else expect(blockers).toContain(result.reason);
            continue;
          }
          expect(n).toBeGreaterThan(0);
          expect(result.attempts ?? 1).toBe(n);
          // A deterministic failure (or a throw) is never retried.
          if (behaviour.kind === 'failed' || behaviour.kind === 'throws') {
            expect([result.status, n]).toEqual(['failed', 1]);
          } else if (behaviour.kind === 'ok') expect([result.status, n]).toEqual(['ok', 1]);
          else if (behaviour.failures <= s.maxRetries) {
            expect([result.status, n]).toEqual(['ok', behaviour.failures + 1]);
          } else expect([result.status, n]).toEqual(['failed', s.maxRetries + 1]);
        }
        // Breaker transitions form a valid chain per tool; circuit-open skips only happen while open.
        const state = new Map<string, string>();
        const next: Record<string, string[]> = {
          closed: ['open'],
          open: ['half-open'],
          'half-open': ['closed', 'open'],
        };
        for (const event of span.events) {
          if (event.kind === 'breaker') {
            expect(next[state.get(event.name) ?? 'closed']).toContain(event.attrs.transition);
            state.set(event.name, String(event.attrs.transition));
          } else if (
            event.kind === 'subtask-skip' &&
            String(event.attrs.reason).startsWith('circuit-open: ')
          ) {
            const tool = String(event.attrs.reason).split(' ')[1]!;
            expect(state.get(tool)).toBe('open');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
