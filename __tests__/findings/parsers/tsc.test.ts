import { describe, expect, it } from '@jest/globals';
import { findingFingerprint } from '../../../src/findings/fingerprint.js';
import { parseTsc } from '../../../src/findings/parsers/tsc.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary } from './helpers.js';

const SAMPLE = fixture('tsc.txt');
const ASSIGNABLE = "Type 'string' is not assignable to type 'number'.";
const OBJECT_TYPE = "'{ name: string; retries: number; server: { host: string; port: string; }; }'";

describe('parseTsc on real tsc --pretty false output', () => {
  const result = parseTsc(SAMPLE, options);

  it('returns one finding per diagnostic, in both files, with TS codes as rules', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['TS2322', 'error', 'src/config.ts', 9, undefined],
      ['TS2322', 'error', 'src/config.ts', 10, undefined],
      ['TS2322', 'error', 'src/main.ts', 3, undefined],
      ['TS2345', 'error', 'src/main.ts', 10, undefined],
      ['TS2322', 'error', 'src/main.ts', 11, undefined],
      ['TS2554', 'error', 'src/main.ts', 12, undefined],
      ['TS2322', 'error', 'src/main.ts', 13, undefined],
      ['TS2339', 'error', 'src/main.ts', 14, undefined],
    ]);
  });

  it('appends the indented elaboration lines to their message', () => {
    expect(result.findings[4]?.message).toBe(
      [
        `Type ${OBJECT_TYPE} is not assignable to type 'Settings'.`,
        "  The types of 'server.port' are incompatible between these types.",
        `    ${ASSIGNABLE}`,
      ].join('\n'),
    );
    expect(result.findings[3]?.message.split('\n')).toHaveLength(3);
    expect(result.findings[0]?.message).toBe(ASSIGNABLE);
    expect(result.findings[7]?.message).toBe("Property 'timeout' does not exist on type 'Settings'.");
  });

  it('fingerprints with the line content the workspace gives', () => {
    const content = "  retries: '3',";
    const withContent = parseTsc(SAMPLE, {
      ...options,
      lineContent: (_path, line) => (line === 9 ? content : undefined),
    });
    expect(withContent.findings[0]?.fingerprint).toBe(
      findingFingerprint('TS2322', 'src/config.ts', content, 9),
    );
    expect(withContent.findings[0]?.source).toBe('lint');
  });

  it('reads CRLF output the same', () => {
    expect(parseTsc(SAMPLE.replace(/\n/g, '\r\n'), options).findings).toEqual(result.findings);
  });
});

describe('parseTsc on other output', () => {
  it('returns nothing and no error for empty output (tsc is silent when clean)', () => {
    expect(parseTsc('', options)).toEqual({ findings: [] });
    expect(parseTsc('\n  \n', options)).toEqual({ findings: [] });
  });

  it('reports a config-only output as an error naming the first config diagnostic', () => {
    expect(parseTsc(fixture('tsc-config-error.txt'), options)).toEqual({
      findings: [],
      error:
        "tsc reported a configuration error: error TS6053: File '/home/runner/work/demo/demo/src/gone.ts' not found.",
    });
  });

  it('keeps file diagnostics next to config diagnostics, and their continuations apart', () => {
    const output = [
      "error TS5101: Option 'baseUrl' is deprecated.",
      '  Use paths instead.',
      "src/a.ts(2,1): warning TS6133: 'x' is declared but its value is never read.",
      'src/a.ts(3,1): message TS1: Informational.',
      '',
      '  indented text after a blank line is not a continuation',
    ].join('\n');
    const result = parseTsc(output, options);
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['TS6133', 'warning', 'src/a.ts', 2, undefined],
      ['TS1', 'notice', 'src/a.ts', 3, undefined],
    ]);
    expect(result.findings[1]?.message).toBe('Informational.');
  });

  it('drops diagnostics outside the workspace or without a position, without an error', () => {
    const output = [
      "../../node_modules/@types/x/index.d.ts(1,1): error TS2300: Duplicate identifier 'x'.",
      '/usr/lib/node_modules/typescript/lib/lib.d.ts(5,3): error TS2300: Duplicate identifier.',
      'src/a.ts(0,0): error TS1005: Unknown position.',
      "/home/runner/work/demo/demo/src/a (1).ts(4,2): error TS2304: Cannot find name 'y'.",
    ].join('\n');
    expect(summary(parseTsc(output, options))).toEqual([['TS2304', 'error', 'src/a (1).ts', 4, undefined]]);
    expect(parseTsc(output, options).error).toBeUndefined();
  });

  it('tells pretty output apart and says how to fix the command', () => {
    const pretty =
      "\u001b[96msrc/a.ts\u001b[0m:\u001b[93m3\u001b[0m:\u001b[93m7\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS2322: \u001b[0mType 'string' is not assignable to type 'number'.\n";
    expect(parseTsc(pretty, options)).toEqual({
      findings: [],
      error: 'tsc output is in pretty mode: add --pretty false to the command',
    });
  });

  it('reports other text as an error quoting its first line', () => {
    const result = parseTsc('\nVersion 6.0.3\n', options);
    expect(result.findings).toEqual([]);
    expect(result.error).toBe(
      'tsc output has no "file(line,col): error TSnnnn: message" lines; it starts: Version 6.0.3',
    );
  });

  it('never throws on damaged output', () => {
    checkNeverThrows(parseTsc, SAMPLE);
    expectWellFormed(parseTsc('x'.repeat(100_000), options));
  });
});
