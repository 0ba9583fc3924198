// node-test-junit.xml is captured from a real run by __fixtures__/test-reports/capture.sh:
// `node --test --test-reporter=junit` (Node 20) on the same project as node-test.tap. pytest-junit.xml,
// surefire-junit.xml and jest-junit.xml are hand-written from those tools' documented formats (no
// Python, JDK or jest-junit here); each says so in its header comment.
import { describe, expect, it } from '@jest/globals';
import { parseJunit } from '../../../src/findings/test-reports/junit.js';
import { brief, fixture, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };

describe('parseJunit on captured node:test output', () => {
  const report = parseJunit(fixture('node-test-junit.xml'), options);
  const byName = new Map(report.tests.map((test) => [test.name, test]));

  it('returns every test with nested <testsuite> names as suite', () => {
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      [undefined, 'test/broken.test.js', 'failed', 'test/broken.test.js', undefined],
      ['price', 'adds items', 'passed', undefined, undefined],
      ['price', 'applies a discount', 'failed', undefined, undefined],
      ['price', 'rounds to cents', 'skipped', undefined, undefined],
      ['price', 'converts currencies', 'skipped', undefined, undefined],
      ['price › empty carts', 'totals zero', 'passed', undefined, undefined],
      ['price › empty carts', 'rejects negative prices', 'failed', undefined, undefined],
      // node's JUnit reporter drops the before() hook's error: the cancelled test is all there is.
      ['with a failing hook', 'reads rows', 'failed', undefined, undefined],
    ]);
  });

  it('takes the message attribute and keeps the element text, entities decoded, as stack', () => {
    expect(byName.get('applies a discount')?.message).toBe('Expected values to be strictly equal:9.9 !== 9');
    expect(byName.get('applies a discount')?.stack).toContain(
      `at TestContext.<anonymous> (file://${WORKSPACE}/test/price.test.js:12:5)`,
    );
    expect(byName.get('rounds to cents')?.message).toBe('not implemented');
    expect(byName.get('adds items')?.durationMs).toBeGreaterThan(0);
  });
});

describe('parseJunit on other dialects', () => {
  it('pytest: classname as suite, numeric character references decoded, <error> as a failure', () => {
    const report = parseJunit(fixture('pytest-junit.xml'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      ['tests.test_cart', 'test_total', 'passed', undefined, undefined],
      ['tests.test_cart', 'test_discount', 'failed', undefined, undefined],
      ['tests.test_cart', 'test_refund', 'failed', undefined, undefined],
      ['tests.test_cart', 'test_rounding', 'skipped', undefined, undefined],
      ['tests.test_cart', 'test_empty[]', 'passed', undefined, undefined],
      ['tests.test_db', 'test_rows', 'failed', undefined, undefined],
    ]);
    expect(report.tests[1]?.message).toBe('assert 9.9 == 9\n +  where 9.9 = total([10], 0.1)');
    expect(report.tests[5]?.message).toBe('failed on setup with "RuntimeError: database unavailable"');
    expect(report.tests[2]?.stack).toContain('if price < 0:');
  });

  it('surefire: a bare <testsuite>, CDATA stacks, <skipped message>', () => {
    const report = parseJunit(fixture('surefire-junit.xml'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map((test) => [test.suite, test.name, test.status, test.message])).toEqual([
      ['com.example.CartTest', 'totalsPrices', 'passed', undefined],
      ['com.example.CartTest', 'appliesDiscount', 'failed', 'expected: <9.0> but was: <9.9>'],
      ['com.example.CartTest', 'roundsToCents', 'skipped', 'not implemented'],
      ['com.example.CartTest', 'readsRows', 'failed', 'database unavailable'],
    ]);
    expect(report.tests[1]?.stack).toContain('at com.example.CartTest.appliesDiscount(CartTest.java:17)');
    expect(report.tests[1]?.durationMs).toBe(11);
  });

  it('jest-junit: the file attribute, and the message from a <failure> without attributes', () => {
    const report = parseJunit(fixture('jest-junit.xml'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      [undefined, 'cart totals prices', 'passed', 'test/cart.test.js', undefined],
      [undefined, 'cart applies a discount', 'failed', 'test/cart.test.js', undefined],
      [undefined, 'cart rounds to cents', 'skipped', 'test/cart.test.js', undefined],
      [undefined, 'cart supports coupons', 'skipped', 'test/cart.test.js', undefined],
      [undefined, 'cart with refunds subtracts refunds', 'failed', 'test/cart.test.js', undefined],
      [undefined, 'cart empty cart is zero', 'passed', 'test/cart.test.js', undefined],
    ]);
    expect(report.tests[1]?.message).toBe(
      'expect(received).toBe(expected) // Object.is equality\n\nExpected: 9\nReceived: 9.9',
    );
  });

  it('go-junit-report and pytest xunit1: package classname, file and line attributes as written', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="2" failures="1">
  <testsuite name="github.com/demo/demo/cart" tests="2" failures="1" errors="0" id="0" time="0.004">
    <testcase name="TestTotal" classname="github.com/demo/demo/cart" time="0.000"></testcase>
    <testcase name="TestDiscount" classname="github.com/demo/demo/cart" time="0.000">
      <failure message="Failed"><![CDATA[    cart_test.go:14: total([10], 0.1) = 9.9, want 9]]></failure>
    </testcase>
  </testsuite>
  <testsuite name="pytest"><testcase classname="tests.test_cart" name="test_x" file="tests/test_cart.py" line="8" time="0.1"/></testsuite>
</testsuites>`;
    const report = parseJunit(xml, options);
    expect(report.tests.map(brief)).toEqual([
      ['github.com/demo/demo/cart', 'TestTotal', 'passed', undefined, undefined],
      ['github.com/demo/demo/cart', 'TestDiscount', 'failed', undefined, undefined],
      ['tests.test_cart', 'test_x', 'passed', 'tests/test_cart.py', 8],
    ]);
    expect(report.tests[1]?.message).toBe('Failed');
  });

  it('reads an empty report as no tests and no error', () => {
    expect(parseJunit('<?xml version="1.0"?>\n<testsuites/>\n', options)).toEqual({ tests: [] });
  });
});

describe('parseJunit on bad or hostile input', () => {
  it('refuses a billion-laughs DOCTYPE quickly, expanding nothing', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) {
      lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    }
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE testsuites [\n${lol.join('\n')}\n]>\n<testsuites><testsuite name="&lol9;"><testcase name="&lol9;"/></testsuite></testsuites>`;
    const started = Date.now();
    const report = parseJunit(xml, options);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.tests).toEqual([]);
    expect(report.error).toMatch(/^JUnit report has a DOCTYPE: refused/);
  });

  it('does not read an external entity declared mid-document', () => {
    const xml = `<testsuites><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuite><testcase name="&xxe;"/></testsuite></testsuites>`;
    const report = parseJunit(xml, options);
    expect(report.tests).toEqual([]);
    expect(report.error).toMatch(/^JUnit report is not XML: .*external entit/i);
  });

  it('reads a failure text that quotes a DOCTYPE in CDATA', () => {
    const xml =
      '<testsuite><testcase name="renders"><failure><![CDATA[<!DOCTYPE html> differs]]></failure></testcase></testsuite>';
    const report = parseJunit(xml, options);
    expect(report).toEqual({
      tests: [
        {
          name: 'renders',
          status: 'failed',
          message: '<!DOCTYPE html> differs',
          stack: '<!DOCTYPE html> differs',
        },
      ],
    });
  });

  it('keeps the tests of a truncated report and says it is not well-formed', () => {
    const text = fixture('node-test-junit.xml');
    const report = parseJunit(text.slice(0, text.indexOf('<testcase name="totals zero"')), options);
    expect(report.tests.map((test) => test.name)).toEqual([
      'test/broken.test.js',
      'adds items',
      'applies a discount',
      'rounds to cents',
      'converts currencies',
    ]);
    expect(report.error).toMatch(/^JUnit report is not well-formed XML: .*\(truncated\?\)$/);
  });

  it.each([
    ['empty output', '', 'JUnit report is empty'],
    ['plain text', 'Error: no tests found', 'JUnit report is not well-formed XML: line 1: '],
    [
      'XML without tests',
      '<coverage line-rate="0.5"/>',
      'JUnit report has no <testsuites>, <testsuite> or <testcase>',
    ],
  ])('reports %s as a one-line error and no tests', (_label, text, prefix) => {
    const report = parseJunit(text, options);
    expect(report.tests).toEqual([]);
    expect(report.error?.startsWith(prefix)).toBe(true);
  });
});
