// The one-pass diff parser against the parse-diff-based one it replaced (the oracle), on diffs real git
// makes of random changes: adds, deletes, edits, renames, binary files, CRLF, no newline at the end,
// empty files, names with spaces and unicode. Then the cases where the two differ on purpose.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import { createTempRepo } from '../../__fixtures__/git.js';
import { parseWithParseDiff } from '../../__fixtures__/parse-diff-oracle.js';

const NAMES = ['src/app.ts', 'src/util/x.js', 'README.md', 'docs/sp ace.md', 'tést/ünï.txt', 'logo.png', 'e'];

function write(dir: string, name: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), content);
}

const contentArb = fc.oneof<fc.Arbitrary<string | Buffer>[]>(
  // Text lines from a small alphabet, so edits share lines and make real hunks.
  fc
    .record({
      lines: fc.array(fc.constantFrom('a', 'b', 'c', '', '  x', 'déjà', '+1', '-1', '\\x', '@@ y'), {
        maxLength: 30,
      }),
      crlf: fc.boolean(),
      newlineAtEnd: fc.boolean(),
    })
    .map(({ lines, crlf, newlineAtEnd }) => {
      const text = lines.join(crlf ? '\r\n' : '\n');
      return newlineAtEnd && lines.length > 0 ? `${text}${crlf ? '\r\n' : '\n'}` : text;
    }),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from([0, ...bytes])), // binary
);

const changeArb = fc.record({
  base: fc.dictionary(fc.constantFrom(...NAMES), contentArb, { maxKeys: 5 }),
  edits: fc.array(
    fc.record({
      name: fc.constantFrom(...NAMES),
      action: fc.constantFrom('write', 'delete', 'rename'),
      content: contentArb,
    }),
    { maxLength: 6 },
  ),
});

describe('parseUnifiedDiff against the parse-diff oracle', () => {
  it('reads what git writes exactly as parse-diff did', () => {
    const repo = createTempRepo('kilo-diff-diff-');
    try {
      fc.assert(
        fc.property(changeArb, ({ base, edits }) => {
          repo.git('rm', '-rqf', '--ignore-unmatch', '.');
          repo.git('clean', '-fdqx');
          for (const [name, content] of Object.entries(base)) write(repo.dir, name, content);
          const baseSha = repo.commit('base');
          for (const edit of edits) {
            const exists = repo.git('ls-files', '--', edit.name).trim() !== '';
            if (edit.action === 'delete' && exists) repo.git('rm', '-qf', '--', edit.name);
            else if (edit.action === 'rename' && exists && !repo.git('ls-files', '--', `${edit.name}.moved`))
              repo.git('mv', '--', edit.name, `${edit.name}.moved`);
            else write(repo.dir, edit.name, edit.content);
          }
          const headSha = repo.commit('head');
          const diff = repo.git(
            '-c',
            'core.quotePath=false',
            'diff',
            '--no-color',
            '--find-renames',
            baseSha,
            headSha,
          );
          expect(parseUnifiedDiff(diff)).toEqual(parseWithParseDiff(diff));
        }),
        { numRuns: 40 },
      );
    } finally {
      repo.remove();
    }
  });
});

describe('parseUnifiedDiff where parse-diff was wrong', () => {
  it('keeps a leading a/ or b/ directory of the path', () => {
    const diff = 'diff --git a/a/x.js b/a/x.js\n--- a/a/x.js\n+++ b/a/x.js\n@@ -1 +1 @@\n-x\n+y\n';
    expect(parseUnifiedDiff(diff).map((f) => f.path)).toEqual(['a/x.js']);
    expect(parseWithParseDiff(diff).map((f) => f.path)).toEqual(['x.js']);
  });

  it("unquotes git's C-quoted paths: quotes, tabs, backslashes, octal UTF-8", () => {
    const diff = [
      'diff --git "a/q\\"uote.txt" "b/q\\"uote.txt"',
      '--- "a/q\\"uote.txt"',
      '+++ "b/q\\"uote.txt"',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git "a/t\\303\\251st\\tx" "b/t\\303\\251st\\tx"',
      'new file mode 100644',
      'Binary files /dev/null and "b/t\\303\\251st\\tx" differ',
      'diff --git a/old b/back\\\\slash',
      'similarity index 100%',
      'rename from old',
      'rename to "back\\\\slash"',
    ].join('\n');
    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.status, f.binary, f.previousPath])).toEqual([
      ['q"uote.txt', 'modified', false, undefined],
      ['tést\tx', 'added', true, undefined],
      ['back\\slash', 'renamed', false, 'old'],
    ]);
  });

  it('reads copies, mode-only changes, GIT binary patches and plain diffs without a git header', () => {
    const diff = [
      'diff --git a/a.txt b/c.txt',
      'similarity index 100%',
      'copy from a.txt',
      'copy to c.txt',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/img.bin b/img.bin',
      'GIT binary patch',
      'literal 3',
      'KcmZQz',
      '',
      '--- x.txt\t2026-01-01 00:00:00.000000000 +0000',
      '+++ y.txt\t2026-01-02 00:00:00.000000000 +0000',
      '@@ -1,2 +1,2 @@',
      ' same',
      '-old',
      '+new',
      '--- /dev/null',
      '+++ z.txt',
      '@@ -0,0 +1 @@',
      '+z',
    ].join('\n');
    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.status, f.binary, f.additions, f.deletions])).toEqual(
      [
        ['c.txt', 'copied', false, 0, 0],
        ['run.sh', 'modified', false, 0, 0],
        ['img.bin', 'modified', true, 0, 0],
        ['y.txt', 'renamed', false, 1, 1],
        ['z.txt', 'added', false, 1, 0],
      ],
    );
    expect(parseUnifiedDiff(diff)[3]?.hunks[0]?.lines).toEqual([
      { type: 'context', content: 'same', oldLine: 1, newLine: 1 },
      { type: 'del', content: 'old', oldLine: 2 },
      { type: 'add', content: 'new', newLine: 2 },
    ]);
  });

  it('never throws, on any text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('diff --git a/x b/y', '--- a/x', '+++ b/x', '@@ -1,2 +1 @@', '@@ -0,0 +1,3 @@ f'),
            fc.constantFrom(
              '+a',
              '-b',
              ' c',
              '',
              '\\ No newline at end of file',
              'Binary files a and b differ',
            ),
            fc.constantFrom(
              'diff --git "a/\\',
              'rename to "\\3',
              'copy from "',
              'GIT binary patch',
              'new file mode',
            ),
            fc.string(),
          ),
          { maxLength: 40 },
        ),
        (lines) => {
          for (const file of parseUnifiedDiff(lines.join('\n'))) {
            expect(typeof file.path).toBe('string');
            expect(file.additions + file.deletions).toBeLessThanOrEqual(lines.length);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
