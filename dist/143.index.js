export const id = 143;
export const ids = [143];
export const modules = {

/***/ 88143:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ formatPath),
/* harmony export */   parseConfigWithInput: () => (/* binding */ parseConfigWithInput)
/* harmony export */ });
/* unused harmony export parseConfigText */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34478);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(11925);
// Reads `.github/kilo.yml` (YAML), validates it with the one schema, and reports problems as one
// line each that names the file, line and key path: `.github/kilo.yml:12 tasks.analyze[1].run: required`.



function parseConfigText(text, file) {
    return parseConfigWithInput(text, file).config;
}
/** The validated config and the file's own values before defaults (for `config --print` provenance). */
function parseConfigWithInput(text, file) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const syntax = doc.errors[0];
    if (syntax) {
        const line = syntax.linePos?.[0]?.line;
        const message = syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KiloError */ .aJ('CONFIG_INVALID', `${file}${line ? `:${line}` : ''} YAML syntax error: ${message}`);
    }
    let raw;
    try {
        // Aliases resolve here, not in the parse: one without its anchor, or an alias flood.
        raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
    }
    catch (error) {
        const message = (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .getErrorMessage */ .u1)(error).split('\n')[0];
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KiloError */ .aJ('CONFIG_INVALID', `${file} YAML error: ${message}`);
    }
    const result = _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .configSchema */ .Qn.safeParse(raw);
    if (result.success)
        return { config: result.data, input: raw };
    const lineOf = (path) => {
        for (let depth = path.length; depth >= 0; depth--) {
            const node = doc.getIn(path.slice(0, depth), true);
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isNode */ .Ll)(node) && node.range)
                return lineCounter.linePos(node.range[0]).line;
        }
        return undefined;
    };
    const lines = result.error.issues.map((issue) => formatIssue(issue, file, lineOf));
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KiloError */ .aJ('CONFIG_INVALID', lines.join('\n'));
}
function formatIssue(issue, file, lineOf) {
    const path = issue.path;
    const line = lineOf(path);
    const where = `${file}${line ? `:${line}` : ''}`;
    if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.join(', ');
        const at = path.length ? `${formatPath(path)}: ` : '';
        return `${where} ${at}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (check the spelling; see docs/configuration.md)`;
    }
    const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'required' : issue.message;
    // One line per problem, even when the message quotes a value with a line break in it.
    return `${where} ${formatPath(path) || '(root)'}: ${message.replace(/\r?\n/g, '\\n')}`;
}
/** ['tasks', 'analyze', 1, 'run'] → `tasks.analyze[1].run` */
function formatPath(path) {
    let out = '';
    for (const part of path) {
        if (typeof part === 'number')
            out += `[${part}]`;
        else
            out += out ? `.${String(part)}` : String(part);
    }
    return out;
}
//# sourceMappingURL=parse-config.js.map

/***/ })

};

//# sourceMappingURL=143.index.js.map