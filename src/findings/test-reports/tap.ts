// TAP 13/14 → per-test results. Subtests are indented test points that come before their parent's
// line (`# Subtest:` headers optional); only leaves are tests, plus a `not ok` parent none of whose
// descendants failed (node:test reports a failing before() hook that way). YAML diagnostics give the
// message, the stack and node:test's `location: '/abs/file.test.js:12:3'`. Buffered `{ … }` subtests
// (node-tap) are not read.
import { parse as parseYaml } from 'yaml';
import { lineNumber, oneLine, repoPath } from '../parsers/common.js';
import { stackFrames } from './stack-frames.js';
import { durationMs, failureMessage, failureStack, readSafely } from './text.js';
import type { TestCase, TestReport, TestReportOptions, TestStatus } from './types.js';

interface Point {
  indent: number;
  ok: boolean;
  name: string;
  directive: 'skip' | 'todo' | undefined;
  reason: string;
  yaml: Record<string, unknown>;
  /** `#` lines just before the point at its level: node:test prints a crashed file's stderr there. */
  comments: string[];
  children: Point[];
  /** Names of the `# Subtest:` headers around it, for a subtest whose parent line never came. */
  headers: string[];
}

interface Outcome {
  failed: boolean;
  /** node:test's `cancelledByParent` leaves, counted as failures only if nothing above them failed. */
  cancelled: TestCase[];
}

const TEST_POINT = /^(\s*)(not ok|ok)\b\s*(?:\d+\b)?\s*(?:-(?:\s|$))?(.*)$/;
const SUBTEST_HEADER = /^(\s*)# Subtest(?::\s?(.*))?$/;
const COMMENT = /^(\s*)#\s?(.*)$/;
const PLAN = /^(\s*)1\.\.(\d+)/;
const BAIL_OUT = /^\s*Bail out!\s*(.*)$/;
const MAX_COMMENTS = 50;

export function parseTap(text: string, options: TestReportOptions): TestReport {
  return readSafely('TAP output', () => readTap(text, options));
}

function readTap(text: string, options: TestReportOptions): TestReport {
  const lines = text.split(/\r?\n/);
  const pending = new Map<number, Point[]>();
  const comments = new Map<number, string[]>();
  let headers: Array<{ indent: number; name: string }> = [];
  const errors: string[] = [];
  let plan: number | undefined;
  let bailOut: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const point = TEST_POINT.exec(line);
    if (point) {
      const indent = point[1]?.length ?? 0;
      const node = readPoint(indent, point[2] === 'ok', point[3] ?? '');
      node.headers = headers.filter((header) => header.indent < indent).map((header) => header.name);
      node.comments = comments.get(indent) ?? [];
      const block = readYamlBlock(lines, i + 1, indent);
      if (block) {
        node.yaml = block.yaml;
        i = block.end;
        if (block.unclosed) errors.push('TAP output ends inside a YAML block (truncated?)');
      }
      node.children = takeDeeper(pending, indent);
      for (const key of [...comments.keys()]) if (key >= indent) comments.delete(key);
      headers = headers.filter((header) => header.indent < indent);
      const level = pending.get(indent);
      if (level) level.push(node);
      else pending.set(indent, [node]);
      continue;
    }
    const header = SUBTEST_HEADER.exec(line);
    if (header) {
      const indent = header[1]?.length ?? 0;
      headers = [...headers.filter((h) => h.indent < indent), { indent, name: header[2]?.trim() ?? '' }];
      continue;
    }
    const bail = BAIL_OUT.exec(line);
    if (bail) {
      bailOut = bail[1] ?? '';
      break;
    }
    const comment = COMMENT.exec(line);
    if (comment) {
      const indent = comment[1]?.length ?? 0;
      const list = comments.get(indent) ?? [];
      if (list.length < MAX_COMMENTS) list.push(comment[2] ?? '');
      comments.set(indent, list);
      continue;
    }
    const planned = PLAN.exec(line);
    if (planned && planned[1] === '') plan = Number(planned[2]);
  }

  const levels = [...pending.keys()].sort((a, b) => a - b);
  if (levels.length > 1) errors.push('TAP output ends inside a subtest (truncated?)');
  const tests: TestCase[] = [];
  for (const level of levels) {
    for (const root of pending.get(level) ?? []) {
      const outcome = collect(root, root.headers, undefined, options, tests);
      if (!outcome.failed) for (const test of outcome.cancelled) test.status = 'failed';
    }
  }
  if (bailOut !== undefined) {
    tests.push({ name: 'Bail out!', status: 'failed', ...(bailOut === '' ? {} : { message: bailOut }) });
  }
  const top = pending.get(0)?.length ?? 0;
  if (bailOut === undefined && plan !== undefined && top < plan)
    errors.push(`TAP output ends early: plan 1..${plan}, ${top} seen (truncated?)`);
  if (tests.length === 0 && plan === undefined && bailOut === undefined)
    errors.push('TAP output has no test lines (`ok …` / `not ok …`)');
  return errors[0] === undefined ? { tests } : { tests, error: oneLine(errors[0]) };
}

function readPoint(indent: number, ok: boolean, description: string): Point {
  const { name, directive, reason } = splitDirective(description);
  return { indent, ok, name, directive, reason, yaml: {}, comments: [], children: [], headers: [] };
}

/** `name # SKIP reason`: the first unescaped `#` starts a directive when SKIP or TODO follows. */
function splitDirective(description: string): Pick<Point, 'name' | 'directive' | 'reason'> {
  for (let i = 0; i < description.length; i++) {
    const char = description[i];
    if (char === '\\') i++;
    else if (char === '#') {
      const directive = /^\s*(skip\S*|todo\S*)\s*(.*)$/i.exec(description.slice(i + 1));
      if (!directive) break;
      const kind = directive[1]?.toLowerCase().startsWith('skip') ? 'skip' : 'todo';
      return {
        name: unescape(description.slice(0, i).trim()),
        directive: kind,
        reason: directive[2]?.trim() ?? '',
      };
    }
  }
  return { name: unescape(description.trim()), directive: undefined, reason: '' };
}

function unescape(name: string): string {
  return name.replace(/\\([\\#])/g, '$1');
}

/** The YAML block (`---` … `...`) right after a test point, indented deeper than it. */
function readYamlBlock(lines: string[], start: number, pointIndent: number) {
  const open = /^(\s*)---\s*$/.exec(lines[start] ?? '');
  const indent = open?.[1]?.length ?? -1;
  if (indent <= pointIndent) return undefined;
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineIndent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (line.trim() === '...' && lineIndent === indent)
      return { yaml: yamlObject(body), end: i, unclosed: false };
    // Dedented text ends a block whose `...` is missing.
    if (line.trim() !== '' && lineIndent < indent)
      return { yaml: yamlObject(body), end: i - 1, unclosed: false };
    body.push(line.slice(Math.min(indent, lineIndent)));
  }
  return { yaml: yamlObject(body), end: lines.length - 1, unclosed: true };
}

function yamlObject(lines: string[]): Record<string, unknown> {
  try {
    const value: unknown = parseYaml(lines.join('\n'), {
      logLevel: 'silent',
      maxAliasCount: 50,
      uniqueKeys: false,
    });
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Removes and returns the points waiting at deeper indentation: the children of the point just read. */
function takeDeeper(pending: Map<number, Point[]>, indent: number): Point[] {
  const children: Point[] = [];
  for (const key of [...pending.keys()].sort((a, b) => a - b)) {
    if (key <= indent) continue;
    children.push(...(pending.get(key) ?? []));
    pending.delete(key);
  }
  return children;
}

function collect(
  point: Point,
  suites: string[],
  inherited: Point['directive'],
  options: TestReportOptions,
  out: TestCase[],
): Outcome {
  const directive = point.directive ?? inherited;
  if (point.children.length === 0) {
    const cancelled = !point.ok && directive === undefined && point.yaml.failureType === 'cancelledByParent';
    const test = toTestCase(point, suites, statusOf(point, directive, cancelled), options, cancelled);
    out.push(test);
    if (cancelled) return { failed: false, cancelled: [test] };
    return { failed: test.status === 'failed', cancelled: [] };
  }
  const outcome: Outcome = { failed: false, cancelled: [] };
  for (const child of point.children) {
    const inner = collect(child, [...suites, point.name], directive, options, out);
    outcome.failed ||= inner.failed;
    outcome.cancelled.push(...inner.cancelled);
  }
  if (outcome.failed || statusOf(point, directive, false) !== 'failed') return outcome;
  out.push(toTestCase(point, suites, 'failed', options));
  return { failed: true, cancelled: [] };
}

function statusOf(point: Point, directive: Point['directive'], cancelled: boolean): TestStatus {
  if (directive !== undefined || cancelled) return 'skipped';
  return point.ok ? 'passed' : 'failed';
}

function toTestCase(
  point: Point,
  suites: string[],
  status: TestStatus,
  options: TestReportOptions,
  cancelled = false,
): TestCase {
  // node:test names a test file that crashed by its absolute path.
  const nameAsPath = point.name.startsWith('/')
    ? repoPath(options.workspace, point.name, options.cwd)
    : undefined;
  const test: TestCase = { name: nameAsPath ?? (point.name === '' ? '(unnamed test)' : point.name), status };
  if (suites.length > 0) test.suite = suites.join(' › ');
  const location =
    locationOf(point.yaml, options) ?? (nameAsPath === undefined ? undefined : { file: nameAsPath });
  if (location?.file !== undefined) test.file = location.file;
  if (location?.line !== undefined) test.line = location.line;
  Object.assign(test, failureOf(point, status, cancelled));
  const duration = durationMs(point.yaml.duration_ms);
  if (duration !== undefined) test.durationMs = duration;
  return test;
}

/** node:test's `location: '/abs/file.js:12:3'`, node-tap's `at: { file, line }`, tape's `at: fn (/abs/f.js:3:5)`. */
function locationOf(yaml: Record<string, unknown>, options: TestReportOptions) {
  let file: string | undefined;
  let line: unknown;
  const { location, at } = yaml;
  if (typeof location === 'string') {
    const match = /^(.+?)(?::(\d+))?(?::\d+)?$/.exec(location.trim());
    file = match?.[1];
    line = match?.[2];
  } else if (typeof at === 'object' && at !== null) {
    const record = at as Record<string, unknown>;
    file = typeof record.file === 'string' ? record.file : undefined;
    line = record.line;
  } else if (typeof at === 'string') {
    const frame = stackFrames(at.includes('(') ? at : `at ${at}`)[0];
    file = frame?.file;
    line = frame?.line;
  }
  const relative = file === undefined ? undefined : repoPath(options.workspace, file, options.cwd);
  // A frame in a dependency (ava's own assert.js) is not where the test failed.
  if (relative === undefined || relative.split('/').includes('node_modules')) return undefined;
  const number = lineNumber(line);
  return number === undefined ? { file: relative } : { file: relative, line: number };
}

/**
 * ava's failures carry no message of their own: `assertion: t.is()` and `details` (e.g. the difference,
 * `- 9.9 + 9`) say what failed.
 */
function assertionMessage(yaml: Record<string, unknown>): string | undefined {
  if (typeof yaml.assertion !== 'string') return undefined;
  const details =
    typeof yaml.details === 'object' && yaml.details !== null
      ? Object.entries(yaml.details as Record<string, unknown>)
          .map(([label, value]) => `${label.replace(/:$/, '')}: ${String(value)}`)
          .join('; ')
      : '';
  return failureMessage(details === '' ? `${yaml.assertion} failed` : `${yaml.assertion} failed: ${details}`);
}

function failureOf(
  point: Point,
  status: TestStatus,
  cancelled: boolean,
): Pick<TestCase, 'message' | 'stack'> {
  const { yaml } = point;
  const error =
    typeof yaml.error === 'string' ? yaml.error : typeof yaml.message === 'string' ? yaml.message : '';
  if (status === 'skipped') {
    const message = failureMessage(cancelled ? `cancelled: ${error}` : point.reason);
    return message === undefined ? {} : { message };
  }
  if (status !== 'failed') return {};
  const stack = typeof yaml.stack === 'string' ? yaml.stack : '';
  let message = failureMessage(error) ?? assertionMessage(yaml);
  let text = [error, stack].filter((part) => part.trim() !== '').join('\n');
  // node:test: a test file that crashed fails with just 'test failed'; its stderr came as comments
  // before it (`file:///…/broken.test.js:4`, the code, `SyntaxError: …`).
  if ((message === undefined || message === 'test failed') && point.comments.length > 0) {
    const thrown = point.comments.find((line) => /^\s*[\w.]*Error\b/.test(line));
    message = failureMessage(thrown ?? point.comments.join('\n')) ?? message;
    text = point.comments.join('\n');
  }
  const full = failureStack(text);
  return { ...(message === undefined ? {} : { message }), ...(full === undefined ? {} : { stack: full }) };
}
