// When a failed attempt is tried again, and after how long: exponential backoff with full jitter
// (util/backoff.ts), for transient failures only. Pure functions; the attempt loop lives in subtask-run.ts.
import { backoffDelay, type BackoffPolicy } from '../util/backoff.js';
import type { SubtaskOutcome } from './types.js';

export interface RetryPolicy extends BackoffPolicy {
  maxRetries: number;
}

/**
 * True for a failure the outcome itself marks as transient. A deterministic failure (no mark), a
 * throw, a time-out or any other status is never retried: running it again would fail the same way.
 */
export function isTransientFailure(outcome: SubtaskOutcome | undefined): boolean {
  return outcome?.status === 'failed' && outcome.transient === true;
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
