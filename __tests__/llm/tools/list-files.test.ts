// list_files on a real checkout: sorted entries, directories marked, the cap, and refused directories.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { failed, ok, setupTools, type ToolsSetup } from './tools-fixtures.js';

let setup: ToolsSetup;
beforeAll(() => {
  setup = setupTools();
  mkdirSync(join(setup.repo.dir, 'empty-dir'));
});
afterAll(() => setup.repo.remove());

const list = (args: unknown) => setup.tools.run('list_files', args);

describe('list_files', () => {
  it('lists the checkout root by default, sorted, directories with a trailing slash', async () => {
    const root = [
      '.env',
      '.git/',
      '.github/',
      'README.md',
      'a-link.ts',
      'docs/',
      'empty-dir/',
      'etc-link',
      'notes.txt',
      'passwd-link',
      'src/',
      'vendor/',
    ].join('\n');
    expect(await list({})).toEqual(ok(root));
    expect(await list({ path: '.' })).toEqual(ok(root));
  });

  it('lists a subdirectory', async () => {
    expect(await list({ path: 'src' })).toEqual(ok('a.ts\nb.ts\nc.ts\nkeys.ts\nlib/'));
    expect(await list({ path: './src/lib/' })).toEqual(ok('deep.ts'));
    expect(await list({ path: 'empty-dir' })).toEqual(ok('(empty directory)'));
  });

  it('refuses directories the policy or the disk rules out', async () => {
    expect(await list({ path: '.git' })).toEqual(
      failed('read denied: .git is in .git/ (rule read.git-dir)', 'read.git-dir'),
    );
    expect(await list({ path: '.github/workflows' })).toEqual(
      failed('read denied: .github/workflows is a protected path (rule protected-paths)', 'protected-paths'),
    );
    expect(await list({ path: 'etc-link' })).toEqual(
      failed(
        'read denied: etc-link leads outside the checkout (rule read.outside-checkout)',
        'read.outside-checkout',
      ),
    );
    expect(await list({ path: '..' })).toEqual(
      failed(
        'read denied: .. has a .. segment: paths stay inside the checkout (rule read.path)',
        'read.path',
      ),
    );
    expect(await list({ path: 'src/a.ts' })).toEqual(failed('src/a.ts is not a directory (use read_file)'));
  });
});

describe('list_files caps', () => {
  it('lists at most the entry cap, then counts the rest', async () => {
    const { tools, repo } = setupTools({ limits: { maxListEntries: 3 } });
    try {
      expect(await tools.run('list_files', { path: 'src' })).toEqual(ok('a.ts\nb.ts\nc.ts\n… and 2 more'));
    } finally {
      repo.remove();
    }
  });

  it('stops at the byte cap', async () => {
    const { tools, repo } = setupTools({ limits: { maxResultBytes: 10 } });
    try {
      // `a.ts\nb.ts` is 9 bytes; `\nc.ts` would make 14.
      expect(await tools.run('list_files', { path: 'src' })).toEqual(ok('a.ts\nb.ts\n… and 3 more'));
    } finally {
      repo.remove();
    }
  });
});
