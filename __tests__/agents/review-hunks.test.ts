import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { batchHunks, renderDiffLine, renderHunk, reviewPieces } from '../../src/agents/review-hunks.js';
import type { ChangedFile } from '../../src/context/types.js';
import { estimateTokens } from '../../src/llm/tokens.js';

const MODIFIED_DIFF = [
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -10,3 +10,3 @@ function f() {',
  '   const a = 1;',
  '-  const b = 2;',
  '+  const b = 3;',
  '   return a + b;',
  '',
].join('\n');

/** The head-side line numbers a block shows, in order. */
function numbersIn(block: string): number[] {
  return [...block.matchAll(/^ *(\d+) [+ ] /gm)].map((match) => Number(match[1]));
}

function addedFile(path: string, lines: string[]): ChangedFile[] {
  return makeContext(addedFileDiff(path, lines)).files;
}

describe('renderDiffLine', () => {
  it('numbers added and context lines on the head side and leaves deleted lines unnumbered', () => {
    expect(renderDiffLine({ type: 'add', content: 'code', newLine: 12 })).toBe('  12 + code');
    expect(renderDiffLine({ type: 'context', content: 'context', newLine: 13, oldLine: 11 })).toBe(
      '  13   context',
    );
    expect(renderDiffLine({ type: 'del', content: 'old', oldLine: 12 })).toBe('     - old');
    expect(renderDiffLine({ type: 'add', content: 'x', newLine: 123456 }, 6)).toBe('123456 + x');
  });
});

describe('renderHunk', () => {
  it('shows the file, the hunk header and the numbered lines', () => {
    const [file] = makeContext(MODIFIED_DIFF).files;
    expect(renderHunk('src/app.ts', file!.hunks[0]!)).toBe(
      [
        'file: src/app.ts',
        '@@ -10,3 +10,3 @@ function f() {',
        '  10     const a = 1;',
        '     -   const b = 2;',
        '  11 +   const b = 3;',
        '  12     return a + b;',
      ].join('\n'),
    );
  });
});

describe('batchHunks', () => {
  it('keeps changed-file and hunk order, one piece per hunk that fits', () => {
    const files = makeContext(
      addedFileDiff('b.ts', ['b']) + MODIFIED_DIFF + addedFileDiff('a.ts', ['a']),
    ).files;
    const batches = batchHunks(files, 10_000);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.pieces.map((piece) => [piece.path, piece.hunk, piece.part, piece.parts])).toEqual([
      ['b.ts', 0, 1, 1],
      ['src/app.ts', 0, 1, 1],
      ['a.ts', 0, 1, 1],
    ]);
  });

  it('skips binary and removed files', () => {
    const files = addedFile('a.ts', ['a']);
    const skipped = [
      { ...files[0]!, path: 'bin.png', binary: true },
      { ...files[0]!, path: 'gone.ts', status: 'removed' as const },
    ];
    expect(reviewPieces([...skipped, ...files], 10_000).map((piece) => piece.path)).toEqual(['a.ts']);
  });

  it('starts a new batch when the next hunk would go over the budget', () => {
    const files = makeContext(
      ['one', 'two', 'three'].map((name) => addedFileDiff(`${name}.ts`, [`const ${name} = 1;`])).join(''),
    ).files;
    const pieceTokens = reviewPieces(files, 10_000).map((piece) => piece.tokens);
    const budget = pieceTokens[0]! + pieceTokens[1]!;
    const batches = batchHunks(files, budget);
    expect(batches.map((batch) => batch.pieces.map((piece) => piece.path))).toEqual([
      ['one.ts', 'two.ts'],
      ['three.ts'],
    ]);
    expect(batches.map((batch) => batch.tokens)).toEqual([budget, pieceTokens[2]]);
  });

  it('cuts a hunk larger than the budget at line boundaries', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `const value${i} = compute(${i});`);
    const pieces = reviewPieces(addedFile('src/big.ts', lines), 120);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((piece) => piece.tokens <= 120 && piece.parts === pieces.length)).toBe(true);
    expect(pieces.map((piece) => piece.part)).toEqual(pieces.map((_, i) => i + 1));
    expect(pieces.flatMap((piece) => numbersIn(piece.block))).toEqual(lines.map((_, i) => i + 1));
    expect(pieces[0]!.block).toContain('\n@@ -0,0 +1,60 @@\n');
    expect(pieces[1]!.block).toContain('\n@@ -0,0 +1,60 @@ (continued)\n');
    const shown = pieces.map((piece) => piece.block).join('\n');
    for (const line of lines) expect(shown.split(`+ ${line}\n`)).toHaveLength(2);
  });

  it('cuts a single line larger than the budget short, marked with an ellipsis', () => {
    const long = `const s = "${'x'.repeat(2000)}";`;
    const pieces = reviewPieces(addedFile('src/min.js', [long, 'next();']), 100);
    expect(pieces.every((piece) => piece.tokens <= 100)).toBe(true);
    expect(pieces[0]!.block).toMatch(/\n {3}1 \+ const s = "x+…\n/);
    expect(pieces.flatMap((piece) => numbersIn(piece.block))).toEqual([1, 2]);
  });

  it('never goes over the budget, and shows every line once, in order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 80, max: 2000 }),
        (raw, budget) => {
          const lines = raw.map((line) => line.replace(/[\r\n]/g, ' '));
          const files = addedFile('src/p.ts', lines);
          const batches = batchHunks(files, budget);
          const blocks = batches.flatMap((batch) => batch.pieces.map((piece) => piece.block));
          for (const batch of batches) {
            expect(batch.tokens).toBeLessThanOrEqual(budget);
            expect(estimateTokens(batch.pieces.map((piece) => piece.block).join('\n\n'))).toBeLessThanOrEqual(
              batch.tokens,
            );
          }
          expect(blocks.flatMap(numbersIn)).toEqual(lines.map((_, i) => i + 1));
        },
      ),
    );
  });
});
