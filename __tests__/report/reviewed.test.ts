import { describe, expect, it } from '@jest/globals';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import type { ChangedFile } from '../../src/context/types.js';
import { reviewedLines, unreadFiles } from '../../src/report/reviewed.js';
import { makeReport, makeSubtask } from '../../__fixtures__/report.js';

const text = parseUnifiedDiff(
  [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1 +1,2 @@',
    ' x',
    '+y',
    '',
  ].join('\n'),
)[0]!;
const file = (path: string, overrides: Partial<ChangedFile> = {}): ChangedFile => ({
  ...text,
  path,
  ...overrides,
});

describe('what was reviewed: the files no check could read, and those only the built-ins read', () => {
  const files = [
    file('src/a.ts'),
    file('README.md'),
    file('logo.png', { binary: true, hunks: [] }),
    file('old.ts', { status: 'removed', hunks: [] }),
    file('data/huge.json', { hunks: [] }),
  ];

  it('groups the unreadable files by why', () => {
    expect(unreadFiles(files)).toEqual({
      binary: { paths: ['logo.png'], total: 1 },
      removed: { paths: ['old.ts'], total: 1 },
      noText: { paths: ['data/huge.json'], total: 1 },
    });
  });

  it('says which files only the built-ins read when a task ran on others, and what was not read', () => {
    const report = makeReport({
      reviewed: { files: files.map((f) => f.path), total: files.length, unread: unreadFiles(files) },
    });
    expect(reviewedLines(report, false)).toEqual([
      '5 changed files: src/a.ts, README.md, logo.png, old.ts, data/huge.json',
      "read by the built-in checks only (no task's `paths` matched): README.md",
      'not read as text: 1 binary file (logo.png); 1 removed file (old.ts); 1 file without a diff to read, as GitHub sends none for a very large diff (data/huge.json)',
    ]);
  });

  it('never lets a review that read nothing pass for a clean one', () => {
    const unreadable = [
      file('logo.png', { binary: true, hunks: [] }),
      file('old.ts', { status: 'removed', hunks: [] }),
    ];
    const report = makeReport({
      reviewed: { files: ['logo.png', 'old.ts'], total: 2, unread: unreadFiles(unreadable) },
    });
    expect(reviewedLines(report, true).at(-1)).toBe(
      '**nothing could be read as text**: 1 binary file (`logo.png`); 1 removed file (`old.ts`)',
    );
  });

  it('counts a test run as reading the whole tree', () => {
    const report = makeReport({
      plan: {
        version: 1,
        subtasks: [makeSubtask('analyze', 'eslint'), makeSubtask('test', 'unit', { files: [] })],
      },
      results: [
        { id: 'analyze:eslint', status: 'ok', findings: [], suggestions: [], durationMs: 1 },
        { id: 'test:unit', status: 'ok', findings: [], suggestions: [], durationMs: 1 },
      ],
      reviewed: {
        files: ['src/a.ts', 'README.md'],
        total: 2,
        unread: unreadFiles([file('src/a.ts'), file('README.md')]),
      },
    });
    expect(reviewedLines(report, false)).toEqual(['2 changed files: src/a.ts, README.md']);
  });
});
