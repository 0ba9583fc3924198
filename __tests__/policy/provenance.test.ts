import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { listProbe } from '../../__fixtures__/probe.js';
import { detectConfig } from '../../src/policy/detect-config.js';

const INSTALLED = {
  files: ['src/a.js'],
  probe: listProbe({ programs: ['npm'], paths: ['node_modules'] }),
  standins: {},
};
import { parseConfigWithInput } from '../../src/policy/parse-config.js';
import { configProvenance, configYamlWithSources } from '../../src/policy/provenance.js';
import { configSchema } from '../../src/policy/schema.js';

const FILE = '.github/kilo.yml';
const reader = (files: Record<string, string>) => async (path: string) => files[path];

describe('configProvenance', () => {
  it('marks keys written in the file as file and everything else as default', () => {
    const { config, input } = parseConfigWithInput(
      'policy:\n  concurrency: 4\n  skip:\n    labels: [wip]\n',
      FILE,
    );
    const sources = configProvenance(config, input, undefined);
    expect(sources.get('policy.concurrency')).toBe('file');
    expect(sources.get('policy.skip.labels')).toBe('file');
    expect(sources.get('policy.skip.drafts')).toBe('default');
    expect(sources.get('policy.budgets.comments')).toBe('default');
    expect(sources.get('version')).toBe('default');
    expect(sources.get('tasks.test')).toBe('default');
  });

  it('lists leaves only: objects are walked, lists of strings are one entry', () => {
    const sources = configProvenance(configSchema.parse({}), {}, undefined);
    expect(sources.has('policy')).toBe(false);
    expect(sources.has('policy.skip')).toBe(false);
    expect(sources.get('policy.commands.allow')).toBe('default');
    expect(sources.has('policy.commands.allow[0]')).toBe(false);
    expect([...sources.values()].every((source) => source === 'default')).toBe(true);
  });

  it("gives a file task's written keys the file and its defaulted keys the default", () => {
    const { config, input } = parseConfigWithInput(
      'tasks:\n  analyze:\n    - name: eslint\n      run: npx eslint {files}\n',
      FILE,
    );
    const sources = configProvenance(config, input, undefined);
    expect(sources.get('tasks.analyze[0].name')).toBe('file');
    expect(sources.get('tasks.analyze[0].run')).toBe('file');
    expect(sources.get('tasks.analyze[0].format')).toBe('default');
    expect(sources.get('tasks.analyze[0].timeout-seconds')).toBe('default');
    expect(sources.has('tasks.analyze[0].paths')).toBe(false);
  });

  it('marks what zero-config detection supplied as detected and the rest as default', async () => {
    const detection = await detectConfig(
      reader({ 'package.json': '{"scripts":{"test":"jest"}}' }),
      INSTALLED,
    );
    const sources = configProvenance(detection.config, undefined, detection.input);
    expect(sources.get('tasks.test[0].name')).toBe('detected');
    expect(sources.get('tasks.test[0].run')).toBe('detected');
    expect(sources.get('tasks.test[0].format')).toBe('default');
    expect(sources.get('policy.commands.allow')).toBe('detected');
    // Nothing detected for these kinds: the empty list is the default, not a detection.
    expect(sources.get('tasks.analyze')).toBe('default');
    expect(sources.get('tasks.refactor')).toBe('default');
    expect(sources.get('policy.forks')).toBe('default');
  });
});

describe('configYamlWithSources', () => {
  it('ends every leaf line with its source and parses back to the same config', async () => {
    const detection = await detectConfig(
      reader({ 'package.json': '{"scripts":{"test":"jest"}}' }),
      INSTALLED,
    );
    const sources = configProvenance(detection.config, undefined, detection.input);
    const yaml = configYamlWithSources(detection.config, sources);

    expect(parse(yaml)).toEqual(detection.config);
    expect(yaml).toContain('    forks: report-only # default\n'.slice(2));
    expect(yaml).toContain('  labels: [kilo:skip] # default\n');
    expect(yaml).toMatch(/ {2}test:\n {4}- name: test # detected\n {6}run: npm test # detected\n/);
    expect(yaml).toContain('  analyze: [] # default\n');
    const leafLines = yaml.split('\n').filter((line) => line && !/:$/.test(line));
    expect(leafLines.every((line) => / # (file|detected|default)$/.test(line))).toBe(true);
    expect(leafLines).toHaveLength(sources.size);
  });
});
