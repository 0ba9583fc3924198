// A directory of JSON files keyed by our own hex digests: one file per key at
// `<dir>/<key[0..2]>/<key>.json`, written atomically (temp file + rename), private to the user. A store
// is an optimisation, so every failure is a miss or a skipped write, never an error.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface JsonStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  /** Marks an entry as used now (prune keeps it). */
  touch?(key: string): Promise<void>;
  /** Removes the entries neither written nor touched in the last `maxAgeMs`; returns how many. */
  prune?(maxAgeMs: number): Promise<number>;
}

export interface JsonStoreFormat<T> {
  /** Bumped whenever the stored shape changes: files of another version are misses. */
  version: number;
  /** The file's field that holds the value (`{version, key, [field]: value}`). */
  field: string;
  /** Whether a parsed value is one of ours (the file may be old, truncated or planted). */
  accept(value: unknown): value is T;
}

/** Larger files are not ours (or not worth parsing): a planted 1 GB file must not fill the memory. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export function createJsonFileStore<T>(dir: string, format: JsonStoreFormat<T>): JsonStore<T> {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      if (!isKey(key)) return undefined;
      try {
        const info = await stat(pathOf(key));
        if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
        const file: unknown = JSON.parse(await readFile(pathOf(key), 'utf8'));
        if (typeof file !== 'object' || file === null) return undefined;
        const { version, key: stored, [format.field]: value } = file as Record<string, unknown>;
        return version === format.version && stored === key && format.accept(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      if (!isKey(key)) return;
      const path = pathOf(key);
      const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
        await writeFile(temp, JSON.stringify({ version: format.version, key, [format.field]: value }), {
          mode: 0o600,
        });
        await rename(temp, path);
      } catch {
        await rm(temp, { force: true }).catch(() => undefined);
      }
    },
    async touch(key) {
      if (!isKey(key)) return;
      const now = new Date();
      await utimes(pathOf(key), now, now).catch(() => undefined);
    },
    async prune(maxAgeMs) {
      const oldest = Date.now() - maxAgeMs;
      let removed = 0;
      const shards = await readdir(dir).catch(() => [] as string[]);
      for (const shard of shards.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
        const names = await readdir(join(dir, shard)).catch(() => [] as string[]);
        for (const name of names) {
          const path = join(dir, shard, name);
          const info = await stat(path).catch(() => undefined);
          if (info === undefined || !info.isFile() || info.mtimeMs >= oldest) continue;
          await rm(path, { force: true }).then(
            () => removed++,
            () => undefined,
          );
        }
      }
      return removed;
    },
  };
}

/** Keys become paths: only our own sha256 hex digests, never `../`. */
const isKey = (key: string): boolean => /^[0-9a-f]{64}$/.test(key);
