// Benchmark (issue 5): planning a 3,000-file PR (the `policy.max-files` default) against 10 tasks,
// plan invariants included: the work done between reading the PR and running the first subtask.
// The PR is synthetic but shaped like a monorepo change, and the same on every run (seeded).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { random } from './lib/random.mjs';

const FILE_COUNT = 3000;

const CONFIG = {
  tasks: {
    analyze: [
      {
        name: 'eslint',
        run: 'npx eslint --format json {files}',
        format: 'eslint-json',
        paths: ['**/*.{ts,tsx,js,mjs}'],
      },
      { name: 'stylelint', run: 'npx stylelint --formatter json {files}', paths: ['**/*.{css,scss}'] },
      { name: 'markdownlint', run: 'npx markdownlint-cli2 {files}', paths: ['**/*.md'] },
      { name: 'typecheck', run: 'npx tsc --noEmit -p tsconfig.json', paths: ['**/*.{ts,tsx}'] },
    ],
    refactor: [
      {
        name: 'prettier',
        run: 'npx prettier --write {files}',
        paths: ['**/*.{ts,tsx,js,json,md,css,scss,yml}'],
      },
      { name: 'eslint-fix', run: 'npx eslint --fix {files}', paths: ['**/*.{ts,tsx}'] },
      { name: 'sort-package-json', run: 'npx sort-package-json {files}', paths: ['**/package.json'] },
    ],
    test: [
      { name: 'unit', run: 'npm test' },
      { name: 'related', run: 'npx jest --findRelatedTests {files}', paths: ['packages/*/src/**'] },
      { name: 'e2e', run: 'npm run test:e2e', paths: ['packages/app/**'] },
    ],
  },
};

const PACKAGES = ['app', 'api', 'core', 'ui', 'utils', 'cli', 'server', 'shared', 'design-system', 'i18n'];
const WORDS = ['user', 'order', 'invoice', 'session', 'cart', 'search', 'profile', 'billing', 'auth', 'feed'];
const SUFFIXES = ['service', 'store', 'view', 'helpers', 'client', 'schema', 'list', 'form', 'card', 'utils'];
/** Where files live and which extensions they have there, weighted like a TypeScript monorepo. */
const LAYOUT = [
  { dir: 'src/components', exts: ['tsx', 'tsx', 'css'], weight: 6 },
  { dir: 'src/services', exts: ['ts'], weight: 4 },
  { dir: 'src/lib/internal', exts: ['ts', 'js'], weight: 3 },
  { dir: '__tests__', exts: ['test.ts'], weight: 4 },
  { dir: 'docs/guides', exts: ['md'], weight: 1 },
  { dir: 'styles', exts: ['scss'], weight: 1 },
  { dir: 'locales/de-DE', exts: ['json'], weight: 1 },
];

/** 3,000 changed files: mostly source, some removed, some binary, a few protected workflow files. */
export function syntheticPr(count = FILE_COUNT) {
  const next = random(5);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const layout = LAYOUT.flatMap((entry) => Array(entry.weight).fill(entry));
  const files = [
    { path: '.github/workflows/ci.yml' },
    { path: '.github/workflows/release.yml' },
    ...PACKAGES.map((pkg) => ({ path: `packages/${pkg}/package.json` })),
  ];
  for (let i = 0; files.length < count; i++) {
    const { dir, exts } = pick(layout);
    const path = `packages/${pick(PACKAGES)}/${dir}/${pick(WORDS)}-${pick(SUFFIXES)}-${i}.${pick(exts)}`;
    const binary = next() < 0.01;
    files.push({ path: binary ? path.replace(/\.\w+$/, '.png') : path, binary });
  }
  return files.map(({ path, binary = false }) => {
    const status = next() < 0.04 ? 'removed' : next() < 0.2 ? 'added' : 'modified';
    return { path, status, additions: 12, deletions: 3, hunks: [], binary };
  });
}

export default {
  name: 'plan a 3,000-file PR with 10 tasks',
  target: 100,
  unit: 'ms',

  async setup({ buildDir }) {
    const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
    const [{ planReview }, { planViolations }, { configSchema }] = await Promise.all([
      load('plan/planner.js'),
      load('plan/invariants.js'),
      load('policy/schema.js'),
    ]);
    const config = configSchema.parse(CONFIG);
    const isProtected = picomatch(config.policy['protected-paths'], { dot: true });
    const files = syntheticPr();
    const state = { planReview, planViolations, config, isProtected, files };
    // The action plans once per process, so the first (unoptimised) call is the one users pay for.
    const start = performance.now();
    const { plan, violations } = plan3000(state);
    const cold = (performance.now() - start).toFixed(1);
    // Measure a plan the pipeline would accept, or the figure means nothing.
    if (violations.length > 0) throw new Error(`the benchmark plan is invalid: ${violations.join('; ')}`);
    const batches = plan.subtasks.filter((subtask) => subtask.batch !== undefined).length;
    return {
      ...state,
      note: `${plan.subtasks.length} subtasks, ${batches} of them batches; first call ${cold} ms`,
    };
  },

  run(state) {
    plan3000(state);
  },
};

function plan3000({ planReview, planViolations, config, isProtected, files }) {
  const plan = planReview({ files, config, isProtected });
  const violations = planViolations(plan, { maxSubtasks: config.policy.budgets.subtasks, isProtected });
  return { plan, violations };
}
