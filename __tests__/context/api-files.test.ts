import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type ApiPullFile, filesFromApi, mergeWithGitDiff } from '../../src/context/api-files.js';
import { createDiffIndex } from '../../src/context/diff-index.js';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import type { ChangedFile } from '../../src/context/types.js';

const PATCH = '@@ -1,3 +1,4 @@\n one\n-two\n+2\n+2b\n three';

function apiFile(overrides: Partial<ApiPullFile> & Pick<ApiPullFile, 'filename'>): ApiPullFile {
  return { status: 'modified', additions: 2, deletions: 1, changes: 3, patch: PATCH, ...overrides };
}

function changed(path: string, overrides: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status: 'modified', additions: 0, deletions: 0, hunks: [], binary: false, ...overrides };
}

describe('filesFromApi', () => {
  it('turns a patch into hunks with line numbers on both sides', () => {
    const { files, incomplete } = filesFromApi([apiFile({ filename: 'src/a.ts' })]);
    expect(incomplete).toEqual([]);
    expect(files).toEqual([
      {
        path: 'src/a.ts',
        status: 'modified',
        additions: 2,
        deletions: 1,
        binary: false,
        hunks: [
          {
            header: '@@ -1,3 +1,4 @@',
            oldStart: 1,
            oldLines: 3,
            newStart: 1,
            newLines: 4,
            lines: [
              { type: 'context', content: 'one', oldLine: 1, newLine: 1 },
              { type: 'del', content: 'two', oldLine: 2 },
              { type: 'add', content: '2', newLine: 2 },
              { type: 'add', content: '2b', newLine: 3 },
              { type: 'context', content: 'three', oldLine: 3, newLine: 4 },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps paths with spaces, quotes and non-ASCII characters exactly as the API names them', () => {
    const names = ['docs/a b.md', 'say "hi".txt', 'café/ü.ts', 'a/b/--- c.ts'];
    const { files } = filesFromApi(names.map((filename) => apiFile({ filename })));
    expect(files.map((file) => file.path)).toEqual(names);
    expect(files.every((file) => file.hunks.length === 1)).toBe(true);
  });

  it("maps 'changed' and 'unchanged' to modified and keeps the previous path of a rename", () => {
    const { files } = filesFromApi([
      apiFile({ filename: 'mode.sh', status: 'changed' }),
      apiFile({ filename: 'same.ts', status: 'unchanged' }),
      apiFile({ filename: 'new.ts', status: 'renamed', previous_filename: 'old.ts' }),
      apiFile({ filename: 'copy.ts', status: 'copied', previous_filename: 'orig.ts' }),
    ]);
    expect(files.map((f) => [f.path, f.status, f.previousPath])).toEqual([
      ['mode.sh', 'modified', undefined],
      ['same.ts', 'modified', undefined],
      ['new.ts', 'renamed', 'old.ts'],
      ['copy.ts', 'copied', 'orig.ts'],
    ]);
  });

  it('reports a file whose lines changed but has no patch (too large) as incomplete, without hunks', () => {
    const { files, incomplete } = filesFromApi([
      apiFile({ filename: 'huge.json', patch: undefined, additions: 90000, changes: 90000 }),
      apiFile({ filename: 'ok.ts' }),
    ]);
    expect(incomplete).toEqual(['huge.json']);
    expect(files[0]).toMatchObject({ path: 'huge.json', hunks: [], binary: false, additions: 90000 });
  });

  it('accepts removed files and pure renames without a patch', () => {
    const { files, incomplete } = filesFromApi([
      apiFile({ filename: 'gone.ts', status: 'removed', patch: undefined, deletions: 5, changes: 5 }),
      apiFile({
        filename: 'moved.ts',
        status: 'renamed',
        previous_filename: 'was.ts',
        patch: undefined,
        additions: 0,
        deletions: 0,
        changes: 0,
      }),
    ]);
    expect(incomplete).toEqual([]);
    expect(files.map((f) => [f.path, f.hunks.length, f.binary])).toEqual([
      ['gone.ts', 0, false],
      ['moved.ts', 0, false],
    ]);
  });

  it('flags an added or modified file with no patch and no changed lines as binary (how GitHub reports one)', () => {
    const { files, incomplete } = filesFromApi([
      apiFile({
        filename: 'logo.png',
        status: 'added',
        patch: undefined,
        additions: 0,
        deletions: 0,
        changes: 0,
      }),
    ]);
    expect(incomplete).toEqual([]);
    expect(files[0]).toMatchObject({ path: 'logo.png', binary: true, hunks: [] });
  });
});

describe('mergeWithGitDiff', () => {
  const apiFiles = [changed('a.ts'), changed('big.json'), changed('img.png'), changed('c.ts')];
  const gitFiles = [
    changed('a.ts', { additions: 99 }),
    changed('big.json', { additions: 7, hunks: parseUnifiedDiff(gitDiff('big.json', PATCH))[0]!.hunks }),
    changed('img.png', { binary: true }),
  ];

  it("replaces only the incomplete files with git's version, in the API's order", () => {
    const merged = mergeWithGitDiff(apiFiles, gitFiles, ['big.json', 'img.png'], false);
    expect(merged.map((f) => f.path)).toEqual(['a.ts', 'big.json', 'img.png', 'c.ts']);
    expect(merged[0]!.additions).toBe(0); // complete API files are kept
    expect(merged[1]!.hunks).toHaveLength(1);
    expect(merged[2]!.binary).toBe(true);
  });

  it('keeps the API version of an incomplete file git does not have', () => {
    const merged = mergeWithGitDiff(apiFiles, [], ['big.json'], false);
    expect(merged).toEqual(apiFiles);
  });

  it("uses git's full list in git's order when the API list was capped, keeping API-only files last", () => {
    const git = [
      changed('z.ts'),
      changed('a.ts', { additions: 99 }),
      changed('n.ts', { status: 'renamed', previousPath: 'c.ts' }),
    ];
    const merged = mergeWithGitDiff(apiFiles, git, [], true);
    expect(merged.map((f) => f.path)).toEqual(['z.ts', 'a.ts', 'n.ts', 'big.json', 'img.png']);
    expect(merged[1]!.additions).toBe(99);
  });
});

/** A git-style diff of one modified file around the API's hunk-only patch. */
function gitDiff(path: string, patch: string): string {
  return `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n${patch}\n`;
}

type LineType = 'add' | 'del' | 'context';

// Line contents built from the characters that matter to a diff parser: markers, '@', '\' and spaces.
const lineContent = fc.string({
  unit: fc.constantFrom('a', 'z', ' ', '-', '+', '@', '\\', '\t'),
  maxLength: 6,
});
const diffLine = fc.record({
  type: fc.constantFrom<LineType>('add', 'del', 'context'),
  content: lineContent,
});
const hunkSpec = fc.record({ gap: fc.nat(20), lines: fc.array(diffLine, { minLength: 1, maxLength: 8 }) });
const fileSpec = fc.record({
  hunks: fc.array(hunkSpec, { minLength: 1, maxLength: 4 }),
  noNewlineAtEnd: fc.boolean(),
});

type FileSpec = typeof fileSpec extends fc.Arbitrary<infer T> ? T : never;

/** Renders hunks the way git does (`-a` without `,1`; `-a,0` names the line before an insertion). */
function renderPatch(spec: FileSpec): string {
  const out: string[] = [];
  let oldNext = 1;
  let newNext = 1;
  for (const hunk of spec.hunks) {
    oldNext += hunk.gap;
    newNext += hunk.gap;
    const oldCount = hunk.lines.filter((l) => l.type !== 'add').length;
    const newCount = hunk.lines.filter((l) => l.type !== 'del').length;
    out.push(`@@ -${range(oldNext, oldCount)} +${range(newNext, newCount)} @@`);
    for (const line of hunk.lines)
      out.push(`${{ add: '+', del: '-', context: ' ' }[line.type]}${line.content}`);
    oldNext += oldCount;
    newNext += newCount;
  }
  if (spec.noNewlineAtEnd) out.push('\\ No newline at end of file');
  return out.join('\n');
}

/** The oracle: head line number → content of every added line, counted straight from the spec. */
function expectedAddedLines(spec: FileSpec): Map<number, string> {
  const added = new Map<number, string>();
  let newNext = 1;
  for (const hunk of spec.hunks) {
    newNext += hunk.gap;
    for (const line of hunk.lines) {
      if (line.type === 'add') added.set(newNext, line.content);
      if (line.type !== 'del') newNext++;
    }
  }
  return added;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

describe('filesFromApi (property)', () => {
  it('reads the same hunks and added lines from an API patch as from the full git diff', () => {
    fc.assert(
      fc.property(fc.array(fileSpec, { minLength: 1, maxLength: 4 }), (specs) => {
        const paths = specs.map((_, i) => `src/dir${i}/file${i}.ts`);
        const patches = specs.map(renderPatch);
        const fromGit = parseUnifiedDiff(paths.map((p, i) => gitDiff(p, patches[i]!)).join(''));
        const { files, incomplete } = filesFromApi(
          paths.map((filename, i) => ({
            filename,
            status: 'modified',
            additions: 0,
            deletions: 0,
            changes: 1,
            patch: patches[i],
          })),
        );
        expect(incomplete).toEqual([]);
        expect(files.map((f) => f.hunks)).toEqual(fromGit.map((f) => f.hunks));
        const apiIndex = createDiffIndex(files);
        const gitIndex = createDiffIndex(fromGit);
        paths.forEach((path, i) => {
          expect(apiIndex.addedLines(path)).toEqual(gitIndex.addedLines(path));
          expect(apiIndex.addedLines(path)).toEqual(expectedAddedLines(specs[i]!));
        });
      }),
      { numRuns: 300 },
    );
  });
});
