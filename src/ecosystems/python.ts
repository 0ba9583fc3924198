// Python: a linter (ruff, else flake8, else pyflakes, else Kilo Agent's bundled Ruff), mypy where it
// is configured, a formatter as a refactor (black where configured, else ruff format) and pytest with a
// JUnit report. Tools come from the repository's virtualenv (.venv/ or venv/, in the package directory
// or above) before PATH, and nothing is ever installed. Limits: a Windows virtualenv (Scripts\) is not
// looked for; configuration is recognised by its section headers, not parsed.
import { addTask, skipTool } from './common.js';
import path from 'node:path';
import { notInstalled } from './missing.js';
import { ancestors, inDir } from './common.js';
import { readPythonConfig, type PythonConfig } from './python/config.js';
import type { DetectInput, EcosystemDetection, EcosystemProvider, MissingSignature } from './types.js';

const PY_FILES = ['**/*.py', '**/*.pyi'];
const VENVS = ['.venv', 'venv'];
const OWNED_NAMES = new Set([
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'tox.ini',
  'Pipfile',
  'Pipfile.lock',
  'poetry.lock',
  'uv.lock',
  'pytest.ini',
  'mypy.ini',
  '.mypy.ini',
  'ruff.toml',
  '.ruff.toml',
  '.flake8',
]);
// rdjson, not concise text: the rule is a field, not a prefix of the message, and the bundled Ruff
// writes the same format, so an installed and a bundled Ruff report alike. --force-exclude keeps the
// config's `exclude` for files named on the command line; --no-cache writes no .ruff_cache.
const RUFF_CHECK = 'check --no-cache --no-fix --force-exclude --output-format rdjson {files}';
const RUFF_FORMAT = 'format --no-cache --force-exclude {files}';
// --no-pretty: a config's `pretty = true` wraps messages over several lines and adds source excerpts.
// The cache goes nowhere, so nothing is written into the checkout.
const MYPY_FLAGS =
  '--no-error-summary --show-column-numbers --show-error-codes --no-color-output --no-pretty --cache-dir=/dev/null';
// `python -m pytest` puts the package directory on sys.path, as a flat layout's tests expect (the
// `pytest` program does not: their `import mypkg` fails); -B and no:cacheprovider write nothing.
const PYTEST_ARGS = '-B -m pytest -q -p no:cacheprovider --junitxml={report}';
const SETUP_PYTHON_DEPS =
  'install the project and its dependencies (e.g. `pip install -e .` or `pip install -r requirements.txt`) after actions/setup-python';

/**
 * What Python tools print when something they need is not installed. A test module that cannot import
 * a top-level module at collection means the environment lacks it (a dependency, or the project itself
 * in a src layout); a dotted one (`mypkg.gone`) is the repository's own module missing, a real failure.
 */
const PYTHON_MISSING: readonly MissingSignature[] = [
  {
    pattern: /^\S*python[\d.]*(?:\.exe)?: No module named pytest\s*$/m,
    reason: `pytest is not installed for this Python: add \`pip install pytest\` (or your requirements) after actions/setup-python`,
  },
  {
    pattern:
      /ImportError while (?:importing test module|loading conftest) '[^'\n]*'\.(?:\n(?!_{5}|={5}).*)*?\nE\s+ModuleNotFoundError: No module named '[^'.\n]+'/,
    reason: `a module the tests import is not installed: ${SETUP_PYTHON_DEPS}`,
  },
];

export const python: EcosystemProvider = {
  name: 'python',
  markers: [
    'pyproject.toml',
    'setup.py',
    'setup.cfg',
    'tox.ini',
    'Pipfile',
    'requirements.txt',
    'pytest.ini',
  ],
  owns: (file) => {
    const name = path.posix.basename(file);
    return /\.pyi?$/.test(name) || OWNED_NAMES.has(name) || /^requirements[\w.-]*\.txt$/.test(name);
  },
  detect,
  missing: PYTHON_MISSING,
};

/** A tool found for the package: how the run line names it, and where it was found (for the note). */
interface Tool {
  run: string;
  where: string;
  inVenv: boolean;
}

interface Scope {
  input: DetectInput;
  config: PythonConfig;
  out: EcosystemDetection;
  ruff: Tool | undefined;
}

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  if (!input.files.some((file) => python.owns(file))) return undefined;
  const scope: Scope = {
    input,
    config: await readPythonConfig(input.read, input.directory),
    out: { ecosystem: 'python', directory: input.directory, tasks: [], allow: [], skipped: [], notes: [] },
    ruff: await findTool(input, 'ruff'),
  };
  await lint(scope);
  await typecheck(scope);
  await format(scope);
  await tests(scope);
  return scope.out;
}

/** ruff, else the bundled Ruff where ruff is configured, else flake8, pyflakes, the bundled Ruff. */
async function lint(scope: Scope): Promise<void> {
  const { config, ruff } = scope;
  const standin = scope.input.standins.ruff;
  const bundled = (why: string): void =>
    standin === undefined
      ? skipTool(scope.out, { kind: 'analyze', tool: 'ruff', reason: notInstalled('ruff') }, why)
      : addTask(
          scope.out,
          {
            kind: 'analyze',
            task: {
              name: 'ruff',
              run: `${standin.command} check {files}`,
              format: 'rdjson',
              paths: PY_FILES,
            },
          },
          `analyze ruff: bundled Ruff ${standin.version} (WebAssembly): ${why}`,
        );
  if (ruff !== undefined) {
    const task = {
      name: 'ruff',
      run: `${ruff.run} ${RUFF_CHECK}`,
      format: 'rdjson',
      paths: PY_FILES,
    } as const;
    return addTask(
      scope.out,
      { kind: 'analyze', task },
      `analyze ruff: ${config.ruff ?? 'no ruff config (its defaults)'} and ${ruff.where}`,
    );
  }
  if (config.ruff !== undefined) return bundled(`${config.ruff} but ruff is not installed`);
  const flake8 = await findTool(scope.input, 'flake8');
  if (flake8 !== undefined) {
    const task = { name: 'flake8', run: `${flake8.run} {files}`, format: 'gnu', paths: PY_FILES } as const;
    return addTask(
      scope.out,
      { kind: 'analyze', task },
      `analyze flake8: ${config.flake8 ?? 'no flake8 config'} and ${flake8.where}`,
    );
  }
  if (config.flake8 !== undefined) {
    skipTool(scope.out, { kind: 'analyze', tool: 'flake8', reason: notInstalled('flake8') }, config.flake8);
    if (standin !== undefined) bundled('flake8 is configured but not installed');
    return;
  }
  const pyflakes = await findTool(scope.input, 'pyflakes');
  if (pyflakes !== undefined) {
    const task = {
      name: 'pyflakes',
      run: `${pyflakes.run} {files}`,
      format: 'gnu',
      paths: PY_FILES,
    } as const;
    return addTask(scope.out, { kind: 'analyze', task }, `analyze pyflakes: ${pyflakes.where}`);
  }
  bundled('no ruff, flake8 or pyflakes installed');
}

/** mypy only where the project configures it: unconfigured, it reports every untyped call. */
async function typecheck(scope: Scope): Promise<void> {
  const { mypy } = scope.config;
  if (mypy === undefined) return;
  const tool = await findTool(scope.input, 'mypy');
  if (tool === undefined)
    return skipTool(
      scope.out,
      { kind: 'analyze', tool: 'mypy', reason: notInstalled('mypy') },
      mypy.evidence,
    );
  // A config naming its `files` is checked as configured: files named on the command line would
  // bypass its `exclude` (tests or migrations the project does not type-check).
  const run = mypy.targets ? `${tool.run} ${MYPY_FLAGS}` : `${tool.run} ${MYPY_FLAGS} {files}`;
  const targets = mypy.targets ? 'its `files`' : 'the changed files';
  addTask(
    scope.out,
    { kind: 'analyze', task: { name: 'mypy', run, format: 'gnu', paths: PY_FILES, 'timeout-seconds': 600 } },
    `analyze mypy: ${mypy.evidence} and ${tool.where}, on ${targets}`,
  );
}

/**
 * black where it is configured (then the project's style is black's, even when ruff lints), else ruff
 * format where ruff is configured or in the virtualenv, else the bundled Ruff where ruff is configured.
 * A ruff that is merely on PATH says nothing about the project's style, so it formats nothing.
 */
async function format(scope: Scope): Promise<void> {
  const { config, ruff } = scope;
  if (config.black !== undefined) {
    const black = await findTool(scope.input, 'black');
    if (black === undefined)
      return skipTool(
        scope.out,
        { kind: 'refactor', tool: 'black', reason: notInstalled('black') },
        config.black,
      );
    const task = { name: 'black', run: `${black.run} --quiet {files}`, paths: PY_FILES };
    return addTask(
      scope.out,
      { kind: 'refactor', task },
      `refactor black: ${config.black} and ${black.where}`,
    );
  }
  if (ruff !== undefined && (config.ruff !== undefined || ruff.inVenv)) {
    const task = { name: 'ruff-format', run: `${ruff.run} ${RUFF_FORMAT}`, paths: PY_FILES };
    return addTask(
      scope.out,
      { kind: 'refactor', task },
      `refactor ruff-format: ${config.ruff ?? 'ruff in the virtualenv'} and ${ruff.where}`,
    );
  }
  if (config.ruff === undefined) return;
  const standin = scope.input.standins.ruff;
  if (standin === undefined)
    return skipTool(
      scope.out,
      { kind: 'refactor', tool: 'ruff format', reason: notInstalled('ruff') },
      config.ruff,
    );
  const task = { name: 'ruff-format', run: `${standin.command} format {files}`, paths: PY_FILES };
  addTask(
    scope.out,
    { kind: 'refactor', task },
    `refactor ruff-format: bundled Ruff ${standin.version} (WebAssembly): ${config.ruff} but ruff is not installed`,
  );
}

/** pytest where there are tests, with its JUnit report; pytest also runs unittest-style tests. */
async function tests(scope: Scope): Promise<void> {
  const { input } = scope;
  const evidence = await testEvidence(scope);
  if (evidence === undefined) return;
  const pytest = await findTool(input, 'pytest');
  if (pytest === undefined)
    return skipTool(scope.out, { kind: 'test', tool: 'pytest', reason: notInstalled('pytest') }, evidence);
  // The virtualenv's interpreter for its pytest; for one on PATH, the Python on PATH.
  const interpreter = pytest.inVenv
    ? path.posix.join(path.posix.dirname(pytest.run), 'python')
    : (await input.probe.which('python3')) !== undefined
      ? 'python3'
      : (await input.probe.which('python')) !== undefined
        ? 'python'
        : undefined;
  if (interpreter === undefined)
    return skipTool(scope.out, { kind: 'test', tool: 'pytest', reason: notInstalled('python3') }, evidence);
  const task = {
    name: 'pytest',
    run: `${interpreter} ${PYTEST_ARGS}`,
    format: 'junit',
    'timeout-seconds': 600,
  } as const;
  addTask(
    scope.out,
    { kind: 'test', task },
    `test pytest: ${evidence} and ${pytest.where}, run as ${interpreter} -m pytest`,
  );
}

const TEST_FILE = /(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;

async function testEvidence(scope: Scope): Promise<string | undefined> {
  const { input, config } = scope;
  for (const dir of ['tests', 'test'])
    if (await input.probe.exists(inDir(input.directory, dir))) return `${dir}/`;
  const changed = input.files.find((file) => TEST_FILE.test(file));
  if (changed !== undefined) return `${changed} changed`;
  return config.pytest;
}

/**
 * The tool in a virtualenv of the package directory or a directory above it (run by its path relative
 * to the package), else on PATH (run by name, so the line reads the same on any runner).
 */
async function findTool(input: DetectInput, name: string): Promise<Tool | undefined> {
  for (const dir of ancestors(input.directory)) {
    for (const venv of VENVS) {
      const bin = inDir(dir, `${venv}/bin/${name}`);
      if (!(await input.probe.exists(bin))) continue;
      const run = path.posix.relative(input.directory === '.' ? '' : input.directory, bin);
      return { run, where: bin, inVenv: true };
    }
  }
  const found = await input.probe.which(name);
  return found === undefined ? undefined : { run: name, where: found, inVenv: false };
}
