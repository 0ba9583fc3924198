// The matrix scale-out's data (DESIGN §8): which slice of the plan an execute job runs, the results file
// it leaves for the report job, and the merge of those files back into one result per subtask, in
// plan order. Every job rebuilds the same plan from the same event, so a results file says which head
// and which plan it belongs to, and a file of another run is refused instead of merged.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { subtaskResultSchema } from '../orchestrator/result-schema.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import { planShards, type Shard } from '../plan/shards.js';
import type { Plan } from '../plan/types.js';
import { KiloError } from '../util/errors.js';

export interface ShardRef {
  /** 1-based. */
  index: number;
  count: number;
  /**
   * The plan positions (0-based) this shard runs, when the plan job chose them (`i/n:0-2,7`): the
   * execute job then runs exactly those, whatever costs it would estimate itself.
   */
  members?: number[];
}

export interface ShardResults {
  version: 1;
  /** `i/n`. */
  shard: string;
  head: string;
  /** Hash of the whole plan: the report job's plan must be the same. */
  plan: string;
  results: SubtaskResult[];
}

/** `i/n` or `i/n:<positions>` (as formatShard writes it); positions are ranges like `0-2,7`. */
export function parseShard(value: string): ShardRef {
  const [ref = '', list] = value.split(':');
  const [index = NaN, count = NaN] = ref.split('/').map(Number);
  if (list === undefined) return { index, count };
  const members = list
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from = NaN, to = from] = /^\d+(-\d+)?$/.test(part) ? part.split('-').map(Number) : [];
      // A malformed or reversed range is a position no plan has: shardPlan refuses it.
      if (!(to >= from) || to - from > 100_000) return [NaN];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  return { index, count, members };
}

/**
 * A shard of the plan as the matrix carries it: `i/n:<positions>`, runs of positions as ranges; the
 * only shard of one is `1/1` (the whole plan).
 */
export function formatShard(shard: Shard, plan: Plan): string {
  if (shard.shard === '1/1') return shard.shard;
  const position = new Map(plan.subtasks.map((subtask, i) => [subtask.id, i]));
  const indices = shard.subtasks.map((id) => position.get(id)!).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    runs.push(j === i ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return `${shard.shard}:${runs.join(',')}`;
}

export function planDigest(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}

/** The part of `plan` that shard `ref` runs (dependencies stay inside one shard). */
export function shardPlan(plan: Plan, ref: ShardRef): Plan {
  if (ref.members !== undefined) return chosenPart(plan, ref, ref.members);
  const shards = planShards(plan, ref.count);
  if (shards.length !== ref.count || ref.index < 1 || ref.index > ref.count) {
    throw new KiloError(
      'INPUT_INVALID',
      `input 'shard': ${ref.index}/${ref.count} does not match the plan, which splits into ${shards.length} shard(s); ` +
        "use the 'shards' output of the plan job as the matrix",
    );
  }
  const ids = new Set(shards[ref.index - 1]!.subtasks);
  return { version: 1, subtasks: plan.subtasks.filter((subtask) => ids.has(subtask.id)) };
}

/** The positions the plan job chose; refused when they do not fit this plan (another config or head). */
function chosenPart(plan: Plan, ref: ShardRef, members: readonly number[]): Plan {
  const mismatch = (why: string) =>
    new KiloError(
      'INPUT_INVALID',
      `input 'shard': ${ref.index}/${ref.count} does not match the plan (${why}); ` +
        "use the 'shards' output of this run's plan job as the matrix",
    );
  const subtasks = members.map((i) => plan.subtasks[i]);
  if (subtasks.some((subtask) => subtask === undefined) || ref.index < 1 || ref.index > ref.count)
    throw mismatch(`the plan has ${plan.subtasks.length} subtasks`);
  const ids = new Set(subtasks.map((subtask) => subtask!.id));
  for (const subtask of subtasks) {
    const outside = [...subtask!.dependsOn, ...(subtask!.after ?? [])].find((id) => !ids.has(id));
    if (outside !== undefined) throw mismatch(`${subtask!.id} needs ${outside}, which another shard runs`);
  }
  return { version: 1, subtasks: plan.subtasks.filter((subtask) => ids.has(subtask.id)) };
}

const resultsSchema = z.object({
  version: z.literal(1),
  shard: z.string().regex(/^\d+\/\d+$/),
  head: z.string(),
  plan: z.string(),
  results: z.array(subtaskResultSchema),
});

/** Reads one results file's JSON; `name` says which file in the error. */
export function parseShardResults(text: string, name: string): ShardResults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KiloError('INPUT_INVALID', `${name} is not a Kilo Agent results file: ${String(error)}`);
  }
  const parsed = resultsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KiloError(
      'INPUT_INVALID',
      `${name} is not a Kilo Agent results file: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data as unknown as ShardResults;
}

/**
 * One result per subtask of `plan`, in plan order, from every shard's file. Refuses files of another
 * head or plan, a shard given twice, and subtasks no shard ran (a missing job), naming them.
 */
export function mergeShardResults(plan: Plan, head: string, files: readonly ShardResults[]): SubtaskResult[] {
  const digest = planDigest(plan);
  const byId = new Map<string, SubtaskResult>();
  const seen = new Set<string>();
  for (const file of files) {
    if (file.head !== head || file.plan !== digest) {
      throw new KiloError(
        'INPUT_INVALID',
        `the results of shard ${file.shard} belong to another run (head ${file.head.slice(0, 7)}, plan ${file.plan}; ` +
          `this one: head ${head.slice(0, 7)}, plan ${digest}); download only this run's artifacts`,
      );
    }
    if (seen.has(file.shard))
      throw new KiloError('INPUT_INVALID', `the results of shard ${file.shard} came twice`);
    seen.add(file.shard);
    for (const result of file.results) byId.set(result.id, result);
  }
  const missing = plan.subtasks.filter((subtask) => !byId.has(subtask.id)).map((subtask) => subtask.id);
  if (missing.length > 0) {
    throw new KiloError(
      'INPUT_INVALID',
      `no shard reported ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: ` +
        'did every execute job finish and upload its results?',
    );
  }
  return plan.subtasks.map((subtask) => byId.get(subtask.id)!);
}
