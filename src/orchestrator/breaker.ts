// Circuit breakers, one per tool: after `threshold` consecutive failed or timed-out subtasks the tool's
// remaining subtasks are skipped; after a cool-down one probe is let through, and its result closes
// or reopens the breaker (the state machine is util/circuit-breaker.ts, which the LLM client shares).
import {
  CircuitBreaker,
  type Admission,
  type BreakerOptions,
  type Verdict,
} from '../util/circuit-breaker.js';
import type { BreakerTransition, SubtaskStatus } from './types.js';

/**
 * What a final status says about the tool. A time-out or a malfunction is a failure; a tool that ran and
 * said "no" (failing tests, problems found) is working as intended and says nothing either way.
 */
export function verdictOf(status: SubtaskStatus, malfunction: boolean): Verdict {
  if (status === 'ok') return 'success';
  if (status === 'timed-out') return 'failure';
  return status === 'failed' && malfunction ? 'failure' : 'neutral';
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
