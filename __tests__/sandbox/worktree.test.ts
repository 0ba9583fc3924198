import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { createProcessRunner } from '../../src/sandbox/runner.js';
import { applyPatch, createWorktree, diffWorktree, revertPatch } from '../../src/sandbox/worktree.js';

const runner = createProcessRunner({ killGraceMs: 200 });

/**
 * Every file under dir (outside .git, or only inside it) with its mode and content hash: equal
 * snapshots = byte-identical. The index is left out of .git: `git status` may refresh its stat data.
 */
function snapshot(dir: string, part: 'files' | 'git' = 'files'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    const inGit = relative.split(path.sep)[0] === '.git';
    if (inGit !== (part === 'git') || relative === path.join('.git', 'index') || entry.isDirectory())
      continue;
    const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
    files[relative] = `${lstatSync(full).mode.toString(8)} ${hash}`;
  }
  return files;
}

function edit(dir: string, files: Record<string, string | null>): void {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    if (content === null) rmSync(full);
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
}

const BASE = { 'src/a.js': 'one\ntwo\nthree\n', 'README.md': '# demo\n' };
const HEAD = {
  'src/a.js': 'one\n2\nthree\nfour\n',
  'src/b.js': 'b\n',
  'bin/run.sh': '#!/bin/sh\necho run\n',
};

describe('worktrees of a git repository', () => {
  let repo: TempRepo;
  let baseSha: string;
  let headSha: string;
  let before: { files: Record<string, string>; git: Record<string, string>; status: string };
  beforeEach(() => {
    repo = createTempRepo('kilo-worktree-test-');
    baseSha = repo.commit('base', BASE);
    headSha = repo.commit('head', HEAD);
    repo.git('update-index', '--chmod=+x', 'bin/run.sh');
    headSha = repo.commit('exec');
    edit(repo.dir, { 'src/a.js': 'uncommitted work\n', 'notes.txt': 'untracked\n' });
    const status = repo.git('status', '--porcelain');
    before = { files: snapshot(repo.dir), git: snapshot(repo.dir, 'git'), status };
  });
  afterEach(() => {
    // The user's checkout, .git included, is never modified, whatever the test did in its worktrees.
    expect(snapshot(repo.dir)).toEqual(before.files);
    expect(snapshot(repo.dir, 'git')).toEqual(before.git);
    expect(repo.git('status', '--porcelain')).toBe(before.status);
    repo.remove();
  });

  it('checks out the commit, not the uncommitted state of the checkout, and removes it without a trace', async () => {
    const worktree = await createWorktree(runner, repo.dir, headSha);
    expect(worktree.copied).toBe(false);
    expect(path.relative(repo.dir, worktree.dir).startsWith('..')).toBe(true);
    expect(readFileSync(path.join(worktree.dir, 'src/a.js'), 'utf8')).toBe(HEAD['src/a.js']);
    expect(existsSync(path.join(worktree.dir, 'notes.txt'))).toBe(false);
    // Nothing is registered in the user's .git while it exists (a test runner walking it would trip).
    expect(snapshot(repo.dir, 'git')).toEqual(before.git);
    expect(existsSync(path.join(repo.dir, '.git', 'worktrees'))).toBe(false);
    await worktree.remove();
    await worktree.remove(); // twice is harmless
    expect(existsSync(worktree.dir)).toBe(false);
  });

  it('checks out any commit it is given', async () => {
    const worktree = await createWorktree(runner, repo.dir, baseSha);
    try {
      expect(readFileSync(path.join(worktree.dir, 'src/a.js'), 'utf8')).toBe(BASE['src/a.js']);
      expect(existsSync(path.join(worktree.dir, 'src/b.js'))).toBe(false);
    } finally {
      await worktree.remove();
    }
  });

  it('turns changes into a patch that applies to a fresh worktree, and reverting leaves it byte-identical', async () => {
    const source = await createWorktree(runner, repo.dir, headSha);
    const target = await createWorktree(runner, repo.dir, headSha);
    try {
      edit(source.dir, {
        'src/a.js': 'one\n2\nTHREE\nfour\n',
        'src/b.js': null,
        'README.md': '# demo, edited\n',
      });
      const patch = await diffWorktree(runner, source.dir);
      expect(patch).toContain('--- a/src/a.js\n+++ b/src/a.js\n');
      expect(patch).toContain('+++ /dev/null');
      const pristine = snapshot(target.dir);
      expect(await applyPatch(runner, target.dir, patch)).toEqual({ ok: true });
      expect(snapshot(target.dir)).toEqual(snapshot(source.dir));
      expect(await revertPatch(runner, target.dir, patch)).toEqual({ ok: true });
      expect(snapshot(target.dir)).toEqual(pristine);
      expect(await diffWorktree(runner, target.dir)).toBe('');
    } finally {
      await source.remove();
      await target.remove();
    }
  });

  it('says why a patch does not apply, and applies nothing of it', async () => {
    const worktree = await createWorktree(runner, repo.dir, headSha);
    try {
      edit(worktree.dir, { 'README.md': '# changed\n', 'src/a.js': 'one\n2\nTHREE\nfour\n' });
      const patch = await diffWorktree(runner, worktree.dir);
      edit(worktree.dir, { 'src/a.js': 'something else entirely\n' }); // README.md still applies…
      await runner.run({
        argv: ['git', 'checkout', '--', 'README.md'],
        cwd: worktree.dir,
        timeoutMs: 10_000,
      });
      const pristine = snapshot(worktree.dir);
      expect(await applyPatch(runner, worktree.dir, patch)).toEqual({
        ok: false,
        reason: 'patch failed: src/a.js:1; src/a.js: patch does not apply',
      });
      expect(snapshot(worktree.dir)).toEqual(pristine); // …but all or nothing
      const reverted = await revertPatch(runner, worktree.dir, patch);
      expect(reverted.ok).toBe(false);
    } finally {
      await worktree.remove();
    }
  });

  it('refuses a patch that writes outside the worktree', async () => {
    const worktree = await createWorktree(runner, repo.dir, headSha);
    try {
      const patch = '--- /dev/null\n+++ b/../escaped.txt\n@@ -0,0 +1 @@\n+escaped\n';
      const result = await applyPatch(runner, worktree.dir, patch);
      expect(result.ok).toBe(false);
      expect(existsSync(path.join(path.dirname(worktree.dir), 'escaped.txt'))).toBe(false);
    } finally {
      await worktree.remove();
    }
  });

  it('keeps the checkout intact when a tool deletes everything in its worktree', async () => {
    const worktree = await createWorktree(runner, repo.dir, headSha);
    try {
      const wiped = await runner.run({
        argv: ['sh', '-c', 'rm -rf ./*'],
        cwd: worktree.dir,
        timeoutMs: 10_000,
      });
      expect(wiped.exitCode).toBe(0);
      expect(readdirSync(worktree.dir)).toEqual(['.git']);
      const patch = await diffWorktree(runner, worktree.dir);
      expect(patch.match(/^\+\+\+ \/dev\/null$/gm)).toHaveLength(4);
    } finally {
      await worktree.remove();
    }
  });

  it('reads back a zero-context diff for callers that want hunks of changed lines only', async () => {
    const worktree = await createWorktree(runner, repo.dir, headSha);
    try {
      edit(worktree.dir, { 'src/a.js': 'one\n2\nTHREE\nfour\n' });
      expect(await diffWorktree(runner, worktree.dir, { contextLines: 0 })).toMatch(
        /\n@@ -3 \+3 @@[^\n]*\n-three\n\+THREE\n$/,
      );
    } finally {
      await worktree.remove();
    }
  });

  it('fails in one line for a commit that does not exist, and leaves nothing behind', async () => {
    const privateTmp = mkdtempSync(path.join(tmpdir(), 'kilo-worktree-tmp-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      await expect(createWorktree(runner, repo.dir, 'no-such-commit')).rejects.toMatchObject({
        code: 'GIT_FAILED',
        message: expect.stringMatching(
          /^git checkout of no-such-commit from '.*' failed: .*no-such-commit/,
        ) as unknown as string,
      });
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });

  it('checks out from a shallow clone and from a linked worktree of the repository', async () => {
    const shallow = mkdtempSync(path.join(tmpdir(), 'kilo-worktree-shallow-'));
    const linked = path.join(mkdtempSync(path.join(tmpdir(), 'kilo-worktree-linked-')), 'wt');
    try {
      repo.git('clone', '--quiet', '--depth', '1', `file://${repo.dir}`, shallow);
      const fromShallow = await createWorktree(runner, shallow, headSha);
      try {
        expect(readFileSync(path.join(fromShallow.dir, 'src/a.js'), 'utf8')).toBe(HEAD['src/a.js']);
        writeFileSync(path.join(fromShallow.dir, 'src/b.js'), 'B\n');
        expect(await diffWorktree(runner, fromShallow.dir, { contextLines: 0 })).toMatch(/\n-b\n\+B\n$/);
      } finally {
        await fromShallow.remove();
      }
      repo.git('worktree', 'add', '--quiet', '--detach', linked, baseSha);
      const fromLinked = await createWorktree(runner, linked, baseSha);
      try {
        expect(readFileSync(path.join(fromLinked.dir, 'src/a.js'), 'utf8')).toBe(BASE['src/a.js']);
      } finally {
        await fromLinked.remove();
      }
    } finally {
      repo.git('worktree', 'remove', '--force', linked);
      rmSync(shallow, { recursive: true, force: true });
      rmSync(path.dirname(linked), { recursive: true, force: true });
    }
  });
});

describe('worktrees of a directory that is not a git repository', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kilo-plain-dir-'));
    edit(dir, { ...BASE, 'node_modules/x/index.js': 'module.exports = 1;\n' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the files, diffs, applies and reverts like a git worktree, and leaves the original alone', async () => {
    const original = snapshot(dir);
    const source = await createWorktree(runner, dir, 'ignored-commit');
    const target = await createWorktree(runner, dir, 'ignored-commit');
    try {
      expect(source.copied).toBe(true);
      expect(snapshot(source.dir)).toEqual(original);
      expect(await diffWorktree(runner, source.dir)).toBe('');
      edit(source.dir, { 'src/a.js': 'one\nTWO\nthree\n', 'README.md': null });
      const patch = await diffWorktree(runner, source.dir);
      expect(await applyPatch(runner, target.dir, patch)).toEqual({ ok: true });
      expect(snapshot(target.dir)).toEqual(snapshot(source.dir));
      expect(await revertPatch(runner, target.dir, patch)).toEqual({ ok: true });
      expect(snapshot(target.dir)).toEqual(original);
    } finally {
      await source.remove();
      await target.remove();
    }
    expect(existsSync(source.dir)).toBe(false);
    expect(snapshot(dir)).toEqual(original);
    expect(existsSync(path.join(dir, '.git'))).toBe(false);
  });

  it('fails in one line when the directory cannot be copied', async () => {
    const failed = createWorktree(runner, path.join(dir, 'missing'), 'HEAD');
    await expect(failed).rejects.toMatchObject({ code: 'SANDBOX_FAILED' });
    await expect(failed).rejects.toThrow(/^cannot copy '.*missing' for an isolated run: ENOENT: /);
  });
});

describe('installed dependencies in a checkout', () => {
  it('links the ignored node_modules directories of the repository, and nothing else ignored', async () => {
    const repo = createTempRepo('kilo-worktree-deps-');
    try {
      const head = repo.commit('base', {
        '.gitignore': 'node_modules/\ndist/\n',
        'package.json': '{}\n',
        'packages/a/package.json': '{}\n',
      });
      edit(repo.dir, {
        'node_modules/tool/index.js': 'module.exports = 1;\n',
        'packages/a/node_modules/dep/index.js': 'module.exports = 2;\n',
        'dist/out.js': 'built\n',
      });
      const worktree = await createWorktree(runner, repo.dir, head);
      try {
        expect(lstatSync(path.join(worktree.dir, 'node_modules')).isSymbolicLink()).toBe(true);
        expect(readFileSync(path.join(worktree.dir, 'node_modules/tool/index.js'), 'utf8')).toBe(
          'module.exports = 1;\n',
        );
        expect(readFileSync(path.join(worktree.dir, 'packages/a/node_modules/dep/index.js'), 'utf8')).toBe(
          'module.exports = 2;\n',
        );
        expect(existsSync(path.join(worktree.dir, 'dist'))).toBe(false);
        // The links are ignored there too: they are not part of what a fixer changed.
        expect(await diffWorktree(runner, worktree.dir)).toBe('');
        // A checkout of a checkout (the CLI's head checkout is one): its node_modules is a symlink,
        // which `node_modules/` in .gitignore does not match, and it is linked all the same.
        const nested = await createWorktree(runner, worktree.dir, head);
        try {
          expect(readFileSync(path.join(nested.dir, 'node_modules/tool/index.js'), 'utf8')).toBe(
            'module.exports = 1;\n',
          );
        } finally {
          await nested.remove();
        }
      } finally {
        await worktree.remove();
      }
      // Removing the checkout removed the links, not what they point to.
      expect(existsSync(path.join(repo.dir, 'node_modules/tool/index.js'))).toBe(true);
    } finally {
      repo.remove();
    }
  });
});
