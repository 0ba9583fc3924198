import { describe, expect, it } from '@jest/globals';
import { listProbe } from '../../__fixtures__/probe.js';
import { javascript } from '../../src/ecosystems/javascript/index.js';
import { detectConfig } from '../../src/policy/detect-config.js';
import { loadEffectiveConfig } from '../../src/policy/effective-config.js';

const reader = (files: Record<string, string>) => async (path: string) => files[path];
const installed = {
  files: ['src/a.ts'],
  probe: listProbe({ programs: ['npm', 'pnpm'], paths: ['node_modules'] }),
  standins: {},
};

describe('zero-config detection', () => {
  it('runs only the built-ins when no ecosystem is detected', async () => {
    const { config, notes, coverage } = await detectConfig(
      reader({}),
      { ...installed, files: ['notes.txt'] },
      [javascript],
    );
    expect(config.tasks).toEqual({ analyze: [], refactor: [], test: [] });
    expect(notes).toEqual(['no ecosystem detected: built-in analyzers only']);
    expect(coverage).toEqual([]);
  });

  it('turns the providers’ tasks into a config whose allowlist is exactly their run lines', async () => {
    const pkg = { scripts: { lint: 'x', typecheck: 'tsc -p . && tsc -p test', test: 'vitest' } };
    const { config, coverage } = await detectConfig(
      reader({ 'package.json': JSON.stringify(pkg), 'pnpm-lock.yaml': '' }),
      installed,
      [javascript],
    );
    expect(config.tasks.analyze.map((t) => t.run)).toEqual(['pnpm run lint', 'pnpm run typecheck']);
    expect(config.tasks.test.map((t) => t.run)).toEqual(['pnpm test']);
    expect(config.policy.commands.allow).toEqual(['pnpm run lint', 'pnpm run typecheck', 'pnpm test']);
    expect(coverage).toEqual([
      {
        ecosystem: 'javascript',
        files: 1,
        directories: ['.'],
        tools: ['analyze lint', 'analyze typecheck', 'test test'],
        skipped: [],
      },
    ]);
  });

  it('reports the ecosystems whose files changed with no tooling to run', async () => {
    const noTools = { ...installed, files: ['src/a.ts', 'README.md'] };
    const { config, coverage } = await detectConfig(reader({ 'package.json': '{}' }), noTools, [javascript]);
    expect(config.tasks.analyze).toEqual([]);
    expect(coverage).toEqual([
      { ecosystem: 'javascript', files: 1, directories: ['.'], tools: [], skipped: [] },
    ]);
  });

  it('prefers the config file over detection when it exists', async () => {
    const read = reader({
      '.github/kilo.yml': 'policy:\n  concurrency: 5\n',
      'package.json': '{"scripts":{"test":"jest"}}',
    });
    const effective = await loadEffectiveConfig(read, '.github/kilo.yml', installed);
    expect(effective.source).toBe('file');
    expect(effective.config.policy.concurrency).toBe(5);
    expect(effective.config.tasks.test).toEqual([]);
    expect(effective.coverage).toBeUndefined();
  });
});
