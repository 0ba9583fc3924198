// Answers already paid for, keyed by model and prompt: a re-run on the same diff costs nothing. A
// cache is an optimisation, so every failure here is a miss or a skipped write, never an error.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../util/canonical-json.js';
import { createJsonFileStore } from '../util/json-file-store.js';
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
  /** With tools: their definitions, bounds and what they read (the head commit). */
  tools?: string;
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
    // Absent without tools, so keys made before the tool loop still match.
    ...(parts.tools === undefined ? [] : [parts.tools]),
  ];
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** One JSON file per key (see createJsonFileStore). */
export function createFileCache(dir: string): LlmCache {
  return createJsonFileStore(dir, { version: CACHE_FORMAT_VERSION, field: 'answer', accept: isAnswer });
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

function isAnswer(answer: unknown): answer is CachedAnswer {
  if (typeof answer !== 'object' || answer === null || !('value' in answer)) return false;
  const { usage, createdAt } = answer as Partial<CachedAnswer>;
  return (
    typeof usage?.inputTokens === 'number' &&
    typeof usage.outputTokens === 'number' &&
    typeof createdAt === 'string'
  );
}
