import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INPUT_NAMES, parseSettings } from '../src/settings.js';
import { VERSION } from '../src/version.js';

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('parseSettings', () => {
  it('fills defaults for absent (empty) inputs', () => {
    expect(parseSettings(inputs({}))).toEqual({
      config: '.github/kilo.yml',
      'dry-run': false,
      phase: 'all',
      shard: '1/1',
      shards: 1,
      results: 'kilo-results',
      'fail-on': 'error',
      'upload-artifacts': false,
      'reuse-results': true,
    });
  });

  it("reads an unexpanded expression (a local emulator passing action.yml's default) as absent", () => {
    const settings = parseSettings(
      inputs({ 'github-token': '${{ github.token }}', 'fail-on': ' ${{ inputs.x }} ' }),
    );
    expect(settings['github-token']).toBeUndefined();
    expect(settings['fail-on']).toBe('error');
    // Text around an expression is not an unexpanded default: it is kept (and validated).
    expect(parseSettings(inputs({ 'github-token': 'ghs_${{ x }}' }))['github-token']).toBe('ghs_${{ x }}');
  });

  it('takes a shard count between 1 and 256 and names the input otherwise', () => {
    expect(parseSettings(inputs({ shards: '4' })).shards).toBe(4);
    expect(() => parseSettings(inputs({ shards: '0' }))).toThrow("input 'shards':");
    expect(() => parseSettings(inputs({ shards: 'many' }))).toThrow("input 'shards':");
  });

  it('parses booleans, numbers and enums', () => {
    const settings = parseSettings(
      inputs({ 'dry-run': 'true', 'pr-number': '42', 'fail-on': 'warning', shard: '2/4' }),
    );
    expect(settings).toMatchObject({ 'dry-run': true, 'pr-number': 42, 'fail-on': 'warning', shard: '2/4' });
    expect(parseSettings(inputs({ shard: '2/4:0-3,9' })).shard).toBe('2/4:0-3,9');
  });

  it.each([
    ['fail-on', 'errors', "input 'fail-on': expected one of error|warning|never (got 'errors')"],
    ['dry-run', 'yes', "input 'dry-run': expected one of true|false (got 'yes')"],
    ['shard', '5/4', "input 'shard': shard index must not exceed the shard count (got '5/4')"],
    ['shard', '5/4:0-2', "input 'shard': shard index must not exceed the shard count (got '5/4:0-2')"],
    ['shard', '1/4:a;b', "input 'shard': expected i/n, like 1/4, or the plan job's i/n:positions"],
    ['pr-number', '-3', "input 'pr-number': Too small: expected number to be >0 (got '-3')"],
  ])('names the input at fault: %s=%s', (name, value, message) => {
    expect(() => parseSettings(inputs({ [name]: value }))).toThrow(message);
  });

  it('never echoes a credential-bearing input in an error', () => {
    expect(() => parseSettings(inputs({ 'llm-base-url': 'not a url with s3cret' }))).toThrow(
      /^input 'llm-base-url': [^']*$/,
    );
  });

  it('knows exactly the inputs declared in action.yml', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('has the version of package.json', () => {
    expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
