// Which changed files a command is handed as `{files}`: symlinks and paths that leave the workspace are
// withheld, whatever they point at; a file that is not there is passed on for the tool to report.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesForCommand } from '../../src/agents/builtins/workspace-file.js';

const root = mkdtempSync(join(tmpdir(), 'kilo-files-for-command-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('filesForCommand', () => {
  it('keeps regular files (odd names too) and missing ones; withholds links, linked directories and escapes', async () => {
    const workspace = join(root, 'ws');
    const outside = join(root, 'outside');
    mkdirSync(join(workspace, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'host secret\n');
    const odd = ['src/$(touch pwned).js', 'src/a;b.js', 'src/new\nline.js', 'src/-rf.js'];
    for (const file of ['src/app.js', ...odd]) writeFileSync(join(workspace, file), 'x\n');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'src/abs-link.js'));
    symlinkSync('../../outside/secret.txt', join(workspace, 'src/rel-link.js'));
    symlinkSync('app.js', join(workspace, 'src/inside-link.js'));
    symlinkSync(outside, join(workspace, 'linked-dir'));

    const { kept, dropped } = await filesForCommand(workspace, [
      'src/app.js',
      ...odd,
      'src/deleted-in-this-checkout.js',
      'src/abs-link.js',
      'src/rel-link.js',
      'src/inside-link.js',
      'linked-dir/secret.txt',
      '../outside/secret.txt',
      'src/../../outside/secret.txt',
      join(outside, 'secret.txt'),
      '',
    ]);

    expect(kept).toEqual(['src/app.js', ...odd, 'src/deleted-in-this-checkout.js']);
    expect(dropped).toEqual([
      'src/abs-link.js',
      'src/rel-link.js',
      'src/inside-link.js',
      'linked-dir/secret.txt',
      '../outside/secret.txt',
      'src/../../outside/secret.txt',
      join(outside, 'secret.txt'),
      '',
    ]);
  });
});
