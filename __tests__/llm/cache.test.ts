import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CACHE_FORMAT_VERSION,
  cacheKey,
  createFileCache,
  createMemoryCache,
  type CacheKeyParts,
  type CachedAnswer,
} from '../../src/llm/cache.js';
import type { LlmModelId } from '../../src/llm/types.js';

const id: LlmModelId = { provider: 'openai', model: 'gpt-4o-mini' };
const parts: CacheKeyParts = {
  schemaName: 'review',
  jsonSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  system: 'system text',
  prompt: 'prompt text',
  maxOutputTokens: 1000,
};
const answer: CachedAnswer = {
  value: { a: 'x' },
  usage: { inputTokens: 10, outputTokens: 5 },
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('cacheKey', () => {
  const base = cacheKey(id, parts);

  it('is a stable sha256 hex digest', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...id }, { ...parts })).toBe(base);
  });

  it.each([
    ['the provider', { ...id, provider: 'anthropic' as const }, parts],
    ['the model', { ...id, model: 'gpt-4o' }, parts],
    ['the endpoint', { ...id, baseUrl: 'http://127.0.0.1:1/v1' }, parts],
    ['the prompt', id, { ...parts, prompt: 'prompt text!' }],
    ['the system prompt', id, { ...parts, system: 'other' }],
    ['the schema name', id, { ...parts, schemaName: 'plan' }],
    ['the JSON schema', id, { ...parts, jsonSchema: { type: 'array' } }],
    ['the answer limit', id, { ...parts, maxOutputTokens: 1001 }],
  ])('changes with %s', (_what, otherId, otherParts) => {
    expect(cacheKey(otherId, otherParts)).not.toBe(base);
  });

  it('does not change with anything else: an API key, extra fields, schema key order', () => {
    const withKey = { ...id, apiKey: 'sk-secret' } as LlmModelId;
    expect(cacheKey(withKey, parts)).toBe(base);
    expect(cacheKey(id, { ...parts, purpose: 'review' } as CacheKeyParts)).toBe(base);
    const reordered = { required: ['a'], properties: { a: { type: 'string' } }, type: 'object' };
    expect(cacheKey(id, { ...parts, jsonSchema: reordered })).toBe(base);
  });
});

describe('createFileCache', () => {
  let dir: string;
  const key = cacheKey(id, parts);
  const fileOf = (k: string) => join(dir, k.slice(0, 2), `${k}.json`);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kilo-llm-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips an answer through a private file, readable by another instance', async () => {
    await createFileCache(dir).set(key, answer);

    expect(await createFileCache(dir).get(key)).toEqual(answer);
    expect((await stat(fileOf(key))).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(fileOf(key), 'utf8')) as { version: number; key: string };
    expect(stored).toMatchObject({ version: CACHE_FORMAT_VERSION, key });
  });

  it('misses on an absent key and on a key that is not ours', async () => {
    const cache = createFileCache(dir);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set('../escape', answer);
    expect(await cache.get('../escape')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['a corrupt file', 'not json {'],
    ['another format version', JSON.stringify({ version: CACHE_FORMAT_VERSION + 1, key, answer })],
    ['another key', JSON.stringify({ version: CACHE_FORMAT_VERSION, key: 'f'.repeat(64), answer })],
    ['a wrong shape', JSON.stringify({ version: CACHE_FORMAT_VERSION, key, answer: { value: 1 } })],
  ])('treats %s as a miss', async (_what, content) => {
    await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
    await writeFile(fileOf(key), content);
    expect(await createFileCache(dir).get(key)).toBeUndefined();
  });

  it('never throws when it cannot write', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    const cache = createFileCache(blocker);
    await expect(cache.set(key, answer)).resolves.toBeUndefined();
    expect(await cache.get(key)).toBeUndefined();
  });

  it('keeps a whole answer when many writes race on one key, and leaves no temp files', async () => {
    const cache = createFileCache(dir);
    const answers = Array.from({ length: 25 }, (_, i) => ({ ...answer, value: { a: 'x'.repeat(1000 * i) } }));
    await Promise.all(answers.map((a) => cache.set(key, a)));

    const got = await cache.get(key);
    expect(answers).toContainEqual(got);
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });
});

describe('createMemoryCache', () => {
  it('round-trips a copy: changing the stored value later does not change the entry', async () => {
    const cache = createMemoryCache();
    const value = { a: 'x' };
    await cache.set('k', { ...answer, value });
    value.a = 'changed';
    expect(await cache.get('k')).toEqual({ ...answer, value: { a: 'x' } });
    expect(await cache.get('other')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
