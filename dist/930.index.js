export const id = 930;
export const ids = [930];
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

/***/ 81930:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseEslintJson: () => (/* binding */ parseEslintJson)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3039);
// ESLint `--format json` output → findings.


// Only the fields we use; ESLint adds others (column, nodeType, fix, suggestions…), which pass.
const messageSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    ruleId: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    severity: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(),
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    fatal: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional(),
    line: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().nullish(),
    endLine: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().nullish(),
});
const outputSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ filePath: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1), messages: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(messageSchema) }));
function parseEslintJson(stdout, options) {
    if (stdout.trim() === '')
        return { findings: [], error: 'ESLint printed no output (expected --format json)' };
    let json;
    try {
        json = JSON.parse(stdout);
    }
    catch (error) {
        return { findings: [], error: `ESLint output is not JSON: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(String(error))}` };
    }
    const parsed = outputSchema.safeParse(json);
    if (!parsed.success)
        return { findings: [], error: `ESLint output has an unexpected shape: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .firstIssue */ .OE)(parsed.error)}` };
    const findings = [];
    for (const result of parsed.data) {
        const file = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPath */ .qN)(options.workspace, result.filePath, options.cwd);
        if (file === undefined)
            continue;
        for (const message of result.messages) {
            const finding = toFinding(file, message, options);
            if (finding)
                findings.push(finding);
        }
    }
    return { findings };
}
function toFinding(file, message, options) {
    const severity = toSeverity(message.severity);
    // No line: the "file ignored because of a matching ignore pattern" notice; nothing to anchor it to.
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(message.line);
    if (severity === undefined || line === undefined)
        return undefined;
    const fields = { rule: ruleOf(message), severity, message: message.message, path: file, line };
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .makeFinding */ .MH)({ ...fields, endLine: message.endLine ?? undefined }, options);
}
function toSeverity(severity) {
    if (severity === 2)
        return 'error';
    if (severity === 1)
        return 'warning';
    return undefined;
}
/** ESLint uses ruleId null for parse errors (fatal) and for problems with disable directives. */
function ruleOf(message) {
    if (message.ruleId !== null && message.ruleId !== '')
        return message.ruleId;
    return message.fatal === true ? 'eslint/parse-error' : 'eslint/directive';
}
//# sourceMappingURL=eslint-json.js.map

/***/ })

};

//# sourceMappingURL=930.index.js.map