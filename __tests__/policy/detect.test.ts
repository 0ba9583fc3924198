import { describe, expect, it } from '@jest/globals';
import { detectConfig } from '../../src/policy/detect.js';
import { loadEffectiveConfig } from '../../src/policy/load-config.js';

const reader = (files: Record<string, string>) => async (path: string) => files[path];

describe('zero-config detection', () => {
  it('runs only the built-ins when there is no package.json', async () => {
    const { config, notes } = await detectConfig(reader({}));
    expect(config.tasks).toEqual({ analyze: [], refactor: [], test: [] });
    expect(notes[0]).toMatch(/no package.json/);
  });

  it('detects eslint, tsc, prettier and the test script of an npm project', async () => {
    const pkg = {
      scripts: { test: 'jest', lint: 'eslint .' },
      devDependencies: { eslint: '^9', prettier: '^3', typescript: '^5' },
    };
    const { config } = await detectConfig(
      reader({
        'package.json': JSON.stringify(pkg),
        'eslint.config.js': '',
        '.prettierrc': '{}',
        'tsconfig.json': '{}',
      }),
    );
    expect(config.tasks.analyze.map((t) => [t.name, t.run, t.format])).toEqual([
      ['eslint', 'npx eslint --format json {files}', 'eslint-json'],
      ['tsc', 'npx tsc --noEmit --pretty false', 'exit-code'],
    ]);
    expect(config.tasks.refactor.map((t) => t.name)).toEqual(['prettier']);
    expect(config.tasks.test.map((t) => t.run)).toEqual(['npm test']);
  });

  it("uses the lockfile's package manager and allows its commands", async () => {
    const pkg = { scripts: { lint: 'x', typecheck: 'tsc', test: 'vitest' } };
    const { config } = await detectConfig(
      reader({ 'package.json': JSON.stringify(pkg), 'pnpm-lock.yaml': '' }),
    );
    expect(config.tasks.analyze.map((t) => t.run)).toEqual(['pnpm run lint', 'pnpm run typecheck']);
    expect(config.tasks.test.map((t) => t.run)).toEqual(['pnpm test']);
    expect(config.policy.commands.allow).toEqual(expect.arrayContaining(['pnpm test*', 'pnpm run *']));
  });

  it("ignores npm init's placeholder test script and eslint config without eslint installed", async () => {
    const pkg = { scripts: { test: 'echo "Error: no test specified" && exit 1' } };
    const { config } = await detectConfig(
      reader({ 'package.json': JSON.stringify(pkg), 'eslint.config.js': '' }),
    );
    expect(config.tasks.test).toEqual([]);
    expect(config.tasks.analyze).toEqual([]);
  });

  it('prefers the config file over detection when it exists', async () => {
    const read = reader({
      '.github/kilo.yml': 'policy:\n  concurrency: 5\n',
      'package.json': '{"scripts":{"test":"jest"}}',
    });
    const effective = await loadEffectiveConfig(read, '.github/kilo.yml');
    expect(effective.source).toBe('file');
    expect(effective.config.policy.concurrency).toBe(5);
    expect(effective.config.tasks.test).toEqual([]);
  });
});
