// Shared by the parser tests: options for the placeholder workspace, fixtures, and the property every
// parser must keep on any input (no throw, an array, a short one-line error).
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { FindingParser, ParseOptions, ParseResult } from '../../../src/findings/parsers/types.js';

export const WORKSPACE = '/home/runner/work/demo/demo';

export const options: ParseOptions = { workspace: WORKSPACE, source: 'lint', lineContent: () => undefined };

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../__fixtures__/tools/${name}`, import.meta.url), 'utf8');
}

/** What the tests compare: the fields a reviewer sees. */
export function summary(result: ParseResult): Array<[string, string, string, number, number | undefined]> {
  return result.findings.map((f) => [f.rule, f.severity, f.path, f.line, f.endLine]);
}

export function expectWellFormed(result: ParseResult): void {
  expect(Array.isArray(result.findings)).toBe(true);
  if (result.error !== undefined) {
    expect(typeof result.error).toBe('string');
    expect(result.error).not.toMatch(/[\r\n]/);
    expect(result.error.length).toBeLessThanOrEqual(200);
    expect(result.error.length).toBeGreaterThan(0);
  }
  for (const finding of result.findings) {
    expect(Number.isInteger(finding.line) && finding.line >= 1).toBe(true);
    if (finding.endLine !== undefined) expect(finding.endLine).toBeGreaterThan(finding.line);
    expect(['error', 'warning', 'notice']).toContain(finding.severity);
    expect(finding.path.startsWith('/') || finding.path.startsWith('../')).toBe(false);
    expect(finding.rule).not.toBe('');
  }
}

/** Arbitrary text, and the sample cut short or with a slice replaced by arbitrary text. */
export function damaged(sample: string): fc.Arbitrary<string> {
  const cut = fc.nat({ max: sample.length }).map((end) => sample.slice(0, end));
  const spliced = fc
    .tuple(fc.nat({ max: sample.length }), fc.nat({ max: 200 }), fc.string({ unit: 'binary' }))
    .map(([start, length, insert]) => sample.slice(0, start) + insert + sample.slice(start + length));
  return fc.oneof(fc.string({ unit: 'binary' }), fc.json(), cut, spliced);
}

export function checkNeverThrows(parser: FindingParser, sample: string, numRuns = 300): void {
  fc.assert(
    fc.property(damaged(sample), (output) => {
      expectWellFormed(parser(output, options));
    }),
    { numRuns },
  );
}
