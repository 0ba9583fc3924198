// Which Python tools a package configures, found as the tools find their own configuration: in the
// package directory or the nearest directory above it that has one. Only section headers and a key or
// two are recognised (`[tool.ruff]`, `[flake8]`, mypy's `files`); nothing is parsed further, so a
// section commented out with a leading `#` does not count and one inside a multi-line string would.
import { ancestors, inDir } from '../common.js';
import type { ReadFile } from '../types.js';

export interface PythonConfig {
  /** Where ruff is configured, e.g. `ruff.toml`, `[tool.ruff] in pyproject.toml`. */
  ruff?: string;
  flake8?: string;
  /** `targets`: the config names the files to check (`files = …`). */
  mypy?: { evidence: string; targets: boolean };
  black?: string;
  /** pytest configured, or named in the package's dependencies. */
  pytest?: string;
}

type Found = { evidence: string; body: string };
type Finder = (
  dir: string,
  read: (name: string) => Promise<string | undefined>,
) => Promise<Found | undefined>;

/** A TOML table or its first sub-table (`[tool.ruff]`, `[tool.ruff.lint]`), or an INI section. */
function section(text: string, header: string, subTables: boolean): Found | undefined {
  const escaped = header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tail = subTables ? '(?:\\.[^\\]\\n]*)?' : '';
  const start = new RegExp(`^[ \\t]*(\\[[ \\t]*${escaped}${tail}[ \\t]*\\])[ \\t]*$`, 'm');
  const match = start.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match.index + match[0].length);
  const next = /^[ \t]*\[/m.exec(rest);
  return {
    evidence: (match[1] ?? header).replace(/\s+/g, ''),
    body: next ? rest.slice(0, next.index) : rest,
  };
}

/** The first of `sources` that has the section: [file, header, TOML sub-tables count]. */
function inSection(sources: readonly (readonly [string, string, boolean])[]): Finder {
  return async (dir, read) => {
    for (const [file, header, subTables] of sources) {
      const text = await read(file);
      const found = text === undefined ? undefined : section(text, header, subTables);
      if (found !== undefined)
        return { evidence: `${found.evidence} in ${inDir(dir, file)}`, body: found.body };
    }
    return undefined;
  };
}

/** A file whose presence configures the tool (ruff.toml needs no section). */
function file(names: readonly string[]): Finder {
  return async (dir, read) => {
    for (const name of names)
      if ((await read(name)) !== undefined) return { evidence: inDir(dir, name), body: '' };
    return undefined;
  };
}

function either(...finders: Finder[]): Finder {
  return async (dir, read) => {
    for (const find of finders) {
      const found = await find(dir, read);
      if (found) return found;
    }
    return undefined;
  };
}

const FIND_RUFF = either(
  file(['ruff.toml', '.ruff.toml']),
  inSection([['pyproject.toml', 'tool.ruff', true]]),
);
const FIND_FLAKE8 = inSection([
  ['.flake8', 'flake8', false],
  ['setup.cfg', 'flake8', false],
  ['tox.ini', 'flake8', false],
]);
const FIND_MYPY = inSection([
  ['mypy.ini', 'mypy', false],
  ['.mypy.ini', 'mypy', false],
  ['pyproject.toml', 'tool.mypy', false],
  ['setup.cfg', 'mypy', false],
]);
const FIND_BLACK = inSection([['pyproject.toml', 'tool.black', false]]);
const FIND_PYTEST = either(
  file(['pytest.ini']),
  inSection([
    ['pyproject.toml', 'tool.pytest', true],
    ['setup.cfg', 'tool:pytest', false],
    ['tox.ini', 'pytest', false],
  ]),
);
/** Where a package names its dependencies (read in the package directory only). */
const DEPENDENCY_FILES = [
  'requirements.txt',
  'requirements-dev.txt',
  'requirements-test.txt',
  'dev-requirements.txt',
  'test-requirements.txt',
  'requirements/dev.txt',
  'requirements/test.txt',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'tox.ini',
  'Pipfile',
];

export async function readPythonConfig(read: ReadFile, directory: string): Promise<PythonConfig> {
  const config: PythonConfig = {};
  const cache = new Map<string, Promise<string | undefined>>();
  const readIn = (dir: string) => (name: string) => {
    const key = inDir(dir, name);
    let text = cache.get(key);
    if (text === undefined) {
      text = read(key);
      cache.set(key, text);
    }
    return text;
  };
  const nearest = async (find: Finder): Promise<Found | undefined> => {
    for (const dir of ancestors(directory)) {
      const found = await find(dir, readIn(dir));
      if (found) return found;
    }
    return undefined;
  };
  config.ruff = (await nearest(FIND_RUFF))?.evidence;
  config.flake8 = (await nearest(FIND_FLAKE8))?.evidence;
  const mypy = await nearest(FIND_MYPY);
  if (mypy) config.mypy = { evidence: mypy.evidence, targets: /^[ \t]*files[ \t]*=/m.test(mypy.body) };
  config.black = (await nearest(FIND_BLACK))?.evidence;
  config.pytest =
    (await nearest(FIND_PYTEST))?.evidence ?? (await pytestDependency(readIn(directory), directory));
  return Object.fromEntries(
    Object.entries(config).filter(([, value]) => value !== undefined),
  ) as PythonConfig;
}

async function pytestDependency(
  read: (name: string) => Promise<string | undefined>,
  directory: string,
): Promise<string | undefined> {
  for (const name of DEPENDENCY_FILES) {
    const text = await read(name);
    if (text !== undefined && /(?:^|[\s"',[(])pytest(?![\w-])/m.test(text))
      return `pytest in ${inDir(directory, name)}`;
  }
  return undefined;
}
