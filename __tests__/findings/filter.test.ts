import { describe, expect, it } from '@jest/globals';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import { createDiffIndex } from '../../src/context/diff-index.js';
import { dedupeFindings, filterToAddedLines, sortFindings } from '../../src/findings/filter.js';
import type { Finding } from '../../src/findings/types.js';

// a.ts: head lines 3–4 added, line 5 context, line 10 added in a second hunk.
const DIFF = [
  'diff --git a/a.ts b/a.ts',
  '--- a/a.ts',
  '+++ b/a.ts',
  '@@ -2,2 +2,3 @@',
  ' two',
  '-three',
  '+THREE',
  '+three-and-a-half',
  '@@ -9,0 +10,1 @@',
  '+ten',
  '',
].join('\n');

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'r',
    severity: 'warning',
    message: 'm',
    path: 'a.ts',
    line: 1,
    source: 's',
    fingerprint: 'fp',
    ...overrides,
  };
}

describe('filterToAddedLines', () => {
  const index = createDiffIndex(parseUnifiedDiff(DIFF));

  it('keeps findings on added lines and drops those on context or untouched lines', () => {
    const kept = filterToAddedLines(
      [
        finding({ line: 2 }),
        finding({ line: 3 }),
        finding({ line: 4 }),
        finding({ line: 5 }),
        finding({ line: 10 }),
      ],
      index,
    );
    expect(kept.map((f) => f.line)).toEqual([3, 4, 10]);
  });

  it('keeps a multi-line finding whose range only overlaps an added line', () => {
    const kept = filterToAddedLines(
      [finding({ line: 8, endLine: 12 }), finding({ line: 5, endLine: 9 })],
      index,
    );
    expect(kept.map((f) => [f.line, f.endLine])).toEqual([[8, 12]]);
  });

  it('drops findings in files the PR did not change', () => {
    expect(filterToAddedLines([finding({ path: 'other.ts', line: 3 })], index)).toEqual([]);
  });
});

describe('dedupeFindings', () => {
  it('keeps the first finding of each fingerprint, in order', () => {
    const first = finding({ fingerprint: 'x', message: 'first' });
    const deduped = dedupeFindings([
      first,
      finding({ fingerprint: 'y' }),
      finding({ fingerprint: 'x', message: 'second' }),
    ]);
    expect(deduped.map((f) => [f.fingerprint, f.message])).toEqual([
      ['x', 'first'],
      ['y', 'm'],
    ]);
  });
});

describe('sortFindings', () => {
  it('orders by severity (error, warning, notice), then path, then line, without mutating the input', () => {
    const input = [
      finding({ severity: 'notice', path: 'a.ts', line: 1 }),
      finding({ severity: 'warning', path: 'b.ts', line: 2 }),
      finding({ severity: 'error', path: 'b.ts', line: 9 }),
      finding({ severity: 'warning', path: 'a.ts', line: 7 }),
      finding({ severity: 'error', path: 'b.ts', line: 3 }),
    ];
    const sorted = sortFindings(input);
    expect(sorted.map((f) => `${f.severity} ${f.path}:${f.line}`)).toEqual([
      'error b.ts:3',
      'error b.ts:9',
      'warning a.ts:7',
      'warning b.ts:2',
      'notice a.ts:1',
    ]);
    expect(input[0]?.severity).toBe('notice');
  });
});
