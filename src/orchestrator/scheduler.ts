// Runs a plan's subtasks as a DAG with bounded concurrency, a global deadline and cancellation.
// Results come back in plan order. Not here yet: per-subtask budgets, retries, circuit breakers.
import type { Plan, Subtask } from '../plan/types.js';
import type { Span, TraceAttrs } from '../trace/types.js';
import { getErrorMessage } from '../util/errors.js';
import type { SubtaskResult, SubtaskStatus } from './types.js';

export type SubtaskOutcome = Omit<SubtaskResult, 'id' | 'durationMs'>;

export interface RunPlanOptions {
  /** Most execute() calls in flight at once; values below 1 count as 1. */
  concurrency: number;
  execute(subtask: Subtask, signal: AbortSignal, span: Span): Promise<SubtaskOutcome>;
  /** Parent span: one child span (kind 'subtask-start', name = id) wraps each execute(). */
  span: Span;
  /** External cancellation: running subtasks are aborted, the rest are not started. */
  signal?: AbortSignal;
  /** Wall-clock budget for the whole plan, in ms from the call to runPlan. */
  deadlineMs?: number;
  /**
   * After a deadline or cancellation, how long to wait for running subtasks to return before
   * settling them without their result, so an execute() that ignores its signal cannot hang the
   * run. Default 5000 ms.
   */
  abortGraceMs?: number;
  /** Monotonic clock for durations (default performance.now). */
  now?: () => number;
}

type StopReason = 'deadline' | 'cancelled';

const STOP_TEXT: Record<StopReason, string> = { deadline: 'deadline reached', cancelled: 'run cancelled' };
const STOP_STATUS: Record<StopReason, SubtaskStatus> = { deadline: 'timed-out', cancelled: 'cancelled' };
const DEFAULT_ABORT_GRACE_MS = 5000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type Settled = { kind: 'returned'; outcome: SubtaskOutcome } | { kind: 'threw'; error: unknown };

interface Running {
  startedAt: number;
  /** A stop that came before execute() settled; decides the final status. */
  stoppedBy?: StopReason;
}

/**
 * Executes the plan and resolves with one result per subtask, in plan order. Never rejects: a
 * throwing execute() becomes 'failed', a subtask whose dependency did not end 'ok' is 'skipped',
 * and after a deadline or cancellation running subtasks end 'timed-out' / 'cancelled' and the
 * never-started ones 'cancelled'. Defensive about unchecked plans: missing dependencies, duplicate
 * ids and cycles skip the subtasks involved instead of hanging.
 */
export function runPlan(plan: Plan, options: RunPlanOptions): Promise<SubtaskResult[]> {
  return new Promise((resolve) => new PlanRun(plan.subtasks, options, resolve).start());
}

type Readiness = { state: 'ready' | 'waiting' } | { state: 'skip'; reason: string };

/** The state of one runPlan call; lives exactly as long as that call. */
class PlanRun {
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly abortGraceMs: number;
  private readonly indexById = new Map<string, number>();
  private readonly results: Array<SubtaskResult | undefined>;
  private readonly running = new Map<number, Running>();
  private readonly controller = new AbortController();
  private stopReason: StopReason | undefined;
  private done = false;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly onExternalAbort = (): void => this.stop('cancelled', this.options.signal?.reason);

  constructor(
    private readonly subtasks: readonly Subtask[],
    private readonly options: RunPlanOptions,
    private readonly resolve: (results: SubtaskResult[]) => void,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
    this.abortGraceMs = options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS;
    this.results = subtasks.map(() => undefined);
    subtasks.forEach((subtask, index) => {
      if (!this.indexById.has(subtask.id)) this.indexById.set(subtask.id, index);
    });
  }

  start(): void {
    const { signal, deadlineMs } = this.options;
    if (signal?.aborted) {
      this.stop('cancelled', signal.reason);
      return;
    }
    signal?.addEventListener('abort', this.onExternalAbort, { once: true });
    if (deadlineMs !== undefined && Number.isFinite(deadlineMs)) {
      const delay = Math.min(Math.max(0, deadlineMs), MAX_TIMER_MS);
      this.deadlineTimer = setTimeout(() => this.stop('deadline', new Error(STOP_TEXT.deadline)), delay);
    }
    this.pump();
  }

  /** Decides everything that can be decided now, starts what may start, resolves when all is done. */
  private pump(): void {
    if (this.done) return;
    const stopReason = this.stopReason;
    if (stopReason !== undefined) {
      this.forEachUndecided((index) => this.notRun(index, 'cancelled', STOP_TEXT[stopReason]));
    } else {
      // Repeat until stable: a skip can decide a subtask listed earlier in the plan.
      for (let changed = true; changed;) {
        changed = false;
        this.forEachUndecided((index) => {
          const readiness = this.readiness(index);
          if (readiness.state === 'skip') {
            this.notRun(index, 'skipped', readiness.reason);
            changed = true;
          } else if (readiness.state === 'ready' && this.running.size < this.concurrency) {
            this.launch(index);
          }
        });
      }
      // Nothing running and nothing could start: whatever is left waits on itself.
      if (this.running.size === 0)
        this.forEachUndecided((index) => this.notRun(index, 'skipped', 'dependency cycle'));
    }
    if (this.running.size === 0 && this.results.every((result) => result !== undefined)) this.end();
  }

  private forEachUndecided(fn: (index: number) => void): void {
    for (let index = 0; index < this.subtasks.length; index++) {
      if (this.results[index] === undefined && !this.running.has(index)) fn(index);
    }
  }

  private readiness(index: number): Readiness {
    const subtask = this.subtasks[index]!;
    if (this.indexById.get(subtask.id) !== index) {
      return { state: 'skip', reason: `duplicate subtask id ${subtask.id}` };
    }
    let waiting = false;
    for (const dependency of subtask.dependsOn) {
      const depIndex = this.indexById.get(dependency);
      if (depIndex === undefined) return { state: 'skip', reason: `dependency ${dependency} missing` };
      const depResult = this.results[depIndex];
      if (depResult === undefined) waiting = true;
      else if (depResult.status !== 'ok') {
        return { state: 'skip', reason: `dependency ${dependency} ${depResult.status}` };
      }
    }
    return { state: waiting ? 'waiting' : 'ready' };
  }

  private launch(index: number): void {
    const subtask = this.subtasks[index]!;
    this.running.set(index, { startedAt: this.now() });
    const attrs: TraceAttrs = { kind: subtask.kind, agent: subtask.agent, files: subtask.files.length };
    const signal = this.controller.signal;
    // An async body turns even a synchronous throw from span.child or execute into a 'threw'.
    const settled = (async (): Promise<Settled> => {
      try {
        const outcome = await this.options.span.child('subtask-start', subtask.id, attrs, (span) =>
          this.options.execute(subtask, signal, span),
        );
        return { kind: 'returned', outcome };
      } catch (error) {
        return { kind: 'threw', error };
      }
    })();
    void settled.then((value) => this.settle(index, value));
  }

  /** Records a started subtask's result; `undefined` when it outlived the abort grace period. */
  private settle(index: number, settled: Settled | undefined): void {
    const entry = this.running.get(index);
    if (entry === undefined) return; // already settled when the grace period ran out
    this.running.delete(index);
    const id = this.subtasks[index]!.id;
    const durationMs = this.now() - entry.startedAt;
    const outcome = settled?.kind === 'returned' ? settled.outcome : undefined;
    let result: SubtaskResult;
    if (entry.stoppedBy !== undefined) {
      const stopText = STOP_TEXT[entry.stoppedBy];
      result = {
        id,
        status: STOP_STATUS[entry.stoppedBy],
        // What it returned after the abort is kept: findings are real even when the run is partial.
        findings: outcome?.findings ?? [],
        suggestions: outcome?.suggestions ?? [],
        durationMs,
        reason: settled === undefined ? `${stopText}; did not stop within ${this.abortGraceMs} ms` : stopText,
      };
    } else if (outcome !== undefined) {
      result = { ...outcome, id, durationMs };
    } else {
      const error = settled?.kind === 'threw' ? settled.error : undefined;
      result = {
        id,
        status: 'failed',
        findings: [],
        suggestions: [],
        durationMs,
        reason: getErrorMessage(error),
      };
    }
    this.record(index, result, 'subtask-finish');
    this.pump();
  }

  private notRun(index: number, status: SubtaskStatus, reason: string): void {
    const id = this.subtasks[index]!.id;
    this.record(index, { id, status, findings: [], suggestions: [], durationMs: 0, reason }, 'subtask-skip');
  }

  private record(index: number, result: SubtaskResult, kind: 'subtask-finish' | 'subtask-skip'): void {
    this.results[index] = result;
    const attrs: TraceAttrs = { status: result.status, durationMs: result.durationMs };
    if (result.reason !== undefined) attrs.reason = result.reason;
    this.options.span.event(kind, result.id, attrs);
  }

  private stop(reason: StopReason, abortReason: unknown): void {
    if (this.stopReason !== undefined || this.done) return;
    this.stopReason = reason;
    for (const entry of this.running.values()) entry.stoppedBy = reason;
    this.controller.abort(abortReason);
    if (this.running.size > 0) {
      this.graceTimer = setTimeout(() => {
        for (const index of [...this.running.keys()]) this.settle(index, undefined);
      }, this.abortGraceMs);
    }
    this.pump();
  }

  private end(): void {
    this.done = true;
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.graceTimer);
    this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    this.resolve(this.results as SubtaskResult[]);
  }
}
