import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isTransientFailure, nextRetryDelay } from '../../src/orchestrator/retry.js';
import { backoffDelay } from '../../src/util/backoff.js';
import type { SubtaskOutcome } from '../../src/orchestrator/types.js';
import type { Finding, Suggestion } from '../../src/findings/types.js';
import { failed, ok, transient } from './plan-fixtures.js';

const policy = (random: () => number, extra = {}) => ({
  maxRetries: 2,
  retryBaseMs: 500,
  retryMaxMs: 10_000,
  random,
  ...extra,
});

describe('backoffDelay', () => {
  it('doubles the ceiling with each retry and draws uniformly below it (full jitter)', () => {
    expect(
      [0, 1, 2, 3].map((retry) =>
        backoffDelay(
          retry,
          policy(() => 0.999999),
        ),
      ),
    ).toEqual([500, 1000, 2000, 4000]);
    expect(
      [0, 1, 2].map((retry) =>
        backoffDelay(
          retry,
          policy(() => 0.5),
        ),
      ),
    ).toEqual([250, 500, 1000]);
    expect(
      backoffDelay(
        5,
        policy(() => 0),
      ),
    ).toBe(0);
  });

  it('stays within 0..min(retryMaxMs, base · 2^retry) whatever the random source returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true }), fc.constantFrom(NaN, -1, 2, Infinity)),
        (retry, retryBaseMs, retryMaxMs, draw) => {
          const delay = backoffDelay(retry, { retryBaseMs, retryMaxMs, random: () => draw });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(retryMaxMs, retryBaseMs * 2 ** retry));
        },
      ),
    );
  });
});

describe('nextRetryDelay', () => {
  it('retries only failures marked transient, and at most maxRetries times', () => {
    const half = policy(() => 0.5);
    expect(nextRetryDelay(transient(), 1, half, 0, Infinity)).toBe(250);
    expect(nextRetryDelay(transient(), 2, half, 0, Infinity)).toBe(500);
    expect(nextRetryDelay(transient(), 3, half, 0, Infinity)).toBeUndefined();
    expect(
      nextRetryDelay(
        transient(),
        1,
        policy(() => 0.5, { maxRetries: 0 }),
        0,
        Infinity,
      ),
    ).toBeUndefined();
  });

  it('does not retry when the wait would end past the subtask budget or the run deadline', () => {
    const half = policy(() => 0.5);
    expect(nextRetryDelay(transient(), 1, half, 1000, 1250)).toBeUndefined();
    expect(nextRetryDelay(transient(), 1, half, 1000, 1251)).toBe(250);
  });

  it('never retries a deterministic failure, whatever else the outcome says', () => {
    const outcomeArb: fc.Arbitrary<SubtaskOutcome | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.record({
        status: fc.constantFrom('ok', 'failed', 'skipped', 'timed-out', 'cancelled'),
        findings: fc.constant<Finding[]>([]),
        suggestions: fc.constant<Suggestion[]>([]),
        reason: fc.option(fc.string(), { nil: undefined }),
        transient: fc.option(fc.boolean(), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(outcomeArb, fc.integer({ min: 1, max: 5 }), (outcome, attempts) => {
        const delay = nextRetryDelay(outcome, attempts, policy(Math.random), 0, Infinity);
        const retryable = outcome?.status === 'failed' && outcome.transient === true && attempts <= 2;
        expect(delay !== undefined).toBe(retryable);
      }),
    );
    expect(isTransientFailure(failed())).toBe(false);
    expect(isTransientFailure({ ...ok(), transient: true })).toBe(false);
    expect(isTransientFailure({ ...ok(), status: 'timed-out', transient: true })).toBe(false);
  });
});
