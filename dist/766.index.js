export const id = 766;
export const ids = [766];
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

/***/ 61766:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseTsc: () => (/* binding */ parseTsc)
/* harmony export */ });
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3039);

// tsc prints paths relative to its working directory; a greedy path keeps `a(1).ts(3,4)` whole.
const FILE_DIAGNOSTIC = /^(.+)\((\d+),(\d+)\): ([a-z]+) TS(\d+): (.*)$/;
const GLOBAL_DIAGNOSTIC = /^([a-z]+) TS(\d+): (.*)$/;
const CONTINUATION = /^\s+\S/;
// `src/a.ts:12:5 - error TS2322: …`, the default when tsc writes to a terminal.
const PRETTY_DIAGNOSTIC = /^.+:\d+:\d+ - [a-z]+ TS\d+: /;
// Colour codes of pretty mode, removed only to recognise it.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
function parseTsc(output, options) {
    if (output.trim() === '')
        return { findings: [] };
    const diagnostics = [];
    let configError;
    // The message that indented lines continue; a config error's continuation is read and dropped.
    let message;
    for (const raw of output.split('\n')) {
        const line = raw.replace(/\r$/, '');
        const file = FILE_DIAGNOSTIC.exec(line);
        const global = file ? null : GLOBAL_DIAGNOSTIC.exec(line);
        if (file) {
            const [, path = '', lineText = '', , category = '', code = '', text = ''] = file;
            message = [text];
            diagnostics.push({ file: path, line: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(lineText) ?? 0, category, code, message });
        }
        else if (global) {
            configError ??= line.trim();
            message = [];
        }
        else if (message && CONTINUATION.test(line)) {
            message.push(line.trimEnd());
        }
        else {
            message = undefined;
        }
    }
    if (diagnostics.length === 0)
        return { findings: [], error: noDiagnostics(output, configError) };
    return { findings: toFindings(diagnostics, options) };
}
function toFindings(diagnostics, options) {
    const findings = [];
    for (const diagnostic of diagnostics) {
        const path = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPath */ .qN)(options.workspace, diagnostic.file, options.cwd);
        // (0,0) is what tsc prints for a position it does not know.
        if (path === undefined || diagnostic.line < 1)
            continue;
        const fields = {
            rule: `TS${diagnostic.code}`,
            severity: toSeverity(diagnostic.category),
            message: diagnostic.message.join('\n'),
            path,
            line: diagnostic.line,
        };
        findings.push((0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .makeFinding */ .MH)(fields, options));
    }
    return findings;
}
/** tsc's categories are error, warning, suggestion and message. */
function toSeverity(category) {
    if (category === 'error')
        return 'error';
    if (category === 'warning')
        return 'warning';
    return 'notice';
}
function noDiagnostics(output, configError) {
    if (configError !== undefined)
        return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`tsc reported a configuration error: ${configError}`);
    const lines = output.split('\n').map((line) => line.replace(ANSI, ''));
    if (lines.some((line) => PRETTY_DIAGNOSTIC.test(line)))
        return 'tsc output is in pretty mode: add --pretty false to the command';
    const first = lines.find((line) => line.trim() !== '') ?? '';
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`tsc output has no "file(line,col): error TSnnnn: message" lines; it starts: ${first}`);
}
//# sourceMappingURL=tsc.js.map

/***/ })

};

//# sourceMappingURL=766.index.js.map