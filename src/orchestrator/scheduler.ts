// Runs a plan's subtasks as a DAG: a bounded ready queue feeding bounded concurrency, a budget per
// subtask, retries of transient failures, a circuit breaker per tool, a global deadline and
// cancellation. Results come back in plan order. Limit: a subtask settled after the abort grace
// period may still be running in the background (its execute() ignored the signal).
import type { Plan, Subtask } from '../plan/types.js';
import { BreakerBoard, verdictOf } from './breaker.js';
import { MAX_TIMER_MS, resolveOptions, type ResolvedOptions, type RunPlanOptions } from './options.js';
import { PlanGraph } from './plan-graph.js';
import { STOP_TEXT, SubtaskRun } from './subtask-run.js';
import type { SchedulerStats, StopReason, SubtaskResult, SubtaskStatus } from './types.js';

export type { RunPlanOptions } from './options.js';
export type { SchedulerStats, SubtaskOutcome } from './types.js';

/**
 * Executes the plan and resolves with one result per subtask, in plan order. Never rejects: a
 * throwing execute() becomes 'failed', a subtask whose dependency did not end 'ok' is 'skipped', a
 * subtask whose tool's breaker is open is 'skipped' (`circuit-open: …`), one that outlives its own
 * budget is 'timed-out'; after a deadline or cancellation running subtasks end 'timed-out' /
 * 'cancelled' and the never-started ones 'cancelled'. Defensive about unchecked plans: missing
 * dependencies, duplicate ids and cycles skip the subtasks involved instead of hanging.
 */
export function runPlan(plan: Plan, options: RunPlanOptions): Promise<SubtaskResult[]> {
  return new Promise((resolve) => new PlanRun(plan.subtasks, options, resolve).start());
}

interface Started {
  run: SubtaskRun;
  /** Let through by a half-open breaker: its result closes or reopens it. */
  probe: boolean;
}

type DecisionKind = 'subtask-finish' | 'subtask-skip';

/** The state of one runPlan call; lives exactly as long as that call. */
class PlanRun {
  private readonly options: ResolvedOptions;
  private readonly graph: PlanGraph;
  /** Plan indices whose dependencies all ended ok, not started yet; at most options.maxQueued. */
  private readonly queue: number[] = [];
  private readonly running = new Map<number, Started>();
  private readonly results: Array<SubtaskResult | undefined>;
  private readonly breakers: BreakerBoard;
  private readonly stats: SchedulerStats;
  private decided = 0;
  private deadlineAt = Infinity;
  private stopReason: StopReason | undefined;
  private done = false;
  private pumping = false;
  private pumpAgain = false;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly onExternalAbort = (): void => this.stop('cancelled', this.options.signal?.reason);

  constructor(
    private readonly subtasks: readonly Subtask[],
    options: RunPlanOptions,
    private readonly resolve: (results: SubtaskResult[]) => void,
  ) {
    this.options = resolveOptions(options);
    this.graph = new PlanGraph(subtasks);
    this.results = new Array<SubtaskResult | undefined>(subtasks.length);
    const { span, now, breakerThreshold, breakerCooldownMs, maxQueued } = this.options;
    this.breakers = new BreakerBoard({
      threshold: breakerThreshold,
      cooldownMs: breakerCooldownMs,
      now,
      onTransition: (tool, transition, failures) =>
        span.event('breaker', tool, { tool, transition, failures }),
    });
    this.stats = {
      total: subtasks.length,
      maxQueued,
      peakQueued: 0,
      peakRunning: 0,
      attempts: 0,
      retries: 0,
    };
  }

  start(): void {
    const { signal, deadlineMs, now } = this.options;
    if (signal?.aborted) {
      this.stop('cancelled', signal.reason);
      return;
    }
    signal?.addEventListener('abort', this.onExternalAbort, { once: true });
    if (deadlineMs !== undefined && Number.isFinite(deadlineMs)) {
      const delay = Math.min(Math.max(0, deadlineMs), MAX_TIMER_MS);
      this.deadlineAt = now() + delay;
      this.deadlineTimer = setTimeout(() => this.stop('deadline', new Error(STOP_TEXT.deadline)), delay);
    }
    for (const { index, reason } of this.graph.knownProblems()) {
      if (this.graph.isWaiting(index))
        this.decide(index, this.notRun(index, 'skipped', reason), 'subtask-skip');
    }
    this.pump();
  }

  /** Decides everything that can be decided now, starts what may start, resolves when all is done. */
  private pump(): void {
    // A stop can arrive from inside execute() while this runs; it asks for one more pass instead.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (!this.done) this.step();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private step(): void {
    const stopReason = this.stopReason;
    if (stopReason !== undefined) {
      this.queue.length = 0;
      for (let index = 0; index < this.subtasks.length; index++) {
        if (this.graph.isWaiting(index) || this.graph.isQueued(index)) {
          const result = this.notRun(index, 'cancelled', STOP_TEXT[stopReason]);
          this.decide(index, result, 'subtask-skip', false);
        }
      }
    } else {
      while (this.stopReason === undefined) {
        this.fillQueue();
        if (!this.startNext()) break;
      }
      // Nothing running, nothing queued, nothing eligible: whatever is left waits on itself.
      if (this.stopReason === undefined && this.running.size === 0 && this.queue.length === 0) {
        for (let index = 0; index < this.subtasks.length; index++) {
          if (this.graph.isWaiting(index)) {
            this.decide(index, this.notRun(index, 'skipped', 'dependency cycle'), 'subtask-skip', false);
          }
        }
      }
    }
    if (this.running.size === 0 && this.decided === this.subtasks.length) this.end();
  }

  /** Backpressure: eligible subtasks enter the ready queue only while it has room. */
  private fillQueue(): void {
    while (this.queue.length < this.options.maxQueued) {
      const index = this.graph.takeEligible();
      if (index === undefined) return;
      this.queue.push(index);
      this.stats.peakQueued = Math.max(this.stats.peakQueued, this.queue.length);
    }
  }

  /**
   * Takes the first queued subtask its tool's breaker lets through: starts it, or skips it when the
   * breaker is open. Subtasks waiting on a half-open probe stay queued. False when nothing changed.
   */
  private startNext(): boolean {
    if (this.running.size >= this.options.concurrency) return false;
    for (let position = 0; position < this.queue.length; position++) {
      const index = this.queue[position]!;
      const tool = this.subtasks[index]!.task.name;
      const admission = this.breakers.admit(tool);
      if (admission === 'wait') continue;
      this.queue.splice(position, 1);
      if (admission === 'reject') {
        this.decide(index, this.notRun(index, 'skipped', this.breakers.rejection(tool)), 'subtask-skip');
      } else {
        this.launch(index, admission === 'probe');
      }
      return true;
    }
    return false;
  }

  private launch(index: number, probe: boolean): void {
    this.graph.markRunning(index);
    const run = new SubtaskRun(this.subtasks[index]!, { options: this.options, deadlineAt: this.deadlineAt });
    this.running.set(index, { run, probe });
    this.stats.peakRunning = Math.max(this.stats.peakRunning, this.running.size);
    void run.result.then((result) => this.finish(index, result));
    run.start();
  }

  private finish(index: number, result: SubtaskResult): void {
    const started = this.running.get(index);
    if (started === undefined) return;
    this.running.delete(index);
    const { run, probe } = started;
    this.stats.attempts += run.attemptCount;
    this.stats.retries += Math.max(0, run.attemptCount - 1);
    this.decide(index, result, 'subtask-finish');
    // A subtask cut short by the run's deadline or cancellation says nothing about its tool.
    const cause = run.abortedBy;
    const verdict =
      cause === 'deadline' || cause === 'cancelled' ? 'neutral' : verdictOf(result.status, run.malfunctioned);
    this.breakers.record(this.subtasks[index]!.task.name, verdict, probe);
    this.pump();
  }

  /**
   * Records a decided subtask. A result other than ok skips the dependents still waiting, transitively
   * (not when cancelling the rest or marking a cycle: then every waiting subtask is marked alike).
   */
  private decide(index: number, result: SubtaskResult, kind: DecisionKind, propagate = true): void {
    const pending: number[] = [index];
    this.record(index, result, kind);
    for (let next = 0; propagate && next < pending.length; next++) {
      const failed = pending[next]!;
      const { id, status } = this.results[failed]!;
      if (status === 'ok') continue;
      for (const dependent of this.graph.dependents(failed)) {
        if (!this.graph.isWaiting(dependent)) continue;
        this.record(
          dependent,
          this.notRun(dependent, 'skipped', `dependency ${id} ${status}`),
          'subtask-skip',
        );
        pending.push(dependent);
      }
    }
  }

  private record(index: number, result: SubtaskResult, kind: DecisionKind): void {
    this.results[index] = result;
    this.decided++;
    this.graph.markDone(index, result.status === 'ok');
    const attrs: Record<string, unknown> = { status: result.status, durationMs: result.durationMs };
    if (result.reason !== undefined) attrs.reason = result.reason;
    if (result.attempts !== undefined) attrs.attempts = result.attempts;
    this.options.span.event(kind, result.id, attrs);
    this.options.onProgress?.(this.decided, this.subtasks.length);
  }

  private notRun(index: number, status: SubtaskStatus, reason: string): SubtaskResult {
    return { id: this.subtasks[index]!.id, status, findings: [], suggestions: [], durationMs: 0, reason };
  }

  private stop(reason: StopReason, abortReason: unknown): void {
    if (this.stopReason !== undefined || this.done) return;
    this.stopReason = reason;
    for (const { run } of this.running.values()) run.stop(reason, abortReason);
    this.pump();
  }

  private end(): void {
    this.done = true;
    clearTimeout(this.deadlineTimer);
    this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    try {
      this.options.onStats?.({ ...this.stats });
    } catch {
      // Observers must not turn a finished run into a rejection (runPlan never rejects).
    }
    this.resolve(this.results as SubtaskResult[]);
  }
}
