// The bundled ruff (@astral-sh/ruff-wasm-nodejs) behind a narrow interface: Workspaces by options,
// cached (one per distinct per-file settings), and its diagnostics as rdjson. A rule selector this
// build does not know — the repository's ruff may be newer — is dropped with a warning instead of
// failing the run, as an unknown option key is (see ruff-settings.ts); other option errors are errors.
import type { RdDiagnostic, RdPosition } from './rdjson-output.js';
import { RuffConfigError, asTable, type Table } from './ruff-config.js';
import type { KnownKeys } from './ruff-settings.js';

/** What we use of the wasm-bindgen module. */
export interface RuffWasm {
  Workspace: {
    new (options: unknown, positionEncoding: number): RuffWorkspace;
    defaultSettings(): unknown;
    version(): string;
  };
  PositionEncoding: { readonly Utf32: number };
}
export interface RuffWorkspace {
  check(contents: string): unknown;
  format(contents: string): string;
}

interface WasmLocation {
  row: number;
  column: number;
}
/** A diagnostic of `Workspace.check` (ruff_wasm.d.ts), the fields read here. */
export interface WasmDiagnostic {
  code: string | null;
  message: string;
  start_location: WasmLocation;
  end_location: WasmLocation;
  fix: { edits: { content: string | null; location: WasmLocation; end_location: WasmLocation }[] } | null;
}

export interface RuffEngine {
  readonly version: string;
  readonly knownKeys: KnownKeys;
  /** Throws RuffConfigError, naming `label` (the config file), for options ruff refuses. */
  workspace(options: Table, label: string): RuffWorkspace;
  /** One line per selector dropped so far. */
  readonly warnings: readonly string[];
}

const MAX_DROPPED_SELECTORS = 50;
const SELECTOR_LISTS = [
  'select', 'extend-select', 'ignore', 'extend-ignore', 'fixable', 'unfixable', 'extend-fixable',
  'extend-unfixable', 'extend-safe-fixes', 'extend-unsafe-fixes',
]; // prettier-ignore

export function createRuffEngine(wasm: RuffWasm): RuffEngine {
  const workspaces = new Map<string, RuffWorkspace>();
  const warnings = new Set<string>();
  const version = wasm.Workspace.version();
  const open = (options: Table, label: string): RuffWorkspace => {
    let current = options;
    for (let dropped = 0; ; dropped++) {
      try {
        return new wasm.Workspace(current, wasm.PositionEncoding.Utf32);
      } catch (error) {
        const message = wasmMessage(error);
        const selector = unknownSelector(message);
        if (selector === undefined || dropped >= MAX_DROPPED_SELECTORS)
          throw new RuffConfigError(`${label}: ${message}`);
        warnings.add(
          `${label}: rule selector ${selector} is unknown to ruff ${version} (or removed); ignored`,
        );
        current = withoutSelector(current, selector);
      }
    }
  };
  return {
    version,
    knownKeys: knownKeysOf(wasm.Workspace.defaultSettings()),
    workspace(options, label) {
      const key = JSON.stringify(options);
      let workspace = workspaces.get(key);
      if (workspace === undefined) {
        workspace = open(options, label);
        workspaces.set(key, workspace);
      }
      return workspace;
    },
    get warnings() {
      return [...warnings];
    },
  };
}

/** `Workspace.check`'s diagnostics for the file named `path`, as rdjson. */
export function toRdDiagnostics(path: string, diagnostics: unknown): RdDiagnostic[] {
  if (!Array.isArray(diagnostics)) return [];
  return (diagnostics as WasmDiagnostic[]).map((diagnostic) => {
    const edits = diagnostic.fix?.edits ?? [];
    return {
      message: diagnostic.message,
      location: {
        path,
        range: { start: position(diagnostic.start_location), end: position(diagnostic.end_location) },
      },
      // Syntax errors come as `invalid-syntax`; a diagnostic without any code is ruff's own.
      code: { value: diagnostic.code ?? 'ruff' },
      ...(edits.length > 0
        ? {
            suggestions: edits.map((edit) => ({
              range: { start: position(edit.location), end: position(edit.end_location) },
              text: edit.content ?? '',
            })),
          }
        : {}),
    };
  });
}

function position(location: WasmLocation): RdPosition {
  return { line: location.row, column: location.column };
}

/** The first line of what the wasm threw, without wasm-bindgen's doubled `Error: ` prefix. */
export function wasmMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').replace(/^(Error: )+/, '').trim() || 'ruff refused the settings';
}

// These are ruff's words (ruff_workspace::configuration); the build is pinned, a test holds them.
function unknownSelector(message: string): string | undefined {
  return (/^Unknown rule selector `([^`]+)`/.exec(message) ??
    /^Rule `([^`]+)` was removed/.exec(message))?.[1];
}

function withoutSelector(options: Table, selector: string): Table {
  const keep = (value: unknown) => (Array.isArray(value) ? value.filter((item) => item !== selector) : value);
  const lint: Table = { ...asTable(options.lint) };
  for (const key of SELECTOR_LISTS) if (lint[key] !== undefined) lint[key] = keep(lint[key]);
  const perFile = asTable(lint['per-file-ignores']);
  if (perFile)
    lint['per-file-ignores'] = Object.fromEntries(
      Object.entries(perFile).map(([glob, codes]) => [glob, keep(codes)]),
    );
  return { ...options, lint };
}

/** The option names in `Workspace.defaultSettings()`: a Map for the top level and `lint`, an object for `format`. */
function knownKeysOf(defaults: unknown): KnownKeys {
  const keys = (value: unknown): Set<string> =>
    new Set(value instanceof Map ? [...value.keys()].map(String) : Object.keys(asTable(value) ?? {}));
  const get = (value: unknown, key: string): unknown =>
    value instanceof Map ? value.get(key) : asTable(value)?.[key];
  return { top: keys(defaults), lint: keys(get(defaults, 'lint')), format: keys(get(defaults, 'format')) };
}
