// node-test.tap is captured from a real run by __fixtures__/test-reports/capture.sh:
// `node --test --test-reporter=tap` (Node 20) on a tiny ES-module project — test/price.test.js with
// nested describes, a failing assertion inside a helper in src/assert-helpers.js, a failing assert in
// the test, skip, todo and a failing before() hook; test/broken.test.js with a syntax error. Temp
// paths → /home/runner/work/demo/demo. tap14-nested.tap is hand-written from the TAP 14 specification.
import { describe, expect, it } from '@jest/globals';
import { parseTap } from '../../../src/findings/test-reports/tap.js';
import { brief, fixture, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };

describe('parseTap on captured node:test output', () => {
  const report = parseTap(fixture('node-test.tap'), options);
  const byName = new Map(report.tests.map((test) => [test.name, test]));

  it('returns the leaf tests, and the suite whose before() hook failed, with node:test locations', () => {
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      [undefined, 'test/broken.test.js', 'failed', 'test/broken.test.js', 1],
      ['price', 'adds items', 'passed', undefined, undefined],
      ['price', 'applies a discount', 'failed', 'test/price.test.js', 11],
      ['price', 'rounds to cents', 'skipped', undefined, undefined],
      ['price', 'converts currencies', 'skipped', undefined, undefined],
      ['price › empty carts', 'totals zero', 'passed', undefined, undefined],
      ['price › empty carts', 'rejects negative prices', 'failed', 'test/price.test.js', 24],
      ['with a failing hook', 'reads rows', 'skipped', 'test/price.test.js', 35],
      [undefined, 'with a failing hook', 'failed', 'test/price.test.js', 30],
    ]);
  });

  it('does not count a describe block whose children failed as another failure', () => {
    expect(byName.has('price')).toBe(false);
    expect(byName.has('empty carts')).toBe(false);
  });

  it('reads messages and stacks from the YAML diagnostics', () => {
    expect(byName.get('applies a discount')?.message).toBe(
      'Expected values to be strictly equal:\n\n9.9 !== 9',
    );
    expect(byName.get('applies a discount')?.stack).toContain(
      `assertTotal (file://${WORKSPACE}/src/assert-helpers.js:4:10)`,
    );
    expect(byName.get('rejects negative prices')?.message).toBe('Missing expected exception (RangeError).');
    expect(byName.get('with a failing hook')?.message).toBe('database unavailable');
    expect(byName.get('rounds to cents')?.message).toBe('not implemented');
    expect(byName.get('converts currencies')?.message).toBe('needs rates');
    expect(byName.get('reads rows')?.message).toBe(
      'cancelled: test did not finish before its parent and was cancelled',
    );
    expect(typeof byName.get('adds items')?.durationMs).toBe('number');
  });

  it("takes a crashed file's error from the comments node:test printed before it", () => {
    const broken = byName.get('test/broken.test.js');
    expect(broken?.message).toBe("SyntaxError: Unexpected token ';'");
    expect(broken?.stack?.split('\n')[0]).toBe(`file://${WORKSPACE}/test/broken.test.js:4`);
  });
});

describe('parseTap on TAP 14', () => {
  it('reads nested subtests, directives, node-tap style `at` and escaped #', () => {
    const report = parseTap(fixture('tap14-nested.tap'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      ['cart › totals', 'sums prices', 'passed', undefined, undefined],
      ['cart › totals', 'applies discount', 'failed', 'test/cart.test.js', 12],
      ['cart', 'rounds', 'skipped', undefined, undefined],
      ['cart', 'coupons', 'skipped', undefined, undefined],
      ['checkout', 'charges # 2 cards', 'passed', undefined, undefined],
      [undefined, 'login', 'passed', undefined, undefined],
    ]);
    expect(report.tests[1]?.message).toBe('discount not applied');
    expect(report.tests[3]?.message).toBe('not written yet');
  });

  it('counts a failing parent with no failing children as the failure', () => {
    const text = [
      'TAP version 14',
      '    ok 1 - child',
      '    1..1',
      'not ok 1 - parent',
      '  ---',
      "  error: 'after hook'",
      '  ...',
      '1..1',
    ];
    const report = parseTap(text.join('\n'), options);
    expect(report.tests.map((test) => [test.suite, test.name, test.status, test.message])).toEqual([
      ['parent', 'child', 'passed', undefined],
      [undefined, 'parent', 'failed', 'after hook'],
    ]);
  });

  it('keeps a cancelled test a failure when nothing above it failed', () => {
    const text = [
      '    not ok 1 - child',
      '      ---',
      "      failureType: 'cancelledByParent'",
      "      error: 'gone'",
      '      ...',
      'ok 1 - parent',
    ];
    expect(parseTap(text.join('\n'), options).tests.map((test) => test.status)).toEqual(['failed']);
  });

  it('reports a bail out as a failed test', () => {
    const report = parseTap('TAP version 13\nok 1 - a\nBail out! database down\nok 2 - b\n', options);
    expect(report.tests.map((test) => [test.name, test.status, test.message])).toEqual([
      ['a', 'passed', undefined],
      ['Bail out!', 'failed', 'database down'],
    ]);
  });

  it.each([
    [
      'stops inside a subtest',
      fixture('node-test.tap').split('\n').slice(0, 30).join('\n'),
      'TAP output ends inside',
    ],
    [
      'stops before its plan is met',
      'TAP version 13\n1..3\nok 1 - a\n',
      'TAP output ends early: plan 1..3, 1 seen',
    ],
    ['stops inside a YAML block', 'not ok 1 - a\n  ---\n  error: x', 'TAP output ends inside a YAML block'],
  ])('keeps what it read and reports output that %s', (_label, text, prefix) => {
    const report = parseTap(text, options);
    expect(report.tests.length).toBeGreaterThan(0);
    expect(report.error?.startsWith(prefix)).toBe(true);
  });

  it.each([
    ['', 'TAP output has no test lines'],
    ['npm ERR! missing script: test', 'TAP output has no test lines'],
  ])('reports %j as an error with no tests', (text, prefix) => {
    const report = parseTap(text, options);
    expect(report.tests).toEqual([]);
    expect(report.error?.startsWith(prefix)).toBe(true);
  });

  it('accepts a plan of zero tests as an empty, readable report', () => {
    expect(parseTap('TAP version 14\n1..0 # SKIP no tests here\n', options)).toEqual({ tests: [] });
  });

  it('ignores YAML diagnostics it cannot parse', () => {
    const report = parseTap('not ok 1 - a\n  ---\n  : : [\n  ...\n', options);
    expect(report).toEqual({ tests: [{ name: 'a', status: 'failed' }] });
  });
});
