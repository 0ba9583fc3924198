export const id = 322;
export const ids = [322];
export const modules = {

/***/ 28322:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseClippyJson: () => (/* binding */ parseClippyJson)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3039);
// `cargo clippy --message-format=json` (or `cargo check`) stdout → findings: one JSON object a line,
// of which the `compiler-message`s are read; `compiler-artifact`, `build-finished` and lines that are
// not JSON pass. A message counts at its primary span in the workspace, or where the macro that put
// it outside (in std or a registry crate) was called; one with no such span is dropped.



const spanSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    file_name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    line_start: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig(),
    line_end: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig(),
    is_primary: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    label: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullish(),
    expansion: zod__WEBPACK_IMPORTED_MODULE_2__/* .unknown */ .L5J(),
});
const expansionSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ span: spanSchema });
const childSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ level: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), message: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() });
const compilerMessageSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    manifest_path: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullish(),
    message: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        level: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        message: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        code: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ code: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }).nullish(),
        spans: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(spanSchema),
        children: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(childSchema).catch([]),
    }),
});
// A macro defined in a macro defined in …: rustc nests a few levels; a hostile file, any number.
const MAX_EXPANSIONS = 16;
// Clippy's first help child only links the lint's documentation.
const LINT_LINK = /^for further information visit /;
function parseClippyJson(stdout, options) {
    if (stdout.trim() === '')
        return { findings: [] };
    const findings = [];
    const seen = new Set();
    let objects = 0;
    let damaged;
    for (const [index, raw] of stdout.split('\n').entries()) {
        const line = raw.trim();
        if (!line.startsWith('{'))
            continue;
        const json = parseLine(line);
        if (json === undefined) {
            damaged ??= `cargo printed a line that is not JSON (line ${index + 1}): ${line}`;
            continue;
        }
        objects++;
        if (!('reason' in json) || json.reason !== 'compiler-message')
            continue;
        const parsed = compilerMessageSchema.safeParse(json);
        if (!parsed.success) {
            damaged ??= `cargo printed a compiler-message of an unexpected shape (line ${index + 1}): ${(0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .firstIssue */ .OE)(parsed.error)}`;
            continue;
        }
        const finding = toFinding(parsed.data, options);
        if (!finding)
            continue;
        // cargo compiles a library twice with --all-targets (lib and its tests) and reports both times.
        const key = JSON.stringify([finding.rule, finding.path, finding.line, finding.message]);
        if (seen.has(key))
            continue;
        seen.add(key);
        findings.push(finding);
    }
    if (objects === 0) {
        const first = stdout.split('\n').find((text) => text.trim() !== '') ?? '';
        return { findings, error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`cargo printed no JSON messages (${first.trim()})`) };
    }
    return damaged === undefined ? { findings } : { findings, error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(damaged) };
}
/** The object on the line, else undefined (a truncated line, a `{` of other text). */
function parseLine(line) {
    try {
        const value = JSON.parse(line);
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function toFinding(compiled, options) {
    const { message } = compiled;
    const severity = toSeverity(message.level);
    if (severity === undefined)
        return undefined;
    for (const primary of message.spans.filter((span) => span.is_primary)) {
        const located = locate(primary, compiled.manifest_path ?? undefined, options);
        if (!located)
            continue;
        const fields = {
            rule: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(message.code?.code) ?? 'rustc',
            severity,
            message: describe(compiled, primary),
            path: located.path,
            line: located.line,
            endLine: located.endLine,
        };
        return (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .makeFinding */ .MH)(fields, options);
    }
    return undefined;
}
/** failure-note (`For more information about this error, try rustc --explain`) is not a finding. */
function toSeverity(level) {
    // An internal compiler error's level is `error: internal compiler error`.
    if (level.startsWith('error'))
        return 'error';
    if (level === 'warning')
        return 'warning';
    if (level === 'note' || level === 'help')
        return 'notice';
    return undefined;
}
/** The span in the workspace, else the call site of the macro it came from, outward. */
function locate(primary, manifestPath, options) {
    let span = primary;
    for (let depth = 0; span && depth <= MAX_EXPANSIONS; depth++) {
        const file = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .repoPath */ .qN)(options.workspace, span.file_name, spanBase(span.file_name, manifestPath, options));
        const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .lineNumber */ .eT)(span.line_start);
        if (file !== undefined && line !== undefined)
            return { path: file, line, endLine: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .lineNumber */ .eT)(span.line_end) };
        const expansion = expansionSchema.safeParse(span.expansion);
        span = expansion.success ? expansion.data.span : undefined;
    }
    return undefined;
}
/**
 * Where a relative file name starts: cargo prints them from the cargo workspace root wherever it ran
 * (`crates/core/src/lib.rs` also when run in `crates/core`), so the root is read off the package's
 * manifest: the nearest directory above it that the name starts with the rest of the way from, else
 * the package itself. A manifest outside the workspace (cargo in a container) or none: where cargo ran.
 */
function spanBase(fileName, manifestPath, options) {
    const ranIn = options.cwd ?? options.workspace;
    if (manifestPath === undefined || !node_path__WEBPACK_IMPORTED_MODULE_0__.posix.isAbsolute(manifestPath))
        return ranIn;
    const packageDir = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(manifestPath);
    if (!isWithin(options.workspace, packageDir))
        return ranIn;
    const name = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(fileName.replace(/\\/g, '/'));
    for (let dir = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(packageDir); isWithin(options.workspace, dir); dir = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(dir)) {
        if (name.startsWith(`${node_path__WEBPACK_IMPORTED_MODULE_0__.posix.relative(dir, packageDir)}/`))
            return dir;
        if (dir === node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(dir))
            break;
    }
    return packageDir;
}
function isWithin(root, dir) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.relative(root, dir);
    return (relative === '' || (!relative.startsWith('../') && relative !== '..' && !node_path__WEBPACK_IMPORTED_MODULE_0__.posix.isAbsolute(relative)));
}
/** rustc's message, the primary span's label (`expected u32, found &str`) and the first help. */
function describe(compiled, primary) {
    const { message } = compiled;
    const label = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(primary.label ?? undefined);
    const help = message.children.find((child) => child.level === 'help' && !LINT_LINK.test(child.message));
    const text = label === undefined ? message.message : `${message.message}: ${label}`;
    return help === undefined ? text : `${text}\nhelp: ${help.message}`;
}
//# sourceMappingURL=clippy-json.js.map

/***/ }),

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

/***/ })

};

//# sourceMappingURL=322.index.js.map