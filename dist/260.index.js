export const id = 260;
export const ids = [260];
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

/***/ 3260:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   compileProblemMatchers: () => (/* binding */ compileProblemMatchers),
/* harmony export */   createProblemMatcherParser: () => (/* binding */ createProblemMatcherParser)
/* harmony export */ });
/* unused harmony exports MAX_LINE_CHARS, MAX_LINES */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88343);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3039);
// GitHub Actions problem matchers (the JSON `::add-matcher::` reads) → findings. Validation and
// matching follow actions/runner (IssueMatcher.cs, OutputManager.cs): the same config rules, the same
// multi-line state machine with `loop`, the same severities. Differences: `endLine` is accepted too
// (VS Code has it), files are not checked for existence, and the input is capped (see below).



/**
 * Caps against runaway regexes (the runner has a 1 s match timeout instead, which JavaScript cannot
 * have): only the first MAX_LINE_CHARS characters of a line are matched, and reading stops after
 * MAX_LINES lines, keeping what was found and saying so in the error.
 */
const MAX_LINE_CHARS = 4096;
const MAX_LINES = 100_000;
// Colour codes, which the runner means to strip (`ESC[…m`), plus erase-line (`ESC[K`) that gcc adds.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]?/g;
const FIELDS = ['file', 'fromPath', 'line', 'endLine', 'column', 'severity', 'code', 'message'];
const groupSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().optional();
const patternSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    regexp: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    file: groupSchema,
    fromPath: groupSchema,
    line: groupSchema,
    endLine: groupSchema,
    column: groupSchema,
    severity: groupSchema,
    code: groupSchema,
    message: groupSchema,
    loop: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
});
const configSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    problemMatcher: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ owner: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), severity: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(), pattern: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(patternSchema) })),
});
/**
 * Validates a problem-matcher file (its JSON text or the parsed value) as the runner does and
 * compiles its regexps. Errors are one line and name the matcher's owner and pattern index.
 */
function compileProblemMatchers(config) {
    const json = typeof config === 'string' ? (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonText */ .lk)(config, 'problem matcher file') : { ok: true, value: config };
    if (!json.ok)
        return json;
    const parsed = configSchema.safeParse(json.value);
    if (!parsed.success)
        return { ok: false, error: shapeError(json.value, parsed.error) };
    if (parsed.data.problemMatcher.length === 0)
        return { ok: false, error: 'problem matcher file has no matchers in problemMatcher' };
    const owners = new Set();
    const matchers = [];
    for (const config of parsed.data.problemMatcher) {
        const { owner } = config;
        if (owners.has(owner.toLowerCase()))
            return {
                ok: false,
                error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`problem matcher '${owner}' is defined twice (owners are case-insensitive)`),
            };
        owners.add(owner.toLowerCase());
        const severity = config.severity ?? '';
        if (!['', 'error', 'warning', 'notice'].includes(severity.toLowerCase()))
            return {
                ok: false,
                error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`problem matcher '${owner}': default severity '${severity}' is not error, warning or notice`),
            };
        const patterns = compilePatterns(config.pattern);
        if (typeof patterns === 'string')
            return { ok: false, error: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`problem matcher '${owner}' ${patterns}`) };
        matchers.push({ owner, severity, patterns });
    }
    return { ok: true, matchers };
}
/** The patterns compiled, or what is wrong (`pattern[1]: …`). */
function compilePatterns(configs) {
    if (configs.length === 0)
        return 'has no patterns';
    const seen = new Set();
    const patterns = [];
    for (const [index, config] of configs.entries()) {
        const where = `pattern[${index}]`;
        const isLast = index === configs.length - 1;
        if (config.loop === true && (index === 0 || !isLast))
            return `${where}: only the last pattern of a multi-line matcher may set 'loop'`;
        if (config.loop === true && config.message === undefined)
            return `${where}: the loop pattern must set 'message'`;
        let regexp;
        try {
            regexp = new RegExp(config.regexp);
        }
        catch (error) {
            return `${where}: invalid regexp: ${String(error)}`;
        }
        // Capture groups, counting group 0: an empty alternative makes any regexp match ''.
        const groups = new RegExp(`${config.regexp}|`).exec('')?.length ?? 1;
        const pattern = { regexp, loop: config.loop === true };
        for (const field of FIELDS) {
            const group = config[field];
            if (group === undefined)
                continue;
            if (seen.has(field))
                return `${where}: '${field}' is set twice`;
            if (group < 0 || group >= groups)
                return `${where}: '${field}' is group ${group}, but the regexp has ${groups - 1} groups`;
            seen.add(field);
            pattern[field] = group;
        }
        patterns.push(pattern);
    }
    if (!seen.has('message'))
        return "has no pattern that sets 'message'";
    return patterns;
}
function shapeError(value, error) {
    const [key, index] = error.issues[0]?.path ?? [];
    const owner = key === 'problemMatcher' && typeof index === 'number'
        ? value.problemMatcher[index]?.owner
        : undefined;
    const which = typeof owner === 'string' && owner !== '' ? ` (matcher '${owner}')` : '';
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`problem matcher file has an unexpected shape${which}: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .firstIssue */ .OE)(error)}`);
}
/** A parser that runs the matchers over the output, as the runner runs them over a step's log. */
function createProblemMatcherParser(matchers) {
    return (output, options) => parseWithMatchers(output, matchers, options);
}
function parseWithMatchers(output, matchers, options) {
    const states = matchers.map((matcher) => new MatcherState(matcher));
    const findings = [];
    const lines = output.split('\n');
    for (const raw of lines.slice(0, MAX_LINES)) {
        const line = raw.replace(/\r$/, '').replace(ANSI, '').slice(0, MAX_LINE_CHARS);
        for (const state of states) {
            const match = state.match(line);
            if (match === undefined)
                continue;
            for (const other of states)
                if (other !== state)
                    other.reset();
            const issue = toIssue(match, state.matcher.owner);
            if (issue === undefined)
                continue;
            const finding = toFinding(issue, options);
            if (finding)
                findings.push(finding);
            break;
        }
    }
    if (lines.length > MAX_LINES)
        return {
            findings,
            error: `output has ${lines.length} lines; the problem matcher read the first ${MAX_LINES}`,
        };
    return { findings };
}
/** One matcher and its running multi-line match: IssueMatcher.Match, state by state. */
class MatcherState {
    matcher;
    running;
    constructor(matcher) {
        this.matcher = matcher;
        this.running = this.empty();
    }
    reset() {
        this.running = this.empty();
    }
    match(line) {
        const { patterns, severity } = this.matcher;
        if (patterns.length === 1) {
            const [pattern] = patterns;
            const groups = pattern.regexp.exec(line);
            return groups ? withDefaultSeverity(capture(groups, pattern), severity) : undefined;
        }
        // Last pattern first, so a line advances a running match by one pattern at most.
        for (let i = patterns.length - 1; i >= 0; i--) {
            const runningMatch = i > 0 ? this.running[i - 1] : undefined;
            if (i > 0 && runningMatch === undefined)
                continue;
            const pattern = patterns[i];
            const isLast = i === patterns.length - 1;
            const groups = pattern.regexp.exec(line);
            if (!groups) {
                // A line the last pattern misses ends the running match; one an earlier pattern misses, its stage.
                this.running[isLast ? i - 1 : i] = undefined;
            }
            else if (!isLast) {
                this.running[i] = capture(groups, pattern, runningMatch);
            }
            else {
                // A loop keeps the lines before it, so the next line may match the last pattern again.
                this.reset();
                if (pattern.loop)
                    this.running[i - 1] = runningMatch;
                return withDefaultSeverity(capture(groups, pattern, runningMatch), severity);
            }
        }
        return undefined;
    }
    empty() {
        return new Array(Math.max(0, this.matcher.patterns.length - 1)).fill(undefined);
    }
}
/** Each field comes from the one pattern that names its group: earlier lines first, then this one. */
function capture(groups, pattern, running) {
    const captures = {};
    for (const field of FIELDS) {
        const index = pattern[field];
        const value = running?.[field] ?? (index === undefined ? undefined : (groups[index] ?? ''));
        if (value !== undefined)
            captures[field] = value;
    }
    return captures;
}
function withDefaultSeverity(captures, severity) {
    return (captures.severity ?? '') === '' && severity !== '' ? { ...captures, severity } : captures;
}
/** OutputManager.ConvertToIssue: no message or an unknown severity (e.g. `info`) is no issue. */
function toIssue(captures, owner) {
    // Trimmed: a stylish-like `(.*)\s\s+(.*)` leaves the column padding on the message.
    const message = (captures.message ?? '').trim();
    const severity = toSeverity(captures.severity ?? '');
    if (message === '' || severity === undefined)
        return undefined;
    const code = captures.code?.trim() ?? '';
    return { captures, severity, message, rule: code === '' ? owner : code };
}
function toSeverity(severity) {
    switch (severity.toLowerCase()) {
        case '':
        case 'error':
            return 'error';
        case 'warning':
            return 'warning';
        case 'notice':
            return 'notice';
        default:
            return undefined;
    }
}
/** An issue with a line and a file in the workspace; a relative file is taken from fromPath's folder. */
function toFinding(issue, options) {
    const { captures } = issue;
    const line = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .lineNumber */ .eT)(captures.line);
    const file = (captures.file ?? '').trim().replace(/\\/g, '/');
    if (line === undefined || file === '')
        return undefined;
    const fromPath = (captures.fromPath ?? '').trim().replace(/\\/g, '/');
    const rooted = fromPath !== '' && !node_path__WEBPACK_IMPORTED_MODULE_0__.posix.isAbsolute(file)
        ? node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(fromPath), file)
        : file;
    const repoFile = (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .repoPath */ .qN)(options.workspace, rooted, options.cwd);
    if (repoFile === undefined)
        return undefined;
    const fields = { rule: issue.rule, severity: issue.severity, message: issue.message, path: repoFile, line };
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .makeFinding */ .MH)({ ...fields, endLine: (0,_common_js__WEBPACK_IMPORTED_MODULE_1__/* .lineNumber */ .eT)(captures.endLine) }, options);
}
//# sourceMappingURL=problem-matcher.js.map

/***/ })

};

//# sourceMappingURL=260.index.js.map