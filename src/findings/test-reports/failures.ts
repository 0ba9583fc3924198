// Failed tests → findings, anchored where the author will look: a stack frame in a file the PR changed,
// else the failing line in the test's own file, else where the test is declared, else a frame in a file
// that looks like a test, else any frame in the workspace (never node_modules or runtime internals).
// A failure with no location in the workspace gives no finding (the caller lists it in text).
import type { Finding } from '../types.js';
import type { ParseOptions } from '../parsers/types.js';
import { makeFinding, repoPath } from '../parsers/common.js';
import { isInternalFrame, stackFrames } from './stack-frames.js';
import { clip, stripAnsi } from './text.js';
import type { TestCase, TestReport } from './types.js';

export const TEST_FAILURE_RULE = 'test-failure';
const MAX_FINDING_CHARS = 300;
// jest's `__tests__/`, `*.test.ts`, `*.spec.js`, Go's `_test.go`, Python's `test_*.py`, `tests/`.
const TEST_FILE =
  /(^|\/)(__tests__|tests?|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|_test\.\w+$|(^|\/)test_[^/]*\.py$/;

export interface TestFailureOptions extends ParseOptions {
  /** Repository-relative paths the PR changed: a frame in one of them is preferred. */
  changedFiles?: ReadonlySet<string>;
}

export interface ReportSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** `suite › name` of each failed test, in report order. */
  failedNames: string[];
}

interface Anchor {
  path: string;
  line: number;
}

/**
 * One `test-failure` error per failed test that can be located. Tests failing at the same line (one
 * broken helper) share one finding naming them all: a fingerprint is per line, so separate findings
 * would be deduplicated down to one anyway.
 */
export function testFailureFindings(report: TestReport, options: TestFailureOptions): Finding[] {
  const byAnchor = new Map<string, { anchor: Anchor; tests: TestCase[] }>();
  for (const test of report.tests) {
    if (test.status !== 'failed') continue;
    const anchor = anchorOf(test, options);
    if (anchor === undefined) continue;
    const key = `${anchor.path}:${anchor.line}`;
    const group = byAnchor.get(key) ?? { anchor, tests: [] };
    group.tests.push(test);
    byAnchor.set(key, group);
  }
  return [...byAnchor.values()].map(({ anchor, tests }) =>
    makeFinding(
      {
        rule: TEST_FAILURE_RULE,
        severity: 'error',
        message: failureText(tests, options.workspace),
        ...anchor,
      },
      options,
    ),
  );
}

export function summarizeReport(report: TestReport): ReportSummary {
  const summary: ReportSummary = { passed: 0, failed: 0, skipped: 0, failedNames: [] };
  for (const test of report.tests) {
    summary[test.status] += 1;
    if (test.status === 'failed') summary.failedNames.push(displayName(test));
  }
  return summary;
}

/** `suite › name`, or the name alone when it already starts with the suite (jest-junit repeats it). */
export function displayName(test: TestCase): string {
  if (test.suite === undefined || test.suite === '' || test.name.startsWith(test.suite)) return test.name;
  return `${test.suite} › ${test.name}`;
}

function anchorOf(test: TestCase, options: TestFailureOptions): Anchor | undefined {
  const frames = usableFrames(test.stack ?? '', options.workspace, options.cwd);
  const changed = options.changedFiles;
  const inChanged = changed === undefined ? undefined : frames.find((frame) => changed.has(frame.path));
  if (inChanged) return inChanged;
  if (test.file !== undefined) {
    const inTestFile = frames.find((frame) => frame.path === test.file);
    if (inTestFile) return inTestFile;
    if (test.line !== undefined) return { path: test.file, line: test.line };
  }
  // The report did not name the test's file (node:test's JUnit): a frame that looks like a test file.
  return frames.find((frame) => TEST_FILE.test(frame.path)) ?? frames[0];
}

/** Frames in the workspace, outside node_modules and runtime internals, as repository paths. */
function usableFrames(stack: string, workspace: string, cwd: string | undefined): Anchor[] {
  const anchors: Anchor[] = [];
  for (const frame of stackFrames(stack)) {
    if (isInternalFrame(frame.file)) continue;
    const path = repoPath(workspace, frame.file, cwd);
    if (path === undefined || /(^|\/)node_modules\//.test(path)) continue;
    anchors.push({ path, line: frame.line });
  }
  return anchors;
}

/** `Test failed: cart › totals: expected 9, received 9.9` on one line, runner paths made relative. */
function failureText(tests: TestCase[], workspace: string): string {
  const [first, ...others] = tests;
  if (first === undefined) return 'Test failed';
  const detail = oneLineText(first.message ?? '', workspace);
  let text = `Test failed: ${oneLineText(displayName(first), workspace)}${detail === '' ? '' : `: ${detail}`}`;
  if (others.length > 0) {
    text = `${text} (also failing here: ${others.map((test) => oneLineText(displayName(test), workspace)).join('; ')})`;
  }
  return clip(text, MAX_FINDING_CHARS);
}

function oneLineText(text: string, workspace: string): string {
  const prefix = workspace.endsWith('/') ? workspace : `${workspace}/`;
  return (
    stripAnsi(text)
      .split(`file://${prefix}`)
      .join('')
      .split(prefix)
      .join('')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
      .trim()
  );
}
