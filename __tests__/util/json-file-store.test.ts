import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonFileStore } from '../../src/util/json-file-store.js';

const DAY = 24 * 60 * 60 * 1000;
const isNumber = (value: unknown): value is number => typeof value === 'number';
const key = (c: string) => c.repeat(64);

describe('createJsonFileStore: touch and prune', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kilo-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const store = () => createJsonFileStore(dir, { version: 1, field: 'n', accept: isNumber });
  const age = async (k: string, days: number) => {
    const then = new Date(Date.now() - days * DAY);
    await utimes(join(dir, k.slice(0, 2), `${k}.json`), then, then);
  };

  it('removes entries unused for longer than the age, keeps touched and fresh ones', async () => {
    await store().set(key('a'), 1);
    await store().set(key('b'), 2);
    await store().set(key('c'), 3);
    await age(key('a'), 8);
    await age(key('b'), 8);
    await store().touch!(key('b')); // reused by this run
    await writeFile(join(dir, 'README'), 'not an entry'); // left alone, like anything not ours

    expect(await store().prune!(7 * DAY)).toBe(1);
    expect(await store().get(key('a'))).toBeUndefined();
    expect(await store().get(key('b'))).toBe(2);
    expect(await store().get(key('c'))).toBe(3);
    expect((await readdir(dir)).sort()).toEqual(['README', 'aa', 'bb', 'cc']);
  });

  it('prunes nothing, without error, when the directory does not exist', async () => {
    const missing = createJsonFileStore(join(dir, 'none'), { version: 1, field: 'n', accept: isNumber });
    expect(await missing.prune!(0)).toBe(0);
    await missing.touch!(key('d'));
    expect(await missing.get(key('d'))).toBeUndefined();
  });

  it('misses, without reading it, on an entry too large to be ours or one that is not a file', async () => {
    await store().set(key('e'), 5);
    const path = join(dir, 'ee', `${key('e')}.json`);
    await truncate(path, 33 * 1024 * 1024); // sparse: no real 33 MB written
    expect(await store().get(key('e'))).toBeUndefined();
    await mkdir(join(dir, 'ff', `${key('f')}.json`), { recursive: true });
    expect(await store().get(key('f'))).toBeUndefined();
  });
});
