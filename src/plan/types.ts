// The plan is data: a DAG of subtasks, printable, serialisable and (later) shardable.
import type { BuiltinAnalyzer, FilterMode, OutputFormat } from '../policy/schema.js';
import type { LLM_REVIEW_TASK_NAME, VALIDATE_TASK_NAME } from '../policy/task-names.js';

export { LLM_REVIEW_TASK_NAME, VALIDATE_TASK_NAME } from '../policy/task-names.js';

export type SubtaskKind = 'analyze' | 'refactor' | 'test';
export type AgentName = 'analyzer' | 'refactorer' | 'tester' | 'reviewer';

/** A configured command. */
export interface CommandTaskSpec {
  type: 'command';
  name: string;
  /** Command line; `{files}` expands to the subtask's files as separate arguments. */
  run: string;
  /** Repository-relative directory it runs in (a package of a monorepo); absent: the root. */
  workingDirectory?: string;
  format: OutputFormat;
  /** A file the command writes its report to, relative to where it runs (`{report}` needs none). */
  report?: string;
  /** The problem-matcher JSON file (format problem-matcher), relative to the repository root. */
  matcher?: string;
  /** Which of the command's findings are reported (analyze tasks; default added). */
  filter: FilterMode;
  timeoutSeconds: number;
  /** Variables passed through the env scrubbing (the task's `env`). */
  env: string[];
  /** OS limits for its processes (policy.limits). */
  limits: { cpuSeconds?: number; addressSpaceBytes?: number };
  /** Test tasks: the command that re-runs only the tests affected by `{files}` during validation. */
  validateRun?: string;
}

/** One test command the validation re-runs, as its baseline subtask ran it. */
export interface ValidationTest {
  /** The baseline subtask's id, e.g. `test:unit`. */
  id: string;
  task: CommandTaskSpec;
  files: string[];
}

/** How the LLM reviewer sizes its calls. */
export interface LlmReviewSpec {
  type: 'llm-review';
  name: typeof LLM_REVIEW_TASK_NAME;
  /** Most prompt tokens (estimated) per call: hunks are batched up to it, a larger hunk is cut. */
  batchTokens: number;
  /** Most answer tokens per call. */
  maxOutputTokens: number;
  /** The read-only tools' bounds (`llm.tools`); absent: the model sees the hunks only. */
  tools?: ReviewToolBounds;
  /** The verify pass (`llm.verify`): findings below `minConfidence` are dropped; absent: none. */
  verify?: { minConfidence: number };
}

export interface ReviewToolBounds {
  /** Requests with tools per batch. */
  maxTurns: number;
  /** Tool calls per batch. */
  maxToolCalls: number;
  /** Bytes one call returns. */
  maxResultBytes: number;
  /** Bytes of results for the whole review. */
  maxBytes: number;
}

/**
 * What a subtask does: a built-in analyzer, a configured command, the suggestion validation, or the
 * LLM review (present only when an LLM provider is configured).
 */
export type TaskSpec =
  | {
      type: 'builtin';
      name: BuiltinAnalyzer;
      /** The large-files analyzer's threshold (policy.large-file-kb). */
      largeFileBytes: number;
    }
  | CommandTaskSpec
  | {
      type: 'validate';
      name: typeof VALIDATE_TASK_NAME;
      /** The test commands that decide whether suggestions keep the tests passing. */
      tests: ValidationTest[];
    }
  | LlmReviewSpec;

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
  /** Subtasks that must end ok before this one starts; when one does not, this one is skipped. */
  dependsOn: string[];
  /** Subtasks that must have ended, however, before this one starts (it reads what they produced). */
  after?: string[];
  budget: SubtaskBudget;
  /** Present when the task's files were split over several subtasks (batches run in parallel). */
  batch?: SubtaskBatch;
}

export interface Plan {
  version: 1;
  subtasks: Subtask[];
}
