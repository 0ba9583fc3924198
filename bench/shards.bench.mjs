// Benchmark (issue 11): the matrix scale-out. A synthetic plan of sleep-bound subtasks (200 ms each, at
// the default concurrency 2) run by one execute job, against the same plan split into 4 shards run as
// 4 parallel processes (the matrix jobs). The figure is the 4-shard wall time ÷ the 1-shard wall time.
import { fileURLToPath } from 'node:url';
import { spawnAndDrain, timed } from './lib/pool.mjs';

const CHILD = fileURLToPath(new URL('./lib/shard-child.mjs', import.meta.url));
const SHARDS = 4;
const CONCURRENCY = 2;
const SLEEP_MS = 200;

export default {
  name: `scale-out: ${SHARDS} shards vs 1 (sleep-bound subtasks, parallel processes)`,
  target: 0.35,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 0, measured: 3 },

  setup({ buildDir, quick }) {
    const count = quick ? 40 : 400;
    return {
      buildDir,
      count,
      note: `${count} subtasks of ${SLEEP_MS} ms at concurrency ${CONCURRENCY}; ours = ${SHARDS} shard processes at once, baseline = 1 shard`,
    };
  },

  async run(state) {
    const job = async (shard) => {
      const argv = [
        process.execPath,
        CHILD,
        state.buildDir,
        String(state.count),
        shard,
        String(CONCURRENCY),
        String(SLEEP_MS),
      ];
      const { code } = await spawnAndDrain(argv);
      if (code !== 0) throw new Error(`shard ${shard} exited with ${code}`);
    };
    const baseline = await timed(() => job('1/1'));
    const ours = await timed(() =>
      Promise.all(Array.from({ length: SHARDS }, (_, i) => job(`${i + 1}/${SHARDS}`))),
    );
    return { ours, baseline };
  },
};
