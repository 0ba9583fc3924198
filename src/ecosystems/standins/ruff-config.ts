// Finds and reads a file's Ruff configuration as ruff does: the nearest `.ruff.toml`, `ruff.toml` or
// `pyproject.toml` with a `[tool.ruff]` table, walking up from the file's directory — but never above
// the repository root, so a stand-in reads only the checkout. `extend` chains are followed (inside the
// root, cycles refused). Limits: no user-level config (~/.config/ruff), no `~`/`$VAR` in `extend`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';

export type Table = Record<string, unknown>;

/** One config file's settings, with the directory its relative paths and patterns are read from. */
export interface RuffLayer {
  file: string;
  dir: string;
  table: Table;
}

/** The settings that apply to a file: the config file and what it extends, base first. */
export interface RuffConfig {
  /** The config file found (the last layer's); undefined when ruff's defaults apply. */
  file?: string;
  /** The project root: the config file's directory, else the repository root. */
  root: string;
  layers: RuffLayer[];
  /** From `requires-python`, for a config without `target-version` (as ruff infers it), e.g. `py310`. */
  inferredTargetVersion?: string;
}

/** A configuration ruff would refuse: one line naming the file (and line) at fault. */
export class RuffConfigError extends Error {
  override readonly name = 'RuffConfigError';
}

const CONFIG_NAMES = ['.ruff.toml', 'ruff.toml', 'pyproject.toml'] as const;
const MAX_EXTEND_DEPTH = 10;

/** The directory whose `.git` marks the repository `cwd` is in, else `cwd` itself. */
export function findRepositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/**
 * Reads configurations, caching them by directory: one review checks many files of one package.
 * Throws RuffConfigError for a file that is not TOML, or an `extend` that cannot be followed; messages
 * name files relative to `cwd`.
 */
export function createConfigFinder(repositoryRoot: string, cwd: string): (file: string) => RuffConfig {
  const reader = new ConfigReader(repositoryRoot, cwd);
  const byDir = new Map<string, RuffConfig>();
  return (file) => {
    const start = isInside(repositoryRoot, path.dirname(file)) ? path.dirname(file) : repositoryRoot;
    const walked: string[] = [];
    // Ruff's fallback without a config file: the nearest pyproject.toml's requires-python.
    let fallback: string | undefined;
    let config: RuffConfig | undefined;
    for (let dir = start; config === undefined; dir = path.dirname(dir)) {
      const cached = byDir.get(dir);
      if (cached) {
        config =
          cached.file === undefined && fallback ? { ...cached, inferredTargetVersion: fallback } : cached;
        break;
      }
      walked.push(dir);
      config = reader.configIn(dir);
      fallback ??= reader.requiresPython(dir);
      if (config === undefined && (dir === repositoryRoot || path.dirname(dir) === dir))
        config = {
          root: repositoryRoot,
          layers: [],
          ...(fallback ? { inferredTargetVersion: fallback } : {}),
        };
    }
    for (const dir of walked) byDir.set(dir, config);
    return config;
  };
}

class ConfigReader {
  constructor(
    private readonly repositoryRoot: string,
    private readonly cwd: string,
  ) {}

  configIn(dir: string): RuffConfig | undefined {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      const table = this.ruffTable(file);
      if (table === undefined) continue;
      const layers = this.withExtends({ file, dir, table }, []);
      const config: RuffConfig = { file, root: dir, layers };
      if (!layers.some((layer) => layer.table['target-version'] !== undefined)) {
        // A ruff.toml takes it from the pyproject.toml beside it, as ruff does.
        const inferred = this.requiresPython(dir);
        if (inferred) config.inferredTargetVersion = inferred;
      }
      return config;
    }
    return undefined;
  }

  /** `[project] requires-python` of the directory's pyproject.toml, as ruff's `py3N`. */
  requiresPython(dir: string): string | undefined {
    const specifier = asTable(this.toml(path.join(dir, 'pyproject.toml'))?.project)?.['requires-python'];
    return typeof specifier === 'string' ? lowestPython(specifier) : undefined;
  }

  /** The Ruff table of a config file; undefined when missing, or a pyproject.toml without one. */
  private ruffTable(file: string): Table | undefined {
    const document = this.toml(file);
    if (document === undefined || path.basename(file) !== 'pyproject.toml') return document;
    return asTable(asTable(document.tool)?.ruff);
  }

  private withExtends(layer: RuffLayer, seen: string[]): RuffLayer[] {
    const extend = layer.table.extend;
    if (extend === undefined) return [layer];
    const shown = this.name(layer.file);
    if (typeof extend !== 'string') throw new RuffConfigError(`${shown}: extend must be a path`);
    const target = path.resolve(layer.dir, extend);
    if (!isInside(this.repositoryRoot, target))
      throw new RuffConfigError(`${shown}: extend points outside the repository (${extend})`);
    if (seen.includes(target) || seen.length >= MAX_EXTEND_DEPTH)
      throw new RuffConfigError(
        `${shown}: extend makes a cycle or a chain of over ${MAX_EXTEND_DEPTH} files`,
      );
    const table = this.ruffTable(target);
    if (table === undefined)
      throw new RuffConfigError(`${shown}: extend names ${extend}, which has no Ruff settings`);
    const base = this.withExtends({ file: target, dir: path.dirname(target), table }, [...seen, layer.file]);
    return [...base, layer];
  }

  private readonly documents = new Map<string, Table | undefined>();

  private toml(file: string): Table | undefined {
    if (this.documents.has(file)) return this.documents.get(file);
    const document = this.parseFile(file);
    this.documents.set(file, document);
    return document;
  }

  private parseFile(file: string): Table | undefined {
    let text: string;
    try {
      if (!statSync(file).isFile()) return undefined;
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return parse(text, { unsafeKeyBehaviour: 'drop' }) as Table;
    } catch (error) {
      // Only the first line: the rest quotes the file, which need not be ours to show.
      if (!(error instanceof TomlError)) throw new RuffConfigError(`${this.name(file)}: invalid TOML`);
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
      throw new RuffConfigError(`${this.name(file)}:${error.line}:${error.column}: invalid TOML: ${reason}`);
    }
  }

  private name(file: string): string {
    return displayPath(file, this.cwd);
  }
}

/**
 * The lowest Python 3 minor version a PEP 440 specifier allows (`>=3.9,<4` → `py39`), clamped to the
 * versions ruff knows; undefined when no clause gives a lower bound.
 */
export function lowestPython(specifier: string): string | undefined {
  let lowest: number | undefined;
  for (const clause of specifier.split(',')) {
    const match = /^\s*(>=|==|~=|>|===)\s*3\.(\d+)/.exec(clause);
    if (!match?.[2]) continue;
    const minor = Number(match[2]);
    lowest = lowest === undefined ? minor : Math.max(lowest, minor);
  }
  if (lowest === undefined) return undefined;
  return `py3${Math.min(Math.max(lowest, 7), 15)}`;
}

export function asTable(value: unknown): Table | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : undefined;
}

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  return isInside(cwd, file) && file !== cwd ? path.relative(cwd, file) : file;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
