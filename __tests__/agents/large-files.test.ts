import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { createAnalyzer } from '../../src/agents/analyzer.js';
import { scanLargeFiles } from '../../src/agents/builtins/large-files.js';
import type { BuiltinInput } from '../../src/agents/builtins/types.js';
import { createDiffIndex } from '../../src/context/diff-index.js';
import type { ChangedFile } from '../../src/context/types.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { makeInput } from './helpers.js';

const KIB = 1024;
const MIB = 1024 * KIB;

const modifiedFileDiff = (path: string): string =>
  [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    '@@ -1,1 +1,1 @@',
    '-old',
    '+new',
    '',
  ].join('\n');

const binaryDiff = (path: string, header: string): string =>
  [
    `diff --git a/${path} b/${path}`,
    header,
    'index 0000000..1234567',
    `Binary files /dev/null and b/${path} differ`,
    '',
  ].join('\n');

const renameDiff = (from: string, to: string): string =>
  [
    `diff --git a/${from} b/${to}`,
    'similarity index 100%',
    `rename from ${from}`,
    `rename to ${to}`,
    '',
  ].join('\n');

const removedFileDiff = (path: string): string =>
  [
    `diff --git a/${path} b/${path}`,
    'deleted file mode 100644',
    `--- a/${path}`,
    '+++ /dev/null',
    '@@ -1,1 +0,0 @@',
    '-gone',
    '',
  ].join('\n');

function file(path: string, status: ChangedFile['status'] = 'added'): ChangedFile {
  return { path, status, additions: 0, deletions: 0, hunks: [], binary: true };
}

describe('scanLargeFiles', () => {
  let workspace: string;
  let outside: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kilo-large-'));
    outside = mkdtempSync(join(tmpdir(), 'kilo-outside-'));
  });
  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const write = (path: string, bytes: number): void => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), Buffer.alloc(bytes, 97));
  };

  const input = (files: readonly ChangedFile[], largeFileBytes = MIB): BuiltinInput => ({
    files,
    diffIndex: createDiffIndex(files),
    workspace,
    largeFileBytes,
  });

  it('warns about an added file over the limit, on line 1, with both sizes in binary units', async () => {
    write('dist/bundle.js', Math.round(2.3 * MIB));
    const context = makeContext(addedFileDiff('dist/bundle.js', ['x']));
    const findings = await scanLargeFiles({ ...input(context.files), diffIndex: context.diffIndex });
    expect(findings).toEqual([
      {
        rule: 'large-file',
        severity: 'warning',
        message:
          '`dist/bundle.js` is 2.3 MiB (over the 1 MiB limit, policy.large-file-kb); ' +
          'consider Git LFS or keeping generated files out of the repository.',
        path: 'dist/bundle.js',
        line: 1,
        source: 'large-files',
        fingerprint: fingerprint('large-file', 'dist/bundle.js'),
      },
    ]);
  });

  it('reports modified, renamed and binary files over the limit, but not removed ones', async () => {
    write('data/big.csv', 3 * MIB);
    write('assets/video.mp4', 5 * MIB);
    write('moved/dump.sql', 2 * MIB);
    const context = makeContext(
      modifiedFileDiff('data/big.csv') +
        binaryDiff('assets/video.mp4', 'new file mode 100644') +
        renameDiff('old/dump.sql', 'moved/dump.sql') +
        removedFileDiff('gone/huge.bin'),
    );
    expect(context.files.map((f) => [f.path, f.status])).toEqual([
      ['data/big.csv', 'modified'],
      ['assets/video.mp4', 'added'],
      ['moved/dump.sql', 'renamed'],
      ['gone/huge.bin', 'removed'],
    ]);
    write('gone/huge.bin', 9 * MIB); // still on disk, but the PR removes it
    const findings = await scanLargeFiles(input(context.files));
    expect(findings.map((f) => [f.path, f.message.split(' (')[0]])).toEqual([
      ['data/big.csv', '`data/big.csv` is 3 MiB'],
      ['assets/video.mp4', '`assets/video.mp4` is 5 MiB'],
      ['moved/dump.sql', '`moved/dump.sql` is 2 MiB'],
    ]);
  });

  it('also checks copied files', async () => {
    write('copy.bin', 2 * MIB);
    expect((await scanLargeFiles(input([file('copy.bin', 'copied')]))).map((f) => f.path)).toEqual([
      'copy.bin',
    ]);
  });

  it('does not report a file at or under the limit', async () => {
    write('exact.bin', MIB);
    write('small.txt', 10);
    expect(await scanLargeFiles(input([file('exact.bin'), file('small.txt')]))).toEqual([]);
  });

  it('uses the configured limit in KiB and never rounds the size down to the limit', async () => {
    write('a.bin', 300 * KIB);
    write('b.bin', MIB + 1);
    const findings = await scanLargeFiles(input([file('a.bin'), file('b.bin')], 256 * KIB));
    expect(findings[0]?.message).toMatch(/^`a\.bin` is 300 KiB \(over the 256 KiB limit, /);
    const [justOver] = await scanLargeFiles(input([file('b.bin')]));
    expect(justOver?.message).toMatch(/^`b\.bin` is 1048577 bytes \(over the 1 MiB limit, /);
  });

  it('reports nothing for a file missing from the workspace', async () => {
    expect(await scanLargeFiles(input([file('not/there.bin')]))).toEqual([]);
  });

  it('keeps the fingerprint when the same path is pushed again with another size', async () => {
    write('big.bin', 2 * MIB);
    const [first] = await scanLargeFiles(input([file('big.bin')]));
    write('big.bin', 7 * MIB);
    const [second] = await scanLargeFiles(input([file('big.bin')]));
    expect(second?.message).toContain('7 MiB');
    expect(second?.fingerprint).toBe(first?.fingerprint);
  });

  it('does not follow a symlink out of the workspace, to a file or through a directory', async () => {
    writeFileSync(join(outside, 'secret.img'), Buffer.alloc(2 * MIB));
    symlinkSync(join(outside, 'secret.img'), join(workspace, 'link.img'));
    symlinkSync(outside, join(workspace, 'linked-dir'));
    const findings = await scanLargeFiles(input([file('link.img'), file('linked-dir/secret.img')]));
    expect(findings).toEqual([]);
  });

  it('refuses paths that climb out of the workspace or are absolute', async () => {
    writeFileSync(join(outside, 'big.bin'), Buffer.alloc(2 * MIB));
    const climbing = `../${outside.split('/').pop() ?? ''}/big.bin`;
    const findings = await scanLargeFiles(input([file(climbing), file(join(outside, 'big.bin'))]));
    expect(findings).toEqual([]);
  });

  it('ignores a directory where the file should be', async () => {
    mkdirSync(join(workspace, 'vendor'));
    expect(await scanLargeFiles(input([file('vendor')], 1))).toEqual([]);
  });

  it('runs as the large-files built-in of the analyzer, next to binary-files', async () => {
    write('assets/intro.mp4', 3 * MIB);
    const context = makeContext(binaryDiff('assets/intro.mp4', 'new file mode 100644'));
    const run = (name: 'large-files' | 'binary-files') =>
      createAnalyzer().run(
        makeInput(
          {
            id: `analyze:${name}`,
            kind: 'analyze',
            agent: 'analyzer',
            task: { type: 'builtin', name, largeFileBytes: MIB },
            files: ['assets/intro.mp4'],
            dependsOn: [],
            budget: { wallSeconds: 60 },
          },
          context,
          workspace,
        ),
      );
    const outputs = await Promise.all([run('large-files'), run('binary-files')]);
    expect(outputs.map((o) => [o.status, o.findings.map((f) => [f.rule, f.severity, f.line])])).toEqual([
      ['ok', [['large-file', 'warning', 1]]],
      ['ok', [['binary-file', 'notice', 1]]],
    ]);
  });
});
