// Property tests: whatever the text, the parsers return a report and never throw; truncated and
// mutated real fixtures keep every field within its bounds; text that is no report gives an error.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { testFailureFindings } from '../../../src/findings/test-reports/failures.js';
import { parseTestReport, type TestReportFormat } from '../../../src/findings/test-reports/index.js';
import type { TestReport } from '../../../src/findings/test-reports/types.js';
import { fixture, hasControlCharacters, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };
const FIXTURES: Record<TestReportFormat, string[]> = {
  junit: ['node-test-junit.xml', 'pytest-junit.xml', 'surefire-junit.xml', 'jest-junit.xml'].map(fixture),
  tap: ['node-test.tap', 'tap14-nested.tap'].map(fixture),
  'jest-json': ['jest.json', 'jest-npm.txt'].map(fixture),
  'go-test-json': ['go-test.jsonl', 'go-test-build-failure.jsonl'].map(fixture),
  'cargo-test': ['cargo-test.txt', 'cargo-test-build-failure.txt'].map(fixture),
};
const FORMATS = Object.keys(FIXTURES) as TestReportFormat[];

function expectWellFormed(report: TestReport): void {
  expect(Array.isArray(report.tests)).toBe(true);
  if (report.error !== undefined) {
    // The parsers' catch-all (readSafely) is a last resort: the fuzz must not need it.
    expect(report.error).not.toContain('could not be read');
    expect(report.error).not.toMatch(/[\r\n]/);
    expect(report.error.length).toBeLessThanOrEqual(200);
  }
  for (const test of report.tests) {
    expect(['passed', 'failed', 'skipped']).toContain(test.status);
    expect(typeof test.name).toBe('string');
    expect((test.message ?? '').length).toBeLessThanOrEqual(500);
    expect((test.stack ?? '').length).toBeLessThanOrEqual(4000);
    if (test.line !== undefined) expect(Number.isInteger(test.line) && test.line >= 1).toBe(true);
    if (test.file !== undefined) expect(test.file.startsWith('/') || test.file.startsWith('../')).toBe(false);
  }
  const findings = testFailureFindings(report, { ...options, source: 'tests', lineContent: () => undefined });
  for (const finding of findings) {
    expect(finding.message.length).toBeLessThanOrEqual(300);
    expect(hasControlCharacters(finding.message)).toBe(false);
  }
}

/** A fixture with a few characters deleted, replaced or inserted. */
function mutated(text: string) {
  const edit = fc.record({
    at: fc.nat({ max: Math.max(0, text.length - 1) }),
    remove: fc.nat({ max: 20 }),
    insert: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('<', '>', '"', '&', '\n', '    ', '{', '}', '---', '...', '#'),
    ),
  });
  return fc
    .array(edit, { minLength: 1, maxLength: 6 })
    .map((edits) =>
      edits.reduce((acc, { at, remove, insert }) => acc.slice(0, at) + insert + acc.slice(at + remove), text),
    );
}

describe.each(FORMATS)('parseTestReport(%j, …)', (format) => {
  it('never throws on arbitrary text', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.lorem({ mode: 'sentences' }),
    );
    fc.assert(
      fc.property(text, (input) => expectWellFormed(parseTestReport(format, input, options))),
      { numRuns: 400 },
    );
  });

  it('never throws on truncated or mutated real reports', () => {
    const sample = fc.constantFrom(...FIXTURES[format]);
    const input = fc.oneof(
      sample.chain((text) => fc.nat({ max: text.length }).map((end) => text.slice(0, end))),
      sample.chain(mutated),
    );
    fc.assert(
      fc.property(input, (text) => expectWellFormed(parseTestReport(format, text, options))),
      { numRuns: 300 },
    );
  });

  it('gives a one-line error and no tests for text that is no report', () => {
    // No `<`, `{`, digits or `ok` can form an element, a JSON object, a plan or a test line.
    const garbage = fc.string({
      unit: fc.constantFrom(...'abcdefghij XYZ!?,;:-_()\n\t'.split('')),
      maxLength: 300,
    });
    fc.assert(
      fc.property(garbage, (text) => {
        const report = parseTestReport(format, text, options);
        expect(report.tests).toEqual([]);
        expect(report.error).toBeDefined();
        expectWellFormed(report);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseTestReport', () => {
  it('turns an unknown format into an error instead of a throw', () => {
    const report = parseTestReport('xunit' as TestReportFormat, '<testsuite/>', options);
    expect(report).toEqual({ tests: [], error: 'unknown test report format: xunit' });
  });

  it('handles large, deeply nested input in reasonable time', () => {
    const started = Date.now();
    for (const format of FORMATS) {
      for (const text of [
        '<testsuite>'.repeat(50_000),
        '    '.repeat(5000) + 'ok 1',
        '{'.repeat(100_000),
        '\n{'.repeat(50_000),
      ]) {
        expectWellFormed(parseTestReport(format, text, options));
      }
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('clips a huge failure text and reads thousands of tests in reasonable time', () => {
    const started = Date.now();
    const hugeFailure = `<testsuite><testcase name="a"><failure>${'boom\n'.repeat(200_000)}</failure></testcase></testsuite>`;
    const [failed] = parseTestReport('junit', hugeFailure, options).tests;
    expect(failed?.message?.length).toBeLessThanOrEqual(500);
    expect(failed?.stack?.length).toBe(4000);
    const manyTests = Array.from({ length: 20_000 }, (_, i) => `ok ${i + 1} - test ${i}`).join('\n');
    expect(parseTestReport('tap', `${manyTests}\n1..20000\n`, options).tests).toHaveLength(20_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
