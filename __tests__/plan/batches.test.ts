import { describe, expect, it } from '@jest/globals';
import picomatch from 'picomatch';
import { makeFinding, makeReport, makeResult, makeSuggestion } from '../../__fixtures__/report.js';
import type { ChangedFile } from '../../src/context/types.js';
import { argvBytes, batchFiles, DEFAULT_ARGV_BUDGET, MAX_FILES_PER_BATCH } from '../../src/plan/batches.js';
import { assertPlanValid, planViolations } from '../../src/plan/invariants.js';
import { planReview } from '../../src/plan/planner.js';
import { BUILTIN_ANALYZERS, configSchema, type ConfigInput } from '../../src/policy/schema.js';
import { kindResolver, planCheckRuns } from '../../src/report/check-runs.js';

const isProtected = picomatch(['.github/workflows/**'], { dot: true });
// Every plan starts with one subtask per built-in analyzer.
const BUILTINS = BUILTIN_ANALYZERS.length;

function changed(path: string): ChangedFile {
  return { path, status: 'modified', additions: 1, deletions: 0, hunks: [], binary: false };
}

const paths = (count: number, prefix = 'src/f'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}.ts`);

function plan(files: string[], config: ConfigInput, argvBudget?: number) {
  const input = { files: files.map(changed), config: configSchema.parse(config), isProtected };
  return planReview(argvBudget === undefined ? input : { ...input, argvBudget });
}

describe('argvBytes', () => {
  it('counts UTF-8 bytes plus one NUL per word', () => {
    expect(argvBytes(['a', 'é', '😀'])).toBe(2 + 3 + 5);
    expect(argvBytes([])).toBe(0);
  });
});

describe('batchFiles', () => {
  it('keeps a command without {files} whole, whatever the number of files', () => {
    const files = paths(2000);
    expect(batchFiles('npm test', files, 100)).toEqual([files]);
  });

  it(`closes a batch at ${MAX_FILES_PER_BATCH} files even when the bytes would fit`, () => {
    const batches = batchFiles('npx eslint {files}', paths(1001, 'f'), 10 * 1024 * 1024);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 1]);
    expect(batches.flat()).toEqual(paths(1001, 'f'));
  });

  it('fills each batch up to the byte budget and no further', () => {
    // fixed: "npx" + "eslint" = 4 + 7 = 11 bytes; each file "f0.ts".."f9.ts" = 6 bytes.
    const batches = batchFiles('npx eslint {files}', paths(10, 'f'), 11 + 3 * 6);
    expect(batches).toEqual([
      ['f0.ts', 'f1.ts', 'f2.ts'],
      ['f3.ts', 'f4.ts', 'f5.ts'],
      ['f6.ts', 'f7.ts', 'f8.ts'],
      ['f9.ts'],
    ]);
  });

  it('counts files once per {files} word and the ./ that protects a leading dash', () => {
    // fixed: "run" = 4 bytes; "-a" expands to "./-a" (5 bytes), twice.
    expect(batchFiles('run {files} {files}', ['-a', '-b'], 4 + 2 * 5)).toEqual([['-a'], ['-b']]);
    expect(batchFiles('run {files} {files}', ['-a', '-b'], 4 + 4 * 5)).toEqual([['-a', '-b']]);
  });

  it('gives a path too long for the budget a batch of its own', () => {
    expect(batchFiles('lint {files}', ['a', 'x'.repeat(100), 'b'], 50)).toEqual([
      ['a'],
      ['x'.repeat(100)],
      ['b'],
    ]);
  });

  it('leaves commands it cannot expand whole (their agent reports why)', () => {
    const files = paths(600);
    expect(batchFiles('npx eslint "{files}', files, 100)).toEqual([files]);
    expect(batchFiles('npx eslint --x={files}', files, 100)).toEqual([files]);
  });
});

describe('planReview batching', () => {
  const eslint: ConfigInput = {
    tasks: { analyze: [{ name: 'eslint', run: 'npx eslint --format json {files}', format: 'eslint-json' }] },
  };

  it('splits a {files} task into parallel batches #1…#n in changed-file order', () => {
    const files = paths(1200);
    const batches = plan(files, eslint).subtasks.filter((s) => s.task.name === 'eslint');
    expect(batches.map((s) => [s.id, s.files.length, s.batch, s.dependsOn])).toEqual([
      ['analyze:eslint#1', 500, { index: 1, count: 3 }, []],
      ['analyze:eslint#2', 500, { index: 2, count: 3 }, []],
      ['analyze:eslint#3', 200, { index: 3, count: 3 }, []],
    ]);
    expect(batches.flatMap((s) => s.files)).toEqual(files);
    const task = {
      type: 'command',
      name: 'eslint',
      run: 'npx eslint --format json {files}',
      format: 'eslint-json',
      timeoutSeconds: 300,
      env: [],
      limits: {},
      filter: 'added',
    };
    expect(batches.map((s) => s.task)).toEqual([task, task, task]);
  });

  it('keeps the plain id and no batch field when one batch is enough', () => {
    const subtask = plan(paths(500), eslint).subtasks[BUILTINS];
    expect(subtask?.id).toBe('analyze:eslint');
    expect(subtask).not.toHaveProperty('batch');
  });

  it('never splits the built-in analyzers or commands without {files}', () => {
    const result = plan(paths(1200), { tasks: { test: [{ name: 'unit', run: 'npm test' }] } });
    expect(result.subtasks.map((s) => [s.id, s.files.length])).toEqual([
      ['analyze:secrets', 1200],
      ['analyze:conflict-markers', 1200],
      ['analyze:large-files', 1200],
      ['analyze:binary-files', 1200],
      ['analyze:workflow-security', 1200],
      ['test:unit', 1200],
    ]);
  });

  it('splits by the argv budget given to the planner', () => {
    // "npx" + "eslint" + "--format" + "json" = 4 + 7 + 9 + 5 = 25 bytes; each "src/fN.ts" 10 bytes.
    const result = plan(paths(10), eslint, 25 + 40);
    expect(result.subtasks.slice(BUILTINS).map((s) => s.files.length)).toEqual([4, 4, 2]);
    expect(planViolations(result, { maxSubtasks: 50, isProtected, argvBudget: 25 + 40 })).toEqual([]);
  });

  it('batches a refactor over its unprotected files only', () => {
    const files = ['.github/workflows/ci.yml', ...paths(501)];
    const config = { tasks: { refactor: [{ name: 'prettier', run: 'npx prettier --write {files}' }] } };
    const batches = plan(files, config).subtasks.filter((s) => s.kind === 'refactor');
    expect(batches.map((s) => s.id)).toEqual(['refactor:prettier#1', 'refactor:prettier#2']);
    expect(batches.flatMap((s) => s.files)).toEqual(paths(501));
  });
});

describe('argv invariant', () => {
  const config: ConfigInput = { tasks: { analyze: [{ name: 'lint', run: 'npx lint {files}' }] } };

  it('rejects a path that alone exceeds the argv budget, naming the subtask and the path', () => {
    const long = `src/${'ü'.repeat(40)}.ts`;
    const result = plan(['src/a.ts', long], config, 60);
    expect(result.subtasks.slice(BUILTINS).map((s) => s.id)).toEqual(['analyze:lint#1', 'analyze:lint#2']);
    expect(planViolations(result, { maxSubtasks: 50, isProtected, argvBudget: 60 })).toEqual([
      `analyze:lint#2: the path "${long}" alone makes its command need 97 bytes of arguments, over the argv budget of 60 bytes (leave it out of the task's paths)`,
    ]);
  });

  it('rejects a command that alone exceeds the argv budget', () => {
    const result = plan(['a.ts'], {
      tasks: { test: [{ name: 'unit', run: `npm test -- ${'x'.repeat(80)}` }] },
    });
    expect(planViolations(result, { maxSubtasks: 50, isProtected, argvBudget: 64 })).toEqual([
      'test:unit: the command alone needs 93 bytes of arguments, over the argv budget of 64 bytes',
    ]);
  });

  it(`accepts every plan of the default budget (${DEFAULT_ARGV_BUDGET} bytes) by default`, () => {
    const result = plan(paths(3000, `src/${'deep/'.repeat(30)}file-`), config);
    expect(result.subtasks.length).toBeGreaterThan(BUILTINS + 6);
    expect(() => assertPlanValid(result, { maxSubtasks: 50, isProtected })).not.toThrow();
  });

  it('counts batches against budgets.subtasks and says so', () => {
    const result = plan(paths(1200), config);
    expect(planViolations(result, { maxSubtasks: 4, isProtected })).toEqual([
      '8 subtasks exceed budgets.subtasks (4), 3 of them file batches of up to 500 files',
    ]);
  });
});

describe('batches in the report', () => {
  it("puts every batch's findings, suggestions and results in its task's check run", () => {
    const config: ConfigInput = {
      tasks: {
        analyze: [{ name: 'eslint', run: 'npx eslint {files}' }],
        refactor: [{ name: 'prettier', run: 'npx prettier --write {files}' }],
      },
    };
    const batched = plan(paths(700), config);
    const ids = batched.subtasks.map((s) => s.id);
    expect(ids).toContain('refactor:prettier#2');
    const kindOf = kindResolver(batched);
    expect([kindOf('eslint'), kindOf('prettier'), kindOf('refactor:prettier#2')]).toEqual([
      'analyze',
      'refactor',
      'refactor',
    ]);

    const report = makeReport({
      plan: batched,
      results: ids.map((id) => makeResult(id, id === 'refactor:prettier#2' ? { status: 'failed' } : {})),
      findings: [makeFinding({ source: 'eslint', path: 'src/f650.ts' })],
      suggestions: [makeSuggestion({ source: 'prettier', path: 'src/f650.ts' })],
    });
    const [analyze, refactor, ...rest] = planCheckRuns(report);
    expect([analyze?.kind, analyze?.annotations.length, refactor?.kind, rest]).toEqual([
      'analyze',
      1,
      'refactor',
      [],
    ]);
    expect(analyze?.title).not.toMatch(/failed|suggestion/);
    // The failed batch counts for the refactor run, and the suggestion lands there too.
    expect(refactor?.title).toMatch(/\b1 suggestion; 1 subtask failed$/);
  });
});
