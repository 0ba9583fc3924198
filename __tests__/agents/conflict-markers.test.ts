import { describe, expect, it } from '@jest/globals';
import { scanConflictMarkers } from '../../src/agents/builtins/conflict-markers.js';

// Markers are built at runtime so this file never contains a marker line itself.
const OPEN = '<'.repeat(7);
const BASE = '|'.repeat(7);
const SEP = '='.repeat(7);
const CLOSE = '>'.repeat(7);

function scan(lines: Array<[number, string]>): Array<[number, string]> {
  return scanConflictMarkers('src/a.ts', new Map(lines)).map((f) => [f.line, f.message]);
}

const message = (marker: string): string =>
  `Merge conflict marker \`${marker}\` added; resolve the conflict and remove the markers.`;

describe('scanConflictMarkers', () => {
  it('flags the opening, separator and closing markers of an added conflict', () => {
    expect(
      scan([
        [10, `${OPEN} HEAD`],
        [11, 'const a = 1;'],
        [12, SEP],
        [13, 'const a = 2;'],
        [14, `${CLOSE} feature/login`],
      ]),
    ).toEqual([
      [10, message(OPEN)],
      [12, message(SEP)],
      [14, message(CLOSE)],
    ]);
  });

  it('flags diff3 base markers and bare markers without a label', () => {
    expect(
      scan([
        [1, OPEN],
        [2, `${BASE} merged common ancestors`],
        [3, SEP],
        [4, CLOSE],
      ]).map(([line]) => line),
    ).toEqual([1, 2, 3, 4]);
  });

  it('does not flag a Markdown setext heading underline when no conflict was opened', () => {
    expect(
      scan([
        [1, 'Title'],
        [2, SEP],
      ]),
    ).toEqual([]);
  });

  it('flags the separator only after an opening marker, in line order whatever the map order', () => {
    expect(
      scan([
        [20, SEP],
        [5, SEP],
        [9, `${OPEN} HEAD`],
      ]).map(([line]) => line),
    ).toEqual([9, 20]);
  });

  it('ignores marker-like text that is indented, glued to a word or followed by text', () => {
    expect(
      scan([
        [1, `  ${OPEN} HEAD`],
        [2, `${OPEN}HEAD`],
        [3, `${OPEN} HEAD`],
        [4, `${SEP} not alone`],
        [5, `${'<'.repeat(8)}`],
      ]).map(([line]) => line),
    ).toEqual([3]);
  });

  it('reports errors with the conflict-marker rule and a stable fingerprint per content', () => {
    const [first] = scanConflictMarkers('a.txt', new Map([[3, `${OPEN} HEAD`]]));
    const [moved] = scanConflictMarkers('a.txt', new Map([[40, `${OPEN} HEAD`]]));
    expect([first?.rule, first?.severity, first?.source]).toEqual([
      'conflict-marker',
      'error',
      'conflict-markers',
    ]);
    expect(moved?.fingerprint).toBe(first?.fingerprint);
  });
});
