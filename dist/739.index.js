export const id = 739;
export const ids = [739];
export const modules = {

/***/ 75739:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseCheckstyle: () => (/* binding */ parseCheckstyle)
/* harmony export */ });
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41143);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(75824);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3039);
// Checkstyle XML → findings: `<checkstyle><file name><error line severity message source/></file>`.
// Only the five predefined XML entities and character references are decoded; entities a DOCTYPE
// declares are not expanded (no entity bombs, no surprises from a hostile report).



const errorSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    line: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    severity: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    source: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
});
const reportSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    checkstyle: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        file: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), error: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(errorSchema).optional() })),
    }),
});
const PREDEFINED = new Map([
    ['lt', '<'],
    ['gt', '>'],
    ['amp', '&'],
    ['quot', '"'],
    ['apos', "'"],
]);
/** The standard XML references, in one pass so `&amp;lt;` stays `&lt;`; anything else is left as is. */
function decodeXmlReferences(text) {
    return text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));/g, (match, dec, hex, name) => {
        if (name !== undefined)
            return PREDEFINED.get(name) ?? match;
        const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    });
}
function createParser() {
    return new fast_xml_parser__WEBPACK_IMPORTED_MODULE_2__/* ["default"] */ .A({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        parseAttributeValue: false,
        parseTagValue: false,
        isArray: (_name, jpath) => jpath === 'checkstyle.file' || jpath === 'checkstyle.file.error',
        entityDecoder: {
            decode: decodeXmlReferences,
            addInputEntities: () => undefined,
            setExternalEntities: () => undefined,
            reset: () => undefined,
            setXmlVersion: () => undefined,
        },
    });
}
function parseCheckstyle(output, options) {
    if (output.trim() === '')
        return { findings: [], error: 'checkstyle output is empty (expected XML)' };
    const valid = fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__/* .XMLValidator */ .iI.validate(output);
    if (valid !== true) {
        const { msg, line } = valid.err;
        return { findings: [], error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`checkstyle output is not XML: line ${line}: ${msg}`) };
    }
    let xml;
    try {
        xml = createParser().parse(output);
    }
    catch (error) {
        return { findings: [], error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`checkstyle output is not XML: ${String(error)}`) };
    }
    const parsed = reportSchema.safeParse(withFileList(xml));
    if (!parsed.success)
        return {
            findings: [],
            error: (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(`checkstyle output has an unexpected shape: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .firstIssue */ .OE)(parsed.error)}`),
        };
    const findings = [];
    for (const file of parsed.data.checkstyle.file) {
        const path = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPath */ .qN)(options.workspace, file.name, options.cwd);
        if (path === undefined)
            continue;
        for (const error of file.error ?? []) {
            const finding = toFinding(path, error, options);
            if (finding)
                findings.push(finding);
        }
    }
    return { findings };
}
/** `<checkstyle/>` (nothing checked) parses to an empty string; it is a report with no files. */
function withFileList(xml) {
    if (typeof xml !== 'object' || xml === null || !('checkstyle' in xml))
        return xml;
    const root = xml.checkstyle;
    if (typeof root === 'object' && root !== null && 'file' in root)
        return xml;
    return { ...xml, checkstyle: { ...(typeof root === 'object' ? root : {}), file: [] } };
}
function toFinding(path, error, options) {
    const severity = toSeverity(error.severity);
    // line 0 or none: a problem with the whole file (ESLint writes 0), nothing to anchor it to.
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(error.line);
    if (severity === undefined || line === undefined)
        return undefined;
    const rule = ruleOf(error.source);
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .makeFinding */ .MH)({ rule, severity, message: messageOf(error.message, rule), path, line }, options);
}
/**
 * ESLint's formatter writes `eslint.rules.<ruleId>` and ShellCheck `ShellCheck.SC2086`; the prefix
 * goes, so a rule has the name the tool's docs and its other formats use (and the same fingerprints
 * as with ESLint's --format json). Other sources are kept as written.
 */
function ruleOf(source) {
    const rule = source?.trim().replace(/^(?:eslint\.rules|ShellCheck)\./, '') ?? '';
    return rule === '' ? 'checkstyle' : rule;
}
/** ESLint's formatter also appends ` (<ruleId>)` to the message; that copy of the rule goes too. */
function messageOf(message, rule) {
    const text = message ?? '';
    const suffix = ` (${rule})`;
    return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}
/** Checkstyle's own default severity is error; `ignore` means the check is off. */
function toSeverity(severity) {
    switch (severity?.trim().toLowerCase()) {
        case undefined:
        case '':
        case 'error':
            return 'error';
        case 'warning':
            return 'warning';
        case 'ignore':
            return undefined;
        default:
            return 'notice';
    }
}
//# sourceMappingURL=checkstyle.js.map

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

//# sourceMappingURL=739.index.js.map