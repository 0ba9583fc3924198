// Benchmark (issue 11): reading a huge PR. The same seeded 3,000-file, 100,000-line diff as the analyzer
// benchmark, from text to everything the run needs before the first subtask — the changed files, the
// DiffIndex of commentable lines and the plan (10 tasks) — against parsing the same text with
// parse-diff alone (the library our parser is built on). Both in every round, order alternating; the
// figure is the median ratio. Target ≤ 1.5×; the absolute time and memory are in the rows below it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import parseDiff from 'parse-diff';
import picomatch from 'picomatch';
import { META, readInputs, sharedWorkload } from './lib/analyzer-workload.mjs';
import { timed } from './lib/pool.mjs';

const CONFIG = {
  tasks: {
    analyze: [
      {
        name: 'eslint',
        run: 'npx eslint --format json {files}',
        format: 'eslint-json',
        paths: ['**/*.{ts,js}'],
      },
      { name: 'typecheck', run: 'npx tsc --noEmit -p tsconfig.json', paths: ['**/*.ts'] },
    ],
    refactor: [{ name: 'prettier', run: 'npx prettier --write {files}' }],
    test: [{ name: 'unit', run: 'npm test' }],
  },
};

export default {
  name: 'diff index + plan of a 3,000-file, 100,000-line PR vs parse-diff alone',
  target: 1.5,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 2, measured: 11 },

  async setup({ buildDir, quick }) {
    const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
    const [{ buildPrContext }, { planReview }, { configSchema }] = await Promise.all([
      load('context/build.js'),
      load('plan/planner.js'),
      load('policy/schema.js'),
    ]);
    const { diffText } = readInputs(sharedWorkload(quick));
    const config = configSchema.parse(CONFIG);
    const isProtected = picomatch(['.github/workflows/**'], { dot: true });
    const ours = () => {
      const context = buildPrContext('pull_request', META, diffText);
      // Touch the index as the filters do, so lazily built parts are paid for too.
      for (const file of context.files) context.diffIndex.addedLines(file.path);
      return planReview({ files: context.files, config, isProtected });
    };
    const plan = ours();
    const files = parseDiff(diffText).length;
    return {
      ours,
      baseline: () => parseDiff(diffText),
      round: 0,
      note: `${files} files, ${(diffText.length / 1e6).toFixed(1)} MB of diff → ${plan.subtasks.length} subtasks`,
    };
  },

  async run(state) {
    const ours = () => timed(async () => state.ours());
    const baseline = () => timed(async () => state.baseline());
    if (state.round++ % 2 === 0) return { ours: await ours(), baseline: await baseline() };
    const base = await baseline();
    return { ours: await ours(), baseline: base };
  },
};
