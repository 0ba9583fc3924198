// The agents with the real tools this repository installs as dev dependencies — tsc, ESLint with its
// SARIF and checkstyle formatters, prettier, jest — and node's own test runner, on real git fixture
// repositories. Each fixture links this repository's node_modules in after its commits (ignored, as an
// installed node_modules is), so `npx <tool>` resolves locally and nothing touches the network.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../../src/agents/analyzer.js';
import { createRefactorer } from '../../src/agents/refactorer.js';
import { createTester } from '../../src/agents/tester.js';
import type { AgentOutput } from '../../src/agents/types.js';
import { findingFingerprint, suggestionFingerprint } from '../../src/findings/fingerprint.js';
import type { Finding } from '../../src/findings/types.js';
import type { CommandTaskSpec, Subtask } from '../../src/plan/types.js';
import type { FilterMode, OutputFormat } from '../../src/policy/schema.js';
import { commandSubtask, createPrRepo, makeInput, validationSubtask, type PrRepo } from './helpers.js';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const TSC_MATCHER = readFileSync(
  fileURLToPath(new URL('../../__fixtures__/tools/matchers/tsc.json', import.meta.url)),
  'utf8',
);

/** A PR repository whose tools are this repository's: node_modules linked in after the commits. */
function toolRepo(base: Record<string, string>, head: Record<string, string>): PrRepo {
  const pr = createPrRepo({ '.gitignore': 'node_modules\n', ...base }, head);
  symlinkSync(NODE_MODULES, path.join(pr.repo.dir, 'node_modules'), 'dir');
  return pr;
}

/** Every file of the checkout outside .git and node_modules, by path, with its content. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) Object.assign(files, snapshot(dir, relative));
    else files[relative] = readFileSync(path.join(dir, relative), 'latin1');
  }
  return files;
}

/** The fields that identify a finding, for comparing what different formats make of one run. */
const located = (findings: readonly Finding[]) =>
  findings.map((f) => [f.rule, f.severity, f.path, f.line, f.fingerprint]);

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('analyzer with tsc', () => {
  const TSC = 'npx tsc --noEmit --pretty false -p .';
  const BROKEN_MATCHER = JSON.stringify({
    problemMatcher: [{ owner: 'tsc', pattern: [{ regexp: '^(.+)\\((\\d+$', file: 1, line: 2, message: 3 }] }],
  });
  let pr: PrRepo;
  const outputs = new Map<FilterMode, AgentOutput>();
  beforeAll(async () => {
    pr = toolRepo(
      {
        'package.json': '{ "name": "tsc-fixture", "private": true, "type": "module" }\n',
        'tsconfig.json': JSON.stringify({
          // No DOM and no @types: tsc then starts in well under a second.
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'es2022',
            lib: ['es2022'],
            module: 'nodenext',
            types: [],
          },
          include: ['src'],
        }),
        '.github/tsc-matcher.json': TSC_MATCHER,
        '.github/broken-matcher.json': BROKEN_MATCHER,
        'src/config.ts': lines(
          'export interface Settings {',
          '  retries: number;',
          '}',
          "export const legacyRetries: number = 'three';",
        ),
        'src/legacy.ts': lines("export const timeout: number = 'slow';"),
      },
      {
        'src/config.ts': lines(
          'export interface Settings {',
          '  retries: number;',
          '}',
          "export const legacyRetries: number = 'three';",
          "export const port: number = 'eighty';",
        ),
      },
    );
    // One tsc run per filter mode, side by side: the modes differ only in what they keep.
    const modes: FilterMode[] = ['added', 'file', 'all'];
    const runs = modes.map(async (filter) => {
      const subtask = commandSubtask('analyze', 'analyzer', TSC, ['src/config.ts'], {
        format: 'tsc',
        name: 'tsc',
        filter,
      });
      outputs.set(filter, await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir)));
    });
    await Promise.all(runs);
  });
  afterAll(() => pr.repo.remove());

  const TS2322 = "Type 'string' is not assignable to type 'number'.";
  const port = ['TS2322', 'error', 'src/config.ts', 5, TS2322];
  const legacyRetries = ['TS2322', 'error', 'src/config.ts', 4, TS2322];
  const timeout = ['TS2322', 'error', 'src/legacy.ts', 1, TS2322];
  const view = (output: AgentOutput | undefined) =>
    output?.findings.map((f) => [f.rule, f.severity, f.path, f.line, f.message]);

  it('reports a type error on a line the PR added, and drops the one on an unchanged line', () => {
    const output = outputs.get('added');
    expect([output?.status, output?.reason]).toEqual(['ok', undefined]);
    expect(view(output)).toEqual([port]);
    expect(output?.findings[0]?.fingerprint).toBe(
      findingFingerprint('TS2322', 'src/config.ts', "export const port: number = 'eighty';", 5),
    );
  });

  it('keeps the unchanged line of a changed file with filter file, and other files with filter all', () => {
    expect(view(outputs.get('file'))).toEqual([legacyRetries, port]);
    expect(view(outputs.get('all'))).toEqual([legacyRetries, port, timeout]);
  });

  it('finds the same problems with GitHub’s tsc problem matcher committed in the repository', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', TSC, ['src/config.ts'], {
      format: 'problem-matcher',
      matcher: '.github/tsc-matcher.json',
      name: 'tsc',
      filter: 'all',
    });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect(output.status).toBe('ok');
    expect(output.findings).toEqual(outputs.get('all')?.findings);
    expect(output.findings).toHaveLength(3);
  });

  it("reads the matcher where the config came from (a fork: the base commit's), not from the checkout", async () => {
    const subtask = commandSubtask('analyze', 'analyzer', TSC, ['src/config.ts'], {
      format: 'problem-matcher',
      matcher: '.github/tsc-matcher.json',
      name: 'tsc',
      filter: 'all',
    });
    const asked: string[] = [];
    // The base's matcher is the broken one: the fork's working one in the checkout must not be used.
    const broken = readFileSync(path.join(pr.repo.dir, '.github/broken-matcher.json'), 'utf8');
    const input = {
      ...makeInput(subtask, pr.context, pr.repo.dir),
      readPolicyFile: (path: string) => {
        asked.push(path);
        return Promise.resolve(broken);
      },
    };
    const output = await createAnalyzer().run(input);
    expect(asked).toEqual(['.github/tsc-matcher.json']);
    expect(output.status).toBe('failed');
    expect(output.reason).toMatch(/^the problem matcher \.github\/tsc-matcher\.json: problem matcher 'tsc'/);
  });

  it('fails with one line naming the matcher file when the matcher is broken', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', TSC, ['src/config.ts'], {
      format: 'problem-matcher',
      matcher: '.github/broken-matcher.json',
      name: 'tsc',
    });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect(output.status).toBe('failed');
    expect(output.reason).toMatch(
      /^the problem matcher \.github\/broken-matcher\.json: problem matcher 'tsc' pattern\[0\]: invalid regexp: /,
    );
    expect(output.reason).not.toContain('\n');
    expect(output.findings).toEqual([]);
  });
});

describe('analyzer with ESLint and its formatters', () => {
  let pr: PrRepo;
  beforeAll(() => {
    pr = toolRepo(
      {
        'package.json': '{ "name": "eslint-fixture", "private": true, "type": "module" }\n',
        'eslint.config.js': lines(
          "export default [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error', eqeqeq: 'warn' } }];",
        ),
        'src/app.js': lines('export function same(a, b) {', '  return a == b;', '}'),
      },
      {
        'src/app.js': lines(
          'export function same(a, b) {',
          '  return a == b;',
          '}',
          'const unused = 1;',
          'export function isOne(a) {',
          '  return a == 1;',
          '}',
        ),
      },
    );
  });
  afterAll(() => pr.repo.remove());

  async function lint(format: OutputFormat, formatter: string): Promise<AgentOutput> {
    const run = `npx eslint -f ${formatter} {files}`;
    const subtask = commandSubtask('analyze', 'analyzer', run, ['src/app.js'], { format, name: 'eslint' });
    return createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
  }

  it('reads the same findings from JSON, SARIF and checkstyle output of one configuration', async () => {
    const json = await lint('eslint-json', 'json');
    const sarif = await lint('sarif', '@microsoft/eslint-formatter-sarif');
    const checkstyle = await lint('checkstyle', 'checkstyle');
    expect(json.status).toBe('ok');
    expect(json.findings.map((f) => [f.rule, f.severity, f.path, f.line, f.message])).toEqual([
      ['no-unused-vars', 'error', 'src/app.js', 4, "'unused' is assigned a value but never used."],
      ['eqeqeq', 'warning', 'src/app.js', 6, "Expected '===' and instead saw '=='."],
    ]);
    expect(json.findings[0]?.fingerprint).toBe(
      findingFingerprint('no-unused-vars', 'src/app.js', 'const unused = 1;', 4),
    );
    for (const other of [sarif, checkstyle]) {
      expect(other.status).toBe('ok');
      expect(located(other.findings)).toEqual(located(json.findings));
      expect(other.findings.map((f) => f.message)).toEqual(json.findings.map((f) => f.message));
    }
  });
});

describe('tester with jest --json and {report}', () => {
  const JEST_CONFIG = { transform: {}, testEnvironment: 'node' };
  const HELPER_BASE = [
    "const { total } = require('../../src/cart.js');",
    'function expectTotal(items, expected) {',
    '  expect(total(items)).toBe(expected);',
    '}',
  ];
  let pr: PrRepo;
  beforeAll(() => {
    pr = toolRepo(
      {
        'package.json': JSON.stringify({ name: 'jest-fixture', private: true, jest: JEST_CONFIG }),
        'src/cart.js': lines(
          'function total(items) {',
          '  return items.reduce((sum, item) => sum + item.price * item.qty, 0);',
          '}',
          'module.exports = { total };',
        ),
        'test/support/expect-total.js': lines(...HELPER_BASE, 'module.exports = { expectTotal };'),
        'test/cart.test.js': lines(
          "const { expectTotal } = require('./support/expect-total.js');",
          "describe('cart', () => {",
          "  test('sums prices', () => expectTotal([{ price: 2, qty: 1 }, { price: 3, qty: 1 }], 5));",
          "  test('counts quantities', () => expectTotal([{ price: 2, qty: 3 }], 6));",
          "  test('is empty', () => expectTotal([], 0));",
          '});',
        ),
      },
      {
        'test/support/expect-total.js': lines(
          ...HELPER_BASE,
          'function expectTotalWithTax(items, expected) {',
          '  expect(total(items) * 1.2).toBe(expected);',
          '}',
          'module.exports = { expectTotal, expectTotalWithTax };',
        ),
        'test/tax.test.js': lines(
          "const { expectTotalWithTax } = require('./support/expect-total.js');",
          "describe('tax', () => {",
          "  test('adds the tax', () => expectTotalWithTax([{ price: 10, qty: 1 }], 12.5));",
          '});',
        ),
      },
    );
  });
  afterAll(() => pr.repo.remove());

  function jestSubtask(args: string): Subtask {
    const run = `npx jest --json --outputFile={report} --rootDir . ${args}`.trim();
    return commandSubtask('test', 'tester', run, [], { format: 'jest-json', name: 'jest' });
  }

  it('anchors a failure inside a helper the PR changed on the helper’s line, and names the test', async () => {
    const before = snapshot(pr.repo.dir);
    const output = await createTester().run(makeInput(jestSubtask(''), pr.context, pr.repo.dir));
    expect([output.status, output.reason]).toEqual([
      'failed',
      'tests failed (3 passed, 1 failed, 0 skipped): tax › adds the tax',
    ]);
    expect(output.findings.map((f) => [f.rule, f.severity, f.path, f.line, f.source])).toEqual([
      ['test-failure', 'error', 'test/support/expect-total.js', 6, 'jest'],
    ]);
    expect(output.findings[0]?.message).toBe(
      'Test failed: tax › adds the tax: expect(received).toBe(expected) // Object.is equality Expected: 12.5 Received: 12',
    );
    // The report went to a temp file of ours: the user's checkout holds exactly what it held.
    expect(snapshot(pr.repo.dir)).toEqual(before);
    expect(pr.repo.git('status', '--porcelain', '--ignored')).toBe('!! node_modules\n');
  });

  it('passes with the counts when every test passes', async () => {
    const output = await createTester().run(
      makeInput(jestSubtask('test/cart.test.js'), pr.context, pr.repo.dir),
    );
    expect([output.status, output.reason, output.findings]).toEqual([
      'ok',
      '3 passed, 0 failed, 0 skipped',
      [],
    ]);
  });
});

describe('tester with node --test', () => {
  const FILES = 'test/math.test.js test/range.test.js';
  let pr: PrRepo;
  beforeAll(() => {
    pr = toolRepo(
      {
        'package.json': '{ "name": "node-test-fixture", "private": true, "type": "module" }\n',
        'src/math.js': lines('export const add = (a, b) => a + b;'),
        'test/math.test.js': lines(
          "import test from 'node:test';",
          "import assert from 'node:assert/strict';",
          "import { add } from '../src/math.js';",
          "test('adds', () => assert.equal(add(1, 2), 3));",
        ),
        'test/range.test.js': lines("import test from 'node:test';", "test('placeholder', () => {});"),
      },
      {
        'src/math.js': lines(
          'export const add = (a, b) => a + b;',
          'export function clamp(value, min, max) {',
          "  if (min > max) throw new RangeError('min above max');",
          '  return Math.min(Math.max(value, min), max);',
          '}',
        ),
        'test/range.test.js': lines(
          "import test from 'node:test';",
          "import assert from 'node:assert/strict';",
          "import { clamp } from '../src/math.js';",
          "test('clamps', () => {",
          '  assert.equal(clamp(5, 0, 3), 4);',
          '});',
          "test('rejects an empty range', () => clamp(1, 3, 0) && assert.fail('no error'));",
        ),
      },
    );
  });
  afterAll(() => pr.repo.remove());

  // `clamps` fails at its assertion in the test file, `rejects…` inside the changed src/math.js.
  const expected = [
    ['test-failure', 'error', 'test/range.test.js', 5],
    ['test-failure', 'error', 'src/math.js', 3],
  ];
  const view = (output: AgentOutput) => output.findings.map((f) => [f.rule, f.severity, f.path, f.line]);

  it('locates the failures from TAP on stdout', async () => {
    const run = `node --test --test-reporter=tap ${FILES}`;
    const subtask = commandSubtask('test', 'tester', run, [], { format: 'tap', name: 'node-test' });
    const output = await createTester().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect([output.status, output.reason]).toEqual([
      'failed',
      'tests failed (1 passed, 2 failed, 0 skipped): clamps; rejects an empty range',
    ]);
    expect(view(output)).toEqual(expected);
  });

  describe('with a JUnit report file', () => {
    const JUNIT = 'junit.xml';

    it('reads the file the run wrote', async () => {
      const run = `node --test --test-reporter=junit --test-reporter-destination=${JUNIT} ${FILES}`;
      const subtask = commandSubtask('test', 'tester', run, [], { format: 'junit', report: JUNIT });
      const output = await createTester().run(makeInput(subtask, pr.context, pr.repo.dir));
      expect([output.status, output.reason]).toEqual([
        'failed',
        'tests failed (1 passed, 2 failed, 0 skipped): clamps; rejects an empty range',
      ]);
      expect(view(output)).toEqual(expected);
    });

    it('never reads a report left over from an earlier run', async () => {
      const stale = '<testsuites><testcase name="stale"><failure message="old"/></testcase></testsuites>';
      const file = path.join(pr.repo.dir, JUNIT);
      writeFileSync(file, stale);
      const anHourAgo = new Date(Date.now() - 3600_000);
      utimesSync(file, anHourAgo, anHourAgo);
      // The same tests, but the reporter writes TAP to stdout: junit.xml stays as it was. Without a
      // report of this run the verdict is the exit code's, and the reason says why.
      const run = `node --test --test-reporter=tap ${FILES}`;
      const subtask = commandSubtask('test', 'tester', run, [], { format: 'junit', report: JUNIT });
      const output = await createTester().run(makeInput(subtask, pr.context, pr.repo.dir));
      expect(output.status).toBe('failed');
      expect(output.reason).toMatch(
        /^tests failed \(exit code 1\): .+ \(the report junit\.xml was not written by this run\)$/,
      );
      expect(output.findings).toEqual([]);
      expect(readFileSync(file, 'utf8')).toBe(stale);
    });
  });
});

describe('refactorer with prettier', () => {
  let pr: PrRepo;
  beforeAll(() => {
    pr = toolRepo(
      {
        'package.json': '{ "name": "prettier-fixture", "private": true, "type": "module" }\n',
        'src/format.js': lines('export const  first = {a:1}', 'export const second = 2;'),
        'src/untouched.js': lines('export const  other = {c:3}'),
      },
      {
        'src/format.js': lines(
          'export const  first = {a:1}',
          'export const second = 2;',
          'export const third = {b:2}',
        ),
      },
    );
  });
  afterAll(() => pr.repo.remove());

  it('suggests its rewrite of added lines only, in a throwaway checkout', async () => {
    const before = snapshot(pr.repo.dir);
    // untouched.js is not in the PR: prettier rewrites it too, and nothing of that may be suggested.
    const files = ['src/format.js', 'src/untouched.js'];
    const subtask = commandSubtask('refactor', 'refactorer', 'npx prettier --write {files}', files, {
      name: 'prettier',
    });
    const output = await createRefactorer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect([output.status, output.reason]).toEqual([
      'ok',
      "2 changes outside the PR's added lines not suggested (src/format.js, src/untouched.js)",
    ]);
    expect(output.suggestions).toEqual([
      {
        path: 'src/format.js',
        startLine: 3,
        endLine: 3,
        replacement: 'export const third = { b: 2 };',
        source: 'prettier',
        message: 'prettier would rewrite these lines',
        fingerprint: suggestionFingerprint(
          'src/format.js',
          'export const third = {b:2}',
          'export const third = { b: 2 };',
        ),
      },
    ]);
    expect(snapshot(pr.repo.dir)).toEqual(before);
    expect(pr.repo.git('status', '--porcelain', '--ignored')).toBe('!! node_modules\n');
  });
});

describe('suggestion validation with ESLint --fix and jest', () => {
  const JEST_CONFIG = { transform: {}, testEnvironment: 'node' };
  const MONEY_BASE = ['function cents(amount) {', '  return Math.round(amount * 100);', '}'];
  let pr: PrRepo;
  beforeAll(() => {
    pr = toolRepo(
      {
        'package.json': JSON.stringify({ name: 'money', private: true, jest: JEST_CONFIG }),
        // prefer-template's autofix is not safe: `'a' + x` asks x for valueOf, `${x}` for toString.
        'eslint.config.js': lines(
          "module.exports = [{ rules: { 'prefer-template': 'error', semi: 'error' } }];",
        ),
        'src/money.js': lines(...MONEY_BASE, 'module.exports = { cents };'),
      },
      {
        'src/money.js': lines(
          ...MONEY_BASE,
          'function priceLabel(price) {',
          "  return 'price: ' + price;",
          '}',
          "const CURRENCY = 'EUR'",
          'module.exports = { cents, priceLabel, CURRENCY };',
        ),
        'test/money.test.js': lines(
          "const { cents, priceLabel } = require('../src/money.js');",
          'const price = {',
          '  amount: 2.5,',
          '  valueOf() { return cents(this.amount); },',
          "  toString() { return 'EUR ' + this.amount; },",
          '};',
          "test('converts to cents', () => expect(cents(2.5)).toBe(250));",
          "test('labels a price with its value', () => expect(priceLabel(price)).toBe('price: 250'));",
        ),
      },
    );
  });
  afterAll(() => pr.repo.remove());

  const jestTask: CommandTaskSpec = {
    type: 'command',
    name: 'jest',
    run: 'npx jest --json --outputFile={report} --rootDir .',
    format: 'jest-json',
    timeoutSeconds: 30,
    env: [],
    limits: {},
    filter: 'added',
  };

  it('rolls back the fix that breaks a test and validates the harmless one', async () => {
    const before = snapshot(pr.repo.dir);
    const refactor = commandSubtask('refactor', 'refactorer', 'npx eslint --fix {files}', ['src/money.js'], {
      name: 'eslint-fix',
    });
    const refactored = await createRefactorer().run(makeInput(refactor, pr.context, pr.repo.dir));
    expect(refactored.status).toBe('ok');
    expect(refactored.suggestions.map((s) => [s.startLine, s.endLine, s.replacement])).toEqual([
      [5, 5, '  return `price: ${  price}`;'],
      [7, 7, "const CURRENCY = 'EUR';"],
    ]);
    const [breaking, harmless] = refactored.suggestions;

    const validate = validationSubtask(jestTask, 'test:jest', 'refactor:eslint-fix');
    const input = makeInput(validate, pr.context, pr.repo.dir);
    input.upstream = (id) => (id === 'refactor:eslint-fix' ? refactored : undefined);
    const validated = await createTester().run(input);
    expect(validated.status).toBe('ok');
    expect(validated.validation).toEqual({
      validated: [harmless?.fingerprint],
      dropped: [
        {
          fingerprint: breaking?.fingerprint,
          reason: 'rolled back: test:jest failed (exit code 1) with it applied',
        },
      ],
      testRuns: 3,
    });
    expect(input.span.events.filter((e) => e.kind === 'command' && e.name === 'jest')).toHaveLength(3);
    expect(snapshot(pr.repo.dir)).toEqual(before);
  });
});
