import { describe, expect, it } from '@jest/globals';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import { createDiffIndex } from '../../src/context/diff-index.js';
import { dedupeFindings, filterByMode, filterToAddedLines, sortFindings } from '../../src/findings/filter.js';
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

describe('filterByMode', () => {
  const files = parseUnifiedDiff(DIFF);
  const index = createDiffIndex(files);
  const at = (path: string, line: number, endLine?: number) =>
    finding({ path, line, ...(endLine === undefined ? {} : { endLine }), fingerprint: `${path}:${line}` });
  // a.ts 3 added, a.ts 2 context (in the first hunk, head lines 2–4), a.ts 7 outside every hunk,
  // 6–11 spans into the second hunk, other.ts is a file the PR did not touch.
  const all = [at('a.ts', 3), at('a.ts', 2), at('a.ts', 7), at('a.ts', 6, 11), at('other.ts', 1)];
  const kept = (mode: Parameters<typeof filterByMode>[1]) =>
    filterByMode(all, mode, files, index).map((f) => f.fingerprint);

  it('added keeps what touches an added line', () => {
    expect(kept('added')).toEqual(['a.ts:3', 'a.ts:6']);
  });

  it('diff-context keeps what touches a hunk, context lines included', () => {
    expect(kept('diff-context')).toEqual(['a.ts:3', 'a.ts:2', 'a.ts:6']);
  });

  it('file keeps what is in a changed file, all keeps everything', () => {
    expect(kept('file')).toEqual(['a.ts:3', 'a.ts:2', 'a.ts:7', 'a.ts:6']);
    expect(kept('all')).toEqual(all.map((f) => f.fingerprint));
  });
});
