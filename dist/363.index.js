export const id = 363;
export const ids = [363];
export const modules = {

/***/ 3039:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GT: () => (/* binding */ nonBlank),
/* harmony export */   MH: () => (/* binding */ makeFinding),
/* harmony export */   OE: () => (/* binding */ firstIssue),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   eT: () => (/* binding */ lineNumber),
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   qN: () => (/* binding */ repoPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5163);
// Small pieces every parser needs: repository-relative paths, finding construction, one-line errors.


const MAX_ERROR_CHARS = 200;
/**
 * A tool's path as a repository-relative POSIX path (`src/a.ts`), or undefined when it points outside
 * the workspace (node_modules of another checkout, /usr/lib/…): nothing of the PR to anchor it to.
 * Accepts absolute paths, `./a.ts`, Windows separators and `file://` URIs. A relative path is read
 * from `cwd`, the directory the tool ran in (a package of a monorepo), which defaults to the workspace.
 */
function repoPath(workspace, file, cwd = workspace) {
    let raw = file.trim();
    if (raw === '')
        return undefined;
    if (raw.startsWith('file://')) {
        try {
            raw = decodeURIComponent(new URL(raw).pathname);
        }
        catch {
            return undefined;
        }
    }
    raw = raw.replace(/\\/g, '/');
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.isAbsolute(raw) ? raw : node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(cwd, raw);
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.relative(workspace, node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(absolute));
    if (relative === '' || relative === '..' || relative.startsWith('../') || node_path__WEBPACK_IMPORTED_MODULE_0__.posix.isAbsolute(relative))
        return undefined;
    return relative;
}
/** A Finding with its source and fingerprint; `endLine` only when it is a later line. */
function makeFinding(fields, options) {
    const { rule, severity, message, path: file, line, endLine } = fields;
    const finding = {
        rule,
        severity,
        message,
        path: file,
        line,
        source: options.source,
        fingerprint: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .findingFingerprint */ .ix)(rule, file, options.lineContent(file, line), line),
    };
    if (typeof endLine === 'number' && Number.isInteger(endLine) && endLine > line)
        finding.endLine = endLine;
    return finding;
}
/** A positive integer line, else undefined (tools write 0, -1, "12" or nothing for "no line"). */
function lineNumber(value) {
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
/** Collapse whitespace and clip, for error messages built from tool output. */
function oneLine(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}
/** The first zod issue as `where: message`. */
function firstIssue(error) {
    const issue = error.issues[0];
    if (!issue)
        return 'unknown';
    const where = issue.path.length > 0 ? issue.path.join('.') : 'root';
    return oneLine(`${where}: ${issue.message}`);
}
/** JSON.parse without the throw; the error is one line, starting with `what` (e.g. `SARIF output`). */
function parseJsonText(text, what) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (error) {
        return { ok: false, error: oneLine(`${what} is not JSON: ${String(error)}`) };
    }
}
/** The text unless it is missing or only whitespace (tools write `""` for "no rule"). */
function nonBlank(text) {
    return text === undefined || text.trim() === '' ? undefined : text;
}
//# sourceMappingURL=common.js.map

/***/ }),

/***/ 23363:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseTestReport: () => (/* binding */ parseTestReport),
  summarizeReport: () => (/* reexport */ summarizeReport),
  testFailureFindings: () => (/* reexport */ testFailureFindings)
});

// UNUSED EXPORTS: TEST_FAILURE_RULE, displayName, parseCargoTest, parseGoTestJson, parseJestJson, parseJunit, parseTap

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/findings/parsers/common.js
var common = __webpack_require__(3039);
// EXTERNAL MODULE: ./build/util/text.js
var util_text = __webpack_require__(63506);
// EXTERNAL MODULE: ./build/util/errors.js
var errors = __webpack_require__(34478);
;// CONCATENATED MODULE: ./build/findings/test-reports/text.js
// Text clean-up shared by the test-report parsers: ANSI codes, clipping, splitting a failure from its stack.



const MAX_MESSAGE_CHARS = 500;
const MAX_STACK_CHARS = 4000;
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks), as jest writes with --colors.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
function stripAnsi(text) {
    return text.replace(ANSI, '');
}

/** Lines where a failure's explanation ends: stack frames and jest/babel code frames (`> 12 | …`). */
const STACK_OR_FRAME = /^\s*(?:at\s|>?\s*\d+\s*\|)/;
/**
 * The explanation at the head of a failure text: the lines before its first stack or code frame,
 * without ANSI codes, common indentation, blank edges and a bare `Error: ` prefix (it adds nothing),
 * clipped to 500 chars; undefined when empty.
 */
function failureMessage(text) {
    const lines = [];
    let length = 0;
    for (const line of stripAnsi(text).split(/\r?\n/, 1000)) {
        if (STACK_OR_FRAME.test(line) || length > 2 * MAX_MESSAGE_CHARS)
            break;
        if (lines.length === 0 && line.trim() === '')
            continue;
        lines.push(line.trimEnd());
        length += line.length + 1;
    }
    while (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    let indent = Infinity;
    for (const line of lines)
        if (line !== '')
            indent = Math.min(indent, line.length - line.trimStart().length);
    const message = lines
        .map((line) => line.slice(Number.isFinite(indent) ? indent : 0))
        .join('\n')
        .replace(/^Error: /, '');
    return message === '' ? undefined : (0,util_text/* clip */.$)(message, MAX_MESSAGE_CHARS);
}
/** A failure text as stored in `TestCase.stack`: ANSI codes stripped, trimmed, clipped; undefined when empty. */
function failureStack(text) {
    const stack = stripAnsi(text).trim();
    return stack === '' ? undefined : (0,util_text/* clip */.$)(stack, MAX_STACK_CHARS);
}
/** A non-negative finite number of milliseconds, rounded to microseconds, else undefined. */
function durationMs(value, scale = 1) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
        return undefined;
    const ms = Math.round(n * scale * 1000) / 1000;
    return Number.isFinite(ms) ? ms : undefined;
}
/** Runs a parser's body; whatever it throws (a library bug, a stack overflow) becomes the report's error. */
function readSafely(what, read) {
    try {
        return read();
    }
    catch (error) {
        return { tests: [], error: (0,common/* oneLine */.TN)(`${what} could not be read: ${(0,errors/* getErrorMessage */.u1)(error)}`) };
    }
}
//# sourceMappingURL=text.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/cargo-test.js
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
function parseCargoTest(text, options) {
    return readSafely('cargo test output', () => readCargoTest(text, options));
}
function readCargoTest(text, options) {
    const output = readOutput(text);
    const tests = [];
    output.reports.forEach((report, index) => {
        // Merged streams put each header before its report; stdout then stderr puts them all after.
        const target = output.targets.length === output.reports.length ? output.targets[index] : output.targets[report.header];
        tests.push(...testsOfReport(report, target, options));
    });
    // rustc prints an error once: a second target of the crate (`lib` after `lib test`) fails with none.
    const anyErrors = output.builds.some((build) => build.errors.length > 0);
    const located = output.builds.filter((build) => build.errors.length === 0
        ? !anyErrors && build.crate !== undefined
        : build.crate !== undefined || build.errors.some(hasLocation));
    for (const build of located)
        tests.push(buildFailure(build, options));
    if (output.reports.length === 0 && located.length === 0) {
        const first = output.cargoErrors[0] ?? text.split('\n').find((line) => line.trim() !== '');
        const why = first === undefined ? 'cargo test printed nothing' : `cargo test printed no test results: ${first}`;
        return { tests: [], error: (0,common/* oneLine */.TN)(stripAnsi(why)) };
    }
    const unfinished = output.reports.findIndex((report) => !report.finished);
    if (unfinished === -1)
        return { tests };
    const name = output.targets[output.reports[unfinished]?.header ?? -1] ?? 'a test binary';
    return {
        tests,
        error: (0,common/* oneLine */.TN)(`cargo test output ends inside the run of ${name} (crashed or truncated?)`),
    };
}
function readOutput(text) {
    const output = { targets: [], reports: [], builds: [], cargoErrors: [] };
    let report;
    let section;
    let diagnostic;
    let errors = [];
    for (const raw of text.split('\n')) {
        const line = stripAnsi(raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw).replace(/\r$/, '');
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
                if (section.length < MAX_SECTION_LINES)
                    section.push(line);
                continue;
            }
            if (readResult(line, report))
                continue;
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
                if (kind === 'warning')
                    diagnostic = { lines: [], location: undefined }; // swallows its lines
            }
            else if (failed !== null) {
                const crate = failed[2] === undefined ? failed[1] : `${failed[1]} (${failed[2]})`;
                output.builds.push({ crate, errors });
                errors = [];
            }
            else {
                diagnostic = { lines: [line], location: undefined };
                errors.push(diagnostic);
                if (output.cargoErrors.length < 5)
                    output.cargoErrors.push(line);
            }
            continue;
        }
        if (diagnostic !== undefined) {
            if (line.trim() === '')
                diagnostic = undefined;
            else if (diagnostic.lines.length < MAX_DIAGNOSTIC_LINES) {
                const arrow = ARROW.exec(line);
                const number = (0,common/* lineNumber */.eT)(arrow?.[2]);
                if (diagnostic.location === undefined && arrow?.[1] !== undefined && number !== undefined)
                    diagnostic.location = { file: arrow[1], line: number };
                diagnostic.lines.push(line);
            }
        }
    }
    // Errors with no `could not compile` after them: a compile error if one points at a file.
    if (errors.length > 0)
        output.builds.push({ crate: undefined, errors });
    return output;
}
/** `test tests::adds ... ok`; true when the line was one. */
function readResult(line, report) {
    const at = line.lastIndexOf(' ... ');
    if (!line.startsWith('test ') || at === -1)
        return false;
    const name = withoutMode(line.slice(5, at).trim());
    const result = line.slice(at + 5).trim();
    let test;
    if (result === 'ok' || result.startsWith('bench:'))
        test = { name, status: 'passed' };
    else if (result === 'FAILED')
        test = { name, status: 'failed' };
    else if (result.startsWith('ignored')) {
        const reason = /^ignored, (.+)$/.exec(result)?.[1];
        test = { name, status: 'skipped', ...(reason === undefined ? {} : { message: reason }) };
    }
    if (test === undefined)
        return false;
    report.tests.set(name, test);
    return true;
}
function withoutMode(name) {
    return name.trim().replace(MODE_SUFFIX, '');
}
/** `Running unittests src/lib.rs (target/…)` → `src/lib.rs`; cargo before 1.52: `target/debug/deps/demo-1a2b` → `demo`. */
function targetName(line) {
    if (DOC_TESTS.test(line))
        return 'doc-tests';
    const target = RUNNING.exec(line)?.[1] ?? '';
    if (!/(^|\/)deps\/[^/]+$/.test(target))
        return target;
    return external_node_path_.posix.basename(target).replace(/-[0-9a-f]{8,}(\.exe)?$/, '');
}
function testsOfReport(report, target, options) {
    const tests = new Map(report.tests);
    // `cargo test -q` prints dots, not names: the failures it lists are all that is known.
    for (const name of report.failures.keys())
        if (!tests.has(name))
            tests.set(name, { name, status: 'failed' });
    return [...tests.values()].map((test) => {
        const suite = target ?? (DOC_TEST_NAME.test(test.name) ? 'doc-tests' : undefined);
        const located = suite === undefined ? { ...test } : { ...test, suite };
        // A doc test is located by its name even when its failure text did not come.
        const lines = report.failures.get(test.name) ?? [];
        if (test.status === 'failed')
            Object.assign(located, failureOf(test.name, lines, options));
        return located;
    });
}
function failureOf(name, lines, options) {
    const panic = panicOf(lines);
    const failure = {};
    const message = failureMessage((panic?.message ?? lines).join('\n'));
    if (message !== undefined)
        failure.message = message;
    const stack = failureStack(lines.join('\n'));
    if (stack !== undefined)
        failure.stack = stack;
    // A doc test's panic names a line of the generated program, not of the file: its name has the line.
    const doc = DOC_TEST_NAME.exec(name);
    let location;
    if (doc?.[1] !== undefined)
        location = { file: rustPath(doc[1], options), line: (0,common/* lineNumber */.eT)(doc[2]) };
    else if (panic?.file !== undefined)
        location = { file: rustPath(panic.file, options), line: panic.line };
    // A panic inside a dependency (~/.cargo/registry/…): the backtrace, when there is one, finds ours.
    if (location?.file === undefined && doc === null)
        location = backtraceFrame(lines, options);
    if (location?.file !== undefined && location.line !== undefined)
        Object.assign(failure, { file: location.file, line: location.line });
    return failure;
}
/** The first panic: its location and message (up to the backtrace note or a blank line). */
function panicOf(lines) {
    for (let i = 0; i < lines.length; i++) {
        const at = /^thread '[^']*'(?: \(\d+\))? panicked at (.*)$/.exec(lines[i] ?? '')?.[1];
        if (at === undefined)
            continue;
        const modern = /^(.+):(\d+):\d+:$/.exec(at);
        if (modern !== null) {
            const message = [];
            for (const line of lines.slice(i + 1)) {
                if (line.trim() === '' || /^(?:note: |stack backtrace:)/.test(line))
                    break;
                message.push(line);
            }
            return { message, file: modern[1], line: (0,common/* lineNumber */.eT)(modern[2]) };
        }
        if (!at.startsWith("'"))
            return { message: [at], file: undefined, line: undefined };
        // Before Rust 1.73: `panicked at 'message', src/lib.rs:10:5`, the message perhaps over lines.
        const message = [at.slice(1)];
        for (let j = i; j < lines.length; j++) {
            if (j > i)
                message.push(lines[j] ?? '');
            const end = /^(.*)', (.+):(\d+):\d+$/.exec(message[message.length - 1] ?? '');
            if (end !== null) {
                message[message.length - 1] = end[1] ?? '';
                return { message, file: end[2], line: (0,common/* lineNumber */.eT)(end[3]) };
            }
        }
        return { message: message.slice(0, 1), file: undefined, line: undefined };
    }
    return undefined;
}
/** With RUST_BACKTRACE=1, `             at ./src/lib.rs:10:5`: the first frame in the workspace. */
function backtraceFrame(lines, options) {
    for (const line of lines) {
        const frame = /^\s+at (.+):(\d+):\d+$/.exec(line);
        const file = frame?.[1] === undefined ? undefined : rustPath(frame[1], options);
        const number = (0,common/* lineNumber */.eT)(frame?.[2]);
        if (file !== undefined && number !== undefined)
            return { file, line: number };
    }
    return undefined;
}
function buildFailure(build, options) {
    const test = { name: 'build', status: 'failed' };
    if (build.crate !== undefined)
        test.suite = build.crate;
    const first = build.errors.find(hasLocation) ?? build.errors[0];
    if (first?.location !== undefined) {
        const file = rustPath(first.location.file, options);
        if (file !== undefined)
            Object.assign(test, { file, line: first.location.line });
    }
    const header = first?.lines[0];
    // The primary label (`^^^ expected `i64`, found `usize``) says what is wrong at that spot.
    const label = first?.lines.map((line) => /^\s*\d*\s*\|[\s|_]*\^+\s+(.+)$/.exec(line)?.[1]).find(Boolean);
    const message = failureMessage([header ?? 'could not compile', label].filter(Boolean).join('\n'));
    if (message !== undefined)
        test.message = message;
    const stack = failureStack(build.errors.map((error) => error.lines.join('\n')).join('\n\n'));
    if (stack !== undefined)
        test.stack = stack;
    return test;
}
function hasLocation(diagnostic) {
    return diagnostic.location !== undefined;
}
/**
 * A path rustc printed, as a repository path: relative ones are read from the cargo workspace root,
 * which is cwd unless cwd's trailing folders begin the path (cargo ran in member `crates/a` and
 * printed `crates/a/src/lib.rs`).
 */
function rustPath(file, options) {
    const cwd = options.cwd ?? options.workspace;
    const raw = file.trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (external_node_path_.posix.isAbsolute(raw))
        return (0,common/* repoPath */.qN)(options.workspace, raw, cwd);
    const inside = external_node_path_.posix.relative(options.workspace, cwd);
    const folders = inside === '' || inside.startsWith('..') ? [] : inside.split('/');
    const segments = raw.split('/');
    for (let shared = Math.min(folders.length, segments.length - 1); shared >= 1; shared--) {
        const tail = folders.slice(folders.length - shared);
        if (tail.every((folder, i) => segments[i] === folder)) {
            const root = external_node_path_.posix.join(options.workspace, ...folders.slice(0, folders.length - shared));
            return (0,common/* repoPath */.qN)(options.workspace, raw, root);
        }
    }
    return (0,common/* repoPath */.qN)(options.workspace, raw, cwd);
}
//# sourceMappingURL=cargo-test.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/go-package-dirs.js
// Go import path → package directory, for test failures that name a file by base name only: read from
// goroutine frames in the workspace, else guessed from the module path; undefined when neither fits.


/** The second line of a goroutine frame: `\t/abs/pkg/calc_test.go:14 +0x45`. */
const FRAME_FILE = /^\t(\/.+?\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;
const MAJOR_VERSION = /^v[2-9]\d*$|^v1\d+$/;
/**
 * Package → absolute directory, from goroutine frames: `example.com/m/cart.TestX(…)` followed by
 * `\t/abs/m/cart/cart_test.go:14 +0x45` says where example.com/m/cart is. Only directories in the
 * workspace count (the standard library and the module cache are not the repository).
 */
function packageDirs(stream, options) {
    const dirs = new Map();
    const outputs = [...stream.packages.values()].flatMap((run) => [
        run.output,
        ...[...run.tests.values()].map((test) => test.output),
    ]);
    for (const output of outputs) {
        const lines = output.join('').split('\n');
        for (let i = 1; i < lines.length; i++) {
            const frame = FRAME_FILE.exec(lines[i] ?? '');
            const pkg = functionPackage(lines[i - 1] ?? '');
            if (frame?.[1] === undefined || pkg === undefined || dirs.has(pkg))
                continue;
            if ((0,common/* repoPath */.qN)(options.workspace, frame[1], options.cwd) !== undefined)
                dirs.set(pkg, external_node_path_.posix.dirname(frame[1]));
        }
    }
    return dirs;
}
/** `example.com/m/cart.(*Cart).Add(0xc…)` → `example.com/m/cart`; `…/cart_test.TestX` → `…/cart`. */
function functionPackage(line) {
    const name = line.replace(/^created by /, '').split(/\s/)[0] ?? '';
    const beforeArguments = name.slice(0, name.indexOf('(') === -1 ? undefined : name.indexOf('('));
    const slash = beforeArguments.lastIndexOf('/');
    const dot = beforeArguments.indexOf('.', slash + 1);
    if (dot <= 0)
        return undefined;
    return beforeArguments.slice(0, dot).replace(/_test$/, '');
}
/**
 * The directory of `pkg`: its own frames; else another package's frames, by the module prefix the two
 * share (the trailing segments an import path and its directory have in common name the same folders);
 * else the module of the go.mod where go ran, when the tester read it; else the go command's directory
 * as the module root, if the import path names it.
 */
function packageDir(pkg, dirs, options) {
    const own = dirs.get(pkg);
    if (own !== undefined)
        return own;
    let best;
    for (const [known, dir] of dirs) {
        const mapping = modulePrefix(known, dir);
        if (mapping === undefined || (best !== undefined && best.prefix.length >= mapping.prefix.length))
            continue;
        if (pkg === mapping.prefix || pkg.startsWith(`${mapping.prefix}/`))
            best = mapping;
    }
    if (best !== undefined)
        return external_node_path_.posix.join(best.dir, pkg.slice(best.prefix.length));
    const cwd = options.cwd ?? options.workspace;
    // go ran in the module's directory: its packages are the folders under it.
    const module = options.goModule;
    if (module !== undefined && (pkg === module || pkg.startsWith(`${module}/`)))
        return external_node_path_.posix.join(cwd, pkg.slice(module.length));
    const name = external_node_path_.posix.basename(cwd);
    const segments = pkg.split('/');
    let rest = segments.indexOf(name) + 1;
    if (name === '' || rest === 0)
        return undefined;
    if (MAJOR_VERSION.test(segments[rest] ?? ''))
        rest++;
    return external_node_path_.posix.join(cwd, ...segments.slice(rest));
}
/** `example.com/m/cart` in `/ws/m/cart` → `example.com` is `/ws`; undefined when nothing is left. */
function modulePrefix(pkg, dir) {
    const segments = pkg.split('/');
    const folders = dir.split('/');
    while (segments.length > 0 && segments[segments.length - 1] === folders[folders.length - 1]) {
        segments.pop();
        folders.pop();
    }
    return segments.length === 0 ? undefined : { prefix: segments.join('/'), dir: folders.join('/') || '/' };
}
//# sourceMappingURL=go-package-dirs.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/go-test-json.js
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




const TERMINAL = {
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
function parseGoTestJson(text, options) {
    return readSafely('go test -json output', () => readGoTestJson(text, options));
}
function readGoTestJson(text, options) {
    const stream = readStream(text.replace(/^\uFEFF/, ''));
    if (stream.packages.size === 0) {
        const first = stream.stray.find((line) => line.trim() !== '');
        const why = first === undefined ? 'go test printed nothing' : `go test printed no JSON events: ${first}`;
        return { tests: [], error: (0,common/* oneLine */.TN)(why) };
    }
    const dirs = packageDirs(stream, options);
    const tests = [];
    const unfinished = [];
    for (const run of stream.packages.values()) {
        if (run.status === undefined)
            unfinished.push(run.path);
        tests.push(...testsOfPackage(run, stream, dirs, options));
    }
    if (unfinished[0] === undefined)
        return { tests };
    return { tests, error: (0,common/* oneLine */.TN)(`go test output ends before ${unfinished[0]} finished (truncated?)`) };
}
function readStream(text) {
    const stream = { packages: new Map(), builds: new Map(), stray: [] };
    let block;
    for (const raw of text.split('\n')) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        // JSON lines interleave with stderr when the streams are merged: they do not end a build block.
        // One that does not parse was cut short; its package is left unfinished, which is reported.
        if (line.startsWith('{')) {
            const event = eventOf(line);
            if (event !== undefined)
                readEvent(event, stream);
            continue;
        }
        const header = BUILD_HEADER.exec(line);
        const failed = BUILD_FAILED.exec(line);
        if (header?.[1] !== undefined) {
            block = buildLines(stream, header[1]);
            block.push(line);
        }
        else if (failed?.[1] !== undefined) {
            markBuildFailure(packageRun(stream, failed[1]), failed[2]);
            block = undefined;
        }
        else if (line.startsWith('go: ')) {
            block = undefined; // `go: downloading …`, `go: warning: …`: the go command's own chatter
        }
        else if (block !== undefined && block.length < 200) {
            if (line.trim() !== '')
                block.push(line);
        }
        else if (stream.stray.length < MAX_STRAY) {
            stream.stray.push(line);
        }
    }
    return stream;
}
function eventOf(line) {
    let json;
    try {
        json = JSON.parse(line);
    }
    catch {
        return undefined;
    }
    if (typeof json !== 'object' || json === null)
        return undefined;
    const record = json;
    if (typeof record.Action !== 'string')
        return undefined;
    const text = (key) => (typeof record[key] === 'string' ? record[key] : undefined);
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
function readEvent(event, stream) {
    if (event.action === 'build-output' && event.importPath !== undefined) {
        const lines = buildLines(stream, withoutVariant(event.importPath));
        for (const line of (event.output ?? '').split('\n'))
            if (line.trim() !== '' && lines.length < 200)
                lines.push(line);
        return;
    }
    if (event.pkg === undefined || event.pkg === '')
        return;
    const run = packageRun(stream, event.pkg);
    if (event.test === undefined) {
        if (event.output !== undefined) {
            append(run, event.output);
            const failed = BUILD_FAILED.exec(event.output.trimEnd());
            if (failed)
                markBuildFailure(run, failed[2]);
        }
        const status = TERMINAL[event.action];
        if (status !== undefined && event.action !== 'bench')
            run.status = status;
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
    if (event.output !== undefined)
        append(test, event.output);
    const status = TERMINAL[event.action];
    if (status !== undefined) {
        test.status = test.status === 'failed' ? 'failed' : status;
        test.elapsed = event.elapsed;
    }
}
function packageRun(stream, importPath) {
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
function markBuildFailure(run, reason) {
    run.buildFailure ??= reason ?? 'build failed';
    run.status = 'failed';
}
function buildLines(stream, importPath) {
    let lines = stream.builds.get(importPath);
    if (lines === undefined) {
        lines = [];
        stream.builds.set(importPath, lines);
    }
    return lines;
}
/** `example.com/m [example.com/m.test]` → `example.com/m`. */
function withoutVariant(importPath) {
    return importPath.replace(/ \[.*\]$/, '');
}
function append(target, output) {
    if (target.outputChars >= MAX_OUTPUT_CHARS)
        return;
    target.output.push(output);
    target.outputChars += output.length;
}
function testsOfPackage(run, stream, dirs, options) {
    const tests = [];
    for (const test of run.tests.values()) {
        if (test.status !== undefined)
            tests.push(toTestCase(run.path, test, test.status, dirs, options));
    }
    if (run.status !== 'failed' || tests.some((test) => test.status === 'failed'))
        return tests;
    if (run.buildFailure !== undefined)
        return [...tests, go_test_json_buildFailure(run, stream, options)];
    // Tests left running when the binary died (timeout, os.Exit) are the failures.
    const running = [...run.tests.values()].filter((test) => test.status === undefined);
    for (const test of running) {
        const failed = toTestCase(run.path, test, 'failed', dirs, options);
        failed.message ??= 'test did not finish (the test binary exited)';
        tests.push(failed);
    }
    if (running.length > 0)
        return tests;
    const failed = toTestCase(run.path, packageOutput(run), 'failed', dirs, options);
    failed.message ??= 'the test binary failed without a failing test';
    return [...tests, failed];
}
/** The package's own output as a test named `(package)`, its summary lines (`FAIL\tpkg\t0.01s`) left out. */
function packageOutput(run) {
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
function toTestCase(pkg, run, status, dirs, options) {
    const test = { name: run.name === '' ? '(unnamed test)' : run.name, suite: pkg, status };
    const lines = run.output
        .join('')
        .split('\n')
        .filter((line) => !FRAMING.test(line));
    if (status !== 'passed') {
        const location = locationOf(lines, pkg, dirs, options);
        if (location !== undefined)
            Object.assign(test, location);
        const message = messageOf(lines);
        if (message !== undefined)
            test.message = message;
    }
    if (status === 'failed') {
        const stack = failureStack(lines.join('\n'));
        if (stack !== undefined)
            test.stack = stack;
    }
    const duration = durationMs(run.elapsed, 1000);
    if (duration !== undefined)
        test.durationMs = duration;
    return test;
}
/**
 * The lines from the first `file.go:N:` or `panic:` line up to the goroutine dump, with the chain of
 * re-panics (`\tpanic: …`, `[recovered]`) folded into the first.
 */
function messageOf(lines) {
    let start = lines.findIndex((line) => LOCATED.test(line) || line.startsWith('panic: '));
    if (start === -1)
        start = 0;
    const kept = [];
    for (const line of lines.slice(start)) {
        if (/^goroutine \d+ \[/.test(line))
            break;
        if (kept[0]?.startsWith('panic: ') === true && line.startsWith('\tpanic: '))
            continue;
        kept.push(kept.length === 0 ? line.replace(/ \[recovered\]$/, '') : line);
    }
    return failureMessage(kept.join('\n'));
}
/** The first `file.go:N:` line, else the innermost panic frame in the workspace (a test file first). */
function locationOf(lines, pkg, dirs, options) {
    for (const line of lines) {
        const located = LOCATED.exec(line);
        const number = (0,common/* lineNumber */.eT)(located?.[2]);
        if (located?.[1] === undefined || number === undefined)
            continue;
        const file = locatedFile(located[1].trim(), lines, pkg, dirs, options);
        return file === undefined ? undefined : { file, line: number };
    }
    const frames = lines.flatMap((line) => {
        const frame = FRAME_FILE.exec(line);
        const file = frame?.[1] === undefined ? undefined : (0,common/* repoPath */.qN)(options.workspace, frame[1], options.cwd);
        const number = (0,common/* lineNumber */.eT)(frame?.[2]);
        return file === undefined || number === undefined ? [] : [{ file, line: number }];
    });
    return frames.find((frame) => frame.file.endsWith('_test.go')) ?? frames[0];
}
function locatedFile(file, lines, pkg, dirs, options) {
    if (file.includes('/'))
        return (0,common/* repoPath */.qN)(options.workspace, file, options.cwd);
    // The same file's absolute path further down: a panic frame, testify's `Error Trace:`.
    const suffix = `/${file}:`;
    for (const line of lines) {
        if (!line.includes(suffix))
            continue;
        for (const word of line.split(/\s+/)) {
            const at = word.indexOf(suffix);
            if (at > 0 && word.startsWith('/'))
                return (0,common/* repoPath */.qN)(options.workspace, word.slice(0, at + suffix.length - 1), options.cwd);
        }
    }
    const dir = packageDir(pkg, dirs, options);
    return dir === undefined ? undefined : (0,common/* repoPath */.qN)(options.workspace, external_node_path_.posix.join(dir, file), options.cwd);
}
/** A package that did not compile: its compiler output (or the one build it names) as test `build`. */
function go_test_json_buildFailure(run, stream, options) {
    const test = { name: 'build', suite: run.path, status: 'failed' };
    const only = stream.builds.size === 1 ? [...stream.builds.values()][0] : undefined;
    const lines = stream.builds.get(run.path) ??
        (run.failedBuild === undefined ? undefined : stream.builds.get(run.failedBuild)) ??
        only ??
        [];
    const compiler = lines.filter((line) => !BUILD_HEADER.test(line));
    for (const line of compiler) {
        const located = /^(.+?\.go):(\d+)(?::\d+)?:\s/.exec(line);
        const file = located?.[1] === undefined ? undefined : (0,common/* repoPath */.qN)(options.workspace, located[1], options.cwd);
        const number = (0,common/* lineNumber */.eT)(located?.[2]);
        if (file === undefined || number === undefined)
            continue;
        test.file = file;
        test.line = number;
        break;
    }
    test.message = failureMessage(compiler.join('\n')) ?? run.buildFailure ?? 'build failed';
    const stack = failureStack(lines.join('\n'));
    if (stack !== undefined)
        test.stack = stack;
    return test;
}
//# sourceMappingURL=go-test-json.js.map
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 2 modules
var schemas = __webpack_require__(88343);
;// CONCATENATED MODULE: ./build/findings/test-reports/jest-json.js
// `jest --json` → per-test results. The JSON may come after other text (npm's `> jest --json` banner,
// console output when stderr is merged): the report is the LAST `{` at the start of a line that opens
// a complete JSON object with a `testResults` array. A test file that failed without a failing test
// (syntax error, failing afterAll) becomes one failed test named after the file.



const assertionSchema = schemas/* object */.Ikc({
    title: schemas/* string */.YjP().optional(),
    fullName: schemas/* string */.YjP().optional(),
    ancestorTitles: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    status: schemas/* string */.YjP(),
    failureMessages: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    location: schemas/* object */.Ikc({ line: schemas/* number */.aig() }).nullish(),
    duration: schemas/* number */.aig().nullish(),
});
const fileSchema = schemas/* object */.Ikc({
    // `name` in jest's --json output; `testFilePath` in the in-memory results some tools serialise.
    name: schemas/* string */.YjP().optional(),
    testFilePath: schemas/* string */.YjP().optional(),
    status: schemas/* string */.YjP().optional(),
    message: schemas/* string */.YjP().nullish(),
    assertionResults: schemas/* array */.YOg(assertionSchema).nullish(),
});
const reportSchema = schemas/* object */.Ikc({ testResults: schemas/* array */.YOg(fileSchema) });
const MAX_CANDIDATES = 20;
function parseJestJson(text, options) {
    return readSafely('jest JSON', () => readJestJson(text, options));
}
function readJestJson(text, options) {
    const found = findReport(text.replace(/^\uFEFF/, ''));
    if ('error' in found)
        return { tests: [], error: found.error };
    const parsed = reportSchema.safeParse(found.json);
    if (!parsed.success)
        return { tests: [], error: (0,common/* oneLine */.TN)(`jest JSON has an unexpected shape: ${(0,common/* firstIssue */.OE)(parsed.error)}`) };
    const tests = [];
    for (const file of parsed.data.testResults)
        tests.push(...testsOfFile(file, options));
    return { tests };
}
function testsOfFile(file, options) {
    const filePath = file.name ?? file.testFilePath;
    const relative = filePath === undefined ? undefined : (0,common/* repoPath */.qN)(options.workspace, filePath, options.cwd);
    const tests = (file.assertionResults ?? []).map((assertion) => jest_json_toTestCase(assertion, relative));
    if (file.status === 'failed' && !tests.some((test) => test.status === 'failed')) {
        tests.push(fileFailure(file, filePath, relative));
    }
    return tests;
}
function jest_json_toTestCase(assertion, file) {
    const name = assertion.title ?? assertion.fullName ?? '';
    const test = { name: name === '' ? '(unnamed test)' : name, status: statusOf(assertion.status) };
    const suite = (assertion.ancestorTitles ?? []).join(' › ');
    if (suite !== '')
        test.suite = suite;
    if (file !== undefined) {
        test.file = file;
        const line = (0,common/* lineNumber */.eT)(assertion.location?.line);
        if (line !== undefined)
            test.line = line;
    }
    const failures = assertion.failureMessages ?? [];
    if (test.status === 'failed' && failures.length > 0) {
        const message = failureMessage(failures[0] ?? '');
        if (message !== undefined)
            test.message = message;
        const stack = failureStack(failures.join('\n\n'));
        if (stack !== undefined)
            test.stack = stack;
    }
    const duration = durationMs(assertion.duration);
    if (duration !== undefined)
        test.durationMs = duration;
    return test;
}
/** `● Test suite failed to run` and the error under it, as one failed test for the file. */
function fileFailure(file, filePath, relative) {
    const test = { name: relative ?? filePath ?? '(test file)', status: 'failed' };
    if (relative !== undefined)
        test.file = relative;
    const text = (file.message ?? '').replace(/^\s*● .*$/gm, '');
    const message = failureMessage(text) ?? (text.trim() === '' ? 'Test suite failed to run' : undefined);
    if (message !== undefined)
        test.message = message;
    const stack = failureStack(text);
    if (stack !== undefined)
        test.stack = stack;
    return test;
}
function statusOf(status) {
    if (status === 'passed')
        return 'passed';
    if (status === 'failed')
        return 'failed';
    return 'skipped'; // pending (test.skip), todo, skipped, disabled
}
function findReport(text) {
    if (text.trim() === '')
        return { error: 'jest printed no output (expected --json)' };
    try {
        return { json: JSON.parse(text) };
    }
    catch {
        // Text around the JSON: look for it below.
    }
    const starts = [];
    for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
        if (at === 0 || text[at - 1] === '\n')
            starts.push(at);
    }
    for (const start of starts.reverse().slice(0, MAX_CANDIDATES)) {
        const end = closingBrace(text, start);
        if (end === -1)
            continue;
        try {
            const json = JSON.parse(text.slice(start, end + 1));
            if (typeof json === 'object' &&
                json !== null &&
                Array.isArray(json.testResults))
                return { json };
        }
        catch {
            // Not JSON after all (a logged object literal): try the previous candidate.
        }
    }
    return { error: `jest output has no JSON report (expected --json): ${(0,common/* oneLine */.TN)(text).slice(0, 120)}` };
}
/** Index of the `}` closing the object opened at `start` (strings and escapes respected), else -1. */
function closingBrace(text, start) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
        const char = text[i];
        if (inString) {
            if (char === '\\')
                i++;
            else if (char === '"')
                inString = false;
        }
        else if (char === '"')
            inString = true;
        else if (char === '{')
            depth++;
        else if (char === '}' && --depth === 0)
            return i;
    }
    return -1;
}
//# sourceMappingURL=jest-json.js.map
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 23 modules
var XMLParser = __webpack_require__(41143);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js
var fxp = __webpack_require__(75824);
;// CONCATENATED MODULE: ./build/findings/test-reports/junit.js
// JUnit XML → per-test results. One walk for every dialect: <testsuites>/<testsuite> nested to any
// depth (node:test nests describe blocks, surefire writes a bare <testsuite>, node:test may put a
// <testcase> straight under <testsuites>), <testcase> with <failure>/<error> (failed) or <skipped>.
// A document with a DOCTYPE is refused: no test reporter writes one, and its entities are the one way
// XML can expand without bound or reach outside the file. `line` is taken as written (pytest's xunit1
// family writes it 0-based; its tracebacks, which findings prefer, are right).




const REPEATED = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);
const MAX_DEPTH = 64;
// node:test writes `classname="test"` for every test: not a class.
const PLACEHOLDER_CLASSNAMES = new Set(['', 'test', 'suite']);
function parseJunit(text, options) {
    return readSafely('JUnit report', () => readJunit(text, options));
}
function readJunit(text, options) {
    if (text.trim() === '')
        return { tests: [], error: 'JUnit report is empty' };
    if (declaresDoctype(text)) {
        return {
            tests: [],
            error: 'JUnit report has a DOCTYPE: refused (reporters never write one; its entities could expand)',
        };
    }
    let root;
    try {
        root = createParser().parse(text);
    }
    catch (error) {
        return { tests: [], error: (0,common/* oneLine */.TN)(`JUnit report is not XML: ${(0,errors/* getErrorMessage */.u1)(error)}`) };
    }
    const tests = [];
    const document = isNode(root) ? root : {};
    const found = ['testsuites', 'testsuite', 'testcase'].some((tag) => tag in document);
    walk(document, { suites: [], file: undefined }, options, tests, 0);
    const invalid = wellFormednessError(text);
    if (!found)
        return {
            tests,
            error: (0,common/* oneLine */.TN)(invalid ?? 'JUnit report has no <testsuites>, <testsuite> or <testcase>'),
        };
    return invalid === undefined ? { tests } : { tests, error: (0,common/* oneLine */.TN)(`${invalid} (truncated?)`) };
}
function createParser() {
    return new XMLParser/* default */.A({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        attributesGroupName: '@',
        textNodeName: '#text',
        alwaysCreateTextNode: true,
        parseTagValue: false,
        parseAttributeValue: false,
        // Numeric character references (pytest writes `&#10;` in message attributes) need this.
        htmlEntities: true,
        // Defence in depth behind the DOCTYPE refusal: the library's limits on declared entities.
        processEntities: { enabled: true, maxEntityCount: 10, maxEntitySize: 1000 },
        isArray: (tag, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(tag),
    });
}
function walk(node, enclosing, options, out, depth) {
    if (depth > MAX_DEPTH)
        return;
    for (const testcase of junit_elements(node.testcase))
        out.push(junit_toTestCase(testcase, enclosing, options));
    for (const tag of ['testsuites', 'testsuite']) {
        for (const suite of junit_elements(node[tag])) {
            const name = attribute(suite, 'name');
            const inner = {
                suites: tag === 'testsuite' && name !== undefined && name !== ''
                    ? [...enclosing.suites, name]
                    : enclosing.suites,
                file: attribute(suite, 'file') ?? enclosing.file,
            };
            walk(suite, inner, options, out, depth + 1);
        }
    }
}
function junit_toTestCase(element, enclosing, options) {
    const rawName = stripAnsi(attribute(element, 'name') ?? '').trim();
    const nameAsPath = rawName.startsWith('/') ? (0,common/* repoPath */.qN)(options.workspace, rawName, options.cwd) : undefined;
    const name = nameAsPath ?? (rawName === '' ? '(unnamed test)' : rawName);
    const failures = [...junit_elements(element.failure), ...junit_elements(element.error)];
    const skips = junit_elements(element.skipped);
    const status = failures.length > 0 ? 'failed' : skips.length > 0 ? 'skipped' : 'passed';
    const test = { name, status };
    const suite = suiteOf(attribute(element, 'classname'), rawName, enclosing.suites);
    if (suite !== undefined)
        test.suite = suite;
    const fileAttribute = attribute(element, 'file') ?? enclosing.file;
    const file = fileAttribute === undefined ? nameAsPath : (0,common/* repoPath */.qN)(options.workspace, fileAttribute, options.cwd);
    if (file !== undefined)
        test.file = file;
    const line = (0,common/* lineNumber */.eT)(attribute(element, 'line'));
    if (line !== undefined && file !== undefined)
        test.line = line;
    const first = failures[0] ?? skips[0];
    if (first !== undefined) {
        const message = failureMessage(attribute(first, 'message') ?? '') ?? failureMessage(textOf(first));
        if (message !== undefined)
            test.message = message;
    }
    if (failures.length > 0) {
        const stack = failureStack(failures.map(textOf).join('\n\n'));
        if (stack !== undefined)
            test.stack = stack;
    }
    const duration = durationMs(attribute(element, 'time'), 1000);
    if (duration !== undefined)
        test.durationMs = duration;
    return test;
}
/**
 * The classname when it says something (pytest's `tests.test_cart`, surefire's `com.example.CartTest`),
 * else the enclosing <testsuite> names: jest-junit repeats the name as classname by default, and
 * node:test writes `test`.
 */
function suiteOf(classname, name, suites) {
    const usable = classname !== undefined && !PLACEHOLDER_CLASSNAMES.has(classname.trim()) && classname !== name;
    if (usable)
        return classname.trim();
    const joined = suites.join(' › ');
    return joined === '' || name.startsWith(joined) ? undefined : joined;
}
/** True when a DOCTYPE comes before the root element (a CDATA section later may quote one harmlessly). */
function declaresDoctype(text) {
    let at = 0;
    for (;;) {
        while (at < text.length && /[\s\uFEFF]/.test(text.charAt(at)))
            at++;
        if (text.startsWith('<?', at))
            at = skipPast(text, '?>', at);
        else if (text.startsWith('<!--', at))
            at = skipPast(text, '-->', at);
        else
            return text.startsWith('<!DOCTYPE', at);
        if (at === -1)
            return false;
    }
}
function skipPast(text, end, from) {
    const index = text.indexOf(end, from);
    return index === -1 ? -1 : index + end.length;
}
function wellFormednessError(text) {
    try {
        const result = fxp/* XMLValidator */.iI.validate(text);
        if (result === true)
            return undefined;
        return `JUnit report is not well-formed XML: line ${result.err.line}: ${result.err.msg}`;
    }
    catch (error) {
        return `JUnit report is not well-formed XML: ${(0,errors/* getErrorMessage */.u1)(error)}`;
    }
}
function isNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A repeated element's occurrences as objects (a text-only element becomes `{ '#text': … }`). */
function junit_elements(value) {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.map((item) => (isNode(item) ? item : { '#text': typeof item === 'string' ? item : '' }));
}
function attribute(element, name) {
    const attributes = element['@'];
    if (!isNode(attributes))
        return undefined;
    const value = attributes[name];
    return typeof value === 'string' ? value : undefined;
}
function textOf(element) {
    const text = element['#text'];
    return typeof text === 'string' ? text : '';
}
//# sourceMappingURL=junit.js.map
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./build/findings/test-reports/stack-frames.js
// Source locations in failure texts: V8 stack frames (with or without `at`, as node:test's TAP prints
// them), V8/babel syntax-error headers, and Python tracebacks. Paths are returned as written; callers
// decide what is in the workspace. Java and Go frames name a file without its folder: not read.
const MAX_FRAMES = 200;
const stack_frames_MAX_LINE_CHARS = 2000;
// V8's header of a syntax error: `file:///abs/broken.mjs:4` alone on its line.
const V8_HEADER = /^\s*((?:file:\/\/)?\/[^\s()]*):(\d+)\s*$/;
// Python: `  File "src/cart.py", line 10, in total` and pytest's `tests/test_cart.py:9: AssertionError`
// (outermost first, unlike V8).
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PYTEST_LOCATION = /^([^\s:]+\.py):(\d+):(?:\s|$)/;
/** Every location in `text`, in order of appearance (innermost call first for V8). */
function stackFrames(text) {
    const frames = [];
    for (const raw of text.split(/\r?\n/, 10_000)) {
        const line = raw.length > stack_frames_MAX_LINE_CHARS ? raw.slice(0, stack_frames_MAX_LINE_CHARS) : raw;
        const frame = v8Frame(line) ?? babelSyntaxError(line) ?? matchFrame(line, V8_HEADER);
        const found = frame ?? matchFrame(line, PYTHON_FRAME) ?? matchFrame(line, PYTEST_LOCATION);
        if (found)
            frames.push(found);
        if (frames.length >= MAX_FRAMES)
            break;
    }
    return frames;
}
/** `node:fs`, `internal/…`, `<anonymous>`, `webpack://…`: not a file of the repository. */
function isInternalFrame(file) {
    if (file.startsWith('file://'))
        return false;
    return /^[a-z][a-z0-9+.-]+:/i.test(file) || file.startsWith('internal/') || file.startsWith('<');
}
/** `    at fn (/abs/file.js:10:5)`, `    at /abs/file.js:10:5`, node:test's `fn (file:///abs/f.mjs:10:5)`. */
function v8Frame(line) {
    let text = line.trim();
    let location;
    if (text.endsWith(')')) {
        text = text.slice(0, -1);
        location = text.slice(text.lastIndexOf('(') + 1);
    }
    else if (text.startsWith('at ')) {
        location = text.slice(3).trim();
    }
    else {
        return undefined; // a message line that happens to end in `x.js:1:2` is not a frame
    }
    return frameOf(/^(.+):(\d+):\d+$/.exec(location));
}
/** jest (babel): `SyntaxError: /abs/broken.test.js: Unexpected token, expected "," (4:3)`. */
function babelSyntaxError(line) {
    const at = line.indexOf('SyntaxError: ');
    if (at === -1)
        return undefined;
    const file = /^SyntaxError: ([^\s()]+?): /.exec(line.slice(at))?.[1];
    const position = /\((\d+):\d+\)\s*$/.exec(line);
    return file === undefined || position === null ? undefined : frameOf([file, file, position[1]]);
}
function matchFrame(line, pattern) {
    return frameOf(pattern.exec(line));
}
function frameOf(match) {
    const file = match?.[1];
    const line = Number(match?.[2]);
    if (file === undefined || file === '' || !Number.isSafeInteger(line) || line < 1)
        return undefined;
    return { file, line };
}
//# sourceMappingURL=stack-frames.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/tap.js
// TAP 13/14 → per-test results. Subtests are indented test points that come before their parent's
// line (`# Subtest:` headers optional); only leaves are tests, plus a `not ok` parent none of whose
// descendants failed (node:test reports a failing before() hook that way). YAML diagnostics give the
// message, the stack and node:test's `location: '/abs/file.test.js:12:3'`. Buffered `{ … }` subtests
// (node-tap) are not read.




const TEST_POINT = /^(\s*)(not ok|ok)\b\s*(?:\d+\b)?\s*(?:-(?:\s|$))?(.*)$/;
const SUBTEST_HEADER = /^(\s*)# Subtest(?::\s?(.*))?$/;
const COMMENT = /^(\s*)#\s?(.*)$/;
const PLAN = /^(\s*)1\.\.(\d+)/;
const BAIL_OUT = /^\s*Bail out!\s*(.*)$/;
const MAX_COMMENTS = 50;
function parseTap(text, options) {
    return readSafely('TAP output', () => readTap(text, options));
}
function readTap(text, options) {
    const lines = text.split(/\r?\n/);
    const pending = new Map();
    const comments = new Map();
    let headers = [];
    const errors = [];
    let plan;
    let bailOut;
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
                if (block.unclosed)
                    errors.push('TAP output ends inside a YAML block (truncated?)');
            }
            node.children = takeDeeper(pending, indent);
            for (const key of [...comments.keys()])
                if (key >= indent)
                    comments.delete(key);
            headers = headers.filter((header) => header.indent < indent);
            const level = pending.get(indent);
            if (level)
                level.push(node);
            else
                pending.set(indent, [node]);
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
            if (list.length < MAX_COMMENTS)
                list.push(comment[2] ?? '');
            comments.set(indent, list);
            continue;
        }
        const planned = PLAN.exec(line);
        if (planned && planned[1] === '')
            plan = Number(planned[2]);
    }
    const levels = [...pending.keys()].sort((a, b) => a - b);
    if (levels.length > 1)
        errors.push('TAP output ends inside a subtest (truncated?)');
    const tests = [];
    for (const level of levels) {
        for (const root of pending.get(level) ?? []) {
            const outcome = collect(root, root.headers, undefined, options, tests);
            if (!outcome.failed)
                for (const test of outcome.cancelled)
                    test.status = 'failed';
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
    return errors[0] === undefined ? { tests } : { tests, error: (0,common/* oneLine */.TN)(errors[0]) };
}
function readPoint(indent, ok, description) {
    const { name, directive, reason } = splitDirective(description);
    return { indent, ok, name, directive, reason, yaml: {}, comments: [], children: [], headers: [] };
}
/** `name # SKIP reason`: the first unescaped `#` starts a directive when SKIP or TODO follows. */
function splitDirective(description) {
    for (let i = 0; i < description.length; i++) {
        const char = description[i];
        if (char === '\\')
            i++;
        else if (char === '#') {
            const directive = /^\s*(skip\S*|todo\S*)\s*(.*)$/i.exec(description.slice(i + 1));
            if (!directive)
                break;
            const kind = directive[1]?.toLowerCase().startsWith('skip') ? 'skip' : 'todo';
            return {
                name: tap_unescape(description.slice(0, i).trim()),
                directive: kind,
                reason: directive[2]?.trim() ?? '',
            };
        }
    }
    return { name: tap_unescape(description.trim()), directive: undefined, reason: '' };
}
function tap_unescape(name) {
    return name.replace(/\\([\\#])/g, '$1');
}
/** The YAML block (`---` … `...`) right after a test point, indented deeper than it. */
function readYamlBlock(lines, start, pointIndent) {
    const open = /^(\s*)---\s*$/.exec(lines[start] ?? '');
    const indent = open?.[1]?.length ?? -1;
    if (indent <= pointIndent)
        return undefined;
    const body = [];
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
function yamlObject(lines) {
    try {
        const value = (0,dist.parse)(lines.join('\n'), {
            logLevel: 'silent',
            maxAliasCount: 50,
            uniqueKeys: false,
        });
        return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? value
            : {};
    }
    catch {
        return {};
    }
}
/** Removes and returns the points waiting at deeper indentation: the children of the point just read. */
function takeDeeper(pending, indent) {
    const children = [];
    for (const key of [...pending.keys()].sort((a, b) => a - b)) {
        if (key <= indent)
            continue;
        children.push(...(pending.get(key) ?? []));
        pending.delete(key);
    }
    return children;
}
function collect(point, suites, inherited, options, out) {
    const directive = point.directive ?? inherited;
    if (point.children.length === 0) {
        const cancelled = !point.ok && directive === undefined && point.yaml.failureType === 'cancelledByParent';
        const test = tap_toTestCase(point, suites, tap_statusOf(point, directive, cancelled), options, cancelled);
        out.push(test);
        if (cancelled)
            return { failed: false, cancelled: [test] };
        return { failed: test.status === 'failed', cancelled: [] };
    }
    const outcome = { failed: false, cancelled: [] };
    for (const child of point.children) {
        const inner = collect(child, [...suites, point.name], directive, options, out);
        outcome.failed ||= inner.failed;
        outcome.cancelled.push(...inner.cancelled);
    }
    if (outcome.failed || tap_statusOf(point, directive, false) !== 'failed')
        return outcome;
    out.push(tap_toTestCase(point, suites, 'failed', options));
    return { failed: true, cancelled: [] };
}
function tap_statusOf(point, directive, cancelled) {
    if (directive !== undefined || cancelled)
        return 'skipped';
    return point.ok ? 'passed' : 'failed';
}
function tap_toTestCase(point, suites, status, options, cancelled = false) {
    // node:test names a test file that crashed by its absolute path.
    const nameAsPath = point.name.startsWith('/')
        ? (0,common/* repoPath */.qN)(options.workspace, point.name, options.cwd)
        : undefined;
    const test = { name: nameAsPath ?? (point.name === '' ? '(unnamed test)' : point.name), status };
    if (suites.length > 0)
        test.suite = suites.join(' › ');
    const location = tap_locationOf(point.yaml, options) ?? (nameAsPath === undefined ? undefined : { file: nameAsPath });
    if (location?.file !== undefined)
        test.file = location.file;
    if (location?.line !== undefined)
        test.line = location.line;
    Object.assign(test, tap_failureOf(point, status, cancelled));
    const duration = durationMs(point.yaml.duration_ms);
    if (duration !== undefined)
        test.durationMs = duration;
    return test;
}
/** node:test's `location: '/abs/file.js:12:3'`, node-tap's `at: { file, line }`, tape's `at: fn (/abs/f.js:3:5)`. */
function tap_locationOf(yaml, options) {
    let file;
    let line;
    const { location, at } = yaml;
    if (typeof location === 'string') {
        const match = /^(.+?)(?::(\d+))?(?::\d+)?$/.exec(location.trim());
        file = match?.[1];
        line = match?.[2];
    }
    else if (typeof at === 'object' && at !== null) {
        const record = at;
        file = typeof record.file === 'string' ? record.file : undefined;
        line = record.line;
    }
    else if (typeof at === 'string') {
        const frame = stackFrames(at.includes('(') ? at : `at ${at}`)[0];
        file = frame?.file;
        line = frame?.line;
    }
    const relative = file === undefined ? undefined : (0,common/* repoPath */.qN)(options.workspace, file, options.cwd);
    // A frame in a dependency (ava's own assert.js) is not where the test failed.
    if (relative === undefined || relative.split('/').includes('node_modules'))
        return undefined;
    const number = (0,common/* lineNumber */.eT)(line);
    return number === undefined ? { file: relative } : { file: relative, line: number };
}
/**
 * ava's failures carry no message of their own: `assertion: t.is()` and `details` (e.g. the difference,
 * `- 9.9 + 9`) say what failed.
 */
function assertionMessage(yaml) {
    if (typeof yaml.assertion !== 'string')
        return undefined;
    const details = typeof yaml.details === 'object' && yaml.details !== null
        ? Object.entries(yaml.details)
            .map(([label, value]) => `${label.replace(/:$/, '')}: ${String(value)}`)
            .join('; ')
        : '';
    return failureMessage(details === '' ? `${yaml.assertion} failed` : `${yaml.assertion} failed: ${details}`);
}
function tap_failureOf(point, status, cancelled) {
    const { yaml } = point;
    const error = typeof yaml.error === 'string' ? yaml.error : typeof yaml.message === 'string' ? yaml.message : '';
    if (status === 'skipped') {
        const message = failureMessage(cancelled ? `cancelled: ${error}` : point.reason);
        return message === undefined ? {} : { message };
    }
    if (status !== 'failed')
        return {};
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
//# sourceMappingURL=tap.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/failures.js



const TEST_FAILURE_RULE = 'test-failure';
const MAX_FINDING_CHARS = 300;
// jest's `__tests__/`, `*.test.ts`, `*.spec.js`, Go's `_test.go`, Python's `test_*.py`, `tests/`.
const TEST_FILE = /(^|\/)(__tests__|tests?|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|_test\.\w+$|(^|\/)test_[^/]*\.py$/;
/**
 * One `test-failure` error per failed test that can be located. Tests failing at the same line (one
 * broken helper) share one finding naming them all: a fingerprint is per line, so separate findings
 * would be deduplicated down to one anyway.
 */
function testFailureFindings(report, options) {
    const byAnchor = new Map();
    for (const test of report.tests) {
        if (test.status !== 'failed')
            continue;
        const anchor = anchorOf(test, options);
        if (anchor === undefined)
            continue;
        const key = `${anchor.path}:${anchor.line}`;
        const group = byAnchor.get(key) ?? { anchor, tests: [] };
        group.tests.push(test);
        byAnchor.set(key, group);
    }
    return [...byAnchor.values()].map(({ anchor, tests }) => (0,common/* makeFinding */.MH)({
        rule: TEST_FAILURE_RULE,
        severity: 'error',
        message: failureText(tests, options.workspace),
        ...anchor,
    }, options));
}
function summarizeReport(report) {
    const summary = { passed: 0, failed: 0, skipped: 0, failedNames: [] };
    for (const test of report.tests) {
        summary[test.status] += 1;
        if (test.status === 'failed')
            summary.failedNames.push(displayName(test));
    }
    return summary;
}
/** `suite › name`, or the name alone when it already starts with the suite (jest-junit repeats it). */
function displayName(test) {
    if (test.suite === undefined || test.suite === '' || test.name.startsWith(test.suite))
        return test.name;
    return `${test.suite} › ${test.name}`;
}
function anchorOf(test, options) {
    const frames = usableFrames(test.stack ?? '', options.workspace, options.cwd);
    const changed = options.changedFiles;
    const inChanged = changed === undefined ? undefined : frames.find((frame) => changed.has(frame.path));
    if (inChanged)
        return inChanged;
    if (test.file !== undefined) {
        const inTestFile = frames.find((frame) => frame.path === test.file);
        if (inTestFile)
            return inTestFile;
        if (test.line !== undefined)
            return { path: test.file, line: test.line };
    }
    // The report did not name the test's file (node:test's JUnit): a frame that looks like a test file.
    return frames.find((frame) => TEST_FILE.test(frame.path)) ?? frames[0];
}
/** Frames in the workspace, outside node_modules and runtime internals, as repository paths. */
function usableFrames(stack, workspace, cwd) {
    const anchors = [];
    for (const frame of stackFrames(stack)) {
        if (isInternalFrame(frame.file))
            continue;
        const path = (0,common/* repoPath */.qN)(workspace, frame.file, cwd);
        if (path === undefined || /(^|\/)node_modules\//.test(path))
            continue;
        anchors.push({ path, line: frame.line });
    }
    return anchors;
}
/** `Test failed: cart › totals: expected 9, received 9.9` on one line, runner paths made relative. */
function failureText(tests, workspace) {
    const [first, ...others] = tests;
    if (first === undefined)
        return 'Test failed';
    const detail = oneLineText(first.message ?? '', workspace);
    let text = `Test failed: ${oneLineText(displayName(first), workspace)}${detail === '' ? '' : `: ${detail}`}`;
    if (others.length > 0) {
        text = `${text} (also failing here: ${others.map((test) => oneLineText(displayName(test), workspace)).join('; ')})`;
    }
    return (0,util_text/* clip */.$)(text, MAX_FINDING_CHARS);
}
function oneLineText(text, workspace) {
    const prefix = workspace.endsWith('/') ? workspace : `${workspace}/`;
    return (stripAnsi(text)
        .split(`file://${prefix}`)
        .join('')
        .split(prefix)
        .join('')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
        .trim());
}
//# sourceMappingURL=failures.js.map
;// CONCATENATED MODULE: ./build/findings/test-reports/index.js
// Test reports → per-test results (and, via failures.ts, findings). One entry point by format.





const PARSERS = {
    junit: parseJunit,
    tap: parseTap,
    'jest-json': parseJestJson,
    'go-test-json': parseGoTestJson,
    'cargo-test': parseCargoTest,
};
/** Never throws: an unreadable report gives `{ tests: [], error }` (one line). */
function parseTestReport(format, text, options) {
    const parser = Object.hasOwn(PARSERS, format) ? PARSERS[format] : undefined;
    if (parser === undefined)
        return { tests: [], error: `unknown test report format: ${String(format).slice(0, 40)}` };
    return parser(text, options);
}


//# sourceMappingURL=index.js.map

/***/ })

};

//# sourceMappingURL=363.index.js.map