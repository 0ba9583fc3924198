// Rule-based planner: (changed files × configured tasks × policy) → a DAG of subtasks. Deterministic.
// A `{files}` command over more files than fit on one command line becomes several batch subtasks.
import type { ChangedFile } from '../context/types.js';
import { BUILTIN_ANALYZERS, type KiloConfig, type TaskConfig } from '../policy/schema.js';
import { pathMatcher } from '../policy/glob.js';
import { FILES_PLACEHOLDER } from '../sandbox/command.js';
import { batchFiles, DEFAULT_ARGV_BUDGET } from './batches.js';
import {
  LLM_REVIEW_TASK_NAME,
  VALIDATE_TASK_NAME,
  type CommandTaskSpec,
  type LlmReviewSpec,
  type Plan,
  type Subtask,
  type SubtaskKind,
} from './types.js';

const AGENT_OF = { analyze: 'analyzer', refactor: 'refactorer', test: 'tester' } as const;
const BUILTIN_WALL_SECONDS = 60;

export interface PlanInput {
  files: readonly ChangedFile[];
  config: KiloConfig;
  /** Paths the policy protects: never handed to a refactor. */
  isProtected: (path: string) => boolean;
  /** Most bytes of arguments one command may get (see batches.ts); default DEFAULT_ARGV_BUDGET. */
  argvBudget?: number;
  /** Present when an LLM reviews the diff (a provider is configured and `llm.review` is on). */
  llmReview?: Pick<LlmReviewSpec, 'batchTokens' | 'maxOutputTokens' | 'tools' | 'verify'>;
}

export function planReview({
  files,
  config,
  isProtected,
  argvBudget = DEFAULT_ARGV_BUDGET,
  llmReview,
}: PlanInput): Plan {
  // Removed and binary files have no head content to analyse or rewrite.
  const present = files.filter((file) => file.status !== 'removed');
  // An empty range (or one that only removes files) gives nothing to review: no tool runs over "0 files".
  if (present.length === 0) return { version: 1, subtasks: [] };
  const reviewable = present.filter((file) => !file.binary).map((f) => f.path);
  const subtasks: Subtask[] = [];

  // Built-in analyzers read the diff in memory, so they are never batched. They see binary files too
  // (one of them reports binaries added); each skips what it cannot read.
  if (present.length > 0) {
    const largeFileBytes = config.policy['large-file-kb'] * 1024;
    for (const name of BUILTIN_ANALYZERS) {
      subtasks.push({
        id: `analyze:${name}`,
        kind: 'analyze',
        agent: 'analyzer',
        task: { type: 'builtin', name, largeFileBytes },
        files: present.map((file) => file.path),
        dependsOn: [],
        budget: { wallSeconds: BUILTIN_WALL_SECONDS },
      });
    }
  }
  // The LLM reads the diff's text files; its answer is one more set of findings and suggestions.
  if (llmReview && reviewable.length > 0) {
    subtasks.push({
      id: `analyze:${LLM_REVIEW_TASK_NAME}`,
      kind: 'analyze',
      agent: 'reviewer',
      task: { type: 'llm-review', name: LLM_REVIEW_TASK_NAME, ...llmReview },
      files: reviewable,
      dependsOn: [],
      budget: { wallSeconds: config.policy.budgets['wall-seconds'] },
    });
  }
  // Refactors alone write files, so only they are kept off protected paths.
  const unprotected = config.tasks.refactor.length ? reviewable.filter((path) => !isProtected(path)) : [];
  for (const kind of ['analyze', 'refactor', 'test'] as const) {
    for (const task of config.tasks[kind]) {
      const candidates = kind === 'refactor' ? unprotected : reviewable;
      subtasks.push(...commandSubtasks(kind, task, candidates, argvBudget, osLimits(config)));
    }
  }
  const validation = validationSubtask(subtasks, config.policy.budgets['wall-seconds']);
  if (validation) subtasks.push(validation);
  return { version: 1, subtasks };
}

/**
 * Re-runs the tests with the suggestions applied (the refactors' and the LLM review's), once the baseline
 * tests passed and every suggester has ended (however: one failed fixer must not stop the others'
 * suggestions being checked). Only when there are both suggesters and tests. Its budget is the run's:
 * bisecting takes several runs.
 */
function validationSubtask(subtasks: readonly Subtask[], wallSeconds: number): Subtask | undefined {
  const refactors = subtasks.filter(
    (subtask) => subtask.kind === 'refactor' || subtask.task.type === 'llm-review',
  );
  const tests = subtasks.filter((subtask) => subtask.kind === 'test');
  if (refactors.length === 0 || tests.length === 0) return undefined;
  return {
    id: `test:${VALIDATE_TASK_NAME}`,
    kind: 'test',
    agent: 'tester',
    task: {
      type: 'validate',
      name: VALIDATE_TASK_NAME,
      tests: tests.flatMap(({ id, task, files }) => (task.type === 'command' ? [{ id, task, files }] : [])),
    },
    files: [],
    dependsOn: tests.map((subtask) => subtask.id),
    after: refactors.map((subtask) => subtask.id),
    budget: { wallSeconds },
  };
}

/** The task's subtasks: none, one `<kind>:<name>`, or batches `<kind>:<name>#1…#n` with no order between them. */
function commandSubtasks(
  kind: SubtaskKind,
  task: TaskConfig,
  candidates: readonly string[],
  argvBudget: number,
  limits: OsLimits,
): Subtask[] {
  const matches = task.paths ? pathMatcher(task.paths) : undefined;
  const files = matches ? candidates.filter((path) => matches(path)) : candidates;
  // A task scoped by `paths` (or fed `{files}`) has nothing to do when no changed file matches.
  if (files.length === 0 && (task.paths || task.run.includes(FILES_PLACEHOLDER))) return [];
  const batches = batchFiles(task.run, files, argvBudget);
  const id = `${kind}:${task.name}`;
  return batches.map((batch, index) => {
    const subtask: Subtask = {
      id: batches.length === 1 ? id : `${id}#${index + 1}`,
      kind,
      agent: AGENT_OF[kind],
      task: {
        type: 'command',
        name: task.name,
        run: task.run,
        ...(task['working-directory'] === undefined ? {} : { workingDirectory: task['working-directory'] }),
        format: 'format' in task ? task.format : 'exit-code',
        ...('report' in task && task.report !== undefined ? { report: task.report } : {}),
        ...('matcher' in task && task.matcher !== undefined ? { matcher: task.matcher } : {}),
        filter: 'filter' in task ? task.filter : 'added',
        ...('validate-run' in task && task['validate-run'] !== undefined
          ? { validateRun: task['validate-run'] }
          : {}),
        timeoutSeconds: task['timeout-seconds'],
        env: task.env,
        limits,
      },
      files: batch,
      dependsOn: [],
      budget: { wallSeconds: task['timeout-seconds'] },
    };
    if (batches.length > 1) subtask.batch = { index: index + 1, count: batches.length };
    return subtask;
  });
}

type OsLimits = CommandTaskSpec['limits'];

function osLimits(config: KiloConfig): OsLimits {
  const { 'cpu-seconds': cpuSeconds, 'memory-mb': memoryMb } = config.policy.limits;
  return {
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    ...(memoryMb === undefined ? {} : { addressSpaceBytes: memoryMb * 1024 * 1024 }),
  };
}
