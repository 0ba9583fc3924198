// When a failed attempt is tried again, and after how long: exponential backoff with full jitter,
// for transient failures only. Pure functions; the attempt loop lives in subtask-run.ts.
import type { SubtaskOutcome } from './types.js';

export interface RetryPolicy {
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/**
 * True for a failure the outcome itself marks as transient. A deterministic failure (no mark), a
 * throw, a time-out or any other status is never retried: running it again would fail the same way.
 */
export function isTransientFailure(outcome: SubtaskOutcome | undefined): boolean {
  return outcome?.status === 'failed' && outcome.transient === true;
}

/**
 * Delay in whole ms before retry `retry` (0 for the first): uniform over 0..min(max, base · 2^retry)
 * ("full jitter"), so subtasks failing together do not retry in lockstep.
 */
export function backoffDelay(retry: number, policy: Omit<RetryPolicy, 'maxRetries'>): number {
  const ceiling = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, retry));
  const draw = policy.random();
  // A broken random source must not turn into NaN timers or negative delays.
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0.5;
  return Math.min(ceiling, Math.floor(unit * (ceiling + 1)));
}

/**
 * The delay before the next attempt, or undefined when there is none: the failure is not transient,
 * retries are used up, or the wait would end past `latestStart` (the subtask's budget or the run's
 * deadline, whichever is first).
 */
export function nextRetryDelay(
  outcome: SubtaskOutcome | undefined,
  attemptsSoFar: number,
  policy: RetryPolicy,
  now: number,
  latestStart: number,
): number | undefined {
  if (!isTransientFailure(outcome)) return undefined;
  const retry = attemptsSoFar - 1;
  if (retry >= policy.maxRetries) return undefined;
  const delay = backoffDelay(retry, policy);
  return now + delay < latestStart ? delay : undefined;
}
