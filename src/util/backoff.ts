// Exponential backoff with full jitter: how long to wait before a retry. A pure function over an
// injected random source; the scheduler's retries and the LLM client's share it.

export interface BackoffPolicy {
  retryBaseMs: number;
  retryMaxMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/**
 * Delay in whole ms before retry `retry` (0 for the first): uniform over 0..min(max, base · 2^retry)
 * ("full jitter"), so subtasks failing together do not retry in lockstep.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, retry));
  const draw = policy.random();
  // A broken random source must not turn into NaN timers or negative delays.
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0.5;
  return Math.min(ceiling, Math.floor(unit * (ceiling + 1)));
}
