// One started subtask, from its first attempt to its final result: its own abort signal (its budget,
// the run's deadline, cancellation), retries of transient failures with backoff, and a grace period
// after an abort so an execute() that ignores its signal cannot hang the run.
import type { Subtask } from '../plan/types.js';
import type { TraceAttrs } from '../trace/types.js';
import { getErrorMessage } from '../util/errors.js';
import { MAX_TIMER_MS, type ResolvedOptions } from './options.js';
import { nextRetryDelay } from './retry.js';
import type { StopReason, SubtaskOutcome, SubtaskResult, SubtaskStatus } from './types.js';

/** Why a subtask's signal aborted: the whole run stopped, or its own budget ran out. */
export type AbortCause = StopReason | 'budget';

type Settled = { kind: 'returned'; outcome: SubtaskOutcome } | { kind: 'threw'; error: unknown };

export const STOP_TEXT: Readonly<Record<StopReason, string>> = {
  deadline: 'deadline reached',
  cancelled: 'run cancelled',
};
const CAUSE_STATUS: Readonly<Record<AbortCause, SubtaskStatus>> = {
  deadline: 'timed-out',
  cancelled: 'cancelled',
  budget: 'timed-out',
};

export interface SubtaskRunContext {
  options: ResolvedOptions;
  /** The run's deadline on the options.now() clock; Infinity without one. */
  deadlineAt: number;
}

export class SubtaskRun {
  /** The final result; never rejects. */
  readonly result: Promise<SubtaskResult>;
  private readonly controller = new AbortController();
  private readonly options: ResolvedOptions;
  private readonly budgetMs: number | undefined;
  private startedAt = 0;
  private cause: AbortCause | undefined;
  private attempts = 0;
  private finished = false;
  /** Set when it finished: the tool malfunctioned (see SubtaskOutcome.toolError). */
  malfunctioned = false;
  private budgetTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private resolveResult: (result: SubtaskResult) => void = () => {};

  constructor(
    private readonly subtask: Subtask,
    private readonly context: SubtaskRunContext,
  ) {
    this.options = context.options;
    const wallSeconds = subtask.budget?.wallSeconds;
    this.budgetMs = Number.isFinite(wallSeconds) && wallSeconds > 0 ? wallSeconds * 1000 : undefined;
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  /** Why its signal aborted, if it did. */
  get abortedBy(): AbortCause | undefined {
    return this.cause;
  }

  /** execute() calls so far. */
  get attemptCount(): number {
    return this.attempts;
  }

  /** Starts the first attempt and the budget timer. */
  start(): void {
    this.startedAt = this.options.now();
    if (this.budgetMs !== undefined) {
      // The reason AbortSignal.timeout() would give, so execute() can tell a time-out from a cancel.
      const reason = new DOMException(this.budgetText(), 'TimeoutError');
      this.budgetTimer = setTimeout(
        () => this.abort('budget', reason),
        Math.min(this.budgetMs, MAX_TIMER_MS),
      );
    }
    void this.attemptLoop().then(
      (settled) => this.finish(settled),
      (error: unknown) => this.finish({ kind: 'threw', error }),
    );
  }

  /** Aborts it because the whole run stopped; a budget time-out that came first stays the cause. */
  stop(reason: StopReason, abortReason: unknown): void {
    this.abort(reason, abortReason);
  }

  private async attemptLoop(): Promise<Settled> {
    const { span, now, sleep } = this.options;
    const latestStart = Math.min(this.context.deadlineAt, this.startedAt + (this.budgetMs ?? Infinity));
    for (;;) {
      const settled = await this.attempt();
      if (this.cause !== undefined) return settled;
      const outcome = settled.kind === 'returned' ? settled.outcome : undefined;
      const delay = nextRetryDelay(outcome, this.attempts, this.options, now(), latestStart);
      if (delay === undefined) return settled;
      span.event('subtask-retry', this.subtask.id, {
        attempt: this.attempts + 1,
        delayMs: delay,
        reason: outcome?.reason ?? 'transient failure',
      });
      // The subtask keeps its concurrency slot while it waits: a retry must not add load when the
      // failure came from a lack of resources (EAGAIN).
      await sleep(delay, this.controller.signal).catch(() => {});
      if (this.cause !== undefined) return settled;
    }
  }

  private async attempt(): Promise<Settled> {
    this.attempts++;
    const { subtask } = this;
    const attrs: TraceAttrs = {
      kind: subtask.kind,
      agent: subtask.agent,
      files: subtask.files.length,
      attempt: this.attempts,
    };
    const signal = this.controller.signal;
    try {
      const outcome = await this.options.span.child('subtask-start', subtask.id, attrs, (span) =>
        this.options.execute(subtask, signal, span),
      );
      return { kind: 'returned', outcome };
    } catch (error) {
      return { kind: 'threw', error };
    }
  }

  private abort(cause: AbortCause, abortReason: unknown): void {
    if (this.cause !== undefined || this.finished) return;
    this.cause = cause;
    clearTimeout(this.budgetTimer);
    this.controller.abort(abortReason);
    this.graceTimer = setTimeout(() => this.finish(undefined), this.options.abortGraceMs);
  }

  /** `settled` is undefined when execute() outlived the grace period after an abort. */
  private finish(settled: Settled | undefined): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.budgetTimer);
    clearTimeout(this.graceTimer);
    const outcome = settled?.kind === 'returned' ? settled.outcome : undefined;
    // A throw is our agent breaking on this tool; a flagged failure is the tool breaking.
    this.malfunctioned =
      settled?.kind === 'threw' ||
      (outcome?.status === 'failed' && (outcome.toolError === true || outcome.transient === true));
    const base = { id: this.subtask.id, durationMs: this.options.now() - this.startedAt };
    let result: SubtaskResult;
    if (this.cause !== undefined) {
      const text = this.cause === 'budget' ? this.budgetText() : STOP_TEXT[this.cause];
      result = {
        ...base,
        status: CAUSE_STATUS[this.cause],
        // What it returned after the abort is kept: findings are real even when the run is partial.
        findings: outcome?.findings ?? [],
        suggestions: outcome?.suggestions ?? [],
        reason: settled === undefined ? `${text}; did not stop within ${this.options.abortGraceMs} ms` : text,
      };
    } else if (outcome !== undefined) {
      result = {
        ...base,
        status: outcome.status,
        findings: outcome.findings,
        suggestions: outcome.suggestions,
      };
      if (outcome.reason !== undefined) result.reason = outcome.reason;
      if (outcome.output !== undefined) result.output = outcome.output;
      if (outcome.validation !== undefined) result.validation = outcome.validation;
      if (outcome.reused !== undefined) result.reused = outcome.reused;
    } else {
      const error = settled?.kind === 'threw' ? settled.error : undefined;
      result = { ...base, status: 'failed', findings: [], suggestions: [], reason: getErrorMessage(error) };
    }
    if (this.attempts > 1) result.attempts = this.attempts;
    this.resolveResult(result);
  }

  private budgetText(): string {
    return `timed out after ${this.subtask.budget.wallSeconds}s`;
  }
}
