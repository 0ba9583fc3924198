// runPlan's options, their defaults, and the one place where defaults are merged in.
import type { Subtask } from '../plan/types.js';
import type { Span } from '../trace/types.js';
import type { SchedulerStats, SubtaskOutcome } from './types.js';

export interface RunPlanOptions {
  /** Most subtasks started and not finished at once; values below 1 count as 1. */
  concurrency: number;
  /**
   * Runs one attempt of a subtask. `signal` aborts at the subtask's own budget
   * (`budget.wallSeconds`, counted from its first attempt), the global deadline, or cancellation.
   */
  execute(subtask: Subtask, signal: AbortSignal, span: Span): Promise<SubtaskOutcome>;
  /** Parent span: one child span (kind 'subtask-start', name = id) wraps each attempt. */
  span: Span;
  /** External cancellation: running subtasks are aborted, the rest are not started. */
  signal?: AbortSignal;
  /** Wall-clock budget for the whole plan, in ms from the call to runPlan. */
  deadlineMs?: number;
  /**
   * After a subtask's signal aborts, how long to wait for its execute() to return before settling
   * it without its result, so an execute() that ignores its signal cannot hang the run. Default 5000.
   */
  abortGraceMs?: number;
  /** Bound of the ready queue (subtasks whose dependencies are done, not yet started). Default 4 × concurrency. */
  maxQueued?: number;
  /** Retries of a transient failure after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff before retry n (0-based) is random(0, min(retryMaxMs, retryBaseMs · 2ⁿ)). Default 500. */
  retryBaseMs?: number;
  /** Cap of one backoff delay. Default 10 000. */
  retryMaxMs?: number;
  /** Consecutive failed or timed-out subtasks of one tool that open its breaker; Infinity disables. Default 3. */
  breakerThreshold?: number;
  /** How long an open breaker skips its tool before letting one probe through. Default 30 000. */
  breakerCooldownMs?: number;
  /** Monotonic clock in ms for durations, budgets and cool-downs (default performance.now). */
  now?: () => number;
  /** Uniform random number in [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
  /** Waits `ms`, or less when `signal` aborts; must not reject (default: a timer). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called once when the run ends, before runPlan resolves. */
  onStats?: (stats: SchedulerStats) => void;
  /** Called each time a subtask is decided (ended, skipped or cancelled): how many are, of how many. */
  onProgress?: (decided: number, total: number) => void;
}

type OptionalHooks = 'signal' | 'deadlineMs' | 'onStats' | 'onProgress';
export type ResolvedOptions = Required<Omit<RunPlanOptions, OptionalHooks>> &
  Pick<RunPlanOptions, OptionalHooks>;

export const DEFAULTS = {
  abortGraceMs: 5000,
  queuePerSlot: 4,
  maxRetries: 2,
  retryBaseMs: 500,
  retryMaxMs: 10_000,
  breakerThreshold: 3,
  breakerCooldownMs: 30_000,
} as const;

/** setTimeout fires at once for larger delays, so longer ones are clamped to this. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const atLeast = (min: number, value: number | undefined, fallback: number): number =>
  value === undefined || Number.isNaN(value) ? fallback : Math.max(min, Math.floor(value));

const nonNegative = (value: number | undefined, fallback: number): number =>
  value === undefined || !(value >= 0) ? fallback : value;

export function resolveOptions(options: RunPlanOptions): ResolvedOptions {
  const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
  return {
    ...options,
    concurrency,
    abortGraceMs: nonNegative(options.abortGraceMs, DEFAULTS.abortGraceMs),
    maxQueued: atLeast(1, options.maxQueued, DEFAULTS.queuePerSlot * concurrency),
    maxRetries: atLeast(0, options.maxRetries, DEFAULTS.maxRetries),
    retryBaseMs: nonNegative(options.retryBaseMs, DEFAULTS.retryBaseMs),
    retryMaxMs: nonNegative(options.retryMaxMs, DEFAULTS.retryMaxMs),
    breakerThreshold: atLeast(1, options.breakerThreshold, DEFAULTS.breakerThreshold),
    breakerCooldownMs: nonNegative(options.breakerCooldownMs, DEFAULTS.breakerCooldownMs),
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleepUnlessAborted,
  };
}

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    signal.addEventListener('abort', done, { once: true });
  });
}
