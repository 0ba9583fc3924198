// The plan is data: a DAG of subtasks, printable, serialisable and (later) shardable.
import type { BuiltinAnalyzer, OutputFormat } from '../policy/schema.js';

export type SubtaskKind = 'analyze' | 'refactor' | 'test';
export type AgentName = 'analyzer' | 'refactorer' | 'tester';

/** What a subtask does: a built-in analyzer, or a configured command. */
export type TaskSpec =
  | { type: 'builtin'; name: BuiltinAnalyzer }
  | {
      type: 'command';
      name: string;
      /** Command line; `{files}` expands to the subtask's files as separate arguments. */
      run: string;
      format: OutputFormat;
      timeoutSeconds: number;
      /** Variables passed through the env scrubbing (the task's `env`). */
      env: string[];
      /** OS limits for its processes (policy.limits). */
      limits: { cpuSeconds?: number; addressSpaceBytes?: number };
    };

export interface SubtaskBudget {
  wallSeconds: number;
}

/** Where a subtask sits among the batches of its task's files (only when the files were split). */
export interface SubtaskBatch {
  /** 1-based, in changed-file order. */
  index: number;
  count: number;
}

export interface Subtask {
  /** `<kind>:<task name>`, or `<kind>:<task name>#<n>` for batch n of several; unique in the plan. */
  id: string;
  kind: SubtaskKind;
  agent: AgentName;
  task: TaskSpec;
  /** Head-side paths the subtask works on (already filtered by the task's `paths`). */
  files: string[];
  dependsOn: string[];
  budget: SubtaskBudget;
  /** Present when the task's files were split over several subtasks (batches run in parallel). */
  batch?: SubtaskBatch;
}

export interface Plan {
  version: 1;
  subtasks: Subtask[];
}
