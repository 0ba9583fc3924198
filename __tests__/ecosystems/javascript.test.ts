import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { javascript } from '../../src/ecosystems/javascript/index.js';
import { createProbe } from '../../src/ecosystems/probe.js';
import type { EcosystemDetection } from '../../src/ecosystems/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** A PATH holding stub executables with these names (detection only looks, it never runs them). */
function pathWith(...programs: string[]): string {
  const bin = tempDir('kilo-path-');
  for (const program of programs) {
    writeFileSync(path.join(bin, program), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, program), 0o755);
  }
  return bin;
}

/** node_modules/.bin entries as links, the way npm and pnpm install them. */
function installBins(root: string, dir: string, tools: string[]): void {
  const bin = path.join(root, dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of tools) {
    const target = path.join(root, dir, 'node_modules', tool, 'cli.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, '');
    symlinkSync(target, path.join(bin, tool));
  }
}

function reader(root: string) {
  return (file: string) => readFile(path.join(root, file), 'utf8').catch(() => undefined);
}

async function detectAt(root: string, searchPath: string, directory = '.'): Promise<EcosystemDetection> {
  const found = await javascript.detect({
    directory,
    read: reader(root),
    probe: createProbe(root, searchPath),
    files: [],
    standins: {},
  });
  if (found === undefined) throw new Error('nothing detected');
  return found;
}

const PNPM_LIBRARY = {
  'package.json': JSON.stringify({
    name: 'defu',
    packageManager: 'pnpm@9.12.0',
    scripts: { lint: 'eslint . && prettier -c src', test: 'jest --coverage', typecheck: 'tsc --noEmit' },
    devDependencies: { eslint: '^9', prettier: '^3', typescript: '^5', jest: '^29' },
  }),
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'eslint.config.mjs': 'export default [];\n',
  '.prettierrc': '{}\n',
  'tsconfig.json': '{}\n',
  'src/defu.ts': 'export const x = 1;\n',
};

describe('the JavaScript provider', () => {
  it('plans nothing that could download: without node_modules every tool is skipped with the install step', async () => {
    const root = tempDir('kilo-js-');
    writeTree(root, PNPM_LIBRARY);
    const found = await detectAt(root, pathWith());
    expect(found.tasks).toEqual([]);
    expect(found.skipped).toEqual([
      {
        kind: 'analyze',
        tool: 'eslint',
        reason:
          'dependencies are not installed (no node_modules): run `pnpm install --frozen-lockfile` before this step',
      },
      expect.objectContaining({ kind: 'analyze', tool: 'tsc' }),
      expect.objectContaining({ kind: 'refactor', tool: 'prettier' }),
      {
        kind: 'test',
        tool: 'pnpm test',
        reason: 'pnpm is not installed: add `pnpm/action-setup` before this step, or run `corepack enable`',
      },
    ]);
    expect(found.notes[0]).toBe('pnpm from packageManager: pnpm@9.12.0; dependencies not installed');
    expect(JSON.stringify(found)).not.toMatch(/npx/);
  });

  it('runs installed tools from node_modules/.bin: eslint as JSON, tsc as findings, jest with per-test results', async () => {
    const root = tempDir('kilo-js-');
    writeTree(root, PNPM_LIBRARY);
    installBins(root, '.', ['eslint', 'tsc', 'prettier', 'jest']);
    const found = await detectAt(root, pathWith('pnpm'));
    expect(found.tasks).toEqual([
      {
        kind: 'analyze',
        task: {
          name: 'eslint',
          run: 'node_modules/.bin/eslint --format json {files}',
          format: 'eslint-json',
          paths: ['**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}'],
        },
      },
      {
        kind: 'analyze',
        task: { name: 'tsc', run: 'node_modules/.bin/tsc --noEmit --pretty false', format: 'tsc' },
      },
      {
        kind: 'refactor',
        task: {
          name: 'prettier',
          run: 'node_modules/.bin/prettier --write {files}',
          paths: [expect.stringContaining('**/*.{js')],
        },
      },
      {
        kind: 'test',
        task: {
          name: 'test',
          run: 'node_modules/.bin/jest --coverage --json --outputFile={report}',
          format: 'jest-json',
        },
      },
    ]);
    expect(found.allow).toEqual(found.tasks.map((task) => task.task.run));
    expect(found.skipped).toEqual([]);
  });

  it('says which configured tool is missing when the dependencies are installed without it', async () => {
    const root = tempDir('kilo-js-');
    writeTree(root, PNPM_LIBRARY);
    installBins(root, '.', ['tsc']);
    const found = await detectAt(root, pathWith('pnpm'));
    expect(found.skipped).toContainEqual({
      kind: 'analyze',
      tool: 'eslint',
      reason:
        'eslint is configured (eslint.config.mjs) but not installed in node_modules: add it to devDependencies',
    });
  });

  it.each([
    [{ 'yarn.lock': '__metadata:\n  version: 8\n' }, {}, 'yarn test', 'yarn install --immutable'],
    [{ 'yarn.lock': '# yarn lockfile v1\n' }, {}, 'yarn test', 'yarn install --frozen-lockfile'],
    [{ 'bun.lockb': 'x' }, {}, 'bun run test', 'bun install --frozen-lockfile'],
    [{ 'package-lock.json': '{}' }, {}, 'npm test', 'npm ci'],
    [{}, {}, 'npm test', 'npm install'],
    [{}, { packageManager: 'yarn@4.5.0' }, 'yarn test', 'yarn install --immutable'],
  ])('runs scripts with the package manager of %j %j', async (files, fields, run, install) => {
    const root = tempDir('kilo-js-');
    writeTree(root, {
      ...files,
      'package.json': JSON.stringify({
        ...fields,
        scripts: { test: 'xo && ava' },
        devDependencies: { xo: '1', ava: '1' },
      }),
    });
    const [pm] = run.split(' ');
    const missingDeps = await detectAt(root, pathWith(pm ?? ''));
    expect(missingDeps.skipped).toEqual([
      {
        kind: 'test',
        tool: run,
        reason: `dependencies are not installed (no node_modules): run \`${install}\` before this step`,
      },
    ]);
    mkdirSync(path.join(root, 'node_modules'));
    const installed = await detectAt(root, pathWith(pm ?? ''));
    expect(installed.tasks).toEqual([{ kind: 'test', task: { name: 'test', run } }]);
  });

  it('runs a node:test script with the TAP reporter so failing tests are named', async () => {
    const root = tempDir('kilo-js-');
    writeTree(root, { 'package.json': JSON.stringify({ scripts: { test: 'node --test test/' } }) });
    const found = await detectAt(root, pathWith());
    expect(found.tasks).toEqual([
      { kind: 'test', task: { name: 'test', run: 'node --test --test-reporter=tap test/', format: 'tap' } },
    ]);
  });

  it("leaves npm's placeholder test script alone", async () => {
    const root = tempDir('kilo-js-');
    writeTree(root, {
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    });
    expect((await detectAt(root, pathWith('npm'))).tasks).toEqual([]);
  });
});

describe('zero-config in a monorepo', () => {
  it('detects the touched package, finds hoisted tools up the tree, and runs in the package directory', async () => {
    const root = tempDir('kilo-mono-');
    writeTree(root, {
      'package.json': JSON.stringify({ private: true, devDependencies: { eslint: '^9', typescript: '^5' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'pnpm-workspace.yaml': 'packages: [packages/*]\n',
      'eslint.config.js': 'export default [];\n',
      'packages/web/package.json': JSON.stringify({ name: 'web', scripts: { test: 'vitest run' } }),
      'packages/web/tsconfig.json': '{}',
      'packages/web/src/app.ts': 'export {};\n',
      'packages/api/package.json': JSON.stringify({ name: 'api', scripts: { test: 'node --test' } }),
    });
    installBins(root, '.', ['eslint', 'tsc']);
    const found = await detectEcosystems([javascript], reader(root), {
      files: ['packages/web/src/app.ts', 'README.md'],
      probe: createProbe(root, pathWith('pnpm')),
      standins: {},
    });
    expect(found.tasks.analyze).toEqual([
      {
        name: 'eslint.packages-web',
        run: '../../node_modules/.bin/eslint --format json {files}',
        format: 'eslint-json',
        paths: ['packages/web/**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}'],
        'working-directory': 'packages/web',
      },
      {
        name: 'tsc.packages-web',
        run: '../../node_modules/.bin/tsc --noEmit --pretty false',
        format: 'tsc',
        paths: ['packages/web/**'],
        'working-directory': 'packages/web',
      },
    ]);
    // The untouched package (api) plans nothing; the root package gets the README (no tools there).
    expect(found.tasks.test).toEqual([
      {
        name: 'test.packages-web',
        run: 'pnpm test',
        paths: ['packages/web/**'],
        'working-directory': 'packages/web',
      },
    ]);
    expect(found.coverage).toEqual([
      expect.objectContaining({ ecosystem: 'javascript', files: 1, directories: ['.', 'packages/web'] }),
    ]);
  });
});

describe('test runners run directly with a reporter we read', () => {
  async function planned(test: string, bins: string[]) {
    const root = tempDir('kilo-js-runner-');
    writeTree(root, { 'package.json': JSON.stringify({ scripts: { test }, devDependencies: { x: '1' } }) });
    installBins(root, '.', bins);
    const found = await detectAt(root, pathWith('npm'));
    expect(found.allow).toEqual(found.tasks.map((task) => task.task.run));
    return found;
  }

  it.each([
    ['vitest', 'node_modules/.bin/vitest run --reporter=json --outputFile={report}'],
    ['vitest run', 'node_modules/.bin/vitest run --reporter=json --outputFile={report}'],
    ['vitest --run', 'node_modules/.bin/vitest run --reporter=json --outputFile={report}'],
    [
      'vitest run --coverage --project=unit src/',
      'node_modules/.bin/vitest run --coverage --project=unit src/ --reporter=json --outputFile={report}',
    ],
  ])('vitest: %j runs once (never watch mode) with the JSON reporter', async (test, run) => {
    const found = await planned(test, ['vitest']);
    expect(found.tasks).toEqual([{ kind: 'test', task: { name: 'test', run, format: 'jest-json' } }]);
    expect(found.notes).toContain(
      'test test: package.json script "test" (vitest, JSON per-test results) and node_modules/.bin/vitest',
    );
  });

  it('mocha: TAP 13, whose diagnostics carry the failure and its stack', async () => {
    const found = await planned('mocha --recursive test/**/*.spec.js', ['mocha']);
    expect(found.tasks).toEqual([
      {
        kind: 'test',
        task: {
          name: 'test',
          run: 'node_modules/.bin/mocha --recursive test/**/*.spec.js --reporter tap --reporter-option tapVersion=13',
          format: 'tap',
        },
      },
    ]);
    expect(found.notes).toContain(
      'test test: package.json script "test" (mocha, TAP per-test results) and node_modules/.bin/mocha',
    );
  });

  it('ava: TAP 13, each failing test named (ava locates failures in itself, not in the test)', async () => {
    const found = await planned('ava --serial', ['ava']);
    expect(found.tasks).toEqual([
      { kind: 'test', task: { name: 'test', run: 'node_modules/.bin/ava --tap --serial', format: 'tap' } },
    ]);
    expect(found.notes).toContain(
      'test test: package.json script "test" (ava, TAP per-test results (failing tests named; ava gives no line)) and node_modules/.bin/ava',
    );
  });

  it.each([
    ['vitest --reporter=verbose', ['vitest']],
    ['vitest run --outputFile.junit=out.xml', ['vitest']],
    ['vitest bench', ['vitest']],
    ['vitest watch', ['vitest']],
    ['mocha -R spec', ['mocha']],
    ['mocha --reporter-option maxDiffSize=0', ['mocha']],
    ['mocha --watch', ['mocha']],
    // ava with a reporter or watch mode of its own.
    ['ava --tap', ['ava']],
    ['ava --watch', ['ava']],
    ['ava', []],
    // The runner is declared but not in node_modules/.bin: the script says what it needs.
    ['vitest run', []],
    ['mocha', []],
  ])('runs %j as the script, by its exit code', async (test, bins) => {
    const found = await planned(test, bins);
    expect(found.tasks).toEqual([{ kind: 'test', task: { name: 'test', run: 'npm test' } }]);
  });
});

describe('Biome and oxlint where they are configured', () => {
  const BIOME_RUN =
    'node_modules/.bin/biome lint --reporter=checkstyle --no-errors-on-unmatched --files-ignore-unknown=true {files}';

  it('runs Biome and oxlint as checkstyle beside ESLint, and not the lint script that runs them too', async () => {
    const root = tempDir('kilo-js-lint-');
    writeTree(root, {
      'package.json': JSON.stringify({
        scripts: { lint: 'biome lint . && oxlint && eslint .' },
        devDependencies: { '@biomejs/biome': '^2', oxlint: '^1', eslint: '^9' },
      }),
      'biome.jsonc': '{}\n',
      '.oxlintrc.json': '{}\n',
      'eslint.config.js': 'export default [];\n',
    });
    installBins(root, '.', ['biome', 'oxlint', 'eslint']);
    const found = await detectAt(root, pathWith('npm'));
    expect(found.tasks).toEqual([
      expect.objectContaining({ kind: 'analyze', task: expect.objectContaining({ name: 'eslint' }) }),
      {
        kind: 'analyze',
        task: {
          name: 'biome',
          run: BIOME_RUN,
          format: 'checkstyle',
          paths: ['**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,jsonc,css,graphql,gql,vue,svelte,astro}'],
        },
      },
      {
        kind: 'analyze',
        task: {
          name: 'oxlint',
          run: 'node_modules/.bin/oxlint --format=checkstyle --no-error-on-unmatched-pattern {files}',
          format: 'checkstyle',
          paths: ['**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,vue,svelte,astro}'],
        },
      },
    ]);
    expect(found.allow).toEqual(found.tasks.map((task) => task.task.run));
    expect(found.notes).toEqual(
      expect.arrayContaining([
        'analyze biome: biome.jsonc and node_modules/.bin/biome',
        'analyze oxlint: .oxlintrc.json and node_modules/.bin/oxlint',
      ]),
    );
  });

  it('finds their configs up the tree in a monorepo, naming an undotted oxlintrc.json with -c', async () => {
    const root = tempDir('kilo-mono-lint-');
    writeTree(root, {
      'package.json': JSON.stringify({
        private: true,
        devDependencies: { '@biomejs/biome': '2', oxlint: '1' },
      }),
      'biome.json': '{}\n',
      'oxlintrc.json': '{}\n',
      'packages/web/package.json': JSON.stringify({ name: 'web' }),
    });
    installBins(root, '.', ['biome', 'oxlint']);
    const found = await detectAt(root, pathWith('npm'), 'packages/web');
    expect(found.tasks.map((task) => task.task.run)).toEqual([
      BIOME_RUN.replace('node_modules/', '../../node_modules/'),
      '../../node_modules/.bin/oxlint -c ../../oxlintrc.json --format=checkstyle --no-error-on-unmatched-pattern {files}',
    ]);
  });

  it('says which package to add when a configured linter is not installed', async () => {
    const root = tempDir('kilo-js-lint-');
    writeTree(root, {
      'package.json': JSON.stringify({ devDependencies: { '@biomejs/biome': '^2', oxlint: '^1' } }),
      'biome.json': '{}\n',
      '.oxlintrc.jsonc': '{}\n',
    });
    const bare = await detectAt(root, pathWith('npm'));
    expect(bare.skipped).toEqual([
      {
        kind: 'analyze',
        tool: 'biome',
        reason: 'dependencies are not installed (no node_modules): run `npm install` before this step',
      },
      expect.objectContaining({ kind: 'analyze', tool: 'oxlint' }),
    ]);
    installBins(root, '.', ['tsc']);
    expect((await detectAt(root, pathWith('npm'))).skipped).toEqual([
      {
        kind: 'analyze',
        tool: 'biome',
        reason:
          'biome is configured (biome.json) but not installed in node_modules: add @biomejs/biome to devDependencies',
      },
      {
        kind: 'analyze',
        tool: 'oxlint',
        reason:
          'oxlint is configured (.oxlintrc.jsonc) but not installed in node_modules: add it to devDependencies',
      },
    ]);
  });

  it('leaves a config whose tool is neither declared nor installed to the lint script', async () => {
    const root = tempDir('kilo-js-lint-');
    writeTree(root, {
      'package.json': JSON.stringify({ scripts: { lint: 'biome lint' }, devDependencies: { x: '1' } }),
      'biome.json': '{}\n',
    });
    const found = await detectAt(root, pathWith('npm'));
    expect(found.tasks).toEqual([]);
    expect(found.skipped).toEqual([expect.objectContaining({ kind: 'analyze', tool: 'npm run lint' })]);
  });
});
