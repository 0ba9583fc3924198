// Turns a file's Ruff configuration into the options the WebAssembly Workspace takes. The Workspace
// reads ruff's own option names but knows no paths (it lints a file named `<filename>`) and reads no
// disk, so what depends on a file's path or the tree is done here: per-file-ignores and
// per-file-target-version become options for that one file, force-exclude skips files, `src` becomes
// isort's known-first-party. `extend` layers merge as in ruff, simplified: the extending file wins key
// by key, rule lists chain (a `select` resets the base's selection), `extend-*` lists add up.
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { PYTHON_STDLIB_MODULES } from './python-stdlib.js';
import type { RuffConfig, RuffLayer, Table } from './ruff-config.js';
import { asTable } from './ruff-config.js';
import { builtinMatcher, isExcluded, matchesPath, pathMatcher, type PathMatcher } from './ruff-paths.js';

/** The option names this build of ruff knows, from `Workspace.defaultSettings()`. */
export interface KnownKeys {
  top: ReadonlySet<string>;
  lint: ReadonlySet<string>;
  format: ReadonlySet<string>;
}

export interface RuffSettings {
  /** The config file, for messages; undefined for ruff's defaults. */
  file?: string;
  root: string;
  /** Options for every file; path-dependent keys removed. */
  options: Table;
  perFileIgnores: { matcher: PathMatcher; codes: string[] }[];
  perFileTargetVersion: { matcher: PathMatcher; version: string }[];
  forceExclude: boolean;
  exclude: PathMatcher[];
  lintExclude: PathMatcher[];
  formatExclude: PathMatcher[];
  /** Keys ignored, one line each (`tool.ruff.lint.foo is not an option of this ruff; ignored`). */
  warnings: string[];
}

// ruff's defaults for `exclude`: matched by directory or file name.
const DEFAULT_EXCLUDE = [
  '.bzr', '.direnv', '.eggs', '.git', '.git-rewrite', '.hg', '.ipynb_checkpoints', '.mypy_cache', '.nox',
  '.pants.d', '.pyenv', '.pytest_cache', '.pytype', '.ruff_cache', '.svn', '.tox', '.venv', '.vscode',
  '__pypackages__', '_build', 'buck-out', 'dist', 'node_modules', 'site-packages', 'venv',
]; // prettier-ignore

/** Lint keys also allowed at the top level (deprecated there); `exclude` and `preview` mean other things. */
const TOP_LEVEL_ONLY = new Set(['exclude', 'preview']);
/** A later layer's `select` (`fixable`) starts the rule selection (fixability) afresh. */
const RESETS: Record<string, readonly string[]> = {
  select: ['ignore', 'extend-select', 'extend-ignore'],
  fixable: ['unfixable', 'extend-fixable', 'extend-unfixable'],
};
const CHAINED = new Set([
  'ignore', 'extend-select', 'extend-ignore', 'unfixable', 'extend-fixable', 'extend-unfixable',
  'extend-safe-fixes', 'extend-unsafe-fixes',
]); // prettier-ignore

/** `display` names a config file in warnings (relative to the working directory). */
export function resolveSettings(
  config: RuffConfig,
  known: KnownKeys,
  display: (file: string) => string,
): RuffSettings {
  const settings: RuffSettings = {
    ...(config.file ? { file: config.file } : {}),
    root: config.root,
    options: {},
    perFileIgnores: [],
    perFileTargetVersion: [],
    forceExclude: false,
    exclude: DEFAULT_EXCLUDE.map(builtinMatcher),
    lintExclude: [],
    formatExclude: [],
    warnings: [],
  };
  const paths: PathKeys = {
    perFileIgnores: [],
    extendPerFileIgnores: [],
    exclude: settings.exclude,
    extendExclude: [],
  };
  let src = ['.', 'src'].map((dir) => path.join(config.root, dir));
  for (const layer of config.layers) {
    const table = normalize(layer, known, display(layer.file), settings.warnings);
    src = takePaths(layer, table, settings, paths) ?? src;
    settings.options = mergeTop(settings.options, table);
  }
  // As ruff: a layer's own list replaces the base's, the extend- lists of every layer add up.
  settings.perFileIgnores = [...paths.perFileIgnores, ...paths.extendPerFileIgnores];
  settings.exclude = [...paths.exclude, ...paths.extendExclude];
  if (settings.options['target-version'] === undefined && config.inferredTargetVersion)
    settings.options['target-version'] = config.inferredTargetVersion;
  // Diagnostics carry rule codes, also in preview (which would print rule names): the analyzer keys on them.
  settings.options['output-prefer-rule-codes'] = true;
  addFirstPartyModules(settings.options, src);
  return settings;
}

/** The options for one file (absolute path): its per-file ignores and target version applied. */
export function optionsForFile(settings: RuffSettings, file: string): Table {
  const codes = settings.perFileIgnores
    .filter((rule) => matchesPath(rule.matcher, file))
    .flatMap((r) => r.codes);
  const version = settings.perFileTargetVersion.find((rule) => matchesPath(rule.matcher, file))?.version;
  if (codes.length === 0 && version === undefined) return settings.options;
  const options: Table = { ...settings.options };
  // The Workspace's file is `<filename>`; `*` matches that name, so these codes apply to it alone.
  if (codes.length > 0)
    options.lint = { ...asTable(options.lint), 'per-file-ignores': { '*': [...new Set(codes)] } };
  if (version !== undefined) options['target-version'] = version;
  return options;
}

/** With force-exclude, ruff skips an excluded file even when it is named on the command line. */
export function isFileExcluded(settings: RuffSettings, file: string, mode: 'check' | 'format'): boolean {
  if (!settings.forceExclude) return false;
  if (isExcluded(file, settings.root, settings.exclude)) return true;
  const own = mode === 'check' ? settings.lintExclude : settings.formatExclude;
  return own.some((matcher) => matchesPath(matcher, file));
}

/** A copy of the layer's table with unknown keys dropped and deprecated top-level lint keys under `lint`. */
function normalize(layer: RuffLayer, known: KnownKeys, shown: string, warnings: string[]): Table {
  const prefix = path.basename(layer.file) === 'pyproject.toml' ? 'tool.ruff.' : '';
  const where = (key: string) => `${shown}: ${prefix}${key} is not an option of this ruff; ignored`;
  const top: Table = {};
  const lint: Table = { ...asTable(layer.table.lint) };
  for (const [key, value] of Object.entries(layer.table)) {
    if (key === 'extend' || key === 'lint') continue;
    if (!known.top.has(key)) warnings.push(where(key));
    else if (known.lint.has(key) && !TOP_LEVEL_ONLY.has(key)) lint[key] ??= value;
    else top[key] = value;
  }
  for (const key of Object.keys(lint)) {
    if (known.lint.has(key)) continue;
    warnings.push(where(`lint.${key}`));
    delete lint[key];
  }
  const format = asTable(top.format);
  if (format) {
    top.format = Object.fromEntries(Object.entries(format).filter(([key]) => known.format.has(key)));
    for (const key of Object.keys(format)) if (!known.format.has(key)) warnings.push(where(`format.${key}`));
  }
  if (Object.keys(lint).length > 0) top.lint = lint;
  return top;
}

type PerFileIgnore = RuffSettings['perFileIgnores'][number];
interface PathKeys {
  perFileIgnores: PerFileIgnore[];
  extendPerFileIgnores: PerFileIgnore[];
  exclude: PathMatcher[];
  extendExclude: PathMatcher[];
}

/**
 * Moves the path-dependent keys of a normalized layer into `settings` and `paths`, patterns made
 * absolute against the layer's directory; returns the layer's `src` roots, if it sets them.
 */
function takePaths(
  layer: RuffLayer,
  table: Table,
  settings: RuffSettings,
  paths: PathKeys,
): string[] | undefined {
  const lint = asTable(table.lint) ?? {};
  const matchers = (value: unknown) => strings(value).map((pattern) => pathMatcher(pattern, layer.dir));
  const perFile = (value: unknown) =>
    Object.entries(asTable(value) ?? {}).map(([pattern, codes]) => ({
      matcher: pathMatcher(pattern, layer.dir),
      codes: strings(codes),
    }));
  if (lint['per-file-ignores'] !== undefined) paths.perFileIgnores = perFile(lint['per-file-ignores']);
  paths.extendPerFileIgnores.push(...perFile(lint['extend-per-file-ignores']));
  if (table['per-file-target-version'] !== undefined)
    settings.perFileTargetVersion = Object.entries(asTable(table['per-file-target-version']) ?? {}).map(
      ([pattern, version]) => ({ matcher: pathMatcher(pattern, layer.dir), version: String(version) }),
    );
  if (typeof table['force-exclude'] === 'boolean') settings.forceExclude = table['force-exclude'];
  if (table.exclude !== undefined) paths.exclude = matchers(table.exclude);
  paths.extendExclude.push(...matchers(table['extend-exclude']));
  if (lint.exclude !== undefined) settings.lintExclude = matchers(lint.exclude);
  const format = asTable(table.format);
  if (format?.exclude !== undefined) settings.formatExclude = matchers(format.exclude);
  const src =
    table.src === undefined ? undefined : strings(table.src).map((dir) => path.resolve(layer.dir, dir));
  for (const key of ['per-file-ignores', 'extend-per-file-ignores', 'exclude']) delete lint[key];
  for (const key of ['per-file-target-version', 'force-exclude', 'exclude', 'extend-exclude', 'src'])
    delete table[key];
  if (format) delete format.exclude;
  return src;
}

function mergeTop(base: Table, layer: Table): Table {
  const merged: Table = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (key === 'lint') merged.lint = mergeLint(asTable(base.lint) ?? {}, asTable(value) ?? {});
    else merged[key] = mergeValue(base[key], value);
  }
  return merged;
}

function mergeLint(base: Table, layer: Table): Table {
  const merged: Table = { ...base };
  for (const [key, resets] of Object.entries(RESETS))
    if (layer[key] !== undefined) for (const reset of resets) delete merged[reset];
  for (const [key, value] of Object.entries(layer)) {
    const before = merged[key];
    merged[key] =
      CHAINED.has(key) && Array.isArray(before) && Array.isArray(value)
        ? [...(before as unknown[]), ...value]
        : mergeValue(before, value);
  }
  return merged;
}

/** Tables merge key by key (plugin sections, `format`); anything else is replaced. */
function mergeValue(base: unknown, value: unknown): unknown {
  const baseTable = asTable(base);
  const table = asTable(value);
  if (!baseTable || !table) return value;
  const merged: Table = { ...baseTable };
  for (const [key, inner] of Object.entries(table)) merged[key] = mergeValue(baseTable[key], inner);
  return merged;
}

/**
 * Ruff finds first-party modules by looking in the `src` roots; the Workspace cannot look, so every
 * package directory and module file there is named in isort's known-first-party — except standard
 * library names and modules the config already places.
 */
function addFirstPartyModules(options: Table, src: readonly string[]): void {
  const lint = asTable(options.lint) ?? {};
  const isort = asTable(lint.isort) ?? {};
  const placed = new Set(
    ['known-first-party', 'known-third-party', 'known-local-folder', 'extra-standard-library'].flatMap(
      (key) => strings(isort[key]),
    ),
  );
  const found = src
    .flatMap(moduleNames)
    .filter((name) => !placed.has(name) && !PYTHON_STDLIB_MODULES.has(name));
  if (found.length === 0) return;
  const firstParty = [...strings(isort['known-first-party']), ...new Set(found)];
  options.lint = { ...lint, isort: { ...isort, 'known-first-party': firstParty } };
}

function moduleNames(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    const name = entry.isDirectory() ? entry.name : /^(.+)\.pyi?$/.exec(entry.name)?.[1];
    if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.push(name);
  }
  return names.sort();
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
