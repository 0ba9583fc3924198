// `jest --json` → per-test results. The JSON may come after other text (npm's `> jest --json` banner,
// console output when stderr is merged): the report is the LAST `{` at the start of a line that opens
// a complete JSON object with a `testResults` array. A test file that failed without a failing test
// (syntax error, failing afterAll) becomes one failed test named after the file.
import { z } from 'zod';
import { firstIssue, lineNumber, oneLine, repoPath } from '../parsers/common.js';
import { durationMs, failureMessage, failureStack, readSafely } from './text.js';
import type { TestCase, TestReport, TestReportOptions, TestStatus } from './types.js';

const assertionSchema = z.object({
  title: z.string().optional(),
  fullName: z.string().optional(),
  ancestorTitles: z.array(z.string()).nullish(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullish(),
  location: z.object({ line: z.number() }).nullish(),
  duration: z.number().nullish(),
});
const fileSchema = z.object({
  // `name` in jest's --json output; `testFilePath` in the in-memory results some tools serialise.
  name: z.string().optional(),
  testFilePath: z.string().optional(),
  status: z.string().optional(),
  message: z.string().nullish(),
  assertionResults: z.array(assertionSchema).nullish(),
});
const reportSchema = z.object({ testResults: z.array(fileSchema) });

type JestAssertion = z.infer<typeof assertionSchema>;
type JestFile = z.infer<typeof fileSchema>;

const MAX_CANDIDATES = 20;

export function parseJestJson(text: string, options: TestReportOptions): TestReport {
  return readSafely('jest JSON', () => readJestJson(text, options));
}

function readJestJson(text: string, options: TestReportOptions): TestReport {
  const found = findReport(text.replace(/^\uFEFF/, ''));
  if ('error' in found) return { tests: [], error: found.error };
  const parsed = reportSchema.safeParse(found.json);
  if (!parsed.success)
    return { tests: [], error: oneLine(`jest JSON has an unexpected shape: ${firstIssue(parsed.error)}`) };
  const tests: TestCase[] = [];
  for (const file of parsed.data.testResults) tests.push(...testsOfFile(file, options));
  return { tests };
}

function testsOfFile(file: JestFile, options: TestReportOptions): TestCase[] {
  const filePath = file.name ?? file.testFilePath;
  const relative = filePath === undefined ? undefined : repoPath(options.workspace, filePath, options.cwd);
  const tests = (file.assertionResults ?? []).map((assertion) => toTestCase(assertion, relative));
  if (file.status === 'failed' && !tests.some((test) => test.status === 'failed')) {
    tests.push(fileFailure(file, filePath, relative));
  }
  return tests;
}

function toTestCase(assertion: JestAssertion, file: string | undefined): TestCase {
  const name = assertion.title ?? assertion.fullName ?? '';
  const test: TestCase = { name: name === '' ? '(unnamed test)' : name, status: statusOf(assertion.status) };
  const suite = (assertion.ancestorTitles ?? []).join(' › ');
  if (suite !== '') test.suite = suite;
  if (file !== undefined) {
    test.file = file;
    const line = lineNumber(assertion.location?.line);
    if (line !== undefined) test.line = line;
  }
  const failures = assertion.failureMessages ?? [];
  if (test.status === 'failed' && failures.length > 0) {
    const message = failureMessage(failures[0] ?? '');
    if (message !== undefined) test.message = message;
    const stack = failureStack(failures.join('\n\n'));
    if (stack !== undefined) test.stack = stack;
  }
  const duration = durationMs(assertion.duration);
  if (duration !== undefined) test.durationMs = duration;
  return test;
}

/** `● Test suite failed to run` and the error under it, as one failed test for the file. */
function fileFailure(file: JestFile, filePath: string | undefined, relative: string | undefined): TestCase {
  const test: TestCase = { name: relative ?? filePath ?? '(test file)', status: 'failed' };
  if (relative !== undefined) test.file = relative;
  const text = (file.message ?? '').replace(/^\s*● .*$/gm, '');
  const message = failureMessage(text) ?? (text.trim() === '' ? 'Test suite failed to run' : undefined);
  if (message !== undefined) test.message = message;
  const stack = failureStack(text);
  if (stack !== undefined) test.stack = stack;
  return test;
}

function statusOf(status: string): TestStatus {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped'; // pending (test.skip), todo, skipped, disabled
}

function findReport(text: string): { json: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'jest printed no output (expected --json)' };
  try {
    return { json: JSON.parse(text) };
  } catch {
    // Text around the JSON: look for it below.
  }
  const starts: number[] = [];
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    if (at === 0 || text[at - 1] === '\n') starts.push(at);
  }
  for (const start of starts.reverse().slice(0, MAX_CANDIDATES)) {
    const end = closingBrace(text, start);
    if (end === -1) continue;
    try {
      const json: unknown = JSON.parse(text.slice(start, end + 1));
      if (
        typeof json === 'object' &&
        json !== null &&
        Array.isArray((json as { testResults?: unknown }).testResults)
      )
        return { json };
    } catch {
      // Not JSON after all (a logged object literal): try the previous candidate.
    }
  }
  return { error: `jest output has no JSON report (expected --json): ${oneLine(text).slice(0, 120)}` };
}

/** Index of the `}` closing the object opened at `start` (strings and escapes respected), else -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}
