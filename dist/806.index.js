export const id = 806;
export const ids = [806];
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

/***/ 1806:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseRdjson: () => (/* binding */ parseRdjson),
/* harmony export */   parseRdjsonl: () => (/* binding */ parseRdjsonl)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3039);
// reviewdog Diagnostic Format → findings: rdjson (one DiagnosticResult) and rdjsonl (one Diagnostic
// per line), as defined by reviewdog's proto/rdf/reviewdog.proto in its protojson form. Suggestions
// are not read here; diagnostics without a line have no anchor and are dropped.


// protojson writes enums as names but reads their numbers too, and int32 values also as strings.
const SEVERITY_NAMES = ['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO'];
// Older Ruff wrote the names in lower case (`"warning"`): read them in any case.
const severitySchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([
    zod__WEBPACK_IMPORTED_MODULE_1__/* .preprocess */ .vkY((value) => (typeof value === 'string' ? value.toUpperCase() : value), zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(SEVERITY_NAMES)),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int(),
]);
const int32Schema = zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(), zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()]).optional();
const positionSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ line: int32Schema, column: int32Schema }).nullish();
const sourceSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional() }).nullish();
const diagnosticSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    location: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        path: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        range: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ start: positionSchema, end: positionSchema }).nullish(),
    }),
    severity: severitySchema.optional(),
    source: sourceSchema,
    code: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ value: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional() }).nullish(),
});
const resultSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    diagnostics: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(diagnosticSchema).nullish(),
    source: sourceSchema,
    severity: severitySchema.optional(),
});
/** rdjson: one DiagnosticResult; its severity and source fill in diagnostics that have none. */
function parseRdjson(output, options) {
    if (output.trim() === '')
        return { findings: [], error: 'rdjson output is empty (expected one DiagnosticResult JSON object)' };
    const json = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonText */ .lk)(output, 'rdjson output');
    if (!json.ok)
        return { findings: [], error: json.error };
    const parsed = resultSchema.safeParse(json.value);
    if (!parsed.success)
        return {
            findings: [],
            error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`rdjson output is not a DiagnosticResult: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .firstIssue */ .OE)(parsed.error)}`),
        };
    const diagnostics = parsed.data.diagnostics ?? [];
    const stray = strayKeys(json.value);
    if (diagnostics.length === 0 && stray.length > 0)
        return { findings: [], error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`rdjson output has no diagnostics, but ${stray.join(', ')}`) };
    const defaults = { severity: parsed.data.severity, source: parsed.data.source?.name };
    const findings = [];
    for (const diagnostic of diagnostics) {
        const finding = toFinding(diagnostic, defaults, options);
        if (finding)
            findings.push(finding);
    }
    return { findings };
}
/**
 * rdjsonl: one Diagnostic per line, blank lines ignored. A line that is not a Diagnostic (a tool's
 * stray log line) is skipped; only when no line is one does the output count as unreadable.
 */
function parseRdjsonl(output, options) {
    const findings = [];
    let read = 0;
    let firstError;
    const lines = output.split('\n');
    for (const [index, line] of lines.entries()) {
        if (line.trim() === '')
            continue;
        const diagnostic = parseLine(line, index + 1);
        if (!diagnostic.ok) {
            firstError ??= diagnostic.error;
            continue;
        }
        read += 1;
        const finding = toFinding(diagnostic.value, {}, options);
        if (finding)
            findings.push(finding);
    }
    if (read === 0 && firstError !== undefined)
        return { findings: [], error: firstError };
    return { findings };
}
/**
 * Keys a DiagnosticResult does not have. protojson leaves out an empty diagnostics list, so `{}` is a
 * clean result; `{"runs": …}` (SARIF given to the rdjson format) is not.
 */
function strayKeys(value) {
    const known = new Set(['diagnostics', 'source', 'severity']);
    return Object.keys(value)
        .filter((key) => !known.has(key))
        .slice(0, 5);
}
function parseLine(line, number) {
    const json = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonText */ .lk)(line, `rdjsonl line ${number}`);
    if (!json.ok)
        return json;
    const parsed = diagnosticSchema.safeParse(json.value);
    if (parsed.success)
        return { ok: true, value: parsed.data };
    return {
        ok: false,
        error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`rdjsonl line ${number} is not a Diagnostic: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .firstIssue */ .OE)(parsed.error)}`),
    };
}
function toFinding(diagnostic, defaults, options) {
    const path = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPath */ .qN)(options.workspace, diagnostic.location.path, options.cwd);
    const range = diagnostic.location.range;
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(range?.start?.line);
    if (path === undefined || line === undefined)
        return undefined;
    const source = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .nonBlank */ .GT)(diagnostic.source?.name) ?? (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .nonBlank */ .GT)(defaults.source);
    const rule = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .nonBlank */ .GT)(diagnostic.code?.value) ?? source ?? 'rdjson';
    const severity = toSeverity(known(diagnostic.severity) ?? known(defaults.severity));
    const fields = { rule, severity, message: diagnostic.message, path, line };
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .makeFinding */ .MH)({ ...fields, endLine: endLineOf(range?.end) }, options);
}
/**
 * The last line the range covers. The end is exclusive: an end at column 1 of a later line stops
 * before that line; without a column the range is linewise and includes the end line.
 */
function endLineOf(end) {
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(end?.line);
    if (line === undefined)
        return undefined;
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(end?.column) === 1 ? line - 1 : line;
}
/** The severity's name; UNKNOWN_SEVERITY (0) and numbers outside the enum count as unset. */
function known(severity) {
    const name = typeof severity === 'number' ? SEVERITY_NAMES[severity] : severity;
    return name === 'UNKNOWN_SEVERITY' ? undefined : name;
}
/** Unset is an error, like reviewdog's default `-level=error`. */
function toSeverity(name) {
    if (name === 'WARNING')
        return 'warning';
    if (name === 'INFO')
        return 'notice';
    return 'error';
}
//# sourceMappingURL=rdjson.js.map

/***/ })

};

//# sourceMappingURL=806.index.js.map