import { afterEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import {
  RuffConfigError,
  createConfigFinder,
  findRepositoryRoot,
  lowestPython,
} from '../../../src/ecosystems/standins/ruff-config.js';
import { createRuffEngine } from '../../../src/ecosystems/standins/ruff-engine.js';
import {
  isFileExcluded,
  optionsForFile,
  resolveSettings,
  type RuffSettings,
} from '../../../src/ecosystems/standins/ruff-settings.js';
import { RUFF_WASM, lines, removeAll, tempRepo } from './helpers.js';

const engine = createRuffEngine(RUFF_WASM);
const repos: string[] = [];
afterEach(() => removeAll(repos));

function repo(files: Record<string, string>): string {
  const dir = tempRepo(files);
  repos.push(dir);
  return dir;
}

/** The settings for `file` (relative to the repository), as the stand-in resolves them. */
function settingsOf(root: string, file: string): RuffSettings {
  const config = createConfigFinder(root, root)(path.join(root, file));
  return resolveSettings(config, engine.knownKeys, (f) => path.relative(root, f));
}

const lint = (settings: RuffSettings) => settings.options.lint as Record<string, unknown>;

describe('finding the configuration', () => {
  it('takes [tool.ruff] of pyproject.toml, with lint keys and per-file-ignores', () => {
    const root = repo({
      'pyproject.toml': lines(
        '[project]',
        'name = "demo"',
        '[tool.ruff]',
        'line-length = 100',
        'target-version = "py311"',
        '[tool.ruff.lint]',
        'select = ["F", "E"]',
        'ignore = ["F401"]',
        'extend-select = ["B"]',
        '[tool.ruff.lint.per-file-ignores]',
        '"tests/*" = ["F821"]',
      ),
    });
    const settings = settingsOf(root, 'pkg/app.py');
    expect(settings.file).toBe(path.join(root, 'pyproject.toml'));
    expect(settings.options['line-length']).toBe(100);
    expect(settings.options['target-version']).toBe('py311');
    expect(lint(settings)).toMatchObject({ select: ['F', 'E'], ignore: ['F401'], 'extend-select': ['B'] });
    expect(lint(settings)['per-file-ignores']).toBeUndefined();
    expect(optionsForFile(settings, path.join(root, 'tests/deep/test_a.py')).lint).toMatchObject({
      'per-file-ignores': { '*': ['F821'] },
    });
    expect(optionsForFile(settings, path.join(root, 'pkg/app.py'))).toBe(settings.options);
    expect(settings.warnings).toEqual([]);
  });

  it('prefers .ruff.toml over ruff.toml over pyproject.toml, and skips a pyproject.toml without [tool.ruff]', () => {
    const root = repo({
      'ruff.toml': 'line-length = 90\n',
      '.ruff.toml': 'line-length = 80\n',
      'pyproject.toml': '[tool.ruff]\nline-length = 70\n',
      'sub/pyproject.toml': '[project]\nname = "sub"\nrequires-python = ">=3.10"\n',
    });
    expect(settingsOf(root, 'a.py').options['line-length']).toBe(80);
    const sub = settingsOf(root, 'sub/b.py');
    expect(sub.file).toBe(path.join(root, '.ruff.toml'));
    expect(sub.options['line-length']).toBe(80);
  });

  it('uses the nearest config to the file, and never one above the repository root', () => {
    // A checkout inside a directory that has a ruff.toml: that file is not the checkout's.
    const outer = repo({
      'ruff.toml': 'line-length = 60\n',
      'checkout/.git/HEAD': '',
      'checkout/pkg/ruff.toml': '',
    });
    const root = path.join(outer, 'checkout');
    expect(findRepositoryRoot(path.join(root, 'pkg'))).toBe(root);
    const top = settingsOf(root, 'x.py');
    expect(top.file).toBeUndefined();
    expect(top.options['line-length']).toBeUndefined();
    expect(settingsOf(root, 'pkg/deep/y.py').file).toBe(path.join(root, 'pkg/ruff.toml'));
  });

  it('infers target-version from requires-python, as ruff does', () => {
    const root = repo({
      'pyproject.toml': lines(
        '[project]',
        'requires-python = ">=3.10, <4"',
        '[tool.ruff]',
        'line-length = 99',
      ),
      'tools/ruff.toml': 'line-length = 77\n',
      'tools/pyproject.toml': '[project]\nrequires-python = "~=3.12"\n',
    });
    expect(settingsOf(root, 'a.py').options['target-version']).toBe('py310');
    expect(settingsOf(root, 'tools/b.py').options['target-version']).toBe('py312');
    expect(lowestPython('>=3.8')).toBe('py38');
    expect(lowestPython('>=3.6')).toBe('py37');
    expect(lowestPython('<3.13')).toBeUndefined();
  });

  it('reads no config at all as ruff defaults, still inferring the target from a pyproject.toml', () => {
    const root = repo({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n' });
    const settings = settingsOf(root, 'src/pkg/mod.py');
    expect(settings.file).toBeUndefined();
    expect(settings.options['target-version']).toBe('py39');
    expect(settings.options['output-prefer-rule-codes']).toBe(true);
  });

  it('names the file, line and column of invalid TOML, without quoting the file', () => {
    const root = repo({ 'ruff.toml': 'line-length = 88\nselect = ["F",\nsecret = "do-not-echo"\n' });
    expect(() => settingsOf(root, 'a.py')).toThrow(RuffConfigError);
    try {
      settingsOf(root, 'a.py');
    } catch (error) {
      expect((error as Error).message).toMatch(/^ruff\.toml:\d+:\d+: invalid TOML: /);
      expect((error as Error).message).not.toContain('do-not-echo');
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('keys the bundled ruff does not take', () => {
  it('drops unknown keys at every level with one warning each, and keeps the rest', () => {
    const root = repo({
      'pyproject.toml': lines(
        '[tool.ruff]',
        'line-length = 100',
        'future-option = true',
        '[tool.ruff.lint]',
        'select = ["F"]',
        'bogus-key = 1',
        '[tool.ruff.format]',
        'quote-style = "single"',
        'fancy = true',
      ),
    });
    const settings = settingsOf(root, 'a.py');
    expect(settings.warnings).toEqual([
      'pyproject.toml: tool.ruff.future-option is not an option of this ruff; ignored',
      'pyproject.toml: tool.ruff.lint.bogus-key is not an option of this ruff; ignored',
      'pyproject.toml: tool.ruff.format.fancy is not an option of this ruff; ignored',
    ]);
    expect(settings.options).toMatchObject({ 'line-length': 100, format: { 'quote-style': 'single' } });
    expect(lint(settings)).toEqual({ select: ['F'] });
    // What remains is accepted by the Workspace as it is.
    expect(() => engine.workspace(settings.options, 'pyproject.toml')).not.toThrow();
  });

  it('moves deprecated top-level lint keys under lint, where lint.* keeps precedence', () => {
    const root = repo({
      'ruff.toml': lines('select = ["E"]', 'ignore = ["E501"]', '[lint]', 'select = ["F"]'),
    });
    const settings = settingsOf(root, 'a.py');
    expect(lint(settings)).toMatchObject({ select: ['F'], ignore: ['E501'] });
    expect(settings.options.select).toBeUndefined();
  });
});

describe('extend', () => {
  it('layers the extending file over its base: rule lists chain, patterns stay relative to their file', () => {
    const root = repo({
      'base/ruff.toml': lines(
        'line-length = 120',
        '[lint]',
        'select = ["E", "F"]',
        'ignore = ["E501"]',
        'extend-per-file-ignores = { "generated/*" = ["F401"] }',
      ),
      'pkg/pyproject.toml': lines(
        '[tool.ruff]',
        'extend = "../base/ruff.toml"',
        '[tool.ruff.lint]',
        'ignore = ["E741"]',
        'extend-per-file-ignores = { "tests/*" = ["F811"] }',
      ),
    });
    const settings = settingsOf(root, 'pkg/a.py');
    expect(settings.options['line-length']).toBe(120);
    expect(lint(settings)).toMatchObject({ select: ['E', 'F'], ignore: ['E501', 'E741'] });
    const optionsOf = (file: string) => optionsForFile(settings, path.join(root, file)).lint;
    expect(optionsOf('base/generated/x.py')).toMatchObject({ 'per-file-ignores': { '*': ['F401'] } });
    expect(optionsOf('pkg/tests/t.py')).toMatchObject({ 'per-file-ignores': { '*': ['F811'] } });
  });

  it('starts the rule selection afresh where the extending file selects', () => {
    const root = repo({
      'base.toml': lines('[lint]', 'select = ["E"]', 'ignore = ["E501"]', 'extend-select = ["W"]'),
      'ruff.toml': lines('extend = "base.toml"', '[lint]', 'select = ["E501"]'),
    });
    expect(lint(settingsOf(root, 'a.py'))).toEqual({ select: ['E501'] });
  });

  it('refuses an extend outside the repository and a cycle', () => {
    const outside = repo({ 'ruff.toml': lines('extend = "/etc/ruff.toml"') });
    expect(() => settingsOf(outside, 'a.py')).toThrow('ruff.toml: extend points outside the repository');
    const cycle = repo({ 'ruff.toml': 'extend = "other.toml"\n', 'other.toml': 'extend = "ruff.toml"\n' });
    expect(() => settingsOf(cycle, 'a.py')).toThrow(/extend makes a cycle/);
  });
});

describe('what the Workspace cannot see', () => {
  it('names the packages and modules of the src roots as isort first-party, not the standard library', () => {
    const root = repo({
      'ruff.toml': lines('src = ["src", "."]', '[lint.isort]', 'known-third-party = ["vendored"]'),
      'src/mypkg/__init__.py': '',
      'src/helpers.py': '',
      'src/vendored/__init__.py': '',
      'tools.py': '',
      'email/__init__.py': '',
      'docs-site/index.md': '',
    });
    const isort = (lint(settingsOf(root, 'src/mypkg/a.py')).isort ?? {}) as Record<string, unknown>;
    expect(isort['known-first-party']).toEqual(['helpers', 'mypkg', 'src', 'tools']);
    expect(isort['known-third-party']).toEqual(['vendored']);
  });

  it('skips force-excluded files, by directory or name, and only with force-exclude', () => {
    const root = repo({
      'pyproject.toml': lines(
        '[tool.ruff]',
        'force-exclude = true',
        'extend-exclude = ["migrations", "legacy/*.py"]',
        '[tool.ruff.lint]',
        'exclude = ["scripts/*"]',
      ),
    });
    const settings = settingsOf(root, 'a.py');
    const excluded = (file: string, mode: 'check' | 'format' = 'check') =>
      isFileExcluded(settings, path.join(root, file), mode);
    expect(excluded('app/migrations/0001_init.py')).toBe(true);
    expect(excluded('legacy/deep/old.py')).toBe(true);
    expect(excluded('.venv/lib/site.py')).toBe(true);
    expect(excluded('scripts/run.py')).toBe(true);
    expect(excluded('scripts/run.py', 'format')).toBe(false);
    expect(excluded('app/models.py')).toBe(false);
    const notForced = settingsOf(repo({ 'ruff.toml': 'extend-exclude = ["migrations"]\n' }), 'a.py');
    expect(isFileExcluded(notForced, path.join(root, 'migrations/x.py'), 'check')).toBe(false);
  });

  it('applies per-file-target-version and negated per-file-ignores to matching files only', () => {
    const root = repo({
      'ruff.toml': lines(
        'target-version = "py312"',
        '[per-file-target-version]',
        '"legacy/**" = "py38"',
        '[lint.per-file-ignores]',
        '"!src/**" = ["D"]',
        '"__init__.py" = ["F401"]',
      ),
    });
    const settings = settingsOf(root, 'a.py');
    const options = (file: string) => optionsForFile(settings, path.join(root, file));
    expect(options('legacy/a/b.py')['target-version']).toBe('py38');
    expect(options('legacy/a/b.py').lint).toMatchObject({ 'per-file-ignores': { '*': ['D'] } });
    expect(options('src/pkg/__init__.py').lint).toMatchObject({ 'per-file-ignores': { '*': ['F401'] } });
    expect(options('src/pkg/mod.py')['target-version']).toBe('py312');
  });
});
