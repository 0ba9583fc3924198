import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { missingReason } from '../../src/ecosystems/missing.js';
import { python } from '../../src/ecosystems/python.js';
import type { EcosystemDetection } from '../../src/ecosystems/types.js';
import { wildcardToRegExp } from '../../src/policy/engine.js';
import { parseCommandLine } from '../../src/sandbox/command.js';
import {
  asRunResult,
  createTinyRepo,
  itWhen,
  realBin,
  removeTinyRepos,
  runPlanned,
  stubBin,
  toolAvailable,
} from '../../__fixtures__/ecosystems/tiny-repo.js';

afterAll(removeTinyRepos);

const PY = ['**/*.py', '**/*.pyi'];
const RUFF_CHECK = 'check --no-cache --no-fix --force-exclude --output-format rdjson {files}';
const MYPY =
  '--no-error-summary --show-column-numbers --show-error-codes --no-color-output --no-pretty --cache-dir=/dev/null';
const PYTEST = '-B -m pytest -q -p no:cacheprovider --junitxml={report}';
const PIP = (name: string) =>
  `${name} is not installed: add \`pip install ${name}\` (or your requirements) after actions/setup-python`;
const STANDIN = { command: "/usr/bin/node '/opt/kilo/dist/standins/ruff.mjs'", version: '0.17.4' };

const runs = (detection: EcosystemDetection | undefined) =>
  (detection?.tasks ?? []).map(({ kind, task }) => `${kind} ${task.name}: ${task.run}`);

/** Every planned line is allowed by exactly its own entry and parses without a shell. */
function expectRunnable(detection: EcosystemDetection | undefined): void {
  const lines = (detection?.tasks ?? []).map(({ task }) => task.run);
  expect(detection?.allow).toEqual(lines);
  for (const run of lines) {
    expect(detection?.allow.some((entry) => wildcardToRegExp(entry).test(run))).toBe(true);
    expect(parseCommandLine(run).length).toBeGreaterThan(1);
  }
}

describe('python provider: which files are Python', () => {
  it('owns sources, stubs and packaging files', () => {
    const owned = [
      'a.py',
      'src/pkg/types.pyi',
      'pyproject.toml',
      'sub/setup.cfg',
      'requirements-dev.txt',
      'uv.lock',
    ];
    for (const file of owned) expect([file, python.owns(file)]).toEqual([file, true]);
    for (const file of ['a.pyc', 'README.md', 'notes.txt', 'src/py.typed', 'docs/conf.toml'])
      expect([file, python.owns(file)]).toEqual([file, false]);
  });

  it('returns nothing for a package whose changed files are not Python', async () => {
    const repo = createTinyRepo({ 'requirements.txt': 'pytest\n', 'docs/index.md': '# hi\n' });
    const bin = stubBin(['ruff', 'pytest', 'python3']);
    expect(await python.detect(repo.input('.', ['docs/index.md'], [bin]))).toBeUndefined();
  });
});

describe('python provider: detection', () => {
  it('src layout: the virtualenv tools, run by their relative path, before PATH', async () => {
    const repo = createTinyRepo({
      'pyproject.toml':
        '[project]\nname = "shop"\n\n[tool.ruff.lint]\nselect = ["E", "F"]\n\n[tool.mypy]\nstrict = true\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      'src/shop/cart.py': 'def total(items):\n    return sum(items)\n',
      'tests/test_cart.py': 'from shop.cart import total\n',
      '.venv/bin/ruff*': '',
      '.venv/bin/mypy*': '',
      '.venv/bin/pytest*': '',
      '.venv/bin/python*': '',
    });
    // The same tools on PATH too: the virtualenv's win.
    const bin = stubBin(['ruff', 'mypy', 'pytest', 'python3']);
    const detection = await python.detect(repo.input('.', ['src/shop/cart.py', 'tests/test_cart.py'], [bin]));
    expect(detection).toEqual({
      ecosystem: 'python',
      directory: '.',
      tasks: [
        {
          kind: 'analyze',
          task: { name: 'ruff', run: `.venv/bin/ruff ${RUFF_CHECK}`, format: 'rdjson', paths: PY },
        },
        {
          kind: 'analyze',
          task: {
            name: 'mypy',
            run: `.venv/bin/mypy ${MYPY} {files}`,
            format: 'gnu',
            paths: PY,
            'timeout-seconds': 600,
          },
        },
        {
          kind: 'refactor',
          task: {
            name: 'ruff-format',
            run: '.venv/bin/ruff format --no-cache --force-exclude {files}',
            paths: PY,
          },
        },
        {
          kind: 'test',
          task: {
            name: 'pytest',
            run: `.venv/bin/python ${PYTEST}`,
            format: 'junit',
            'timeout-seconds': 600,
          },
        },
      ],
      allow: [
        `.venv/bin/ruff ${RUFF_CHECK}`,
        `.venv/bin/mypy ${MYPY} {files}`,
        '.venv/bin/ruff format --no-cache --force-exclude {files}',
        `.venv/bin/python ${PYTEST}`,
      ],
      skipped: [],
      notes: [
        'analyze ruff: [tool.ruff.lint] in pyproject.toml and .venv/bin/ruff',
        'analyze mypy: [tool.mypy] in pyproject.toml and .venv/bin/mypy, on the changed files',
        'refactor ruff-format: [tool.ruff.lint] in pyproject.toml and .venv/bin/ruff',
        'test pytest: tests/ and .venv/bin/pytest, run as .venv/bin/python -m pytest',
      ],
    });
    expectRunnable(detection);
  });

  it('flat layout: flake8 configured in setup.cfg and pytest from PATH, run through python3', async () => {
    const repo = createTinyRepo({
      'setup.py': 'from setuptools import setup\nsetup(name="calc")\n',
      'setup.cfg': '[metadata]\nname = calc\n\n[flake8]\nmax-line-length = 100\n',
      'calc/__init__.py': '',
      'tests/test_calc.py': '',
    });
    const bin = stubBin(['flake8', 'pytest', 'python3']);
    const detection = await python.detect(repo.input('.', ['calc/__init__.py'], [bin]));
    expect(runs(detection)).toEqual(['analyze flake8: flake8 {files}', `test pytest: python3 ${PYTEST}`]);
    expect(detection?.notes).toEqual([
      `analyze flake8: [flake8] in setup.cfg and ${bin}/flake8`,
      `test pytest: tests/ and ${bin}/pytest, run as python3 -m pytest`,
    ]);
    expectRunnable(detection);
  });

  it('pyproject only: ruff on PATH lints with its defaults, black formats as configured, no tests', async () => {
    const repo = createTinyRepo({
      'pyproject.toml': '[project]\nname = "tool"\n\n[tool.black]\nline-length = 100\n',
      'tool.py': 'print(1)\n',
    });
    const bin = stubBin(['ruff', 'black', 'pytest', 'python3']);
    const detection = await python.detect(repo.input('.', ['tool.py'], [bin]));
    expect(runs(detection)).toEqual([
      `analyze ruff: ruff ${RUFF_CHECK}`,
      'refactor black: black --quiet {files}',
    ]);
    expect(detection?.notes).toEqual([
      `analyze ruff: no ruff config (its defaults) and ${bin}/ruff`,
      `refactor black: [tool.black] in pyproject.toml and ${bin}/black`,
    ]);
  });

  it('a ruff only on PATH, without a config, formats nothing: the project style is unknown', async () => {
    const repo = createTinyRepo({ 'requirements.txt': 'requests\n', 'app.py': '' });
    const detection = await python.detect(repo.input('.', ['app.py'], [stubBin(['ruff'])]));
    expect(runs(detection)).toEqual([`analyze ruff: ruff ${RUFF_CHECK}`]);
  });

  it('a package of a monorepo runs the root virtualenv by its path from the package directory', async () => {
    const repo = createTinyRepo({
      'services/api/pyproject.toml': '[project]\nname = "api"\n\n[tool.ruff]\nline-length = 100\n',
      'services/api/api/main.py': '',
      'services/api/api/main_test.py': '',
      '.venv/bin/ruff*': '',
      '.venv/bin/pytest*': '',
      '.venv/bin/python*': '',
    });
    const files = ['services/api/api/main.py', 'services/api/api/main_test.py', 'README.md'];
    const found = await detectEcosystems([python], repo.read, {
      files,
      probe: repo.probe([stubBin([])]),
      standins: {},
    });
    expect(found.tasks.analyze).toEqual([
      {
        name: 'ruff.services-api',
        run: `../../.venv/bin/ruff ${RUFF_CHECK}`,
        format: 'rdjson',
        paths: ['services/api/**/*.py', 'services/api/**/*.pyi'],
        'working-directory': 'services/api',
      },
    ]);
    expect(found.tasks.test).toEqual([
      {
        name: 'pytest.services-api',
        run: `../../.venv/bin/python ${PYTEST}`,
        format: 'junit',
        'timeout-seconds': 600,
        paths: ['services/api/**'],
        'working-directory': 'services/api',
      },
    ]);
    expect(found.notes).toContain(
      'python in services/api: test pytest: services/api/api/main_test.py changed and .venv/bin/pytest, run as ../../.venv/bin/python -m pytest',
    );
  });

  it('mypy with `files` in its config checks what the config names, not the changed files', async () => {
    const repo = createTinyRepo({ 'mypy.ini': '[mypy]\nfiles = src\nstrict = True\n', 'src/a.py': '' });
    const detection = await python.detect(repo.input('.', ['src/a.py'], [stubBin(['flake8', 'mypy'])]));
    expect(runs(detection)).toEqual(['analyze flake8: flake8 {files}', `analyze mypy: mypy ${MYPY}`]);
    expect(detection?.notes[1]).toMatch(/^analyze mypy: \[mypy\] in mypy.ini and .*\/mypy, on its `files`$/);
  });

  it('finds a config in a directory above the package, as the tools do', async () => {
    const repo = createTinyRepo({
      'ruff.toml': 'line-length = 90\n',
      'libs/core/setup.py': '',
      'libs/core/core.py': '',
    });
    const detection = await python.detect(repo.input('libs/core', ['libs/core/core.py'], [stubBin([])]));
    expect(detection?.notes).toEqual([
      `skipped analyze ruff (ruff.toml but ruff is not installed): ${PIP('ruff')}`,
      `skipped refactor ruff format (ruff.toml): ${PIP('ruff')}`,
    ]);
  });
});

describe('python provider: tools that are not installed', () => {
  it('skips every configured tool with its fix when PATH is empty', async () => {
    const repo = createTinyRepo({
      'pyproject.toml': '[tool.ruff]\n\n[tool.mypy]\n\n[tool.black]\n\n[tool.pytest.ini_options]\n',
      'pkg/a.py': '',
    });
    const detection = await python.detect(repo.input('.', ['pkg/a.py'], [stubBin([])]));
    expect(detection?.tasks).toEqual([]);
    expect(detection?.skipped).toEqual([
      { kind: 'analyze', tool: 'ruff', reason: PIP('ruff') },
      { kind: 'analyze', tool: 'mypy', reason: PIP('mypy') },
      { kind: 'refactor', tool: 'black', reason: PIP('black') },
      { kind: 'test', tool: 'pytest', reason: PIP('pytest') },
    ]);
    expect(detection?.notes).toEqual([
      `skipped analyze ruff ([tool.ruff] in pyproject.toml but ruff is not installed): ${PIP('ruff')}`,
      `skipped analyze mypy ([tool.mypy] in pyproject.toml): ${PIP('mypy')}`,
      `skipped refactor black ([tool.black] in pyproject.toml): ${PIP('black')}`,
      `skipped test pytest ([tool.pytest.ini_options] in pyproject.toml): ${PIP('pytest')}`,
    ]);
  });

  it('says no linter is installed when nothing is configured either', async () => {
    const repo = createTinyRepo({ 'requirements.txt': 'pytest==8.0\n', 'a.py': '' });
    const detection = await python.detect(repo.input('.', ['a.py'], [stubBin(['python3'])]));
    expect(detection?.skipped).toEqual([
      { kind: 'analyze', tool: 'ruff', reason: PIP('ruff') },
      { kind: 'test', tool: 'pytest', reason: PIP('pytest') },
    ]);
    expect(detection?.notes[1]).toBe(`skipped test pytest (pytest in requirements.txt): ${PIP('pytest')}`);
  });

  it('runs the bundled Ruff, and says so with its version, where ruff is configured but not installed', async () => {
    const repo = createTinyRepo({ 'ruff.toml': 'line-length = 90\n', 'a.py': '' });
    const detection = await python.detect(repo.input('.', ['a.py'], [stubBin([])], { ruff: STANDIN }));
    expect(runs(detection)).toEqual([
      `analyze ruff: ${STANDIN.command} check {files}`,
      `refactor ruff-format: ${STANDIN.command} format {files}`,
    ]);
    expect(detection?.tasks[0]?.task).toMatchObject({ format: 'rdjson', paths: PY });
    expect(detection?.notes).toEqual([
      'analyze ruff: bundled Ruff 0.17.4 (WebAssembly): ruff.toml but ruff is not installed',
      'refactor ruff-format: bundled Ruff 0.17.4 (WebAssembly): ruff.toml but ruff is not installed',
    ]);
    expectRunnable(detection);
  });

  it('skips a configured flake8 that is not installed, and lints with the bundled Ruff instead', async () => {
    const repo = createTinyRepo({ 'tox.ini': '[tox]\n\n[flake8]\nmax-line-length = 88\n', 'a.py': '' });
    const detection = await python.detect(repo.input('.', ['a.py'], [stubBin([])], { ruff: STANDIN }));
    expect(detection?.skipped).toEqual([{ kind: 'analyze', tool: 'flake8', reason: PIP('flake8') }]);
    expect(runs(detection)).toEqual([`analyze ruff: ${STANDIN.command} check {files}`]);
    expect(detection?.notes[1]).toBe(
      'analyze ruff: bundled Ruff 0.17.4 (WebAssembly): flake8 is configured but not installed',
    );
  });

  it('lints with the bundled Ruff when no linter is installed or configured', async () => {
    const repo = createTinyRepo({ 'setup.py': '', 'a.py': '' });
    const detection = await python.detect(repo.input('.', ['a.py'], [stubBin([])], { ruff: STANDIN }));
    expect(detection?.notes).toEqual([
      'analyze ruff: bundled Ruff 0.17.4 (WebAssembly): no ruff, flake8 or pyflakes installed',
    ]);
    // No config, so the bundled Ruff does not format: the project's style is unknown.
    expect(detection?.tasks.map(({ kind }) => kind)).toEqual(['analyze']);
  });
});

/** `python3 -m pytest` needs pytest for that interpreter; the flake8 run, flake8. */
const pythonTools = toolAvailable('python3', ['-m', 'pytest', '--version']) && toolAvailable('flake8');

describe('python provider: the planned commands, run', () => {
  itWhen(pythonTools)(
    'flake8 and pytest report the planted defects, and nothing is written into the checkout',
    async () => {
      const repo = createTinyRepo({
        'pyproject.toml': '[project]\nname = "calc"\nversion = "0"\n',
        'setup.cfg': '[flake8]\nmax-line-length = 100\n',
        'calc/__init__.py': '',
        'calc/ops.py': 'import os\n\n\ndef add(a, b):\n    return a - b\n',
        'tests/test_ops.py': 'from calc.ops import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
      });
      const changed = ['calc/ops.py', 'tests/test_ops.py'];
      const detection = await python.detect(
        repo.input('.', changed, [realBin(['flake8', 'pytest', 'python3'])]),
      );
      expect(runs(detection)).toEqual(['analyze flake8: flake8 {files}', `test pytest: python3 ${PYTEST}`]);
      const [lint, test] = (detection?.tasks ?? []).map(({ task }) => task.run);

      const flake8 = runPlanned(lint ?? '', repo.dir, { files: changed });
      expect(flake8.exitCode).toBe(1);
      expect(flake8.stdout).toContain("calc/ops.py:1:1: F401 'os' imported but unused");

      const pytest = runPlanned(test ?? '', repo.dir);
      expect(pytest.exitCode).toBe(1);
      expect(pytest.report).toContain('name="test_add"');
      expect(pytest.report).toContain('tests/test_ops.py:5: AssertionError');
      // -B and no:cacheprovider: no bytecode, no .pytest_cache.
      for (const left of ['.pytest_cache', 'calc/__pycache__', 'tests/__pycache__'])
        expect([left, existsSync(path.join(repo.dir, left))]).toEqual([left, false]);
    },
    60_000,
  );

  itWhen(pythonTools)(
    'a test that imports an uninstalled module is skipped with the fix; a missing submodule of the repository fails',
    async () => {
      // src layout, not installed: `import shop` fails at collection, which is the workflow's set-up.
      const repo = createTinyRepo({
        'pyproject.toml': '[project]\nname = "shop"\n',
        'src/shop/__init__.py': '',
        'tests/test_shop.py': 'import shop\n\n\ndef test_it():\n    assert shop\n',
      });
      const detection = await python.detect(
        repo.input('.', ['src/shop/__init__.py'], [realBin(['pytest', 'python3'])]),
      );
      const run = detection?.tasks.find(({ kind }) => kind === 'test')?.task.run ?? '';
      const notInstalled = runPlanned(run, repo.dir);
      expect(notInstalled.stdout).toContain("E   ModuleNotFoundError: No module named 'shop'");
      const reason =
        'a module the tests import is not installed: install the project and its dependencies (e.g. `pip install -e .` or `pip install -r requirements.txt`) after actions/setup-python';
      expect(missingReason(asRunResult(notInstalled), notInstalled.argv, python.missing)).toBe(reason);

      // A conftest importing a dependency that is not installed says so on stderr.
      repo.write({ 'tests/conftest.py': 'import yaml_not_installed\n' });
      const conftest = runPlanned(run, repo.dir);
      expect(conftest.stderr).toContain("ImportError while loading conftest '");
      expect(missingReason(asRunResult(conftest), conftest.argv, python.missing)).toBe(reason);

      // The repository's own package imports, but the module the test wants is gone: a real failure.
      repo.write({
        'tests/conftest.py': 'import sys\nsys.path.insert(0, "src")\n',
        'tests/test_shop.py': 'from shop.gone import x\n\n\ndef test_it():\n    assert x\n',
      });
      const gone = runPlanned(run, repo.dir);
      expect(gone.stdout).toContain("E   ModuleNotFoundError: No module named 'shop.gone'");
      expect(gone.exitCode).toBe(2);
      expect(missingReason(asRunResult(gone), gone.argv, python.missing)).toBeUndefined();
    },
    60_000,
  );

  itWhen(toolAvailable('python3'))("an interpreter without pytest is skipped with pip's fix", () => {
    const repo = createTinyRepo({ 'tests/test_a.py': 'def test_a():\n    pass\n' });
    // -I -S: no site-packages (so no pytest), whatever this machine has installed.
    const run = runPlanned('python3 -I -S -B -m pytest -q', repo.dir);
    expect(run.stderr).toMatch(/python3?[\d.]*: No module named pytest/);
    expect(missingReason(asRunResult(run), run.argv, python.missing)).toBe(
      'pytest is not installed for this Python: add `pip install pytest` (or your requirements) after actions/setup-python',
    );
  });
});
