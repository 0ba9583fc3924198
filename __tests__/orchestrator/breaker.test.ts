import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BreakerBoard, verdictOf } from '../../src/orchestrator/breaker.js';
import { CircuitBreaker, type Verdict } from '../../src/util/circuit-breaker.js';
import type { BreakerTransition } from '../../src/orchestrator/types.js';
import { manualClock } from './plan-fixtures.js';

function breaker(threshold = 3, cooldownMs = 1000) {
  const clock = manualClock();
  const transitions: Array<[BreakerTransition, number]> = [];
  const cb = new CircuitBreaker({
    threshold,
    cooldownMs,
    now: clock.now,
    onTransition: (to, failures) => transitions.push([to, failures]),
  });
  return { cb, clock, transitions };
}

describe('CircuitBreaker', () => {
  it('opens after `threshold` consecutive failures and rejects until the cool-down is over', () => {
    const { cb, clock, transitions } = breaker(3, 1000);
    cb.record('failure', false);
    cb.record('failure', false);
    expect(cb.admit()).toBe('run');
    cb.record('failure', false);
    expect(cb.state).toBe('open');
    expect(transitions).toEqual([['open', 3]]);
    expect(cb.admit()).toBe('reject');
    clock.advance(999);
    expect(cb.admit()).toBe('reject');
    clock.advance(1);
    expect(cb.admit()).toBe('probe');
    expect(transitions).toEqual([
      ['open', 3],
      ['half-open', 3],
    ]);
  });

  it('counts only consecutive failures: a success resets the count, neutral results change nothing', () => {
    const { cb } = breaker(2);
    cb.record('failure', false);
    cb.record('neutral', false);
    cb.record('success', false);
    cb.record('failure', false);
    cb.record('neutral', false);
    expect(cb.state).toBe('closed');
    cb.record('failure', false);
    expect(cb.state).toBe('open');
  });

  it('lets exactly one probe through while half-open; the others wait for its verdict', () => {
    const { cb, clock } = breaker(1, 10);
    cb.record('failure', false);
    clock.advance(10);
    expect(cb.admit()).toBe('probe');
    expect(cb.admit()).toBe('wait');
    expect(cb.admit()).toBe('wait');
    cb.record('success', true);
    expect(cb.state).toBe('closed');
    expect(cb.admit()).toBe('run');
  });

  it('reopens when the probe fails, with a fresh cool-down and one more failure counted', () => {
    const { cb, clock, transitions } = breaker(2, 10);
    cb.record('failure', false);
    cb.record('failure', false);
    clock.advance(50);
    expect(cb.admit()).toBe('probe');
    clock.advance(5);
    cb.record('failure', true);
    expect(cb.state).toBe('open');
    expect(cb.consecutiveFailures).toBe(3);
    clock.advance(9);
    expect(cb.admit()).toBe('reject');
    clock.advance(1);
    expect(cb.admit()).toBe('probe');
    expect(transitions.map(([to]) => to)).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('frees the probe slot when the probe ends neither ok nor failed (skipped, cancelled)', () => {
    const { cb, clock } = breaker(1, 0);
    cb.record('failure', false);
    clock.advance(1);
    expect(cb.admit()).toBe('probe');
    cb.record('neutral', true);
    expect(cb.state).toBe('half-open');
    expect(cb.admit()).toBe('probe');
  });

  it('ignores results of subtasks started before it opened', () => {
    const { cb, clock } = breaker(1, 10);
    cb.record('failure', false);
    cb.record('success', false); // started while closed, finished after the breaker opened
    expect(cb.state).toBe('open');
    clock.advance(10);
    expect(cb.admit()).toBe('probe');
    cb.record('success', false);
    cb.record('failure', false);
    expect(cb.state).toBe('half-open');
  });

  it('never opens with an infinite threshold', () => {
    const { cb } = breaker(Infinity);
    for (let i = 0; i < 100; i++) cb.record('failure', false);
    expect(cb.admit()).toBe('run');
  });

  it('classifies final statuses: malfunctions and time-outs trip it, ok resets it, the rest are neutral', () => {
    const statuses = ['ok', 'failed', 'timed-out', 'skipped', 'cancelled'] as const;
    expect(statuses.map((status) => verdictOf(status, true))).toEqual([
      'success',
      'failure',
      'failure',
      'neutral',
      'neutral',
    ]);
    // A tool that ran and said no (failing tests) is healthy: neutral.
    expect(verdictOf('failed', false)).toBe('neutral');
  });

  it('keeps its invariants under any sequence of admissions, results and clock moves', () => {
    type Op =
      | { op: 'admit' }
      | { op: 'advance'; ms: number }
      | { op: 'finish'; pick: number; verdict: Verdict }
      | { op: 'late'; verdict: Verdict };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ op: 'admit' as const }),
      fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
      fc.record({
        op: fc.constant('finish' as const),
        pick: fc.nat(),
        verdict: fc.constantFrom<Verdict>('success', 'failure', 'failure', 'neutral'),
      }),
      // A result from a subtask started long ago (before the current state).
      fc.record({
        op: fc.constant('late' as const),
        verdict: fc.constantFrom<Verdict>('success', 'failure'),
      }),
    );

    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(opArb, { maxLength: 80 }),
        (threshold, cooldownMs, ops) => {
          const clock = manualClock();
          const transitions: BreakerTransition[] = [];
          const cb = new CircuitBreaker({
            threshold,
            cooldownMs,
            now: clock.now,
            onTransition: (to) => transitions.push(to),
          });
          const inFlight: Array<{ probe: boolean }> = [];
          let closedFailures = 0;
          let openedAt = 0;
          for (const step of ops) {
            const before = cb.state;
            if (step.op === 'advance') clock.advance(step.ms);
            else if (step.op === 'admit') {
              const probesBefore = inFlight.filter((f) => f.probe).length;
              const admission = cb.admit();
              if (before === 'closed') expect(admission).toBe('run');
              if (before === 'open' && clock.now() - openedAt < cooldownMs) expect(admission).toBe('reject');
              if (admission === 'probe') expect(probesBefore).toBe(0);
              if (admission === 'wait') expect(probesBefore).toBe(1);
              if (admission === 'run' || admission === 'probe')
                inFlight.push({ probe: admission === 'probe' });
            } else {
              let probe = false;
              if (step.op === 'finish' && inFlight.length > 0) {
                probe = inFlight.splice(step.pick % inFlight.length, 1)[0]!.probe;
              }
              cb.record(step.verdict, probe);
              if (probe && step.verdict === 'success') expect(cb.state).toBe('closed');
              if (probe && step.verdict === 'failure') expect(cb.state).toBe('open');
              if (!probe && before === 'closed') {
                closedFailures =
                  step.verdict === 'failure'
                    ? closedFailures + 1
                    : step.verdict === 'success'
                      ? 0
                      : closedFailures;
                expect(cb.state).toBe(closedFailures >= threshold ? 'open' : 'closed');
              }
              if (!probe && before !== 'closed') expect(cb.state).toBe(before);
            }
            if (cb.state === 'closed') closedFailures = before === 'closed' ? closedFailures : 0;
            if (cb.state === 'open' && before !== 'open') openedAt = clock.now();
            // Never more than one probe in flight.
            expect(inFlight.filter((f) => f.probe).length).toBeLessThanOrEqual(1);
          }
          // Transitions form a valid chain from closed.
          let state = 'closed';
          for (const to of transitions) {
            const allowed: Record<string, string[]> = {
              closed: ['open'],
              open: ['half-open'],
              'half-open': ['closed', 'open'],
            };
            expect(allowed[state]).toContain(to);
            state = to;
          }
          expect(state).toBe(cb.state);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('BreakerBoard', () => {
  it('keeps one breaker per tool and names the tool and the failure count in the skip reason', () => {
    const clock = manualClock();
    const events: string[] = [];
    const board = new BreakerBoard({
      threshold: 2,
      cooldownMs: 100,
      now: clock.now,
      onTransition: (tool, to, failures) => events.push(`${tool}:${to}:${failures}`),
    });
    expect(board.admit('eslint')).toBe('run');
    expect(board.admit('tsc')).toBe('run');
    board.record('eslint', 'failure', false);
    board.record('eslint', 'failure', false);
    expect(board.admit('eslint')).toBe('reject');
    expect(board.admit('tsc')).toBe('run');
    expect(board.rejection('eslint')).toBe('circuit-open: eslint failed 2 times in a row');
    expect(events).toEqual(['eslint:open:2']);
  });
});
