// Baselines for the orchestrator benchmarks: what the same work costs without us. A bare promise pool
// and a bare child_process.spawn, with nothing of ours loaded.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Runs task(0) … task(count − 1), at most `concurrency` at once, in index order. */
export async function promisePool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Spawns argv with piped output, counts and drops what it prints, and resolves on 'close' with the
 * exit code and the byte count; rejects when the process cannot start.
 */
export function spawnAndDrain(argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let bytes = 0;
    const count = (chunk) => (bytes += chunk.length);
    child.stdout.on('data', count);
    child.stderr.on('data', count);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, bytes }));
  });
}

/** Milliseconds `fn` takes to settle. */
export async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
