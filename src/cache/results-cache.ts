// The results cache (incremental reruns): a subtask whose inputs did not change since an earlier run
// gets that run's result back instead of running again. Only `ok` results are stored: a failure, a
// time-out or a skip always runs again (a re-run of a red job is how people retry a flaky test).
// Entries live in a directory (by default in RUNNER_TEMP, restorable with actions/cache) and are
// schema-checked when read: a planted or truncated file is a miss, never a result.
import type { Subtask } from '../plan/types.js';
import { subtaskResultSchema } from '../orchestrator/result-schema.js';
import type { AgentOutput } from '../agents/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { Span } from '../trace/types.js';
import { createJsonFileStore, type JsonStore } from '../util/json-file-store.js';
import type { SubtaskKeyer } from './subtask-key.js';

/** Bumped whenever the stored shape changes: files of another version are misses. */
export const RESULTS_STORE_VERSION = 1;

/** Entries unused this long are removed when a run saves (actions/cache drops week-old caches too). */
export const RESULTS_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface CachedResult {
  result: SubtaskResult;
  /** The head the result was made on. */
  head: string;
  createdAt: string;
}

export type ResultsStore = JsonStore<CachedResult>;

export function createResultsStore(dir: string): ResultsStore {
  return createJsonFileStore(dir, { version: RESULTS_STORE_VERSION, field: 'entry', accept: isCachedResult });
}

function isCachedResult(value: unknown): value is CachedResult {
  if (typeof value !== 'object' || value === null) return false;
  const { result, head, createdAt } = value as Partial<Record<keyof CachedResult, unknown>>;
  return (
    typeof head === 'string' &&
    typeof createdAt === 'string' &&
    subtaskResultSchema.safeParse(result).success &&
    (result as SubtaskResult).status === 'ok'
  );
}

/** The pipeline's side of the cache for one run. */
export interface Reuse {
  /** An earlier result for this subtask, as an outcome to return instead of running it. */
  lookup(subtask: Subtask, span: Span): Promise<(AgentOutput & Pick<SubtaskResult, 'reused'>) | undefined>;
  /** Stores the results this run made that a later run may reuse. */
  save(results: readonly SubtaskResult[], span: Span): Promise<void>;
}

export function createReuse({
  store,
  keyer,
  subtasks,
  head,
  now = () => new Date(),
}: {
  store: ResultsStore;
  keyer: SubtaskKeyer;
  /** The plan's subtasks, by which save() finds a result's key. */
  subtasks: readonly Subtask[];
  head: string;
  now?: () => Date;
}): Reuse {
  const byId = new Map(subtasks.map((subtask) => [subtask.id, subtask]));
  return {
    async lookup(subtask, span) {
      const key = await keyer.key(subtask);
      if (key.key === undefined) {
        span.event('cache', 'no-key', { id: subtask.id, reason: key.reason });
        return undefined;
      }
      const entry = await store.get(key.key);
      if (entry === undefined || entry.result.id !== subtask.id) return undefined;
      await store.touch?.(key.key);
      span.event('cache', 'reused', {
        id: subtask.id,
        from: entry.head,
        durationMs: entry.result.durationMs,
      });
      const { findings, suggestions, reason, validation } = entry.result;
      return {
        status: 'ok',
        findings,
        suggestions,
        ...(reason !== undefined ? { reason } : {}),
        ...(validation !== undefined ? { validation } : {}),
        reused: { head: entry.head, durationMs: entry.result.durationMs },
      };
    },
    async save(results, span) {
      let stored = 0;
      for (const result of results) {
        const subtask = byId.get(result.id);
        if (result.status !== 'ok' || result.reused !== undefined || subtask === undefined) continue;
        const key = await keyer.key(subtask);
        if (key.key === undefined) continue;
        await store.set(key.key, { result, head, createdAt: now().toISOString() });
        stored++;
      }
      const pruned = (await store.prune?.(RESULTS_MAX_AGE_MS)) ?? 0;
      span.event('cache', 'saved', { stored, pruned });
    },
  };
}
