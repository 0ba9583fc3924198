// Per-test results read from a test runner's report (JUnit XML, TAP, jest --json), whatever the runner.

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestCase {
  name: string;
  /** Enclosing suites (describe blocks, classes), outermost first, joined with ` › `. */
  suite?: string;
  /** Repository-relative POSIX path of the test's file, when the report says and it is in the workspace. */
  file?: string;
  /** Where the test is declared in `file`. */
  line?: number;
  /** Todo and cancelled tests count as skipped: they did not run to a verdict. */
  status: TestStatus;
  /** The failure's first line(s) without the stack, ANSI codes stripped; ≤ 500 chars. */
  message?: string;
  /** The failure text with its stack trace, clipped to ≤ 4000 chars. */
  stack?: string;
  durationMs?: number;
}

export interface TestReport {
  tests: TestCase[];
  /** Why (part of) the report could not be read: one line, ≤ 200 chars; `tests` holds what was read. */
  error?: string;
}

export interface TestReportOptions {
  /** Absolute path the tests ran in; absolute paths in the report are made relative to it. */
  workspace: string;
  /** Absolute (real) path of the directory the tool ran in, when not the workspace: relative paths in
   * its output are read from there. */
  cwd?: string;
  /** go-test-json: the module path of the go.mod in `cwd`, so its packages map to directories under it. */
  goModule?: string;
}

/** Text in, per-test results out; never throws. */
export type TestReportParser = (text: string, options: TestReportOptions) => TestReport;
