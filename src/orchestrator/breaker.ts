// Circuit breakers, one per tool: after `threshold` consecutive failed or timed-out subtasks the tool's
// remaining subtasks are skipped; after a cool-down one probe is let through, and its result closes
// or reopens the breaker. Pure state machines over an injected clock; no timers.
import type { BreakerTransition, SubtaskStatus } from './types.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What to do with a subtask about to start: `run` it, run it as the half-open `probe`, `reject` it
 * (the breaker is open), or leave it queued and `wait` for the probe in flight to decide.
 */
export type Admission = 'run' | 'probe' | 'reject' | 'wait';

/** How a finished subtask counts: failures and time-outs trip the breaker, `ok` resets it. */
export type Verdict = 'success' | 'failure' | 'neutral';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker; Infinity never opens. */
  threshold: number;
  cooldownMs: number;
  now: () => number;
  onTransition?: (transition: BreakerTransition, failures: number) => void;
}

/**
 * What a final status says about the tool. A time-out or a malfunction is a failure; a tool that ran and
 * said "no" (failing tests, problems found) is working as intended and says nothing either way.
 */
export function verdictOf(status: SubtaskStatus, malfunction: boolean): Verdict {
  if (status === 'ok') return 'success';
  if (status === 'timed-out') return 'failure';
  return status === 'failed' && malfunction ? 'failure' : 'neutral';
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

  /** Decides about one subtask about to start; a `probe` answer reserves the one probe slot. */
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

/** The breakers of one run, created on first use, keyed by tool (the subtask's task name). */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: Omit<BreakerOptions, 'onTransition'> & {
      onTransition?: (tool: string, transition: BreakerTransition, failures: number) => void;
    },
  ) {}

  admit(tool: string): Admission {
    return this.breaker(tool).admit();
  }

  record(tool: string, verdict: Verdict, probe: boolean): void {
    this.breakers.get(tool)?.record(verdict, probe);
  }

  /** The skip reason for a subtask its tool's open breaker rejected. */
  rejection(tool: string): string {
    return `circuit-open: ${tool} failed ${this.breaker(tool).consecutiveFailures} times in a row`;
  }

  private breaker(tool: string): CircuitBreaker {
    let breaker = this.breakers.get(tool);
    if (breaker === undefined) {
      const { onTransition, ...options } = this.options;
      breaker = new CircuitBreaker({
        ...options,
        ...(onTransition ? { onTransition: (to, failures) => onTransition(tool, to, failures) } : {}),
      });
      this.breakers.set(tool, breaker);
    }
    return breaker;
  }
}
