// The JavaScript provider's direct runs, for real: the run line it plans for vitest, mocha, Biome and
// oxlint is split as the sandbox splits it (no shell) and run in a temp package whose node_modules links
// to this repository's installed tools; its report, read as the tester and the analyzer read it, must
// put each planted failure on its file and line. The committed fixtures are these runs' output, scrubbed
// to the placeholder workspace (`KILO_WRITE_FIXTURES=1` rewrites them); they are read here too.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { javascript } from '../../src/ecosystems/javascript/index.js';
import { createProbe } from '../../src/ecosystems/probe.js';
import type { AnalyzeTaskInput, EcosystemDetection, TestTaskInput } from '../../src/ecosystems/types.js';
import { parseCheckstyle } from '../../src/findings/parsers/checkstyle.js';
import { parseTestReport, testFailureFindings } from '../../src/findings/test-reports/index.js';
import type { TestCase, TestReport } from '../../src/findings/test-reports/types.js';
import { FILES_PLACEHOLDER, parseCommandLine } from '../../src/sandbox/command.js';

const ROOT = path.resolve('.');
const PLACEHOLDER = '/home/runner/work/demo/demo';
const WRITE_FIXTURES = process.env.KILO_WRITE_FIXTURES === '1';

/** Each tool's node_modules/.bin target, as npm links it, and the package its tests import. */
const TOOLS = {
  vitest: { bin: 'vitest/vitest.mjs', imports: 'vitest' },
  mocha: { bin: 'mocha/bin/mocha.js', imports: undefined },
  ava: { bin: 'ava/entrypoints/cli.mjs', imports: 'ava' },
  biome: { bin: '@biomejs/biome/bin/biome', imports: undefined },
  oxlint: { bin: 'oxlint/bin/oxlint', imports: undefined },
} as const;
type Tool = keyof typeof TOOLS;

// On a developer machine without the tool these skip; in CI (CI=true) they run and fail loudly.
function itWith(tool: Tool): (name: string, fn: () => Promise<void>, timeout?: number) => void {
  if (existsSync(path.join(ROOT, 'node_modules', TOOLS[tool].bin)) || process.env.CI) return it;
  return (name, fn, timeout) => it.skip(`${name} [skipped: ${tool} is not installed]`, fn, timeout);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

/** A package (or workspace) holding `files`, with the tools linked into its root node_modules. */
function project(files: Record<string, string>, tools: Tool[]): string {
  const root = tempDir('kilo-js-tools-');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
  for (const tool of tools) {
    const { bin, imports } = TOOLS[tool];
    symlinkSync(path.join(ROOT, 'node_modules', bin), path.join(root, 'node_modules', '.bin', tool));
    if (imports !== undefined)
      symlinkSync(path.join(ROOT, 'node_modules', imports), path.join(root, 'node_modules', imports));
  }
  return root;
}

async function plan(root: string, directory = '.'): Promise<EcosystemDetection> {
  const found = await javascript.detect({
    directory,
    read: (file) => readFile(path.join(root, file), 'utf8').catch(() => undefined),
    probe: createProbe(root, process.env.PATH ?? ''),
    files: [],
    standins: {},
  });
  if (found === undefined) throw new Error('nothing detected');
  expect(found.allow).toEqual(found.tasks.map((task) => task.task.run));
  return found;
}

function testTask(found: EcosystemDetection): TestTaskInput {
  const task = found.tasks.find((candidate) => candidate.kind === 'test');
  if (task?.kind !== 'test') throw new Error(`no test task: ${JSON.stringify(found.notes)}`);
  return task.task;
}

function analyzeTask(found: EcosystemDetection, name: string): AnalyzeTaskInput {
  const task = found.tasks.find((candidate) => candidate.task.name === name);
  if (task?.kind !== 'analyze') throw new Error(`no ${name} task: ${JSON.stringify(found.notes)}`);
  return task.task;
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The `{report}` file's text, when the run line has one. */
  report?: string;
}

/** The run line as the sandbox runs it: split without a shell, `{files}` and `{report}` filled in. */
function runPlanned(cwd: string, run: string, files: string[] = []): Ran {
  const reportFile = path.join(tempDir('kilo-js-report-'), 'report');
  const argv = parseCommandLine(run).flatMap((word) =>
    word === FILES_PLACEHOLDER ? files : [word.split('{report}').join(reportFile)],
  );
  const [program = '', ...args] = argv;
  const result = spawnSync(program, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir() },
  });
  if (result.error) throw result.error;
  const ran: Ran = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  if (run.includes('{report}') && existsSync(reportFile)) ran.report = readFileSync(reportFile, 'utf8');
  return ran;
}

/** What the tester makes of a run: per-test results and the findings of the failing ones. */
function readTests(format: TestTaskInput['format'], text: string, workspace: string, cwd = workspace) {
  const report = parseTestReport(format as 'tap', text, { workspace, cwd });
  const findings = testFailureFindings(report, {
    workspace,
    cwd,
    source: 'test',
    lineContent: () => undefined,
  });
  return { report, findings: findings.map((f) => `${f.path}:${f.line} ${f.message}`) };
}

function lint(output: string, workspace: string, cwd = workspace): string[] {
  const result = parseCheckstyle(output, { workspace, cwd, source: 'lint', lineContent: () => undefined });
  expect(result.error).toBeUndefined();
  return result.findings.map((f) => `${f.path}:${f.line} ${f.severity} ${f.rule}`);
}

/** [suite, name, status, file, line] of each test, in a stable order (runners work in parallel). */
function brief(report: TestReport): string[] {
  return rows(report.tests.map((t: TestCase) => [t.suite, t.name, t.status, t.file, t.line]));
}

/** Rows as comparable text, missing trailing fields as undefined ones. */
function rows(list: Array<Array<string | number | undefined>>): string[] {
  return list.map((row) => JSON.stringify([0, 1, 2, 3, 4].map((i) => row[i] ?? null))).sort();
}

function fixture(name: string): string {
  return readFileSync(path.join(ROOT, '__fixtures__', name), 'utf8');
}

/** With KILO_WRITE_FIXTURES=1: the run's output as the fixture, its temp paths made the placeholder. */
function captureFixture(name: string, text: string, root: string): void {
  if (!WRITE_FIXTURES) return;
  const scrubbed = text
    .split(root)
    .join(PLACEHOLDER)
    .split(path.join(ROOT, 'node_modules'))
    .join(`${PLACEHOLDER}/node_modules`);
  const file = path.join(ROOT, '__fixtures__', name);
  writeFileSync(file, scrubbed);
  // The repository's prettier --check covers JSON fixtures.
  if (name.endsWith('.json')) spawnSync(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', file]);
}

const CART = `// Cart totals in cents.
function total(prices, discount = 0) {
  const sum = prices.reduce((a, b) => a + b, 0);
  return sum - discount;
}
`;

describe('vitest: run once with the JSON reporter, read as jest JSON', () => {
  const FILES = {
    'package.json': JSON.stringify({
      name: 'demo',
      private: true,
      type: 'module',
      scripts: { test: 'vitest' },
      devDependencies: { vitest: '^3.2.0' },
    }),
    'src/cart.js': `${CART}\nexport { total };\n`,
    'test/cart.test.js': `import { describe, expect, it, test } from 'vitest';
import { total } from '../src/cart.js';

describe('cart', () => {
  it('totals prices', () => {
    expect(total([1, 2])).toBe(3);
  });

  it('applies a discount', () => {
    expect(total([10], 0.1)).toBe(9);
  });

  it.skip('rounds to cents', () => {});

  it.todo('supports coupons');

  describe('with refunds', () => {
    test('subtracts refunds', () => {
      expect(total([-1, 5])).toBe(5);
    });
  });
});

test('empty cart is zero', () => {
  expect(total([])).toBe(0);
});
`,
    'test/broken.test.js': `import { expect, test } from 'vitest';

test('never runs', () => {
  expect(1).toBe(1);
};
`,
  };

  function expectRead(text: string, workspace: string): void {
    const { report, findings } = readTests('jest-json', text, workspace);
    expect(report.error).toBeUndefined();
    const file = 'test/cart.test.js';
    expect(brief(report)).toEqual(
      rows([
        ['cart', 'totals prices', 'passed', file],
        ['cart', 'applies a discount', 'failed', file],
        ['cart', 'rounds to cents', 'skipped', file],
        ['cart', 'supports coupons', 'skipped', file],
        ['cart › with refunds', 'subtracts refunds', 'failed', file],
        [undefined, 'empty cart is zero', 'passed', file],
        // A file that does not parse fails as a whole, named after the file; it has no line.
        [undefined, 'test/broken.test.js', 'failed', 'test/broken.test.js'],
      ]),
    );
    expect(findings.sort()).toEqual([
      'test/cart.test.js:10 Test failed: cart › applies a discount: AssertionError: expected 9.9 to be 9 // Object.is equality',
      'test/cart.test.js:19 Test failed: cart › with refunds › subtracts refunds: AssertionError: expected 4 to be 5 // Object.is equality',
    ]);
  }

  itWith('vitest')(
    'the planned line (bare `vitest` made `run`) puts each failed expectation on its line',
    async () => {
      const root = project(FILES, ['vitest']);
      const task = testTask(await plan(root));
      expect(task).toEqual({
        name: 'test',
        run: 'node_modules/.bin/vitest run --reporter=json --outputFile={report}',
        format: 'jest-json',
      });
      const ran = runPlanned(root, task.run);
      expect(ran.status).toBe(1);
      expectRead(ran.report ?? '', root);
      const json = JSON.parse(ran.report ?? '{}') as { testResults: Array<{ name: string }> };
      json.testResults.sort((a, b) => a.name.localeCompare(b.name));
      captureFixture('test-reports/vitest.json', `${JSON.stringify(json, null, 2)}\n`, root);
    },
    180_000,
  );

  it('reads the committed report the same way', () => {
    expectRead(fixture('test-reports/vitest.json'), PLACEHOLDER);
  });
});

describe('mocha: TAP 13 on stdout, failures located by their stack', () => {
  const FILES = {
    'package.json': JSON.stringify({
      name: 'demo',
      private: true,
      scripts: { test: 'mocha --recursive' },
      devDependencies: { mocha: '^12.0.0' },
    }),
    'src/cart.js': `${CART}\nmodule.exports = { total };\n`,
    'test/cart.test.js': `const assert = require('node:assert/strict');
const { total } = require('../src/cart');

describe('cart', () => {
  it('totals prices', () => {
    assert.equal(total([1, 2]), 3);
  });

  it('applies a discount', () => {
    assert.equal(total([10], 0.1), 9);
  });

  it.skip('rounds to cents', () => {});

  it('supports coupons');

  describe('with refunds', () => {
    it('subtracts refunds', () => {
      assert.equal(total([-1, 5]), 5);
    });
  });
});

describe('with a failing hook', () => {
  before(() => {
    throw new Error('database unavailable');
  });

  it('reads rows', () => {});
});
`,
  };

  function expectRead(text: string, workspace: string): void {
    const { report, findings } = readTests('tap', text, workspace);
    expect(report.error).toBeUndefined();
    // mocha's TAP names a test by its full title and gives no file: the stack locates failures.
    expect(brief(report)).toEqual(
      rows([
        [undefined, 'cart totals prices', 'passed'],
        [undefined, 'cart applies a discount', 'failed'],
        [undefined, 'cart rounds to cents', 'skipped'],
        [undefined, 'cart supports coupons', 'skipped'],
        [undefined, 'cart with refunds subtracts refunds', 'failed'],
        [undefined, 'with a failing hook "before all" hook for "reads rows"', 'failed'],
      ]),
    );
    expect(findings).toEqual([
      'test/cart.test.js:10 Test failed: cart applies a discount: Expected values to be strictly equal: 9.9 !== 9',
      'test/cart.test.js:19 Test failed: cart with refunds subtracts refunds: Expected values to be strictly equal: 4 !== 5',
      'test/cart.test.js:26 Test failed: with a failing hook "before all" hook for "reads rows": database unavailable',
    ]);
  }

  itWith('mocha')('the planned line puts each failure, a failing hook too, on its line', async () => {
    const root = project(FILES, ['mocha']);
    const task = testTask(await plan(root));
    expect(task).toEqual({
      name: 'test',
      run: 'node_modules/.bin/mocha --recursive --reporter tap --reporter-option tapVersion=13',
      format: 'tap',
    });
    const ran = runPlanned(root, task.run);
    expect(ran.status).toBe(3);
    expectRead(ran.stdout, root);
    captureFixture('test-reports/mocha.tap', ran.stdout, root);
  });

  it('reads the committed report the same way', () => {
    expectRead(fixture('test-reports/mocha.tap'), PLACEHOLDER);
  });
});

describe('ava: its TAP, each test named', () => {
  const FILES = {
    'package.json': JSON.stringify({
      name: 'demo',
      private: true,
      type: 'module',
      scripts: { test: 'ava' },
      devDependencies: { ava: '^6.0.0' },
    }),
    'src/cart.js': `${CART}\nexport { total };\n`,
    'test/cart.js': `import test from 'ava';
import { total } from '../src/cart.js';

test('totals prices', (t) => {
  t.is(total([1, 2]), 3);
});

test('applies a discount', (t) => {
  t.is(total([10], 0.1), 9);
});
`,
  };

  function expectRead(text: string, workspace: string): void {
    const { report, findings } = readTests('tap', text, workspace);
    expect(report.error).toBeUndefined();
    // ava locates a failed assertion in its own assert.js: the test is named, not placed on a line.
    expect(brief(report)).toEqual(
      rows([
        [undefined, 'totals prices', 'passed'],
        [undefined, 'applies a discount', 'failed'],
      ]),
    );
    const failed = report.tests.find((t) => t.status === 'failed');
    expect(failed?.message).toBe('t.is() failed: Difference (- actual, + expected): - 9.9\n+ 9');
    expect(findings).toEqual([]);
  }

  itWith('ava')(
    'the planned line names each test and says what a failed assertion saw',
    async () => {
      const root = project(FILES, ['ava']);
      const task = testTask(await plan(root));
      expect(task).toEqual({ name: 'test', run: 'node_modules/.bin/ava --tap', format: 'tap' });
      const ran = runPlanned(root, task.run);
      expect(ran.status).toBe(1);
      expectRead(ran.stdout, root);
      captureFixture('test-reports/ava.tap', ran.stdout, root);
    },
    120_000,
  );

  it('reads the committed report the same way', () => {
    expectRead(fixture('test-reports/ava.tap'), PLACEHOLDER);
  });
});

const APP = `export function check(flag) {
  if (flag == 1) {
    debugger;
  }
  const unused = 2;
  return flag;
}
`;

describe('Biome: lint with the checkstyle reporter', () => {
  const FILES = {
    'package.json': JSON.stringify({ name: 'demo', devDependencies: { '@biomejs/biome': '^2.6.0' } }),
    'biome.json': `${JSON.stringify({ files: { includes: ['**', '!src/generated/**'] } })}\n`,
    'src/app.js': APP,
    'src/clean.js': 'export const x = 1;\n',
    'src/generated/api.js': 'debugger;\n',
  };
  const EXPECTED = [
    'src/app.js:5 warning lint/correctness/noUnusedVariables',
    'src/app.js:2 error lint/suspicious/noDoubleEquals',
    'src/app.js:3 error lint/suspicious/noDebugger',
  ];

  itWith('biome')(
    'the planned line reports each rule on its line, and files its config ignores are no error',
    async () => {
      const root = project(FILES, ['biome']);
      const task = analyzeTask(await plan(root), 'biome');
      const ran = runPlanned(root, task.run, ['src/app.js', 'src/clean.js']);
      expect(ran.status).toBe(1);
      expect(lint(ran.stdout, root)).toEqual(EXPECTED);
      captureFixture('tools/biome-checkstyle.xml', ran.stdout, root);

      // A PR touching only ignored files: without --no-errors-on-unmatched Biome exits 1, no report.
      const ignored = runPlanned(root, task.run, ['src/generated/api.js']);
      expect(ignored.status).toBe(0);
      expect(lint(ignored.stdout, root)).toEqual([]);
    },
  );

  it('reads the committed report the same way', () => {
    expect(lint(fixture('tools/biome-checkstyle.xml'), PLACEHOLDER)).toEqual(EXPECTED);
  });
});

describe('oxlint: checkstyle, from a package of a workspace', () => {
  const FILES = {
    'package.json': JSON.stringify({ private: true, devDependencies: { oxlint: '^1.0.0' } }),
    // Named without its dot, oxlint reads it only when told: the planned line says -c.
    'oxlintrc.json': `${JSON.stringify({ rules: { eqeqeq: 'error', 'no-debugger': 'error', 'no-unused-vars': 'warn' } })}\n`,
    'packages/web/package.json': JSON.stringify({ name: 'web' }),
    'packages/web/src/app.js': APP,
  };
  const EXPECTED = [
    'packages/web/src/app.js:5 warning eslint(no-unused-vars)',
    'packages/web/src/app.js:2 error eslint(eqeqeq)',
    'packages/web/src/app.js:3 error eslint(no-debugger)',
  ];

  itWith('oxlint')('the planned line reports each rule on its line, paths from the workspace', async () => {
    const root = project(FILES, ['oxlint']);
    const task = analyzeTask(await plan(root, 'packages/web'), 'oxlint');
    expect(task.run).toBe(
      '../../node_modules/.bin/oxlint -c ../../oxlintrc.json --format=checkstyle --no-error-on-unmatched-pattern {files}',
    );
    const cwd = path.join(root, 'packages/web');
    const ran = runPlanned(cwd, task.run, ['src/app.js']);
    expect(ran.status).toBe(1);
    expect(lint(ran.stdout, root, cwd)).toEqual(EXPECTED);
    captureFixture('tools/oxlint-checkstyle.xml', ran.stdout, root);
  });

  it('reads the committed report the same way', () => {
    expect(lint(fixture('tools/oxlint-checkstyle.xml'), PLACEHOLDER, `${PLACEHOLDER}/packages/web`)).toEqual(
      EXPECTED,
    );
  });
});
