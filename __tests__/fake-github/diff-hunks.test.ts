import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  FileDiff,
  isThreadError,
  parsePatch,
  resolveThread,
} from '../../__fixtures__/fake-github/diff-hunks.js';
import { TWO_HUNK_PATCH } from './helpers.js';

describe('parsePatch', () => {
  it('numbers old and new lines from the hunk headers and counts positions across hunks', () => {
    const hunks = parsePatch(TWO_HUNK_PATCH);
    expect(hunks.map((h) => [h.oldStart, h.newStart, h.lines.length])).toEqual([
      [1, 1, 6],
      [20, 21, 3],
    ]);
    expect(hunks[0]!.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.position])).toEqual([
      ['context', 1, 1, 1],
      ['delete', 2, undefined, 2],
      ['add', undefined, 2, 3],
      ['add', undefined, 3, 4],
      ['context', 3, 4, 5],
      ['context', 4, 5, 6],
    ]);
    // The second header takes position 7, so its first line is position 8.
    expect(hunks[1]!.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.position])).toEqual([
      ['context', 20, 21, 8],
      ['add', undefined, 22, 9],
      ['context', 21, 23, 10],
    ]);
  });

  it('reads headers without counts, a trailing newline and "\\ No newline" markers', () => {
    const hunks = parsePatch('@@ -0,0 +1 @@\n+only\n\\ No newline at end of file\n');
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.lines.map((l) => l.kind)).toEqual(['add', 'meta']);
    expect(new FileDiff('@@ -0,0 +1 @@\n+only').find(1, 'RIGHT')?.line.text).toBe('+only');
  });
});

describe('resolveThread', () => {
  const diff = new FileDiff(TWO_HUNK_PATCH);

  it('accepts added and context lines on RIGHT and deleted lines on LEFT', () => {
    expect(resolveThread(diff, { line: 3, side: 'RIGHT' })).toMatchObject({
      line: 3,
      side: 'RIGHT',
      position: 4,
    });
    expect(resolveThread(diff, { line: 5 })).toMatchObject({ line: 5, side: 'RIGHT', position: 6 });
    expect(resolveThread(diff, { line: 2, side: 'LEFT' })).toMatchObject({
      line: 2,
      side: 'LEFT',
      position: 2,
    });
  });

  it('refuses lines outside every hunk, and LEFT on a line that was not deleted', () => {
    expect(resolveThread(diff, { line: 10, side: 'RIGHT' })).toEqual({
      field: 'line',
      problem: 'must be part of the diff',
    });
    expect(resolveThread(diff, { line: 1, side: 'LEFT' })).toEqual({
      field: 'line',
      problem: 'must be part of the diff',
    });
  });

  it('keeps a range inside one hunk, start before end', () => {
    expect(resolveThread(diff, { start_line: 2, line: 4, side: 'RIGHT' })).toMatchObject({
      start_line: 2,
      start_side: 'RIGHT',
      line: 4,
      diff_hunk: TWO_HUNK_PATCH.split('\n').slice(0, 6).join('\n'),
    });
    expect(resolveThread(diff, { start_line: 2, start_side: 'LEFT', line: 3, side: 'RIGHT' })).toMatchObject({
      start_side: 'LEFT',
      side: 'RIGHT',
    });
    expect(resolveThread(diff, { start_line: 4, line: 22 })).toEqual({
      field: 'start_line',
      problem: 'must be part of the same hunk as the line.',
    });
    expect(resolveThread(diff, { start_line: 3, line: 3 })).toEqual({
      field: 'start_line',
      problem: 'must precede the end line.',
    });
  });

  it('resolves a legacy position, and refuses any line of a file without a patch', () => {
    expect(resolveThread(diff, { position: 9 })).toMatchObject({ line: 22, side: 'RIGHT' });
    expect(resolveThread(diff, { position: 7 })).toEqual({
      field: 'line',
      problem: 'must be part of the diff',
    });
    expect(isThreadError(resolveThread(new FileDiff(undefined), { line: 1 }))).toBe(true);
    expect(resolveThread(undefined, { line: 1 })).toEqual({
      field: 'path',
      problem: 'could not be resolved',
    });
  });

  it('accepts exactly the new lines a generated hunk shows on RIGHT (property)', () => {
    const line = fc.constantFrom<' ' | '+' | '-'>(' ', '+', '-');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.array(line, { minLength: 1, maxLength: 40 }),
        (start, kinds) => {
          const newCount = kinds.filter((k) => k !== '-').length;
          const oldCount = kinds.filter((k) => k !== '+').length;
          const patch = [
            `@@ -${start},${oldCount} +${start},${newCount} @@`,
            ...kinds.map((k, i) => `${k}l${i}`),
          ].join('\n');
          const hunkDiff = new FileDiff(patch);
          for (let n = start - 2; n < start + newCount + 2; n++) {
            const shown = n >= start && n < start + newCount;
            expect(isThreadError(resolveThread(hunkDiff, { line: n, side: 'RIGHT' }))).toBe(!shown);
          }
        },
      ),
    );
  });
});
