import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { scanBinaryFiles } from '../../src/agents/builtins/binary-files.js';
import type { PrContext } from '../../src/context/types.js';
import { fingerprint } from '../../src/findings/fingerprint.js';

const binaryDiff = (path: string, header: string, from = '/dev/null'): string =>
  [
    `diff --git a/${path} b/${path}`,
    ...(header === '' ? [] : [header]),
    'index 1111111..2222222',
    `Binary files ${from === '/dev/null' ? from : `a/${from}`} and b/${path} differ`,
    '',
  ].join('\n');

describe('scanBinaryFiles', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kilo-binary-'));
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  const scan = (context: PrContext) =>
    scanBinaryFiles({ files: context.files, diffIndex: context.diffIndex, workspace, largeFileBytes: 1024 });

  it('notes a binary file the PR adds, on line 1, with its size', async () => {
    writeFileSync(join(workspace, 'logo.png'), Buffer.alloc(12_595));
    const findings = await scan(makeContext(binaryDiff('logo.png', 'new file mode 100644')));
    expect(findings).toEqual([
      {
        rule: 'binary-file',
        severity: 'notice',
        message:
          'Binary file `logo.png` (12.3 KiB) added; check that it belongs in the repository ' +
          '(build output and large assets are better kept out or in Git LFS).',
        path: 'logo.png',
        line: 1,
        source: 'binary-files',
        fingerprint: fingerprint('binary-file', 'logo.png'),
      },
    ]);
  });

  it('leaves the size out when the file is not in the workspace or is a symlink', async () => {
    symlinkSync('/etc/hostname', join(workspace, 'link.bin'));
    const context = makeContext(
      binaryDiff('missing.bin', 'new file mode 100644') + binaryDiff('link.bin', 'new file mode 100644'),
    );
    expect((await scan(context)).map((f) => f.message.split(';')[0])).toEqual([
      'Binary file `missing.bin` added',
      'Binary file `link.bin` added',
    ]);
  });

  it('ignores modified binaries and added text files', async () => {
    writeFileSync(join(workspace, 'icon.ico'), Buffer.alloc(100));
    const context = makeContext(
      binaryDiff('icon.ico', '', 'icon.ico') + addedFileDiff('README.md', ['# Hello']),
    );
    expect(context.files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ['icon.ico', 'modified', true],
      ['README.md', 'added', false],
    ]);
    expect(await scan(context)).toEqual([]);
  });

  it('keeps the fingerprint when the same file is pushed again with other bytes', async () => {
    const context = makeContext(binaryDiff('font.woff2', 'new file mode 100644'));
    writeFileSync(join(workspace, 'font.woff2'), Buffer.alloc(10));
    const [first] = await scan(context);
    writeFileSync(join(workspace, 'font.woff2'), Buffer.alloc(20_000));
    const [second] = await scan(context);
    expect([first?.message.includes('10 bytes'), second?.message.includes('19.5 KiB')]).toEqual([true, true]);
    expect(second?.fingerprint).toBe(first?.fingerprint);
  });
});
