export const id = 473;
export const ids = [473];
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

/***/ 17473:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseSarif: () => (/* binding */ parseSarif)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3039);
// SARIF 2.1.0 (any tool) → findings: each run's results, plus tool notifications at level error (an
// ESLint parse error is one). Results without a file and line in the workspace have no anchor and
// are dropped, as are suppressed, fixed (baselineState absent), passing and not-applicable results.



// Only the fields we use; SARIF has many more, which pass.
const artifactLocationSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    uri: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    uriBaseId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    index: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(),
});
const locationSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    physicalLocation: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        artifactLocation: artifactLocationSchema.optional(),
        region: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ startLine: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(), endLine: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional() }).optional(),
    })
        .optional(),
});
const messageSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    text: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    arguments: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()).optional(),
});
const ruleSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    defaultConfiguration: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ level: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional() }).optional(),
    messageStrings: zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ text: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional() })).optional(),
});
const componentSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ rules: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(ruleSchema).optional() });
const resultSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    ruleId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    ruleIndex: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(),
    rule: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
        index: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(),
        toolComponent: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ index: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional() }).optional(),
    })
        .optional(),
    kind: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    level: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    message: messageSchema,
    locations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(locationSchema).optional(),
    suppressions: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional() })).optional(),
    baselineState: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
});
const notificationSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    level: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    message: messageSchema,
    locations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(locationSchema).optional(),
    descriptor: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional() }).optional(),
});
const runSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    tool: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ driver: componentSchema, extensions: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(componentSchema).optional() }).optional(),
    results: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(resultSchema).nullish(),
    originalUriBaseIds: zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), artifactLocationSchema).optional(),
    artifacts: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ location: artifactLocationSchema.optional() })).nullish(),
    invocations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        toolExecutionNotifications: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(notificationSchema).optional(),
        toolConfigurationNotifications: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(notificationSchema).optional(),
    }))
        .optional(),
});
const logSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ runs: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(runSchema) });
function parseSarif(output, options) {
    if (output.trim() === '')
        return { findings: [], error: 'SARIF output is empty (expected a SARIF log)' };
    const json = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonText */ .lk)(output, 'SARIF output');
    if (!json.ok)
        return { findings: [], error: json.error };
    const parsed = logSchema.safeParse(json.value);
    if (!parsed.success)
        return {
            findings: [],
            error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`SARIF output has an unexpected shape: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .firstIssue */ .OE)(parsed.error)}`),
        };
    const findings = [];
    for (const run of parsed.data.runs) {
        for (const result of run.results ?? []) {
            const finding = resultFinding(result, run, options);
            if (finding)
                findings.push(finding);
        }
        findings.push(...notificationFindings(run, options));
    }
    return { findings };
}
function resultFinding(result, run, options) {
    if (result.kind === 'pass' || result.kind === 'notApplicable' || result.baselineState === 'absent')
        return undefined;
    if (isSuppressed(result))
        return undefined;
    const rule = ruleOf(result, run);
    const ruleId = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(result.ruleId) ?? (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(result.rule?.id) ?? (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(rule?.id) ?? 'sarif';
    // §3.27.10: a result of another kind than fail has level none; else the rule's default, else warning.
    const failing = result.kind === undefined || result.kind === 'fail';
    const level = result.level ?? (failing ? rule?.defaultConfiguration?.level : 'none') ?? 'warning';
    const message = messageText(result.message, rule) ?? ruleId;
    return locatedFinding(result.locations?.[0], run, options, {
        rule: ruleId,
        severity: toSeverity(level),
        message,
    });
}
/** Accepted (or status-less) suppressions hide a result; ones under review or rejected do not. */
function isSuppressed(result) {
    return (result.suppressions ?? []).some((s) => s.status === undefined || s.status === 'accepted');
}
/** Tool notifications at level error with a location: the tool could not check that spot. */
function notificationFindings(run, options) {
    const findings = [];
    for (const invocation of run.invocations ?? []) {
        const notifications = [
            ...(invocation.toolExecutionNotifications ?? []),
            ...(invocation.toolConfigurationNotifications ?? []),
        ];
        for (const notification of notifications) {
            if (notification.level !== 'error')
                continue;
            const rule = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(notification.descriptor?.id) ?? 'sarif/tool-error';
            const message = messageText(notification.message, undefined) ?? rule;
            const fields = { rule, severity: 'error', message };
            const finding = locatedFinding(notification.locations?.[0], run, options, fields);
            if (finding)
                findings.push(finding);
        }
    }
    return findings;
}
function locatedFinding(location, run, options, fields) {
    const physical = location?.physicalLocation;
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .lineNumber */ .eT)(physical?.region?.startLine);
    const artifact = physical?.artifactLocation;
    if (line === undefined || artifact === undefined)
        return undefined;
    const file = artifactPath(artifact, run, options.workspace, options.cwd);
    if (file === undefined)
        return undefined;
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .makeFinding */ .MH)({ ...fields, path: file, line, endLine: physical?.region?.endLine }, options);
}
/** The rule's descriptor, by index (into the driver or the extension named by toolComponent) or id. */
function ruleOf(result, run) {
    const componentIndex = result.rule?.toolComponent?.index;
    const component = componentIndex === undefined ? run.tool?.driver : run.tool?.extensions?.[componentIndex];
    const rules = component?.rules ?? [];
    const index = result.ruleIndex ?? result.rule?.index;
    if (index !== undefined && rules[index] !== undefined)
        return rules[index];
    const id = result.ruleId ?? result.rule?.id;
    return id === undefined ? undefined : rules.find((rule) => rule.id === id);
}
/** message.text, else the rule's message string for message.id with {0}… filled from arguments. */
function messageText(message, rule) {
    const text = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .nonBlank */ .GT)(message.text);
    if (text !== undefined)
        return text;
    const template = message.id === undefined ? undefined : rule?.messageStrings?.[message.id]?.text;
    if (template === undefined)
        return undefined;
    return template.replace(/\{(\d+)\}/g, (match, n) => message.arguments?.[Number(n)] ?? match);
}
/** error | warning | note | none; an unknown level is treated as the default, warning. */
function toSeverity(level) {
    if (level === 'error')
        return 'error';
    if (level === 'note' || level === 'none')
        return 'notice';
    return 'warning';
}
const MAX_BASE_DEPTH = 10;
/**
 * The repository path of an artifact location: its uri (or the run's artifacts[index] uri), resolved
 * against its uriBaseId through run.originalUriBaseIds. A base the log leaves undefined (e.g.
 * %SRCROOT%) is the workspace, as is the base of a relative uri without one.
 */
function artifactPath(artifact, run, workspace, cwd) {
    const location = artifact.uri === undefined && artifact.index !== undefined
        ? run.artifacts?.[artifact.index]?.location
        : artifact;
    if (location?.uri === undefined)
        return undefined;
    const uri = absoluteUri(location.uri, location.uriBaseId, run, 0);
    if (!hasScheme(uri))
        return (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .repoPath */ .qN)(workspace, decodeUri(uri), cwd);
    const file = fileUrl(uri);
    return file === undefined ? undefined : (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .repoPath */ .qN)(workspace, file);
}
/** A `file:` URI in the `file:///…` form repoPath reads (`file:/a` is the same file); else undefined. */
function fileUrl(uri) {
    try {
        const url = new URL(uri);
        return url.protocol === 'file:' ? url.href : undefined;
    }
    catch {
        return undefined;
    }
}
/** uri resolved against its base chain, or left relative when a base is unknown or relative. */
function absoluteUri(uri, baseId, run, depth) {
    if (hasScheme(uri) || baseId === undefined || depth > MAX_BASE_DEPTH)
        return uri;
    const base = run.originalUriBaseIds?.[baseId];
    if (base?.uri === undefined)
        return uri;
    const baseUri = absoluteUri(base.uri, base.uriBaseId, run, depth + 1);
    if (!hasScheme(baseUri))
        return node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(baseUri, uri);
    try {
        return new URL(uri, baseUri.endsWith('/') ? baseUri : `${baseUri}/`).href;
    }
    catch {
        return uri;
    }
}
/** `file:`, `https:`…; a single letter is a Windows drive (`C:/src`), not a scheme. */
function hasScheme(uri) {
    return /^[a-z][a-z0-9+.-]+:/i.test(uri);
}
function decodeUri(uri) {
    try {
        return decodeURIComponent(uri);
    }
    catch {
        return uri;
    }
}
//# sourceMappingURL=sarif.js.map

/***/ })

};

//# sourceMappingURL=473.index.js.map