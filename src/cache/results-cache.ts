// The results cache (incremental reruns): a subtask whose inputs did not change since an earlier run
// gets that run's result back instead of running again. Only `ok` results are stored: a failure, a
// time-out or a skip always runs again (a re-run of a red job is how people retry a flaky test).
// Entries live in a directory (by default in RUNNER_TEMP, restorable with actions/cache) and are
// schema-checked when read: a planted or truncated file is a miss, never a result.
import { join } from 'node:path';
import type { Subtask } from '../plan/types.js';
import { subtaskResultSchema } from '../orchestrator/result-schema.js';
import type { AgentOutput } from '../agents/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { Span } from '../trace/types.js';
import { createJsonFileStore, type JsonStore } from '../util/json-file-store.js';
import { durationKey, type SubtaskKeyer } from './subtask-key.js';

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

/** How long a subtask took when it last ran, whatever its inputs were (shard costs). */
export interface PastDuration {
  durationMs: number;
  at: string;
}

export interface ResultsStore {
  /** By the subtask's inputs (subtask-key.ts): results to reuse. */
  entries: JsonStore<CachedResult>;
  /** By the subtask's id and task (durationKey): what the next plan job weighs shards with. */
  durations: JsonStore<PastDuration>;
}

export function createResultsStore(dir: string): ResultsStore {
  return {
    entries: createJsonFileStore(dir, {
      version: RESULTS_STORE_VERSION,
      field: 'entry',
      accept: isCachedResult,
    }),
    durations: createJsonFileStore(join(dir, 'durations'), {
      version: RESULTS_STORE_VERSION,
      field: 'duration',
      accept: isPastDuration,
    }),
  };
}

function isPastDuration(value: unknown): value is PastDuration {
  if (typeof value !== 'object' || value === null) return false;
  const { durationMs, at } = value as Partial<Record<keyof PastDuration, unknown>>;
  return (
    typeof durationMs === 'number' && Number.isFinite(durationMs) && durationMs >= 0 && typeof at === 'string'
  );
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
  /** Stores the results this run made that a later run may reuse, and how long each subtask took. */
  save(results: readonly SubtaskResult[], span: Span): Promise<void>;
  /**
   * What each subtask will cost an execute job, in seconds, where the cache knows: 0 for a result it
   * will reuse, else the last measured duration. Subtasks it knows nothing about are absent.
   */
  costs(subtasks: readonly Subtask[]): Promise<Map<string, number>>;
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
      const entry = await store.entries.get(key.key);
      if (entry === undefined || entry.result.id !== subtask.id) return undefined;
      await store.entries.touch?.(key.key);
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
      const at = now().toISOString();
      for (const result of results) {
        const subtask = byId.get(result.id);
        if (result.reused !== undefined || subtask === undefined) continue;
        // A time-out's duration is a lower bound, still better than an estimate; skips say nothing.
        if (['ok', 'failed', 'timed-out'].includes(result.status))
          await store.durations.set(durationKey(subtask), { durationMs: result.durationMs, at });
        if (result.status !== 'ok') continue;
        const key = await keyer.key(subtask);
        if (key.key === undefined) continue;
        await store.entries.set(key.key, { result, head, createdAt: at });
        stored++;
      }
      const pruned =
        ((await store.entries.prune?.(RESULTS_MAX_AGE_MS)) ?? 0) +
        ((await store.durations.prune?.(RESULTS_MAX_AGE_MS)) ?? 0);
      span.event('cache', 'saved', { stored, pruned });
    },
    async costs(subtasks) {
      const costs = new Map<string, number>();
      for (const subtask of subtasks) {
        const key = await keyer.key(subtask);
        const entry = key.key === undefined ? undefined : await store.entries.get(key.key);
        if (entry !== undefined && entry.result.id === subtask.id) costs.set(subtask.id, 0);
        else {
          const past = await store.durations.get(durationKey(subtask));
          if (past !== undefined) costs.set(subtask.id, past.durationMs / 1000);
        }
      }
      return costs;
    },
  };
}
