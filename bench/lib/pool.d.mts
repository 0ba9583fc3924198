// Types for pool.mjs.
import type { SpawnOptions } from 'node:child_process';

export function promisePool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void>;
export function spawnAndDrain(
  argv: readonly string[],
  options?: SpawnOptions,
): Promise<{ code: number | null; bytes: number }>;
export function timed(fn: () => Promise<unknown>): Promise<number>;
