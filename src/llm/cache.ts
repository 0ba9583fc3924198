// Answers already paid for, keyed by model and prompt: a re-run on the same diff costs nothing. A
// cache is an optimisation, so every failure here is a miss or a skipped write, never an error.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmModelId } from './types.js';

/** Bumped whenever the key's parts or the stored shape change: old entries become misses. */
export const CACHE_FORMAT_VERSION = 1;

export interface CachedAnswer {
  value: unknown;
  usage: { inputTokens: number; outputTokens: number };
  createdAt: string;
}

export interface LlmCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): Promise<void>;
}

/** What a request sends, after redaction; the API key is never part of it. */
export interface CacheKeyParts {
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  system: string;
  prompt: string;
  maxOutputTokens: number;
}

export function cacheKey(id: LlmModelId, parts: CacheKeyParts): string {
  const material = [
    CACHE_FORMAT_VERSION,
    id.provider,
    id.model,
    id.baseUrl ?? '',
    parts.schemaName,
    canonicalJson(parts.jsonSchema),
    parts.system,
    parts.prompt,
    parts.maxOutputTokens,
  ];
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** JSON with object keys sorted, so two equal schemas written in another order hash alike. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

interface CacheFile {
  version: number;
  key: string;
  answer: CachedAnswer;
}

/** One JSON file per key at `<dir>/<key[0..2]>/<key>.json`, written atomically (temp file + rename). */
export function createFileCache(dir: string): LlmCache {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      if (!isKey(key)) return undefined;
      try {
        const file: unknown = JSON.parse(await readFile(pathOf(key), 'utf8'));
        return isCacheFile(file) && file.version === CACHE_FORMAT_VERSION && file.key === key
          ? file.answer
          : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, answer) {
      if (!isKey(key)) return;
      const path = pathOf(key);
      const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
      const file: CacheFile = { version: CACHE_FORMAT_VERSION, key, answer };
      try {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
        await writeFile(temp, JSON.stringify(file), { mode: 0o600 });
        await rename(temp, path);
      } catch {
        await rm(temp, { force: true }).catch(() => undefined);
      }
    },
  };
}

/** For tests and one-off runs: nothing outlives the process. */
export function createMemoryCache(): LlmCache & { readonly size: number } {
  const entries = new Map<string, string>();
  return {
    get size() {
      return entries.size;
    },
    async get(key) {
      const stored = entries.get(key);
      return stored === undefined ? undefined : (JSON.parse(stored) as CachedAnswer);
    },
    async set(key, answer) {
      // Stored as JSON like the file cache: a caller mutating its value cannot change the entry.
      entries.set(key, JSON.stringify(answer));
    },
  };
}

/** Keys become paths: only our own hex digests, never `../`. */
const isKey = (key: string): boolean => /^[0-9a-f]{64}$/.test(key);

function isCacheFile(file: unknown): file is CacheFile {
  if (typeof file !== 'object' || file === null) return false;
  const { version, key, answer } = file as Partial<CacheFile>;
  if (typeof version !== 'number' || typeof key !== 'string') return false;
  if (typeof answer !== 'object' || answer === null || !('value' in answer)) return false;
  const usage = answer.usage as Partial<CachedAnswer['usage']> | undefined;
  return (
    typeof usage?.inputTokens === 'number' &&
    typeof usage.outputTokens === 'number' &&
    typeof answer.createdAt === 'string'
  );
}
