import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RUFF_VERSION_LINE, runRuffCli } from '../../../src/ecosystems/standins/ruff-run.js';
import { RUFF_WASM, collectIo, lines, readFindings, removeAll, tempRepo } from './helpers.js';

const repos: string[] = [];
afterEach(() => removeAll(repos));

function repo(files: Record<string, string>): string {
  const dir = tempRepo(files);
  repos.push(dir);
  return dir;
}

function run(cwd: string, ...args: string[]) {
  const io = collectIo(cwd);
  const code = runRuffCli(args, io, RUFF_WASM);
  return { code, out: io.out, err: io.err };
}

const UNUSED_AND_UNDEFINED = lines('import os', 'import sys', '', 'print(undefined_name, sys.argv)');

describe('ruff check', () => {
  it('prints one rdjson document with positions and fix edits, and exits 1', () => {
    const root = repo({ 'pkg/app.py': UNUSED_AND_UNDEFINED, 'ruff.toml': '[lint]\nselect = ["F"]\n' });
    const { code, out, err } = run(root, 'check', 'pkg/app.py');
    expect(code).toBe(1);
    expect(err).toBe('');
    const document = JSON.parse(out);
    expect(document.source).toEqual({ name: 'ruff', url: 'https://docs.astral.sh/ruff' });
    expect(document.severity).toBe('WARNING');
    expect(document.diagnostics).toEqual([
      {
        message: '`os` imported but unused',
        location: {
          path: 'pkg/app.py',
          range: { start: { line: 1, column: 8 }, end: { line: 1, column: 10 } },
        },
        code: { value: 'F401' },
        suggestions: [{ range: { start: { line: 1, column: 1 }, end: { line: 2, column: 1 } }, text: '' }],
      },
      {
        message: 'Undefined name `undefined_name`',
        location: {
          path: 'pkg/app.py',
          range: { start: { line: 4, column: 7 }, end: { line: 4, column: 21 } },
        },
        code: { value: 'F821' },
      },
    ]);
    expect(readFindings(out, root)).toEqual([
      ['F401', 'pkg/app.py', 1, 'warning'],
      ['F821', 'pkg/app.py', 4, 'warning'],
    ]);
  });

  it('exits 0 with an empty document for clean files, and skips files of other languages', () => {
    const root = repo({
      'ok.py': 'print("hello")\n',
      'README.md': '# import os\n',
      'stub.pyi': 'def f() -> int: ...\n',
    });
    const { code, out } = run(root, 'check', 'ok.py', 'README.md', 'stub.pyi');
    expect(code).toBe(0);
    expect(JSON.parse(out).diagnostics).toEqual([]);
  });

  it('honours lint.ignore from [tool.ruff] and per-file-ignores', () => {
    const root = repo({
      'pyproject.toml': lines(
        '[tool.ruff.lint]',
        'select = ["F"]',
        'ignore = ["F401"]',
        '[tool.ruff.lint.per-file-ignores]',
        '"scripts/*" = ["F821"]',
      ),
      'a.py': UNUSED_AND_UNDEFINED,
      'scripts/b.py': UNUSED_AND_UNDEFINED,
    });
    const { code, out } = run(root, 'check', 'a.py', 'scripts/b.py');
    expect(code).toBe(1);
    expect(readFindings(out, root)).toEqual([['F821', 'a.py', 4, 'warning']]);
  });

  it('counts columns in characters, not bytes, and after a byte-order mark', () => {
    const root = repo({
      'u.py': '\ufeffx = "héllo😀"; y = undefined_a\n',
      'ruff.toml': '[lint]\nselect = ["F821"]\n',
    });
    const document = JSON.parse(run(root, 'check', 'u.py').out);
    expect(document.diagnostics[0].location.range.start).toEqual({ line: 1, column: 19 });
  });

  it('classifies the repository’s own packages as first-party, so isort finds the imports sorted', () => {
    const root = repo({
      'ruff.toml': '[lint]\nselect = ["I001"]\n',
      'src/mypkg/__init__.py': '',
      'src/mypkg/app.py': lines(
        'import os',
        '',
        'import requests',
        '',
        'import mypkg',
        '',
        'print(os, requests, mypkg)',
      ),
    });
    expect(run(root, 'check', 'src/mypkg/app.py').code).toBe(0);
  });

  it('reports syntax errors and unreadable files as diagnostics, and never writes', () => {
    const root = repo({ 'bad.py': 'def (:\n', 'latin1.py': '' });
    writeFileSync(
      path.join(root, 'latin1.py'),
      Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
    );
    const before = statSync(path.join(root, 'bad.py')).mtimeMs;
    const { code, out } = run(root, 'check', 'bad.py', 'latin1.py', 'missing.py');
    expect(code).toBe(1);
    expect(readFindings(out, root)).toEqual([
      ['invalid-syntax', 'bad.py', 1, 'warning'],
      ['invalid-syntax', 'bad.py', 1, 'warning'],
      ['invalid-syntax', 'bad.py', 2, 'warning'],
      ['E902', 'latin1.py', 1, 'warning'],
      ['E902', 'missing.py', 1, 'warning'],
    ]);
    expect(JSON.parse(out).diagnostics.at(-1).message).toBe('No such file or directory');
    expect(readFileSync(path.join(root, 'bad.py'), 'utf8')).toBe('def (:\n');
    expect(statSync(path.join(root, 'bad.py')).mtimeMs).toBe(before);
  });

  it('drops rule selectors this ruff does not know or removed, with a warning, and lints with the rest', () => {
    // ruff itself only warns about a removed rule under ignore (E999): that one stays.
    const root = repo({
      'ruff.toml': lines(
        '[lint]',
        'select = ["F", "XYZ123"]',
        'extend-select = ["UP038"]',
        'ignore = ["E999"]',
      ),
      'a.py': UNUSED_AND_UNDEFINED,
    });
    const { code, out, err } = run(root, 'check', 'a.py');
    expect(code).toBe(1);
    expect(readFindings(out, root).map(([rule]) => rule)).toEqual(['F401', 'F821']);
    expect(err).toBe(
      [
        'ruff: warning: ruff.toml: rule selector XYZ123 is unknown to ruff 0.17.4 (or removed); ignored',
        'ruff: warning: ruff.toml: rule selector UP038 is unknown to ruff 0.17.4 (or removed); ignored',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 with one line and no output for settings ruff refuses', () => {
    const root = repo({ 'ruff.toml': 'line-length = "wide"\n', 'a.py': 'x = 1\n' });
    const { code, out, err } = run(root, 'check', 'a.py');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^ruff: ruff\.toml: invalid type: string "wide", expected .+\n$/);
    const toml = repo({ 'pyproject.toml': '[tool.ruff\n', 'a.py': 'x = 1\n' });
    expect(run(toml, 'check', 'a.py').err).toMatch(/^ruff: pyproject\.toml:1:\d+: invalid TOML: .+\n$/);
  });

  it('skips files force-excluded by the configuration', () => {
    const root = repo({
      'pyproject.toml': lines('[tool.ruff]', 'force-exclude = true', 'extend-exclude = ["migrations"]'),
      'app/migrations/0001.py': 'import os\n',
    });
    expect(run(root, 'check', 'app/migrations/0001.py')).toMatchObject({ code: 0 });
  });
});

describe('ruff format', () => {
  it('rewrites a badly formatted file and leaves a formatted one untouched', () => {
    const root = repo({
      'ruff.toml': '[format]\nquote-style = "single"\n',
      'messy.py': lines('x  =  {"a":1}', 'def f( a ):', '  return a'),
      'tidy.py': 'y = 1\n',
    });
    const before = statSync(path.join(root, 'tidy.py')).mtimeMs;
    const { code, out } = run(root, 'format', 'messy.py', 'tidy.py');
    expect(code).toBe(0);
    expect(out).toBe('1 file reformatted, 1 left unchanged\n');
    expect(readFileSync(path.join(root, 'messy.py'), 'utf8')).toBe(
      lines("x = {'a': 1}", '', '', 'def f(a):', '    return a'),
    );
    expect(statSync(path.join(root, 'tidy.py')).mtimeMs).toBe(before);
  });

  it('keeps a byte-order mark, leaves stubs alone, and exits 2 for a file it cannot parse', () => {
    const root = repo({ 'bom.py': '\ufeffx=1\n', 'stub.pyi': 'class A:\n  x:int\n', 'bad.py': 'def (:\n' });
    const { code, err } = run(root, 'format', 'bom.py', 'stub.pyi', 'bad.py');
    expect(code).toBe(2);
    expect(err).toMatch(/^ruff: bad\.py: cannot format: .+\n$/);
    expect(readFileSync(path.join(root, 'bom.py'), 'utf8')).toBe('\ufeffx = 1\n');
    expect(readFileSync(path.join(root, 'stub.pyi'), 'utf8')).toBe('class A:\n  x:int\n');
    expect(readFileSync(path.join(root, 'bad.py'), 'utf8')).toBe('def (:\n');
  });
});

describe('the command line', () => {
  it('prints its version without reading anything', () => {
    expect(run('/nonexistent', '--version')).toEqual({ code: 0, out: `${RUFF_VERSION_LINE}\n`, err: '' });
    expect(RUFF_VERSION_LINE).toBe('ruff 0.17.4 (bundled WebAssembly build, Kilo Agent)');
  });

  it.each([
    [[], 'unknown command (none)'],
    [['lint', 'a.py'], 'unknown command lint'],
    [['check'], 'no files given'],
    [['check', '--fix', 'a.py'], 'unknown option --fix (this stand-in takes file names only)'],
  ])('exits 2 for %j: %s', (args, problem) => {
    const { code, out, err } = run('/tmp', ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toBe(`ruff: ${problem}`);
  });

  it('takes a file named like an option after --', () => {
    const root = repo({ '-x.py': 'import os\n' });
    expect(readFindings(run(root, 'check', '--', '-x.py').out, root)).toEqual([
      ['F401', '-x.py', 1, 'warning'],
    ]);
  });
});
