// What comes back from running a subtask. Results are returned in plan order.
import type { Finding, Suggestion, SuggestionValidation } from '../findings/types.js';

export type SubtaskStatus = 'ok' | 'failed' | 'skipped' | 'timed-out' | 'cancelled';

export interface SubtaskResult {
  id: string;
  status: SubtaskStatus;
  findings: Finding[];
  suggestions: Suggestion[];
  /** From the first attempt's start to the final result, backoff delays included. */
  durationMs: number;
  reason?: string;
  /** A command that failed or was skipped: its last output lines, for the report and the trace. */
  output?: string;
  /** How many times execute() ran; present only when it was retried (more than one attempt). */
  attempts?: number;
  /** Only from the suggestion-validation subtask, when it finished. */
  validation?: SuggestionValidation;
  /**
   * Present when the result was not made by this run but reused from the results cache: the head the
   * earlier run reviewed and how long the subtask took there.
   */
  reused?: { head: string; durationMs: number };
}

/** What one execute() call returns; the scheduler adds id, duration and attempts. */
export interface SubtaskOutcome extends Omit<SubtaskResult, 'id' | 'durationMs' | 'attempts'> {
  /**
   * On a 'failed' outcome: the failure may pass on a retry (out of process slots, a tool that
   * crashed on a signal). Only such failures are retried; ignored on every other status.
   */
  transient?: boolean;
  /**
   * On a 'failed' outcome: the tool itself malfunctioned (could not start, crashed, unreadable output),
   * as opposed to a tool that ran and reported problems (failing tests, a linter's non-zero exit).
   * Only malfunctions (and time-outs) count toward the tool's circuit breaker.
   */
  toolError?: boolean;
}

/** Why the whole run stopped early. */
export type StopReason = 'deadline' | 'cancelled';

/** What a circuit breaker did; each transition is a 'breaker' trace event. */
export type BreakerTransition = 'open' | 'half-open' | 'closed';

/** Figures about one runPlan call, for metrics and tests; see RunPlanOptions.onStats. */
export interface SchedulerStats {
  /** Subtasks in the plan. */
  total: number;
  /** Bound of the ready queue (RunPlanOptions.maxQueued after defaults). */
  maxQueued: number;
  /** Most subtasks ever waiting in the ready queue at once; never above maxQueued. */
  peakQueued: number;
  /** Most subtasks ever started and not finished at once (backoff included); never above concurrency. */
  peakRunning: number;
  /** execute() calls, retries included. */
  attempts: number;
  retries: number;
}
