// `cargo test` (libtest's human output on stable Rust) → per-test results. Each test binary prints
// `running N tests`, one `test name ... ok|FAILED|ignored` line per test, a `failures:` section of
// `---- name stdout ----` blocks and `test result:`; which target a report is of (`src/lib.rs`,
// `tests/it.rs`, `doc-tests`) is only in cargo's `Running …` / `Doc-tests …` lines on stderr, matched
// to the reports in order, so stdout alone gives tests without a suite. A failure is located at its
// panic (`panicked at src/lib.rs:10:5:`, or before Rust 1.73 `panicked at 'msg', src/lib.rs:10:5`), a
// doc test at the `(line N)` of its name. Compiler errors (`error[E0308]` … ` --> src/lib.rs:5:9` …
// `error: could not compile`) become one failed test `build` per crate that did not compile.
// rustc's paths are relative to the cargo workspace root: the directory cargo ran in, or the ancestor
// it is a member of when the path starts with the member's own folders (`crates/a/src/lib.rs` from
// crates/a). A crate folder named like its own first folder (a crate in `src/`) is misread that way.
import path from 'node:path';
import { lineNumber, oneLine, repoPath } from '../parsers/common.js';
import { failureMessage, failureStack, readSafely, stripAnsi } from './text.js';
import type { TestCase, TestReport, TestReportOptions } from './types.js';

interface Report {
  /** Index of the last target header before it, -1 when none came first. */
  header: number;
  tests: Map<string, TestCase>;
  /** `---- name stdout ----` blocks of the `failures:` list, by test name. */
  failures: Map<string, string[]>;
  finished: boolean;
}

interface Diagnostic {
  lines: string[];
  location: { file: string; line: number } | undefined;
}

interface Build {
  /** `demo (lib test)` from `could not compile`; undefined when that line never came. */
  crate: string | undefined;
  errors: Diagnostic[];
}

interface Output {
  targets: string[];
  reports: Report[];
  builds: Build[];
  /** `error: …` lines of cargo itself (no location), for the report's error. */
  cargoErrors: string[];
}

const MAX_LINE_CHARS = 2000;
const MAX_SECTION_LINES = 400;
const MAX_DIAGNOSTIC_LINES = 60;
const RUNNING = /^\s*Running (?:unittests )?(.+?)(?: \([^()]*\))?\s*$/;
const DOC_TESTS = /^\s*Doc-tests \S+/;
const RUNNING_COUNT = /^running \d+ tests?$/;
const SECTION = /^---- (.+) stdout ----$/;
const DIAGNOSTIC = /^(error|warning)(?:\[\w+\])?: (.*)$/;
const ARROW = /^\s*--> (.+):(\d+):\d+$/;
const NOT_A_DIAGNOSTIC = /^(?:test failed|doctest failed|\d+ targets? failed|aborting due to|build failed)/;
const COULD_NOT_COMPILE = /^could not compile `([^`]+)`(?: \(([^)]+)\))?/;
// libtest's test modes, printed after the name: `test x - should panic ... ok`.
const MODE_SUFFIX = / - (?:should panic|compile fail|compile)$/;
const DOC_TEST_NAME = /^(.+?) - .*?\(line (\d+)\)$/;

export function parseCargoTest(text: string, options: TestReportOptions): TestReport {
  return readSafely('cargo test output', () => readCargoTest(text, options));
}

function readCargoTest(text: string, options: TestReportOptions): TestReport {
  const output = readOutput(text);
  const tests: TestCase[] = [];
  output.reports.forEach((report, index) => {
    // Merged streams put each header before its report; stdout then stderr puts them all after.
    const target =
      output.targets.length === output.reports.length ? output.targets[index] : output.targets[report.header];
    tests.push(...testsOfReport(report, target, options));
  });
  // rustc prints an error once: a second target of the crate (`lib` after `lib test`) fails with none.
  const anyErrors = output.builds.some((build) => build.errors.length > 0);
  const located = output.builds.filter((build) =>
    build.errors.length === 0
      ? !anyErrors && build.crate !== undefined
      : build.crate !== undefined || build.errors.some(hasLocation),
  );
  for (const build of located) tests.push(buildFailure(build, options));
  if (output.reports.length === 0 && located.length === 0) {
    const first = output.cargoErrors[0] ?? text.split('\n').find((line) => line.trim() !== '');
    const why =
      first === undefined ? 'cargo test printed nothing' : `cargo test printed no test results: ${first}`;
    return { tests: [], error: oneLine(stripAnsi(why)) };
  }
  const unfinished = output.reports.findIndex((report) => !report.finished);
  if (unfinished === -1) return { tests };
  const name = output.targets[output.reports[unfinished]?.header ?? -1] ?? 'a test binary';
  return {
    tests,
    error: oneLine(`cargo test output ends inside the run of ${name} (crashed or truncated?)`),
  };
}

function readOutput(text: string): Output {
  const output: Output = { targets: [], reports: [], builds: [], cargoErrors: [] };
  let report: Report | undefined;
  let section: string[] | undefined;
  let diagnostic: Diagnostic | undefined;
  let errors: Diagnostic[] = [];
  for (const raw of text.split('\n')) {
    const line = stripAnsi(raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw).replace(
      /\r$/,
      '',
    );
    if (report !== undefined) {
      const started = SECTION.exec(line);
      if (started?.[1] !== undefined) {
        section = [];
        report.failures.set(withoutMode(started[1]), section);
        continue;
      }
      if (line.startsWith('test result: ')) {
        report.finished = true;
        report = section = undefined;
        continue;
      }
      if (line === 'failures:' || line === 'successes:') {
        section = undefined;
        continue;
      }
      if (section !== undefined) {
        if (section.length < MAX_SECTION_LINES) section.push(line);
        continue;
      }
      if (readResult(line, report)) continue;
    }
    if (RUNNING.test(line) || DOC_TESTS.test(line)) {
      output.targets.push(targetName(line));
      report = section = diagnostic = undefined;
      continue;
    }
    if (RUNNING_COUNT.test(line)) {
      report = { header: output.targets.length - 1, tests: new Map(), failures: new Map(), finished: false };
      output.reports.push(report);
      diagnostic = undefined;
      continue;
    }
    const header = DIAGNOSTIC.exec(line);
    if (header !== null) {
      const [, kind, message = ''] = header;
      diagnostic = undefined;
      const failed = COULD_NOT_COMPILE.exec(message);
      if (kind === 'warning' || NOT_A_DIAGNOSTIC.test(message)) {
        if (kind === 'warning') diagnostic = { lines: [], location: undefined }; // swallows its lines
      } else if (failed !== null) {
        const crate = failed[2] === undefined ? failed[1] : `${failed[1]} (${failed[2]})`;
        output.builds.push({ crate, errors });
        errors = [];
      } else {
        diagnostic = { lines: [line], location: undefined };
        errors.push(diagnostic);
        if (output.cargoErrors.length < 5) output.cargoErrors.push(line);
      }
      continue;
    }
    if (diagnostic !== undefined) {
      if (line.trim() === '') diagnostic = undefined;
      else if (diagnostic.lines.length < MAX_DIAGNOSTIC_LINES) {
        const arrow = ARROW.exec(line);
        const number = lineNumber(arrow?.[2]);
        if (diagnostic.location === undefined && arrow?.[1] !== undefined && number !== undefined)
          diagnostic.location = { file: arrow[1], line: number };
        diagnostic.lines.push(line);
      }
    }
  }
  // Errors with no `could not compile` after them: a compile error if one points at a file.
  if (errors.length > 0) output.builds.push({ crate: undefined, errors });
  return output;
}

/** `test tests::adds ... ok`; true when the line was one. */
function readResult(line: string, report: Report): boolean {
  const at = line.lastIndexOf(' ... ');
  if (!line.startsWith('test ') || at === -1) return false;
  const name = withoutMode(line.slice(5, at).trim());
  const result = line.slice(at + 5).trim();
  let test: TestCase | undefined;
  if (result === 'ok' || result.startsWith('bench:')) test = { name, status: 'passed' };
  else if (result === 'FAILED') test = { name, status: 'failed' };
  else if (result.startsWith('ignored')) {
    const reason = /^ignored, (.+)$/.exec(result)?.[1];
    test = { name, status: 'skipped', ...(reason === undefined ? {} : { message: reason }) };
  }
  if (test === undefined) return false;
  report.tests.set(name, test);
  return true;
}

function withoutMode(name: string): string {
  return name.trim().replace(MODE_SUFFIX, '');
}

/** `Running unittests src/lib.rs (target/…)` → `src/lib.rs`; cargo before 1.52: `target/debug/deps/demo-1a2b` → `demo`. */
function targetName(line: string): string {
  if (DOC_TESTS.test(line)) return 'doc-tests';
  const target = RUNNING.exec(line)?.[1] ?? '';
  if (!/(^|\/)deps\/[^/]+$/.test(target)) return target;
  return path.posix.basename(target).replace(/-[0-9a-f]{8,}(\.exe)?$/, '');
}

function testsOfReport(report: Report, target: string | undefined, options: TestReportOptions): TestCase[] {
  const tests = new Map(report.tests);
  // `cargo test -q` prints dots, not names: the failures it lists are all that is known.
  for (const name of report.failures.keys())
    if (!tests.has(name)) tests.set(name, { name, status: 'failed' });
  return [...tests.values()].map((test) => {
    const suite = target ?? (DOC_TEST_NAME.test(test.name) ? 'doc-tests' : undefined);
    const located: TestCase = suite === undefined ? { ...test } : { ...test, suite };
    // A doc test is located by its name even when its failure text did not come.
    const lines = report.failures.get(test.name) ?? [];
    if (test.status === 'failed') Object.assign(located, failureOf(test.name, lines, options));
    return located;
  });
}

interface Panic {
  message: string[];
  file: string | undefined;
  line: number | undefined;
}

function failureOf(name: string, lines: string[], options: TestReportOptions): Partial<TestCase> {
  const panic = panicOf(lines);
  const failure: Partial<TestCase> = {};
  const message = failureMessage((panic?.message ?? lines).join('\n'));
  if (message !== undefined) failure.message = message;
  const stack = failureStack(lines.join('\n'));
  if (stack !== undefined) failure.stack = stack;
  // A doc test's panic names a line of the generated program, not of the file: its name has the line.
  const doc = DOC_TEST_NAME.exec(name);
  let location: { file: string | undefined; line: number | undefined } | undefined;
  if (doc?.[1] !== undefined) location = { file: rustPath(doc[1], options), line: lineNumber(doc[2]) };
  else if (panic?.file !== undefined) location = { file: rustPath(panic.file, options), line: panic.line };
  // A panic inside a dependency (~/.cargo/registry/…): the backtrace, when there is one, finds ours.
  if (location?.file === undefined && doc === null) location = backtraceFrame(lines, options);
  if (location?.file !== undefined && location.line !== undefined)
    Object.assign(failure, { file: location.file, line: location.line });
  return failure;
}

/** The first panic: its location and message (up to the backtrace note or a blank line). */
function panicOf(lines: string[]): Panic | undefined {
  for (let i = 0; i < lines.length; i++) {
    const at = /^thread '[^']*'(?: \(\d+\))? panicked at (.*)$/.exec(lines[i] ?? '')?.[1];
    if (at === undefined) continue;
    const modern = /^(.+):(\d+):\d+:$/.exec(at);
    if (modern !== null) {
      const message: string[] = [];
      for (const line of lines.slice(i + 1)) {
        if (line.trim() === '' || /^(?:note: |stack backtrace:)/.test(line)) break;
        message.push(line);
      }
      return { message, file: modern[1], line: lineNumber(modern[2]) };
    }
    if (!at.startsWith("'")) return { message: [at], file: undefined, line: undefined };
    // Before Rust 1.73: `panicked at 'message', src/lib.rs:10:5`, the message perhaps over lines.
    const message = [at.slice(1)];
    for (let j = i; j < lines.length; j++) {
      if (j > i) message.push(lines[j] ?? '');
      const end = /^(.*)', (.+):(\d+):\d+$/.exec(message[message.length - 1] ?? '');
      if (end !== null) {
        message[message.length - 1] = end[1] ?? '';
        return { message, file: end[2], line: lineNumber(end[3]) };
      }
    }
    return { message: message.slice(0, 1), file: undefined, line: undefined };
  }
  return undefined;
}

/** With RUST_BACKTRACE=1, `             at ./src/lib.rs:10:5`: the first frame in the workspace. */
function backtraceFrame(lines: string[], options: TestReportOptions) {
  for (const line of lines) {
    const frame = /^\s+at (.+):(\d+):\d+$/.exec(line);
    const file = frame?.[1] === undefined ? undefined : rustPath(frame[1], options);
    const number = lineNumber(frame?.[2]);
    if (file !== undefined && number !== undefined) return { file, line: number };
  }
  return undefined;
}

function buildFailure(build: Build, options: TestReportOptions): TestCase {
  const test: TestCase = { name: 'build', status: 'failed' };
  if (build.crate !== undefined) test.suite = build.crate;
  const first = build.errors.find(hasLocation) ?? build.errors[0];
  if (first?.location !== undefined) {
    const file = rustPath(first.location.file, options);
    if (file !== undefined) Object.assign(test, { file, line: first.location.line });
  }
  const header = first?.lines[0];
  // The primary label (`^^^ expected `i64`, found `usize``) says what is wrong at that spot.
  const label = first?.lines.map((line) => /^\s*\d*\s*\|[\s|_]*\^+\s+(.+)$/.exec(line)?.[1]).find(Boolean);
  const message = failureMessage([header ?? 'could not compile', label].filter(Boolean).join('\n'));
  if (message !== undefined) test.message = message;
  const stack = failureStack(build.errors.map((error) => error.lines.join('\n')).join('\n\n'));
  if (stack !== undefined) test.stack = stack;
  return test;
}

function hasLocation(diagnostic: Diagnostic): boolean {
  return diagnostic.location !== undefined;
}

/**
 * A path rustc printed, as a repository path: relative ones are read from the cargo workspace root,
 * which is cwd unless cwd's trailing folders begin the path (cargo ran in member `crates/a` and
 * printed `crates/a/src/lib.rs`).
 */
function rustPath(file: string, options: TestReportOptions): string | undefined {
  const cwd = options.cwd ?? options.workspace;
  const raw = file.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (path.posix.isAbsolute(raw)) return repoPath(options.workspace, raw, cwd);
  const inside = path.posix.relative(options.workspace, cwd);
  const folders = inside === '' || inside.startsWith('..') ? [] : inside.split('/');
  const segments = raw.split('/');
  for (let shared = Math.min(folders.length, segments.length - 1); shared >= 1; shared--) {
    const tail = folders.slice(folders.length - shared);
    if (tail.every((folder, i) => segments[i] === folder)) {
      const root = path.posix.join(options.workspace, ...folders.slice(0, folders.length - shared));
      return repoPath(options.workspace, raw, root);
    }
  }
  return repoPath(options.workspace, raw, cwd);
}
