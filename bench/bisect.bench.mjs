// Benchmark (issue 7): how many test runs the suggestion validation needs to find one culprit among
// 32 suggestions, worst case over every position of the culprit. The tests are simulated (a
// suggestion set fails iff it holds the culprit): the figure is a count, so it is exact and the same
// on every machine. Target: 2·log2(32) + 1 = 11 runs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SUGGESTIONS = 32;

export default {
  name: 'test runs to bisect 32 suggestions with one culprit (worst position)',
  target: 11,
  unit: 'runs',
  rounds: { warmup: 0, measured: 3 },

  async setup({ buildDir }) {
    const url = pathToFileURL(join(buildDir, 'agents/validation/bisect.js')).href;
    const { bisect } = await import(url);
    return { bisect, note: `${SUGGESTIONS} suggestions, culprit at each of ${SUGGESTIONS} positions` };
  },

  async run({ bisect }) {
    const items = Array.from({ length: SUGGESTIONS }, (_, i) => i);
    let worst = 0;
    for (const culprit of items) {
      const result = await bisect(items, async (subset) => !subset.includes(culprit));
      if (result.culprits.length !== 1 || result.culprits[0] !== culprit) {
        throw new Error(`bisect found ${JSON.stringify(result.culprits)}, not [${culprit}]`);
      }
      worst = Math.max(worst, result.runs);
    }
    return { ours: worst };
  },
};
