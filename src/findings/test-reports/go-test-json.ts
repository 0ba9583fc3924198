// `go test -json` → per-test results: one test per (package, test) that reached a verdict, subtests
// included. Around the JSON events sits the text go prints itself when stderr is merged (`go:
// downloading …`, pattern errors) and, before Go 1.24, every build failure: `# pkg [pkg.test]`, the
// compiler's lines, `FAIL pkg [build failed]` (Go 1.24 sends them as `build-output` events). A package
// that failed without a failing test becomes one failed test: `build`, or the tests it left running
// (a timeout, os.Exit), or `(package)` (TestMain, a panic in init).
//
// Go names a test's failing line by base name only (`calc_test.go:13:`) unless run with `-fullpath`
// (Go 1.21+), and the stream never says where a package lives. Its directory is read from the stream
// when it can be (absolute paths of panic frames), else guessed from the import path on the premise
// that go ran in the module root and the module path ends in that directory's name (a checkout of
// github.com/acme/widget in …/widget); when neither holds, `file` stays unset and the base name
// stays in the message.
import path from 'node:path';
import { lineNumber, oneLine, repoPath } from '../parsers/common.js';
import { FRAME_FILE, packageDir, packageDirs, type PackageDirs } from './go-package-dirs.js';
import { durationMs, failureMessage, failureStack, readSafely } from './text.js';
import type { TestCase, TestReport, TestReportOptions, TestStatus } from './types.js';

interface GoEvent {
  action: string;
  pkg: string | undefined;
  test: string | undefined;
  elapsed: unknown;
  output: string | undefined;
  /** Go 1.24: the build a `build-output` event belongs to, `pkg [pkg.test]`. */
  importPath: string | undefined;
  failedBuild: string | undefined;
}

interface TestRun {
  name: string;
  status: TestStatus | undefined;
  output: string[];
  outputChars: number;
  elapsed: unknown;
}

interface PackageRun {
  path: string;
  tests: Map<string, TestRun>;
  output: string[];
  outputChars: number;
  status: TestStatus | undefined;
  /** `build failed` / `setup failed` when it did not compile. */
  buildFailure: string | undefined;
  /** Go 1.24: the build that failed (the package itself or one it imports). */
  failedBuild: string | undefined;
}

interface Stream {
  packages: Map<string, PackageRun>;
  /** Compiler output by the import path in its `# …` header. */
  builds: Map<string, string[]>;
  /** Lines that were neither events nor build output, for the error when nothing else was read. */
  stray: string[];
}

const TERMINAL: Record<string, TestStatus> = {
  pass: 'passed',
  fail: 'failed',
  skip: 'skipped',
  bench: 'passed',
};
const MAX_OUTPUT_CHARS = 64_000;
const MAX_STRAY = 20;
const FRAMING = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:PASS|FAIL|SKIP|BENCH): )/;
/** `    calc_test.go:13: message`, or with -fullpath `    /abs/pkg/calc_test.go:13: message`. */
const LOCATED = /^\s*(.+?\.go):(\d+):(?:\s|$)/;
const BUILD_HEADER = /^# (\S+)(?: \[\S+\])?$/;
const BUILD_FAILED = /^FAIL\s+(\S+) \[(build failed|setup failed)\]$/;

export function parseGoTestJson(text: string, options: TestReportOptions): TestReport {
  return readSafely('go test -json output', () => readGoTestJson(text, options));
}

function readGoTestJson(text: string, options: TestReportOptions): TestReport {
  const stream = readStream(text.replace(/^\uFEFF/, ''));
  if (stream.packages.size === 0) {
    const first = stream.stray.find((line) => line.trim() !== '');
    const why = first === undefined ? 'go test printed nothing' : `go test printed no JSON events: ${first}`;
    return { tests: [], error: oneLine(why) };
  }
  const dirs = packageDirs(stream, options);
  const tests: TestCase[] = [];
  const unfinished: string[] = [];
  for (const run of stream.packages.values()) {
    if (run.status === undefined) unfinished.push(run.path);
    tests.push(...testsOfPackage(run, stream, dirs, options));
  }
  if (unfinished[0] === undefined) return { tests };
  return { tests, error: oneLine(`go test output ends before ${unfinished[0]} finished (truncated?)`) };
}

function readStream(text: string): Stream {
  const stream: Stream = { packages: new Map(), builds: new Map(), stray: [] };
  let block: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // JSON lines interleave with stderr when the streams are merged: they do not end a build block.
    // One that does not parse was cut short; its package is left unfinished, which is reported.
    if (line.startsWith('{')) {
      const event = eventOf(line);
      if (event !== undefined) readEvent(event, stream);
      continue;
    }
    const header = BUILD_HEADER.exec(line);
    const failed = BUILD_FAILED.exec(line);
    if (header?.[1] !== undefined) {
      block = buildLines(stream, header[1]);
      block.push(line);
    } else if (failed?.[1] !== undefined) {
      markBuildFailure(packageRun(stream, failed[1]), failed[2]);
      block = undefined;
    } else if (line.startsWith('go: ')) {
      block = undefined; // `go: downloading …`, `go: warning: …`: the go command's own chatter
    } else if (block !== undefined && block.length < 200) {
      if (line.trim() !== '') block.push(line);
    } else if (stream.stray.length < MAX_STRAY) {
      stream.stray.push(line);
    }
  }
  return stream;
}

function eventOf(line: string): GoEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.Action !== 'string') return undefined;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return {
    action: record.Action,
    pkg: text('Package'),
    test: text('Test'),
    elapsed: record.Elapsed,
    output: text('Output'),
    importPath: text('ImportPath'),
    failedBuild: text('FailedBuild'),
  };
}

function readEvent(event: GoEvent, stream: Stream): void {
  if (event.action === 'build-output' && event.importPath !== undefined) {
    const lines = buildLines(stream, withoutVariant(event.importPath));
    for (const line of (event.output ?? '').split('\n'))
      if (line.trim() !== '' && lines.length < 200) lines.push(line);
    return;
  }
  if (event.pkg === undefined || event.pkg === '') return;
  const run = packageRun(stream, event.pkg);
  if (event.test === undefined) {
    if (event.output !== undefined) {
      append(run, event.output);
      const failed = BUILD_FAILED.exec(event.output.trimEnd());
      if (failed) markBuildFailure(run, failed[2]);
    }
    const status = TERMINAL[event.action];
    if (status !== undefined && event.action !== 'bench') run.status = status;
    if (event.failedBuild !== undefined) {
      run.failedBuild = withoutVariant(event.failedBuild);
      markBuildFailure(run, 'build failed');
    }
    return;
  }
  let test = run.tests.get(event.test);
  if (test === undefined) {
    test = { name: event.test, status: undefined, output: [], outputChars: 0, elapsed: undefined };
    run.tests.set(event.test, test);
  }
  // -count=N runs a test again: a later run starts afresh unless an earlier one failed.
  if (event.action === 'run' && test.status !== undefined && test.status !== 'failed') {
    Object.assign(test, { status: undefined, output: [], outputChars: 0 });
  }
  if (event.output !== undefined) append(test, event.output);
  const status = TERMINAL[event.action];
  if (status !== undefined) {
    test.status = test.status === 'failed' ? 'failed' : status;
    test.elapsed = event.elapsed;
  }
}

function packageRun(stream: Stream, importPath: string): PackageRun {
  let run = stream.packages.get(importPath);
  if (run === undefined) {
    run = {
      path: importPath,
      tests: new Map(),
      output: [],
      outputChars: 0,
      status: undefined,
      buildFailure: undefined,
      failedBuild: undefined,
    };
    stream.packages.set(importPath, run);
  }
  return run;
}

function markBuildFailure(run: PackageRun, reason: string | undefined): void {
  run.buildFailure ??= reason ?? 'build failed';
  run.status = 'failed';
}

function buildLines(stream: Stream, importPath: string): string[] {
  let lines = stream.builds.get(importPath);
  if (lines === undefined) {
    lines = [];
    stream.builds.set(importPath, lines);
  }
  return lines;
}

/** `example.com/m [example.com/m.test]` → `example.com/m`. */
function withoutVariant(importPath: string): string {
  return importPath.replace(/ \[.*\]$/, '');
}

function append(target: { output: string[]; outputChars: number }, output: string): void {
  if (target.outputChars >= MAX_OUTPUT_CHARS) return;
  target.output.push(output);
  target.outputChars += output.length;
}

function testsOfPackage(run: PackageRun, stream: Stream, dirs: PackageDirs, options: TestReportOptions) {
  const tests: TestCase[] = [];
  for (const test of run.tests.values()) {
    if (test.status !== undefined) tests.push(toTestCase(run.path, test, test.status, dirs, options));
  }
  if (run.status !== 'failed' || tests.some((test) => test.status === 'failed')) return tests;
  if (run.buildFailure !== undefined) return [...tests, buildFailure(run, stream, options)];
  // Tests left running when the binary died (timeout, os.Exit) are the failures.
  const running = [...run.tests.values()].filter((test) => test.status === undefined);
  for (const test of running) {
    const failed = toTestCase(run.path, test, 'failed', dirs, options);
    failed.message ??= 'test did not finish (the test binary exited)';
    tests.push(failed);
  }
  if (running.length > 0) return tests;
  const failed = toTestCase(run.path, packageOutput(run), 'failed', dirs, options);
  failed.message ??= 'the test binary failed without a failing test';
  return [...tests, failed];
}

/** The package's own output as a test named `(package)`, its summary lines (`FAIL\tpkg\t0.01s`) left out. */
function packageOutput(run: PackageRun): TestRun {
  const output = run.output
    .join('')
    .split('\n')
    .filter((line) => !/^(?:FAIL|PASS|ok)\b/.test(line) && !line.startsWith('coverage: '));
  return {
    name: '(package)',
    status: 'failed',
    output: [output.join('\n')],
    outputChars: 0,
    elapsed: undefined,
  };
}

function toTestCase(
  pkg: string,
  run: TestRun,
  status: TestStatus,
  dirs: PackageDirs,
  options: TestReportOptions,
): TestCase {
  const test: TestCase = { name: run.name === '' ? '(unnamed test)' : run.name, suite: pkg, status };
  const lines = run.output
    .join('')
    .split('\n')
    .filter((line) => !FRAMING.test(line));
  if (status !== 'passed') {
    const location = locationOf(lines, pkg, dirs, options);
    if (location !== undefined) Object.assign(test, location);
    const message = messageOf(lines);
    if (message !== undefined) test.message = message;
  }
  if (status === 'failed') {
    const stack = failureStack(lines.join('\n'));
    if (stack !== undefined) test.stack = stack;
  }
  const duration = durationMs(run.elapsed, 1000);
  if (duration !== undefined) test.durationMs = duration;
  return test;
}

/**
 * The lines from the first `file.go:N:` or `panic:` line up to the goroutine dump, with the chain of
 * re-panics (`\tpanic: …`, `[recovered]`) folded into the first.
 */
function messageOf(lines: string[]): string | undefined {
  let start = lines.findIndex((line) => LOCATED.test(line) || line.startsWith('panic: '));
  if (start === -1) start = 0;
  const kept: string[] = [];
  for (const line of lines.slice(start)) {
    if (/^goroutine \d+ \[/.test(line)) break;
    if (kept[0]?.startsWith('panic: ') === true && line.startsWith('\tpanic: ')) continue;
    kept.push(kept.length === 0 ? line.replace(/ \[recovered\]$/, '') : line);
  }
  return failureMessage(kept.join('\n'));
}

/** The first `file.go:N:` line, else the innermost panic frame in the workspace (a test file first). */
function locationOf(lines: string[], pkg: string, dirs: PackageDirs, options: TestReportOptions) {
  for (const line of lines) {
    const located = LOCATED.exec(line);
    const number = lineNumber(located?.[2]);
    if (located?.[1] === undefined || number === undefined) continue;
    const file = locatedFile(located[1].trim(), lines, pkg, dirs, options);
    return file === undefined ? undefined : { file, line: number };
  }
  const frames = lines.flatMap((line) => {
    const frame = FRAME_FILE.exec(line);
    const file = frame?.[1] === undefined ? undefined : repoPath(options.workspace, frame[1], options.cwd);
    const number = lineNumber(frame?.[2]);
    return file === undefined || number === undefined ? [] : [{ file, line: number }];
  });
  return frames.find((frame) => frame.file.endsWith('_test.go')) ?? frames[0];
}

function locatedFile(
  file: string,
  lines: string[],
  pkg: string,
  dirs: PackageDirs,
  options: TestReportOptions,
): string | undefined {
  if (file.includes('/')) return repoPath(options.workspace, file, options.cwd);
  // The same file's absolute path further down: a panic frame, testify's `Error Trace:`.
  const suffix = `/${file}:`;
  for (const line of lines) {
    if (!line.includes(suffix)) continue;
    for (const word of line.split(/\s+/)) {
      const at = word.indexOf(suffix);
      if (at > 0 && word.startsWith('/'))
        return repoPath(options.workspace, word.slice(0, at + suffix.length - 1), options.cwd);
    }
  }
  const dir = packageDir(pkg, dirs, options);
  return dir === undefined ? undefined : repoPath(options.workspace, path.posix.join(dir, file), options.cwd);
}

/** A package that did not compile: its compiler output (or the one build it names) as test `build`. */
function buildFailure(run: PackageRun, stream: Stream, options: TestReportOptions): TestCase {
  const test: TestCase = { name: 'build', suite: run.path, status: 'failed' };
  const only = stream.builds.size === 1 ? [...stream.builds.values()][0] : undefined;
  const lines =
    stream.builds.get(run.path) ??
    (run.failedBuild === undefined ? undefined : stream.builds.get(run.failedBuild)) ??
    only ??
    [];
  const compiler = lines.filter((line) => !BUILD_HEADER.test(line));
  for (const line of compiler) {
    const located = /^(.+?\.go):(\d+)(?::\d+)?:\s/.exec(line);
    const file =
      located?.[1] === undefined ? undefined : repoPath(options.workspace, located[1], options.cwd);
    const number = lineNumber(located?.[2]);
    if (file === undefined || number === undefined) continue;
    test.file = file;
    test.line = number;
    break;
  }
  test.message = failureMessage(compiler.join('\n')) ?? run.buildFailure ?? 'build failed';
  const stack = failureStack(lines.join('\n'));
  if (stack !== undefined) test.stack = stack;
  return test;
}
