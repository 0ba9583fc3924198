// Checks a plan before anything runs: a violation is a clear error, never a partial run.
import { KiloError } from '../util/errors.js';
import type { Plan } from './types.js';

export interface InvariantOptions {
  maxSubtasks: number;
  isProtected: (path: string) => boolean;
}

export function planViolations(plan: Plan, { maxSubtasks, isProtected }: InvariantOptions): string[] {
  const violations: string[] = [];
  const ids = new Set<string>();
  for (const subtask of plan.subtasks) {
    if (ids.has(subtask.id))
      violations.push(`duplicate subtask id ${subtask.id} (task names must be unique per kind)`);
    ids.add(subtask.id);
  }
  for (const subtask of plan.subtasks) {
    for (const dep of subtask.dependsOn) {
      if (!ids.has(dep)) violations.push(`${subtask.id} depends on ${dep}, which is not in the plan`);
    }
    if (subtask.kind === 'refactor') {
      const touched = subtask.files.filter(isProtected);
      if (touched.length) violations.push(`${subtask.id} would touch protected paths: ${touched.join(', ')}`);
    }
  }
  const cycle = findCycle(plan);
  if (cycle) violations.push(`dependency cycle: ${cycle.join(' → ')}`);
  if (plan.subtasks.length > maxSubtasks) {
    violations.push(`${plan.subtasks.length} subtasks exceed budgets.subtasks (${maxSubtasks})`);
  }
  return violations;
}

export function assertPlanValid(plan: Plan, options: InvariantOptions): void {
  const violations = planViolations(plan, options);
  if (violations.length) throw new KiloError('PLAN_INVALID', `invalid plan: ${violations.join('; ')}`);
}

/** Depth-first search; returns one cycle as a list of ids (first id repeated at the end). */
function findCycle(plan: Plan): string[] | undefined {
  const deps = new Map(plan.subtasks.map((s) => [s.id, s.dependsOn]));
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
