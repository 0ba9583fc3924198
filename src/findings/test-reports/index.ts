// Test reports → per-test results (and, via failures.ts, findings). One entry point by format.
import { parseCargoTest } from './cargo-test.js';
import { parseGoTestJson } from './go-test-json.js';
import { parseJestJson } from './jest-json.js';
import { parseJunit } from './junit.js';
import { parseTap } from './tap.js';
import type { TestReport, TestReportOptions, TestReportParser } from './types.js';

export type TestReportFormat = 'junit' | 'tap' | 'jest-json' | 'go-test-json' | 'cargo-test';

const PARSERS: Record<TestReportFormat, TestReportParser> = {
  junit: parseJunit,
  tap: parseTap,
  'jest-json': parseJestJson,
  'go-test-json': parseGoTestJson,
  'cargo-test': parseCargoTest,
};

/** Never throws: an unreadable report gives `{ tests: [], error }` (one line). */
export function parseTestReport(
  format: TestReportFormat,
  text: string,
  options: TestReportOptions,
): TestReport {
  const parser = Object.hasOwn(PARSERS, format) ? PARSERS[format] : undefined;
  if (parser === undefined)
    return { tests: [], error: `unknown test report format: ${String(format).slice(0, 40)}` };
  return parser(text, options);
}

export { parseCargoTest, parseGoTestJson, parseJestJson, parseJunit, parseTap };
export { summarizeReport, testFailureFindings, displayName, TEST_FAILURE_RULE } from './failures.js';
export type { ReportSummary, TestFailureOptions } from './failures.js';
export type { TestCase, TestReport, TestReportOptions, TestReportParser, TestStatus } from './types.js';
