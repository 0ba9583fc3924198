// Rule-based planner: (changed files × configured tasks × policy) → a DAG of subtasks. Deterministic.
import picomatch from 'picomatch';
import type { ChangedFile } from '../context/types.js';
import { BUILTIN_ANALYZERS, type KiloConfig, type TaskConfig } from '../policy/schema.js';
import type { Plan, Subtask, SubtaskKind } from './types.js';

const AGENT_OF = { analyze: 'analyzer', refactor: 'refactorer', test: 'tester' } as const;
const BUILTIN_WALL_SECONDS = 60;

export interface PlanInput {
  files: readonly ChangedFile[];
  config: KiloConfig;
  /** Paths the policy protects: never handed to a refactor. */
  isProtected: (path: string) => boolean;
}

export function planReview({ files, config, isProtected }: PlanInput): Plan {
  // Removed and binary files have no head content to analyse or rewrite.
  const reviewable = files.filter((file) => file.status !== 'removed' && !file.binary).map((f) => f.path);
  const subtasks: Subtask[] = [];

  if (reviewable.length > 0) {
    for (const name of BUILTIN_ANALYZERS) {
      subtasks.push({
        id: `analyze:${name}`,
        kind: 'analyze',
        agent: 'analyzer',
        task: { type: 'builtin', name },
        files: reviewable,
        dependsOn: [],
        budget: { wallSeconds: BUILTIN_WALL_SECONDS },
      });
    }
  }
  for (const kind of ['analyze', 'refactor', 'test'] as const) {
    for (const task of config.tasks[kind]) {
      const candidates = kind === 'refactor' ? reviewable.filter((path) => !isProtected(path)) : reviewable;
      const subtask = commandSubtask(kind, task, candidates);
      if (subtask) subtasks.push(subtask);
    }
  }
  return { version: 1, subtasks };
}

function commandSubtask(kind: SubtaskKind, task: TaskConfig, candidates: string[]): Subtask | undefined {
  const matches = task.paths ? picomatch(task.paths, { dot: true }) : undefined;
  const files = matches ? candidates.filter((path) => matches(path)) : candidates;
  // A task scoped by `paths` (or fed `{files}`) has nothing to do when no changed file matches.
  if (files.length === 0 && (task.paths || task.run.includes('{files}'))) return undefined;
  return {
    id: `${kind}:${task.name}`,
    kind,
    agent: AGENT_OF[kind],
    task: {
      type: 'command',
      name: task.name,
      run: task.run,
      format: task.format,
      timeoutSeconds: task['timeout-seconds'],
    },
    files,
    dependsOn: [],
    budget: { wallSeconds: task['timeout-seconds'] },
  };
}
