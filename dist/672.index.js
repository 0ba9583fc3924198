export const id = 672;
export const ids = [672,143];
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

/***/ }),

/***/ 29672:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   configProvenance: () => (/* binding */ configProvenance),
/* harmony export */   configYamlWithSources: () => (/* binding */ configYamlWithSources)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _parse_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88143);
// Where each value of the effective config came from, and the YAML `config --print` shows with it.
// The file and detection never mix (a file replaces detection), so each leaf has exactly one source.


/**
 * One entry per leaf of `config`, keyed by dotted path (`policy.budgets.comments`). Lists of strings and
 * empty lists are leaves; a list of tasks is walked, so a task from the file shows its defaulted keys
 * (`tasks.analyze[0].format`) as `default`.
 */
function configProvenance(config, fileInput, detectedInput) {
    const sources = new Map();
    const visit = (value, path) => {
        // An empty object (e.g. `policy.limits: {}`) is a leaf: it has no keys of its own to annotate.
        if ((isRecord(value) && Object.keys(value).length > 0) ||
            (Array.isArray(value) && value.some(isRecord))) {
            for (const [key, child] of Object.entries(value))
                visit(child, [...path, toKey(value, key)]);
            return;
        }
        const source = valueAt(fileInput, path) !== undefined
            ? 'file'
            : valueAt(detectedInput, path) !== undefined
                ? 'detected'
                : 'default';
        sources.set((0,_parse_config_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPath */ .j)(path), source);
    };
    visit(config, []);
    return sources;
}
/** The config as YAML where every leaf line ends with `# file`, `# detected` or `# default`. */
function configYamlWithSources(config, sources) {
    const doc = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Document */ .yo(config);
    const annotate = (node, path) => {
        const source = sources.get((0,_parse_config_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPath */ .j)(path));
        if (source && ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) || ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node) && node.items.length === 0))) {
            // A one-line flow list (or `{}`) keeps "one leaf, one line, one comment".
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
                node.flow = true;
            node.comment = ` ${source}`;
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            for (const pair of node.items)
                annotate(pair.value, [...path, String((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? pair.key.value : pair.key)]);
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
            node.items.forEach((item, index) => annotate(item, [...path, index]));
        }
    };
    annotate(doc.contents, []);
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
function valueAt(root, path) {
    let node = root;
    for (const key of path) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[key];
    }
    return node;
}
function toKey(container, key) {
    return Array.isArray(container) ? Number(key) : key;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
//# sourceMappingURL=provenance.js.map

/***/ })

};

//# sourceMappingURL=672.index.js.map