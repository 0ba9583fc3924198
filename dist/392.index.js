export const id = 392;
export const ids = [392];
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

/***/ 36392:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseGnu: () => (/* binding */ parseGnu)
/* harmony export */ });
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3039);

// The file part has no spaces or colons, so `http://x:80:` and `12:30:45` cannot pass for one, and
// must look like a path (below). After the line: `:col`, mypy's `:col:endLine:endCol`, or the GNU
// `.col`, `.col-endLine.endCol`, `.col-endCol` and `-endLine`. go vet prefixes type errors `vet: `.
const DIAGNOSTIC = new RegExp([
    /^(?<vet>vet: )?(?<file>[^\s:]+):(?<line>\d+)/.source,
    /(?::\d+(?::(?<mypyEnd>\d+):\d+)?|\.\d+(?:-(?:(?<gnuEnd>\d+)\.\d+|\d+))?|-(?<lineEnd>\d+))?/.source,
    /:\s+(?<text>\S.*)$/.source,
].join(''));
// An extension that starts with a letter (`.py`, `.c++`, not `v1.2`), a directory, or a known name.
const PATH_LIKE = /(?:\/|\.[A-Za-z][\w+-]*$|^(?:GNUmakefile|Makefile|Dockerfile|Containerfile|Jenkinsfile)$)/;
const SEVERITY_WORD = /^(?<word>fatal error|error|warning|note|info|style|remark):\s*/i;
// flake8, pycodestyle, ruff and pylint put the code first (`F401`, `PLR0913`, `C0114:`); ruff then
// marks what `--fix` can repair with `[*]`.
const LEADING_CODE = /^(?<code>[A-Z]{1,6}\d{1,5}):?\s+(?:\[\*\]\s+)?(?=\S)/;
// mypy (`  [assignment]`), shellcheck (`[SC2086]`), gcc and clang (`[-Wunused-variable]`) put it last,
// after a space (checked apart: a `\s+` here would backtrack quadratically on a run of spaces).
const TRAILING_CODE = /\[(?<code>-W[\w=+-]+|[A-Za-z][\w.:/-]*)\]$/;
// pyflakes' syntax errors (E9, F63, F7) and undefined names (F82) break the program when it runs.
const BREAKING_CODE = /^(?:E9|F63|F7|F82)\d*$/;
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
function parseGnu(output, options) {
    const findings = [];
    // The last error or warning read, with its finding (undefined when dropped): the notes without a
    // code of their own that mypy, gcc and clang print after one are more of its message.
    let explained;
    for (const raw of output.split('\n')) {
        const diagnostic = readDiagnostic(raw.replace(/\r$/, '').replace(ANSI, ''));
        if (!diagnostic)
            continue;
        if (explained && explains(explained.diagnostic, diagnostic)) {
            if (explained.finding)
                explained.finding.message += `\n${noteText(explained.diagnostic, diagnostic)}`;
            continue;
        }
        const finding = toFinding(diagnostic, options);
        if (finding)
            findings.push(finding);
        explained = toSeverity(diagnostic) === 'notice' ? undefined : { diagnostic, finding };
    }
    return { findings };
}
/**
 * A note without a code of its own explains the error before it when it is at the same place or
 * points back (gcc's `declared here`, mypy's `defined here`: an earlier line or another file); one
 * further down the same file is news of its own (mypy's `Revealed type is …`).
 */
function explains(finding, note) {
    if (note.word !== 'note' || note.code !== undefined)
        return false;
    return note.file !== finding.file || note.line <= finding.line;
}
/** `note: …`, with where it points when that is elsewhere. */
function noteText(finding, note) {
    const elsewhere = note.file !== finding.file || note.line !== finding.line;
    return elsewhere ? `note: ${note.file}:${note.line}: ${note.message}` : `note: ${note.message}`;
}
function readDiagnostic(line) {
    const groups = DIAGNOSTIC.exec(line)?.groups;
    const file = groups?.file ?? '';
    const lineNo = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(groups?.line);
    if (!groups || lineNo === undefined || !PATH_LIKE.test(file))
        return undefined;
    const printed = (groups.text ?? '').trimEnd();
    const word = SEVERITY_WORD.exec(printed)?.groups?.word?.toLowerCase();
    const { code, message } = splitCode(printed.replace(SEVERITY_WORD, ''));
    const end = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .lineNumber */ .eT)(groups.mypyEnd ?? groups.gnuEnd ?? groups.lineEnd);
    return {
        file,
        line: lineNo,
        endLine: end,
        word,
        code,
        message: message === '' ? printed : message,
        vet: groups.vet !== undefined,
    };
}
/** The check's code, leading or trailing, apart from the message. */
function splitCode(text) {
    const leading = LEADING_CODE.exec(text);
    if (leading)
        return { code: leading.groups?.code, message: text.slice(leading[0].length).trim() };
    const trailing = TRAILING_CODE.exec(text);
    if (trailing && /\s/.test(text.charAt(trailing.index - 1)))
        return { code: trailing.groups?.code, message: text.slice(0, trailing.index).trim() };
    return { code: undefined, message: text.trim() };
}
function toFinding(diagnostic, options) {
    const path = (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPath */ .qN)(options.workspace, diagnostic.file, options.cwd);
    if (path === undefined)
        return undefined;
    const fields = {
        // -Werror= turns a warning into an error; the check is the same one, so is its rule.
        rule: diagnostic.code?.replace(/^-Werror=/, '-W') ?? options.source,
        severity: toSeverity(diagnostic),
        message: diagnostic.message,
        path,
        line: diagnostic.line,
        endLine: diagnostic.endLine,
    };
    return (0,_common_js__WEBPACK_IMPORTED_MODULE_0__/* .makeFinding */ .MH)(fields, options);
}
function toSeverity(diagnostic) {
    switch (diagnostic.word) {
        case 'error':
        case 'fatal error':
            return 'error';
        case 'warning':
            return 'warning';
        case 'note':
        case 'info':
        case 'style':
        case 'remark':
            return 'notice';
    }
    // go vet prints `vet: ` before the type errors that kept it from checking a package.
    if (diagnostic.vet)
        return 'error';
    if (diagnostic.code !== undefined && BREAKING_CODE.test(diagnostic.code))
        return 'error';
    return 'warning';
}
//# sourceMappingURL=gnu.js.map

/***/ })

};

//# sourceMappingURL=392.index.js.map