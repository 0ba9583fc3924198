// Findings from the real fixtures (see capture.sh) and the hand-written pytest/surefire samples.
import { describe, expect, it } from '@jest/globals';
import { parseTestReport } from '../../../src/findings/test-reports/index.js';
import {
  displayName,
  summarizeReport,
  testFailureFindings,
  type TestFailureOptions,
} from '../../../src/findings/test-reports/failures.js';
import { isInternalFrame, stackFrames } from '../../../src/findings/test-reports/stack-frames.js';
import type { TestReport } from '../../../src/findings/test-reports/types.js';
import { fixture, hasControlCharacters, WORKSPACE } from './helpers.js';

const base: TestFailureOptions = { workspace: WORKSPACE, source: 'tests', lineContent: () => undefined };

function anchors(report: TestReport, changed?: string[]): Array<[string, number]> {
  const options = changed === undefined ? base : { ...base, changedFiles: new Set(changed) };
  return testFailureFindings(report, options).map((finding) => [finding.path, finding.line]);
}

describe('testFailureFindings on node:test TAP', () => {
  const report = parseTestReport('tap', fixture('node-test.tap'), { workspace: WORKSPACE });

  it('anchors each failure at the failing line of its test file', () => {
    expect(anchors(report)).toEqual([
      ['test/broken.test.js', 4],
      ['test/price.test.js', 12],
      ['test/price.test.js', 25],
      ['test/price.test.js', 32],
    ]);
  });

  it('prefers the frame in a helper file the PR changed', () => {
    expect(anchors(report, ['src/assert-helpers.js'])).toEqual([
      ['test/broken.test.js', 4],
      ['src/assert-helpers.js', 4],
      ['test/price.test.js', 25],
      ['test/price.test.js', 32],
    ]);
  });

  it('writes one error line per failure: the test, then its message', () => {
    const findings = testFailureFindings(report, base);
    expect(findings.map((finding) => finding.message)).toEqual([
      "Test failed: test/broken.test.js: SyntaxError: Unexpected token ';'",
      'Test failed: price › applies a discount: Expected values to be strictly equal: 9.9 !== 9',
      'Test failed: price › empty carts › rejects negative prices: Missing expected exception (RangeError).',
      'Test failed: with a failing hook: database unavailable',
    ]);
    expect(
      new Set(findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.source}`)),
    ).toEqual(new Set(['test-failure error tests']));
  });
});

describe('testFailureFindings on other reports', () => {
  it('node:test JUnit names no file: a frame that looks like a test file, or the changed helper', () => {
    const report = parseTestReport('junit', fixture('node-test-junit.xml'), { workspace: WORKSPACE });
    expect(anchors(report)).toEqual([
      ['test/price.test.js', 12],
      ['test/price.test.js', 25],
    ]);
    expect(anchors(report, ['src/assert-helpers.js'])[0]).toEqual(['src/assert-helpers.js', 4]);
  });

  it('jest: the assertion line, the source line when changed, the syntax error line', () => {
    const report = parseTestReport('jest-json', fixture('jest.json'), { workspace: WORKSPACE });
    expect(anchors(report)).toEqual([
      ['test/broken.test.js', 4],
      ['test/cart.test.js', 9],
      ['test/cart.test.js', 23],
    ]);
    expect(anchors(report, ['src/cart.js'])).toEqual([
      ['test/broken.test.js', 4],
      ['test/cart.test.js', 9],
      ['src/cart.js', 4],
    ]);
    const messages = testFailureFindings(report, base).map((finding) => finding.message);
    expect(messages[0]).toBe(
      'Test failed: test/broken.test.js: SyntaxError: test/broken.test.js: Unexpected token, expected "," (4:3)',
    );
    expect(messages[1]).toBe(
      'Test failed: cart › applies a discount: expect(received).toBe(expected) // Object.is equality Expected: 9 Received: 9.9',
    );
  });

  it('pytest: traceback locations, test file first unless the source file changed', () => {
    const report = parseTestReport('junit', fixture('pytest-junit.xml'), { workspace: WORKSPACE });
    expect(anchors(report)).toEqual([
      ['tests/test_cart.py', 9],
      ['tests/test_cart.py', 13],
      ['tests/conftest.py', 7],
    ]);
    expect(anchors(report, ['src/cart.py'])[1]).toEqual(['src/cart.py', 5]);
  });

  it('surefire: Java frames name no folder, so nothing is anchored, but the summary counts them', () => {
    const report = parseTestReport('junit', fixture('surefire-junit.xml'), { workspace: WORKSPACE });
    expect(testFailureFindings(report, base)).toEqual([]);
    expect(summarizeReport(report)).toEqual({
      passed: 1,
      failed: 2,
      skipped: 1,
      failedNames: ['com.example.CartTest › appliesDiscount', 'com.example.CartTest › readsRows'],
    });
  });

  it('merges failures at the same line into one finding that names them all', () => {
    const stack = `Error: boom\n    at check (${WORKSPACE}/src/check.js:3:9)`;
    const report: TestReport = {
      tests: [
        { name: 'a', status: 'failed', message: 'boom', stack },
        { name: 'b', suite: 's', status: 'failed', message: 'boom', stack },
      ],
    };
    const findings = testFailureFindings(report, base);
    expect(findings.map((finding) => [finding.path, finding.line, finding.message])).toEqual([
      ['src/check.js', 3, 'Test failed: a: boom (also failing here: s › b)'],
    ]);
  });

  it('skips failures with no location in the workspace, and ignores node_modules and node: frames', () => {
    const report: TestReport = {
      tests: [
        { name: 'no location', status: 'failed', message: 'x' },
        {
          name: 'outside',
          status: 'failed',
          stack: `at f (${WORKSPACE}/node_modules/lib/index.js:1:1)\nat g (node:internal/process:2:2)\nat h (/usr/lib/x.js:3:3)`,
        },
        { name: 'declared', status: 'failed', file: 'test/a.test.js', line: 7 },
        { name: 'passed', status: 'passed', file: 'test/a.test.js', line: 9 },
      ],
    };
    expect(anchors(report)).toEqual([['test/a.test.js', 7]]);
  });

  it('keeps messages to one line of at most 300 characters without ANSI codes', () => {
    const report: TestReport = {
      tests: [
        {
          name: 'long',
          status: 'failed',
          file: 'test/a.test.js',
          line: 1,
          message: `\u001b[31mred\u001b[39m\n\tline\u0007 ${'x'.repeat(400)}`,
        },
      ],
    };
    const [finding] = testFailureFindings(report, base);
    expect(finding?.message.startsWith('Test failed: long: red line ')).toBe(true);
    expect(finding?.message.length).toBe(300);
    expect(hasControlCharacters(finding?.message ?? '')).toBe(false);
  });

  it('fingerprints from the content of the anchored line', () => {
    const report: TestReport = { tests: [{ name: 'a', status: 'failed', file: 'test/a.test.js', line: 3 }] };
    const at = (line: number) =>
      testFailureFindings(
        { tests: [{ ...report.tests[0]!, line }] },
        { ...base, lineContent: (_path, n) => (n === line ? 'expect(x).toBe(1);' : undefined) },
      )[0]?.fingerprint;
    expect(at(3)).toBe(at(13));
  });
});

describe('summarizeReport and displayName', () => {
  it('counts statuses and names failures as suite › name', () => {
    const report = parseTestReport('tap', fixture('node-test.tap'), { workspace: WORKSPACE });
    expect(summarizeReport(report)).toEqual({
      passed: 2,
      failed: 4,
      skipped: 3,
      failedNames: [
        'test/broken.test.js',
        'price › applies a discount',
        'price › empty carts › rejects negative prices',
        'with a failing hook',
      ],
    });
  });

  it('does not repeat a suite that the name already starts with (jest-junit)', () => {
    expect(displayName({ name: 'cart totals', suite: 'cart', status: 'passed' })).toBe('cart totals');
    expect(displayName({ name: 'totals', suite: 'cart', status: 'passed' })).toBe('cart › totals');
  });
});

describe('stackFrames', () => {
  it.each([
    ['    at fn (/abs/file.js:10:5)', '/abs/file.js', 10],
    ['    at /abs/file.js:11:5', '/abs/file.js', 11],
    ['    at async Promise.all (file:///abs/file.mjs:12:5)', 'file:///abs/file.mjs', 12],
    ['    at file:///abs/file.mjs:13:1', 'file:///abs/file.mjs', 13],
    ['assertTotal (file:///abs/src/helpers.js:4:10)', 'file:///abs/src/helpers.js', 4],
    ['    at Object.<anonymous> (C:\\work\\a.test.js:5:1)', 'C:\\work\\a.test.js', 5],
    ['file:///abs/broken.test.js:4', 'file:///abs/broken.test.js', 4],
    ['SyntaxError: /abs/b.test.js: Unexpected token, expected "," (4:3)', '/abs/b.test.js', 4],
    ['  File "/abs/src/cart.py", line 10, in total', '/abs/src/cart.py', 10],
    ['tests/test_cart.py:9: AssertionError', 'tests/test_cart.py', 9],
  ])('reads %j', (line, file, lineNumber) => {
    expect(stackFrames(line)).toEqual([{ file, line: lineNumber }]);
  });

  it.each([
    '    at new Promise (<anonymous>)',
    '    at async Promise.all (index 0)',
    'Expected: 9 (see a.js:1:2 for more) ok',
    '    at com.example.CartTest.appliesDiscount(CartTest.java:17)',
    '    cart_test.go:14: total = 9.9, want 9',
    '    at f (/abs/file.js:0:1)',
  ])('finds no frame in %j', (line) => {
    expect(stackFrames(line)).toEqual([]);
  });

  it('tells runtime internals from files', () => {
    expect(
      ['node:internal/x', 'internal/x.js', '<anonymous>', 'webpack://app/x.js'].map(isInternalFrame),
    ).toEqual([true, true, true, true]);
    expect(['/abs/a.js', 'file:///abs/a.js', 'src/a.js', 'C:\\a.js'].map(isInternalFrame)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
