import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createDiffIndex } from '../../src/context/diff-index.js';
import { createDiffParser, parseUnifiedDiff } from '../../src/context/diff.js';

const DIFF = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,4 +1,5 @@
 line one
-line two
+line 2
+line 2b
 line three
 line four
@@ -20,2 +21,3 @@ function tail() {
 keep
+added at 22
 keep too
diff --git a/old name.md b/new name.md
similarity index 90%
rename from old name.md
rename to new name.md
index 3333333..4444444 100644
--- a/old name.md
+++ b/new name.md
@@ -1 +1 @@
-old
+new
\\ No newline at end of file
diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000..5555555
Binary files /dev/null and b/logo.png differ
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
index 6666666..0000000
--- a/gone.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-bye
-now
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(DIFF);

  it('reads statuses, paths, counts and binary files', () => {
    expect(files.map((f) => [f.path, f.status, f.additions, f.deletions, f.binary])).toEqual([
      ['src/a.ts', 'modified', 3, 1, false],
      ['new name.md', 'renamed', 1, 1, false],
      ['logo.png', 'added', 0, 0, true],
      ['gone.txt', 'removed', 0, 2, false],
    ]);
    expect(files[1]?.previousPath).toBe('old name.md');
  });

  it('numbers lines on both sides and drops the no-newline marker', () => {
    const hunk = files[0]?.hunks[0];
    expect(hunk?.lines).toEqual([
      { type: 'context', content: 'line one', oldLine: 1, newLine: 1 },
      { type: 'del', content: 'line two', oldLine: 2 },
      { type: 'add', content: 'line 2', newLine: 2 },
      { type: 'add', content: 'line 2b', newLine: 3 },
      { type: 'context', content: 'line three', oldLine: 3, newLine: 4 },
      { type: 'context', content: 'line four', oldLine: 4, newLine: 5 },
    ]);
    expect(files[1]?.hunks[0]?.lines).toEqual([
      { type: 'del', content: 'old', oldLine: 1 },
      { type: 'add', content: 'new', newLine: 1 },
    ]);
  });

  it('accepts CRLF diffs and empty input', () => {
    expect(parseUnifiedDiff(DIFF.replace(/\n/g, '\r\n')).map((f) => f.path)).toEqual(
      files.map((f) => f.path),
    );
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('DiffIndex', () => {
  const index = createDiffIndex(parseUnifiedDiff(DIFF));

  it('allows comments on any line shown in a hunk on the right side, nowhere else', () => {
    expect([1, 2, 3, 4, 5, 21, 22, 23].every((line) => index.isCommentable('src/a.ts', line, 'RIGHT'))).toBe(
      true,
    );
    expect(index.isCommentable('src/a.ts', 6, 'RIGHT')).toBe(false);
    expect(index.isCommentable('src/a.ts', 20, 'RIGHT')).toBe(false);
    expect(index.isCommentable('src/other.ts', 1, 'RIGHT')).toBe(false);
  });

  it('allows left-side comments only on deleted lines', () => {
    expect(index.isCommentable('src/a.ts', 2, 'LEFT')).toBe(true);
    expect(index.isCommentable('src/a.ts', 1, 'LEFT')).toBe(false);
  });

  it('accepts ranges inside one hunk and rejects ranges across hunks', () => {
    expect(index.isCommentableRange('src/a.ts', 2, 4, 'RIGHT')).toBe(true);
    expect(index.isCommentableRange('src/a.ts', 4, 22, 'RIGHT')).toBe(false);
    expect(index.isCommentableRange('src/a.ts', 4, 2, 'RIGHT')).toBe(false);
    expect(index.hunkRange('src/a.ts', 22, 'RIGHT')).toEqual({ start: 21, end: 23 });
  });

  it('lists added lines with their content', () => {
    expect([...index.addedLines('src/a.ts')]).toEqual([
      [2, 'line 2'],
      [3, 'line 2b'],
      [22, 'added at 22'],
    ]);
    expect(index.addedLines('nope').size).toBe(0);
  });
});

describe('parseUnifiedDiff on generated diffs', () => {
  it('counts every added and deleted line of a random single-hunk file', () => {
    const line = fc.stringMatching(/^[a-z ]{0,12}$/);
    const change = fc.array(fc.record({ type: fc.constantFrom('add', 'del', 'context'), text: line }), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(change, (changes) => {
        const oldLines = changes.filter((c) => c.type !== 'add').length;
        const newLines = changes.filter((c) => c.type !== 'del').length;
        const body = changes.map((c) => `${c.type === 'add' ? '+' : c.type === 'del' ? '-' : ' '}${c.text}`);
        const text = [
          'diff --git a/f.txt b/f.txt',
          '--- a/f.txt',
          '+++ b/f.txt',
          `@@ -1,${oldLines} +1,${newLines} @@`,
          ...body,
          '',
        ].join('\n');
        const [file] = parseUnifiedDiff(text);
        expect(file?.additions).toBe(changes.filter((c) => c.type === 'add').length);
        expect(file?.deletions).toBe(changes.filter((c) => c.type === 'del').length);
        const added = createDiffIndex(parseUnifiedDiff(text)).addedLines('f.txt');
        expect([...added.values()]).toEqual(changes.filter((c) => c.type === 'add').map((c) => c.text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('DiffIndex against the hunks it came from (property)', () => {
  // A file of hunks, each a run of context/add/del lines with a correct header, 5 to 20 lines apart.
  const hunkArb = fc.array(fc.constantFrom(' ', '+', '-'), { minLength: 1, maxLength: 12 });
  const diffArb = fc
    .array(fc.tuple(hunkArb, fc.integer({ min: 5, max: 20 })), { minLength: 1, maxLength: 5 })
    .map((hunks) => {
      const out = ['diff --git a/f.ts b/f.ts', '--- a/f.ts', '+++ b/f.ts'];
      let oldAt = 1;
      let newAt = 1;
      for (const [kinds, gap] of hunks) {
        oldAt += gap;
        newAt += gap;
        const oldLines = kinds.filter((k) => k !== '+').length;
        const newLines = kinds.filter((k) => k !== '-').length;
        out.push(
          `@@ -${oldAt},${oldLines} +${newAt},${newLines} @@`,
          ...kinds.map((k, i) => `${k}line ${i}`),
        );
        oldAt += oldLines;
        newAt += newLines;
      }
      return `${out.join('\n')}\n`;
    });

  it('answers isCommentable exactly for the lines the hunks show: every new line, deleted old lines', () => {
    fc.assert(
      fc.property(diffArb, (diff) => {
        const files = parseUnifiedDiff(diff);
        const index = createDiffIndex(files);
        const shown = { RIGHT: new Set<number>(), LEFT: new Set<number>() };
        for (const hunk of files[0]!.hunks)
          for (const line of hunk.lines) {
            if (line.newLine !== undefined) shown.RIGHT.add(line.newLine);
            if (line.type === 'del' && line.oldLine !== undefined) shown.LEFT.add(line.oldLine);
          }
        for (const side of ['RIGHT', 'LEFT'] as const)
          for (let line = 0; line < 200; line++)
            expect(index.isCommentable('f.ts', line, side)).toBe(shown[side].has(line));
      }),
    );
  });
});

describe('createDiffParser', () => {
  /** The text written in pieces cut at `cuts` (positions, in any order, repeats allowed). */
  const parseInPieces = (text: string, cuts: number[]) => {
    const parser = createDiffParser();
    const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
    let start = 0;
    for (const cut of [...at, text.length]) {
      parser.write(text.slice(start, cut));
      start = cut;
    }
    return parser.end();
  };

  it('gives the files parseUnifiedDiff gives, however the text is cut (CRLF and no final newline too)', () => {
    const texts = [DIFF, DIFF.replace(/\n/g, '\r\n'), DIFF.trimEnd(), `${DIFF.trimEnd()}\r`];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 40 }), (text, cuts) => {
        expect(parseInPieces(text, cuts)).toEqual(parseUnifiedDiff(text));
      }),
    );
  });

  it('cuts any text of diff-like lines the same way', () => {
    const line = fc.constantFrom(
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1,2 +1,2 @@',
      '+a',
      '-b',
      ' c',
      '',
      '\\ No newline',
      'Binary files a/x and b/x differ',
    );
    const text = fc
      .array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 30 })
      .map((lines) => lines.map(([l, eol]) => l + eol).join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 20 }), (diff, cuts) => {
        expect(parseInPieces(diff, cuts)).toEqual(parseUnifiedDiff(diff));
      }),
    );
  });
});
