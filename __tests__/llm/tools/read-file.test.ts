// read_file on a real checkout: numbered lines, ranges, the byte cap, and every path it must refuse.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failed, ok, setupTools, type ToolsSetup } from './tools-fixtures.js';

let setup: ToolsSetup;
beforeAll(() => {
  setup = setupTools();
  writeFileSync(join(setup.repo.dir, 'empty.txt'), '');
  writeFileSync(join(setup.repo.dir, 'crlf.txt'), 'a\r\nb\r\n');
  writeFileSync(join(setup.repo.dir, 'blob.bin'), Buffer.from([0x41, 0x00, 0x42, 0x0a]));
});
afterAll(() => setup.repo.remove());

const read = (args: unknown) => setup.tools.run('read_file', args);

describe('read_file', () => {
  it('returns the whole file, numbered from 1', async () => {
    expect(await read({ path: 'src/a.ts' })).toEqual(ok('1: one\n2: two\n3: three'));
  });

  it('returns an inclusive range, and a range open at either end', async () => {
    expect(await read({ path: 'src/a.ts', start_line: 2, end_line: 2 })).toEqual(ok('2: two'));
    expect(await read({ path: 'src/a.ts', start_line: 2 })).toEqual(ok('2: two\n3: three'));
    expect(await read({ path: './src/a.ts', end_line: 1 })).toEqual(ok('1: one'));
  });

  it('stops at the last line when end_line is past it', async () => {
    expect(await read({ path: 'src/a.ts', start_line: 3, end_line: 99 })).toEqual(ok('3: three'));
  });

  it('drops the carriage returns of CRLF lines', async () => {
    expect(await read({ path: 'crlf.txt' })).toEqual(ok('1: a\n2: b'));
  });

  it('says an empty file is empty', async () => {
    expect(await read({ path: 'empty.txt' })).toEqual(ok('(empty file)'));
  });

  it('refuses bad ranges with a reason the model can act on', async () => {
    expect(await read({ path: 'src/a.ts', start_line: 3, end_line: 2 })).toEqual(
      failed('end_line 2 is before start_line 3'),
    );
    expect(await read({ path: 'src/a.ts', start_line: 9 })).toEqual(
      failed('start_line 9 is past the end of src/a.ts (3 lines)'),
    );
    expect(await read({ path: 'src/a.ts', start_line: 0 })).toEqual(
      failed('read_file: invalid arguments: start_line: Too small: expected number to be >0'),
    );
  });

  it('refuses what is not a readable text file', async () => {
    expect(await read({ path: 'src' })).toEqual(
      failed('src is not a regular file (a directory: use list_files)'),
    );
    expect(await read({ path: 'src/nope.ts' })).toEqual(failed('src/nope.ts does not exist'));
    expect(await read({ path: 'blob.bin' })).toEqual(failed('blob.bin looks binary (it has NUL bytes)'));
  });

  it('follows a symlink that stays inside the checkout', async () => {
    expect(await read({ path: 'a-link.ts', end_line: 1 })).toEqual(ok('1: one'));
  });
});

describe('read_file at the byte cap', () => {
  it('cuts on a line boundary and says where to go on', async () => {
    const { tools, repo } = setupTools({ limits: { maxResultBytes: 20 } });
    try {
      // `1: one` (6) + `\n2: two` (7) = 13 bytes; `\n3: three` (9) would make 22.
      expect(await tools.run('read_file', { path: 'src/a.ts' })).toEqual(
        ok('1: one\n2: two\n… (cut at 20 bytes; ask for start_line 3)'),
      );
    } finally {
      repo.remove();
    }
  });

  it('cuts inside a first line longer than the cap, never inside a character', async () => {
    const { tools, repo } = setupTools({ limits: { maxResultBytes: 10 } });
    try {
      writeFileSync(join(repo.dir, 'long.txt'), `${'x'.repeat(6)}é${'y'.repeat(50)}\n`);
      // `1: xxxxxx` is 9 bytes; `é` takes two, so it does not fit the tenth.
      expect(await tools.run('read_file', { path: 'long.txt' })).toEqual(
        ok('1: xxxxxx\n… (cut at 10 bytes; ask for start_line 2)'),
      );
    } finally {
      repo.remove();
    }
  });
});

describe('read_file refusals', () => {
  it.each([
    ['../../etc/passwd', '../../etc/passwd has a .. segment: paths stay inside the checkout', 'read.path'],
    ['/etc/passwd', '/etc/passwd is absolute: paths are relative to the checkout root', 'read.path'],
    ['etc-link/passwd', 'etc-link/passwd leads outside the checkout', 'read.outside-checkout'],
    ['passwd-link', 'passwd-link leads outside the checkout', 'read.outside-checkout'],
    ['.env', '.env looks like a secret', 'read.secret-path'],
    ['notes.txt', 'notes.txt leads to .env: .env looks like a secret', 'read.secret-path'],
    ['.git/config', '.git/config is in .git/', 'read.git-dir'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml is a protected path', 'protected-paths'],
    ['vendor/private/notes.txt', 'vendor/private/notes.txt is a protected path', 'protected-paths'],
  ])('refuses %j, naming the rule', async (path, reason, rule) => {
    expect(await read({ path })).toEqual(failed(`read denied: ${reason} (rule ${rule})`, rule));
  });

  it('asks the policy first, so every read is a recorded decision', async () => {
    const before = setup.decisions.length;
    await read({ path: '.env' });
    await read({ path: 'src/b.ts' });
    expect(setup.decisions.slice(before).map((d) => [d.request, d.allow, d.rule])).toEqual([
      [{ kind: 'read', path: '.env' }, false, 'read.secret-path'],
      [{ kind: 'read', path: 'src/b.ts' }, true, 'read'],
    ]);
  });
});
