// A circuit breaker: after `threshold` consecutive failures it opens and rejects; after a cool-down one
// probe is let through, and its result closes or reopens it. A pure state machine over an injected
// clock, no timers; what counts as a failure is the caller's (the scheduler per tool, the LLM client).

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What to do with work about to start: `run` it, run it as the half-open `probe`, `reject` it
 * (the breaker is open), or leave it queued and `wait` for the probe in flight to decide.
 */
export type Admission = 'run' | 'probe' | 'reject' | 'wait';

/** How finished work counts: failures trip the breaker, a success resets it, neutral says nothing. */
export type Verdict = 'success' | 'failure' | 'neutral';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker; Infinity never opens. */
  threshold: number;
  cooldownMs: number;
  now: () => number;
  onTransition?: (transition: BreakerState, failures: number) => void;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Consecutive failures counted so far (kept while open, for the skip reason). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Decides about one piece of work about to start; a `probe` answer reserves the one probe slot. */
  admit(): Admission {
    if (this.current === 'closed') return 'run';
    if (this.current === 'open') {
      if (this.options.now() - this.openedAt < this.options.cooldownMs) return 'reject';
      this.transition('half-open');
    }
    if (this.probeInFlight) return 'wait';
    this.probeInFlight = true;
    return 'probe';
  }

  /**
   * Records how a subtask of this tool ended. While open or half-open only the probe's result
   * counts: subtasks started before the breaker opened say nothing about the tool since then.
   */
  record(verdict: Verdict, probe: boolean): void {
    if (probe) {
      this.probeInFlight = false;
      if (this.current !== 'half-open' || verdict === 'neutral') return;
      if (verdict === 'success') {
        this.failures = 0;
        this.transition('closed');
      } else {
        this.failures++;
        this.open();
      }
      return;
    }
    if (this.current !== 'closed' || verdict === 'neutral') return;
    if (verdict === 'success') this.failures = 0;
    else if (++this.failures >= this.options.threshold) this.open();
  }

  private open(): void {
    this.openedAt = this.options.now();
    this.transition('open');
  }

  private transition(to: BreakerState): void {
    this.current = to;
    this.options.onTransition?.(to, this.failures);
  }
}
