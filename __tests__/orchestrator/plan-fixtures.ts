// Builders for orchestrator tests: subtasks of a named tool, outcomes, and clocks under test control.
import type { SubtaskOutcome } from '../../src/orchestrator/types.js';
import type { Plan, Subtask } from '../../src/plan/types.js';

/** A command subtask of `tool` (its breaker key), with its own budget in seconds. */
export function toolSubtask(
  id: string,
  tool: string,
  { dependsOn = [], wallSeconds = 60 }: { dependsOn?: string[]; wallSeconds?: number } = {},
): Subtask {
  return {
    id,
    kind: 'analyze',
    agent: 'analyzer',
    task: {
      type: 'command',
      name: tool,
      run: `${tool} {files}`,
      format: 'exit-code',
      timeoutSeconds: 60,
      env: [],
      limits: {},
      filter: 'added',
    },
    files: ['a.ts'],
    dependsOn,
    budget: { wallSeconds },
  };
}

export function planOf(...subtasks: Subtask[]): Plan {
  return { version: 1, subtasks };
}

export const ok = (extra: Partial<SubtaskOutcome> = {}): SubtaskOutcome => ({
  status: 'ok',
  findings: [],
  suggestions: [],
  ...extra,
});

/** The tool malfunctioned (crashed, could not start): counts toward its circuit breaker. */
export const failed = (reason = 'exit 1'): SubtaskOutcome => ({
  ...ok(),
  status: 'failed',
  reason,
  toolError: true,
});
/** The tool ran and said no (failing tests, problems found): says nothing about the tool's health. */
export const rejected = (reason = 'tests failed'): SubtaskOutcome => ({ ...ok(), status: 'failed', reason });

export const transient = (reason = 'spawn EAGAIN'): SubtaskOutcome => ({
  ...failed(reason),
  transient: true,
});

/** Resolves with `outcome` once the signal aborts (a well-behaved long-running subtask). */
export function untilAborted(signal: AbortSignal, outcome: SubtaskOutcome = ok()): Promise<SubtaskOutcome> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(outcome);
    else signal.addEventListener('abort', () => resolve(outcome), { once: true });
  });
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A monotonic clock that only moves when told to. */
export function manualClock(start = 0) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}
