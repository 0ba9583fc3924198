// Checks a plan before anything runs: a violation is a clear error, never a partial run.
import { KiloError } from '../util/errors.js';
import { argvBytes, DEFAULT_ARGV_BUDGET, expandedArgv, MAX_FILES_PER_BATCH } from './batches.js';
import type { Plan, Subtask } from './types.js';

export interface InvariantOptions {
  maxSubtasks: number;
  isProtected: (path: string) => boolean;
  /** Most bytes of arguments one command may get; default DEFAULT_ARGV_BUDGET (as the planner's). */
  argvBudget?: number;
}

const MAX_SHOWN_PATH = 120;

export function planViolations(
  plan: Plan,
  { maxSubtasks, isProtected, argvBudget = DEFAULT_ARGV_BUDGET }: InvariantOptions,
): string[] {
  const violations: string[] = [];
  const ids = new Set<string>();
  for (const subtask of plan.subtasks) {
    if (ids.has(subtask.id))
      violations.push(`duplicate subtask id ${subtask.id} (task names must be unique per kind)`);
    ids.add(subtask.id);
  }
  for (const subtask of plan.subtasks) {
    for (const dep of [...subtask.dependsOn, ...(subtask.after ?? [])]) {
      if (!ids.has(dep)) violations.push(`${subtask.id} depends on ${dep}, which is not in the plan`);
    }
    if (subtask.kind === 'refactor') {
      const touched = subtask.files.filter(isProtected);
      if (touched.length) violations.push(`${subtask.id} would touch protected paths: ${touched.join(', ')}`);
    }
    const argv = argvViolation(subtask, argvBudget);
    if (argv) violations.push(argv);
  }
  const cycle = findCycle(plan);
  if (cycle) violations.push(`dependency cycle: ${cycle.join(' → ')}`);
  if (plan.subtasks.length > maxSubtasks) {
    const batches = plan.subtasks.filter((subtask) => subtask.batch !== undefined).length;
    // Batching multiplies subtasks on a big PR; say so, or the budget looks wrongly counted.
    const why = batches > 0 ? `, ${batches} of them file batches of up to ${MAX_FILES_PER_BATCH} files` : '';
    violations.push(`${plan.subtasks.length} subtasks exceed budgets.subtasks (${maxSubtasks})${why}`);
  }
  return violations;
}

/** A command line the OS would refuse (E2BIG) is caught here, before anything runs. */
function argvViolation(subtask: Subtask, argvBudget: number): string | undefined {
  if (subtask.task.type !== 'command') return undefined;
  const argv = expandedArgv(subtask.task.run, subtask.files);
  // An invalid command is not this check's business: its agent reports it when it runs.
  if (argv === undefined) return undefined;
  const bytes = argvBytes(argv);
  if (bytes <= argvBudget) return undefined;
  const over = `${bytes} bytes of arguments, over the argv budget of ${argvBudget} bytes`;
  const bare = argvBytes(expandedArgv(subtask.task.run, []) ?? []);
  if (bare > argvBudget) return `${subtask.id}: the command alone needs ${over}`;
  const [only] = subtask.files;
  if (subtask.files.length === 1 && only !== undefined) {
    const path = JSON.stringify(clip(only));
    return `${subtask.id}: the path ${path} alone makes its command need ${over} (leave it out of the task's paths)`;
  }
  return `${subtask.id}: its command needs ${over}`;
}

function clip(text: string): string {
  const chars = Array.from(text); // by code point, so a cut never splits a surrogate pair
  return chars.length > MAX_SHOWN_PATH ? `${chars.slice(0, MAX_SHOWN_PATH).join('')}…` : text;
}

export function assertPlanValid(plan: Plan, options: InvariantOptions): void {
  const violations = planViolations(plan, options);
  if (violations.length) throw new KiloError('PLAN_INVALID', `invalid plan: ${violations.join('; ')}`);
}

/** Depth-first search; returns one cycle as a list of ids (first id repeated at the end). */
function findCycle(plan: Plan): string[] | undefined {
  const deps = new Map(plan.subtasks.map((s) => [s.id, [...s.dependsOn, ...(s.after ?? [])]]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
