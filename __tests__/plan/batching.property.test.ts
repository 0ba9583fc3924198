import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import picomatch from 'picomatch';
import type { ChangedFile } from '../../src/context/types.js';
import { argvBytes, MAX_FILES_PER_BATCH } from '../../src/plan/batches.js';
import { planViolations } from '../../src/plan/invariants.js';
import { planReview } from '../../src/plan/planner.js';
import type { Plan, Subtask } from '../../src/plan/types.js';
import { configSchema, type KiloConfig, type TaskConfig } from '../../src/policy/schema.js';
import { expandFiles, FILES_PLACEHOLDER, parseCommandLine } from '../../src/sandbox/command.js';

const isProtected = picomatch(['.github/workflows/**'], { dot: true });
const NO_SUBTASK_LIMIT = Number.MAX_SAFE_INTEGER; // the subtask budget is tested elsewhere

const COMMANDS = [
  'npx eslint --format json {files}',
  'npx prettier --write {files}',
  'npx stylelint "{files}" --formatter json',
  'node scripts/check.mjs {files} -- {files}',
  'npm test',
  'npx tsc --noEmit',
];
const FIXED_MAX = Math.max(
  ...COMMANDS.map((run) => argvBytes(parseCommandLine(run).filter((w) => w !== FILES_PLACEHOLDER))),
);

// Mostly realistic segments, sometimes arbitrary unicode (long ones too), a leading dash now and then.
const segment = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('src', 'lib', 'test', '.github', 'workflows', 'docs', 'pkg') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }) },
);
const fileName = fc.constantFrom('x.ts', 'y.js', 'z.md', 'ci.yml', 'p.png', '-rf.ts', 'ünï.ts');
const pathArb = fc
  .tuple(fc.array(segment, { maxLength: 4 }), fileName)
  .map(([dirs, name]) => [...dirs, name].join('/'));
const fileArb = fc.record({
  path: pathArb,
  status: fc.constantFrom('added', 'modified', 'removed', 'renamed'),
  binary: fc.boolean(),
});
// Small PRs for most runs; now and then a big one, up to the 3,000-file cap.
const filesArb = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(fileArb, { selector: (f) => f.path, maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fileArb, {
      selector: (f) => f.path,
      minLength: 500,
      maxLength: 3000,
      size: 'max',
    }),
  },
);
const taskArb = fc.record(
  {
    name: fc
      .stringMatching(/^[a-z][a-z0-9-]{0,8}$/)
      .filter((n) => n !== 'secrets' && n !== 'conflict-markers'),
    run: fc.constantFrom(...COMMANDS),
    paths: fc.constantFrom(['**/*.ts'], ['src/**'], ['**/*.md', '**/*.yml'], ['**/*.{ts,js}']),
  },
  { requiredKeys: ['name', 'run'] },
);
const tasksArb = fc.uniqueArray(taskArb, { selector: (t) => t.name, maxLength: 4 });
const configArb = fc
  .tuple(tasksArb, tasksArb, tasksArb)
  .map(([analyze, refactor, test]) => configSchema.parse({ tasks: { analyze, refactor, test } }));

function toChanged(file: { path: string; status: ChangedFile['status']; binary: boolean }): ChangedFile {
  return { ...file, additions: 1, deletions: 0, hunks: [] };
}

function commandArgv(subtask: Subtask, files = subtask.files): string[] {
  if (subtask.task.type !== 'command') throw new Error(`${subtask.id} is not a command`);
  return expandFiles(parseCommandLine(subtask.task.run), files);
}

/** What the task should run on, spelled out independently of the planner. */
function expectedFiles(kind: keyof KiloConfig['tasks'], task: TaskConfig, files: ChangedFile[]): string[] {
  // As the planner matches (src/policy/glob.ts): a newline in a name does not hide it from a glob.
  const matches = task.paths ? picomatch(task.paths, { dot: true, flags: 's' }) : () => true;
  return files
    .filter((f) => f.status !== 'removed' && !f.binary)
    .map((f) => f.path)
    .filter((path) => (kind !== 'refactor' || !isProtected(path)) && matches(path));
}

function checkTask(
  plan: Plan,
  kind: keyof KiloConfig['tasks'],
  task: TaskConfig,
  files: ChangedFile[],
  budget: number,
) {
  const subtasks = plan.subtasks.filter((s) => s.kind === kind && s.task.name === task.name);
  const expected = expectedFiles(kind, task, files);
  const takesFiles = task.run.includes(FILES_PLACEHOLDER);
  // A range with no file to review (empty, or only removals) plans no command at all.
  const present = files.some((file) => file.status !== 'removed');
  if (!present || (expected.length === 0 && (takesFiles || task.paths))) return expect(subtasks).toEqual([]);
  // Every matching file exactly once, in changed-file order, across the task's batches.
  expect(subtasks.flatMap((s) => s.files)).toEqual(expected);
  if (!takesFiles) return expect(subtasks.map((s) => s.id)).toEqual([`${kind}:${task.name}`]);
  subtasks.forEach((subtask, i) => {
    expect(subtask.files.length).toBeLessThanOrEqual(MAX_FILES_PER_BATCH);
    expect(argvBytes(commandArgv(subtask))).toBeLessThanOrEqual(budget);
    expect(subtask.dependsOn).toEqual([]);
    const next = subtasks[i + 1]?.files[0];
    // Greedy: a batch closes only because the next file would not fit.
    if (next !== undefined && subtask.files.length < MAX_FILES_PER_BATCH) {
      expect(argvBytes(commandArgv(subtask, [...subtask.files, next]))).toBeGreaterThan(budget);
    }
  });
  const ids = subtasks.map((s, i) =>
    subtasks.length === 1 ? `${kind}:${task.name}` : `${kind}:${task.name}#${i + 1}`,
  );
  expect(subtasks.map((s) => s.id)).toEqual(ids);
}

describe('planner batching (property)', () => {
  it('keeps every {files} batch within the argv budget and 500 files, covering each matching file once, in order', () => {
    fc.assert(
      fc.property(filesArb, configArb, fc.nat({ max: 64 * 1024 }), (generated, config, slack) => {
        const files = generated.map(toChanged);
        // A budget every single path fits into, so the plan must be valid.
        const longest = Math.max(0, ...files.map((f) => argvBytes([`./${f.path}`])));
        const argvBudget = FIXED_MAX + 2 * longest + slack;
        const plan = planReview({ files, config, isProtected, argvBudget });
        expect(planViolations(plan, { maxSubtasks: NO_SUBTASK_LIMIT, isProtected, argvBudget })).toEqual([]);
        for (const kind of ['analyze', 'refactor', 'test'] as const) {
          for (const task of config.tasks[kind]) checkTask(plan, kind, task, files, argvBudget);
        }
        const builtins = plan.subtasks.filter((s) => s.task.type === 'builtin');
        expect(builtins.every((s) => s.batch === undefined && !s.id.includes('#'))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('reports exactly the batches whose single path is longer than the argv budget allows', () => {
    fc.assert(
      fc.property(
        filesArb,
        configArb,
        fc.integer({ min: FIXED_MAX + 1, max: 600 }),
        (generated, config, argvBudget) => {
          const files = generated.map(toChanged);
          const plan = planReview({ files, config, isProtected, argvBudget });
          const over = plan.subtasks.filter(
            (s) => s.task.type === 'command' && argvBytes(commandArgv(s)) > argvBudget,
          );
          expect(over.every((s) => s.files.length === 1)).toBe(true);
          const violations = planViolations(plan, { maxSubtasks: NO_SUBTASK_LIMIT, isProtected, argvBudget });
          expect(violations).toHaveLength(over.length);
          over.forEach((s, i) => expect(violations[i]).toMatch(`${s.id}: the path `));
        },
      ),
      { numRuns: 50 },
    );
  });
});
