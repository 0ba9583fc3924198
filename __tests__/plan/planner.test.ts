import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import picomatch from 'picomatch';
import type { ChangedFile } from '../../src/context/types.js';
import { planViolations, assertPlanValid } from '../../src/plan/invariants.js';
import { planReview } from '../../src/plan/planner.js';
import type { Plan } from '../../src/plan/types.js';
import { configSchema, type ConfigInput } from '../../src/policy/schema.js';

function file(path: string, extra: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status: 'modified', additions: 1, deletions: 0, hunks: [], binary: false, ...extra };
}

const isProtected = picomatch(['.github/workflows/**'], { dot: true });

function plan(files: ChangedFile[], config: ConfigInput = {}) {
  return planReview({ files, config: configSchema.parse(config), isProtected });
}

describe('planReview', () => {
  it('always plans the built-in analyzers over files present at head, binary ones included', () => {
    const result = plan([
      file('a.ts'),
      file('logo.png', { binary: true }),
      file('old.ts', { status: 'removed' }),
    ]);
    expect(result.subtasks.map((s) => [s.id, s.agent, s.files])).toEqual([
      ['analyze:secrets', 'analyzer', ['a.ts', 'logo.png']],
      ['analyze:conflict-markers', 'analyzer', ['a.ts', 'logo.png']],
      ['analyze:large-files', 'analyzer', ['a.ts', 'logo.png']],
      ['analyze:binary-files', 'analyzer', ['a.ts', 'logo.png']],
      ['analyze:workflow-security', 'analyzer', ['a.ts', 'logo.png']],
    ]);
  });

  it('plans nothing for a PR with nothing reviewable', () => {
    expect(plan([file('gone.ts', { status: 'removed' })]).subtasks).toEqual([]);
  });

  it('scopes tasks by their paths and leaves out tasks with no matching file', () => {
    const config: ConfigInput = {
      tasks: {
        analyze: [
          { name: 'eslint', run: 'npx eslint {files}', paths: ['src/**/*.ts'] },
          { name: 'stylelint', run: 'npx stylelint {files}', paths: ['**/*.css'] },
        ],
        test: [{ name: 'unit', run: 'npm test' }],
      },
    };
    const result = plan([file('src/a.ts'), file('docs/b.md')], config);
    expect(result.subtasks.map((s) => [s.id, s.files])).toEqual([
      ['analyze:secrets', ['src/a.ts', 'docs/b.md']],
      ['analyze:conflict-markers', ['src/a.ts', 'docs/b.md']],
      ['analyze:large-files', ['src/a.ts', 'docs/b.md']],
      ['analyze:binary-files', ['src/a.ts', 'docs/b.md']],
      ['analyze:workflow-security', ['src/a.ts', 'docs/b.md']],
      ['analyze:eslint', ['src/a.ts']],
      ['test:unit', ['src/a.ts', 'docs/b.md']],
    ]);
    const eslint = result.subtasks.find((s) => s.id === 'analyze:eslint');
    expect(eslint?.task).toEqual({
      type: 'command',
      name: 'eslint',
      run: 'npx eslint {files}',
      format: 'exit-code',
      timeoutSeconds: 300,
      env: [],
      limits: {},
      filter: 'added',
    });
    expect(eslint?.budget.wallSeconds).toBe(300);
  });

  it('carries the task env allowlist and the policy limits into the subtask', () => {
    const config: ConfigInput = {
      policy: { limits: { 'cpu-seconds': 60, 'memory-mb': 4096 } },
      tasks: { test: [{ name: 'unit', run: 'npm test', env: ['NPM_TOKEN'] }] },
    };
    const test = plan([file('src/a.ts')], config).subtasks.find((s) => s.kind === 'test');
    expect(test?.task).toMatchObject({
      env: ['NPM_TOKEN'],
      limits: { cpuSeconds: 60, addressSpaceBytes: 4096 * 1024 * 1024 },
    });
  });

  it('never hands protected paths to a refactor', () => {
    const config: ConfigInput = {
      tasks: { refactor: [{ name: 'prettier', run: 'npx prettier --write {files}' }] },
    };
    const result = plan([file('.github/workflows/ci.yml'), file('src/a.ts')], config);
    expect(result.subtasks.find((s) => s.kind === 'refactor')?.files).toEqual(['src/a.ts']);
  });
});

describe('plan invariants', () => {
  const base: Plan = {
    version: 1,
    subtasks: [
      {
        id: 'a',
        kind: 'analyze',
        agent: 'analyzer',
        task: { type: 'builtin', name: 'secrets', largeFileBytes: 1024 * 1024 },
        files: [],
        dependsOn: [],
        budget: { wallSeconds: 1 },
      },
    ],
  };
  const withSubtasks = (extra: Partial<Plan['subtasks'][number]>[]): Plan => ({
    version: 1,
    subtasks: extra.map((e, i) => ({ ...base.subtasks[0]!, id: `t${i}`, ...e })),
  });

  it('reports duplicate ids, missing dependencies, cycles, protected paths and the subtask budget', () => {
    const violations = planViolations(
      withSubtasks([
        { id: 'x', dependsOn: ['y'] },
        { id: 'y', dependsOn: ['x'] },
        { id: 'w' },
        { id: 'w' },
        { id: 'z', dependsOn: ['missing'] },
        { id: 'r', kind: 'refactor', files: ['.github/workflows/ci.yml'] },
        { id: 'v', after: ['gone'] },
      ]),
      { maxSubtasks: 3, isProtected },
    );
    expect(violations).toEqual([
      'duplicate subtask id w (task names must be unique per kind)',
      'z depends on missing, which is not in the plan',
      'r would touch protected paths: .github/workflows/ci.yml',
      'v depends on gone, which is not in the plan',
      'dependency cycle: x → y → x',
      '7 subtasks exceed budgets.subtasks (3)',
    ]);
    expect(
      planViolations(
        withSubtasks([
          { id: 'p', after: ['q'] },
          { id: 'q', dependsOn: ['p'] },
        ]),
        {
          maxSubtasks: 9,
          isProtected,
        },
      ),
    ).toEqual(['dependency cycle: p → q → p']);
    expect(() =>
      assertPlanValid(withSubtasks([{ id: 'a', dependsOn: ['a'] }]), { maxSubtasks: 9, isProtected }),
    ).toThrow('invalid plan: dependency cycle: a → a');
  });

  it('holds for every plan of random files and configs', () => {
    const segment = fc.constantFrom('src', 'lib', 'test', '.github', 'workflows', 'docs', 'a', 'b');
    const path = fc
      .tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('x.ts', 'y.js', 'z.md', 'ci.yml', 'p.png'))
      .map(([dirs, name]) => [...dirs, name].join('/'));
    const fileArb = fc.record({
      path,
      status: fc.constantFrom('added', 'modified', 'removed', 'renamed'),
      binary: fc.boolean(),
    });
    const taskArb = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      run: fc.constantFrom('npx eslint {files}', 'npm test', 'npx prettier --write {files}'),
      paths: fc.option(fc.constantFrom(['**/*.ts'], ['src/**'], ['**/*.md', '**/*.yml']), { nil: undefined }),
    });
    const tasksArb = fc.uniqueArray(taskArb, { selector: (t) => t.name, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fileArb, { selector: (f) => f.path, maxLength: 40 }),
        tasksArb,
        tasksArb,
        tasksArb,
        (files, analyze, refactor, test) => {
          const strip = (tasks: typeof analyze) =>
            tasks.map(({ paths, ...t }) => (paths ? { ...t, paths } : t));
          const config = configSchema.parse({
            tasks: {
              analyze: strip(analyze.filter((t) => !['secrets', 'conflict-markers'].includes(t.name))),
              refactor: strip(refactor),
              test: strip(test),
            },
          });
          const result = planReview({ files: files.map((f) => file(f.path, f)), config, isProtected });
          expect(planViolations(result, { maxSubtasks: 100, isProtected })).toEqual([]);
          for (const subtask of result.subtasks) {
            expect(
              subtask.files.length > 0 ||
                !(subtask.task.type === 'command' && subtask.task.run.includes('{files}')),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
