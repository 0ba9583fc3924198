// Splits a plan over the jobs of a GitHub Actions matrix (DESIGN §8): subtasks joined by an edge
// (dependsOn or after) stay in one shard, since one reads what the other produced in-process; the
// groups are spread by estimated cost, largest first onto the least-loaded shard (LPT), so the
// slowest shard is at most the average load plus the largest group. Deterministic: the same plan and
// count give the same shards. Limit: costs are estimates from the task kind and file counts; measured
// durations of earlier runs are not used yet.
import type { Plan, Subtask } from './types.js';

export interface Shard {
  /** `i/n`, as the `shard` input takes it. */
  shard: string;
  /** Plan order. */
  subtasks: string[];
  /** Estimated cost, in the units of estimateCost. */
  cost: number;
}

/** A rough cost: tool start-up dominates small runs, file counts large ones. */
export function estimateCost(subtask: Subtask): number {
  const files = subtask.files.length;
  switch (subtask.task.type) {
    case 'builtin':
      return 1 + files / 1000;
    case 'command':
      return 5 + files / 10;
    case 'llm-review':
      return 10 + files;
    case 'validate':
      return 10 * Math.max(1, subtask.task.tests.length);
  }
}

/**
 * At most `count` shards (fewer when the plan has fewer independent groups; always at least one), each
 * with its subtasks in plan order; every subtask is in exactly one shard.
 */
export function planShards(plan: Plan, count: number, cost = estimateCost): Shard[] {
  const groups = connectedGroups(plan.subtasks);
  const n = Math.max(1, Math.min(Math.floor(count) || 1, groups.length));
  const loads = Array.from({ length: n }, () => ({ cost: 0, members: [] as number[] }));
  const weighed = groups
    .map((members) => ({ members, cost: members.reduce((sum, i) => sum + cost(plan.subtasks[i]!), 0) }))
    // Largest first; ties by plan position, so the result does not depend on sort stability.
    .sort((a, b) => b.cost - a.cost || a.members[0]! - b.members[0]!);
  for (const group of weighed) {
    let lightest = 0;
    for (let i = 1; i < n; i++) if (loads[i]!.cost < loads[lightest]!.cost) lightest = i;
    loads[lightest]!.cost += group.cost;
    loads[lightest]!.members.push(...group.members);
  }
  return loads.map((load, i) => ({
    shard: `${i + 1}/${n}`,
    subtasks: load.members.sort((a, b) => a - b).map((index) => plan.subtasks[index]!.id),
    cost: Math.round(load.cost * 100) / 100,
  }));
}

/** Indices of subtasks joined by dependsOn/after edges (either way), each group in plan order. */
function connectedGroups(subtasks: readonly Subtask[]): number[][] {
  const parent = subtasks.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const indexById = new Map(subtasks.map((subtask, i) => [subtask.id, i]));
  subtasks.forEach((subtask, i) => {
    for (const id of [...subtask.dependsOn, ...(subtask.after ?? [])]) {
      const j = indexById.get(id);
      if (j !== undefined) parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  subtasks.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()];
}
