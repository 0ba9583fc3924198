// The CLI's default base on real git repositories: origin/HEAD first (a clone of a repository whose
// default branch is master), then origin/main, origin/master, main, master; an actionable error without.
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseBase, describeBase } from '../../src/cli/default-base.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempRepo(): TempRepo {
  const repo = createTempRepo('kilo-base-');
  cleanup.push(repo.dir);
  return repo;
}

/** `git clone` of the repository: origin/HEAD names the default branch of the origin. */
function cloneOf(origin: TempRepo): { dir: string; git(...args: string[]): string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'kilo-base-clone-')), 'clone');
  cleanup.push(dir);
  origin.git('clone', '--quiet', origin.dir, dir);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  return { dir, git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }) };
}

/** An origin whose default branch is master, with a stale `main` beside it. */
function masterOrigin(): { origin: TempRepo; master: string; main: string } {
  const origin = tempRepo();
  const main = origin.commit('first', { 'a.txt': 'a\n' });
  origin.git('checkout', '--quiet', '-b', 'master');
  const master = origin.commit('second', { 'a.txt': 'b\n' });
  return { origin, master, main };
}

describe('the default base', () => {
  it('follows origin/HEAD to origin/master even though origin/main exists too', async () => {
    const { origin, master } = masterOrigin();
    const clone = cloneOf(origin);
    expect(clone.git('symbolic-ref', 'refs/remotes/origin/HEAD').trim()).toBe('refs/remotes/origin/master');
    const base = await chooseBase(clone.dir, undefined);
    expect(base).toEqual({ ref: 'origin/master', sha: master, reason: 'origin/HEAD' });
    expect(describeBase(base)).toBe('base origin/master (origin/HEAD)');
  });

  it('falls back to origin/main when the clone has no origin/HEAD', async () => {
    const { origin, main } = masterOrigin();
    const clone = cloneOf(origin);
    clone.git('remote', 'set-head', 'origin', '--delete');
    expect(await chooseBase(clone.dir, undefined)).toEqual({
      ref: 'origin/main',
      sha: main,
      reason: 'no origin/HEAD',
    });
  });

  it('says when origin/HEAD points at a branch that is gone, and takes the next name', async () => {
    const { origin, master } = masterOrigin();
    const clone = cloneOf(origin);
    clone.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    clone.git('update-ref', '-d', 'refs/remotes/origin/main');
    expect(await chooseBase(clone.dir, undefined)).toEqual({
      ref: 'origin/master',
      sha: master,
      reason: 'no origin/HEAD (origin/trunk is gone), origin/main',
    });
  });

  it('uses the local master in a repository with no origin at all', async () => {
    const repo = tempRepo();
    const first = repo.commit('first', { 'a.txt': 'a\n' });
    repo.git('branch', '--quiet', '-m', 'main', 'master');
    repo.git('checkout', '--quiet', '-b', 'topic');
    repo.commit('topic', { 'a.txt': 'b\n' });
    expect(repo.git('remote').trim()).toBe('');
    const base = await chooseBase(repo.dir, undefined);
    expect(base).toEqual({
      ref: 'master',
      sha: first,
      reason: 'no origin/HEAD, origin/main, origin/master, main',
    });
  });

  it('is not fooled by a tag named main', async () => {
    const repo = tempRepo();
    const first = repo.commit('first', { 'a.txt': 'a\n' });
    repo.git('branch', '--quiet', '-m', 'main', 'master');
    repo.commit('second', { 'a.txt': 'b\n' });
    repo.git('tag', 'main', first);
    expect((await chooseBase(repo.dir, undefined)).ref).toBe('master');
  });

  it('fails with one line naming what it tried and --base when no default branch exists', async () => {
    const repo = tempRepo();
    repo.commit('first', { 'a.txt': 'a\n' });
    repo.git('branch', '--quiet', '-m', 'main', 'trunk');
    await expect(chooseBase(repo.dir, undefined)).rejects.toMatchObject({
      code: 'USAGE',
      message:
        `no base to review against: none of origin/HEAD, origin/main, origin/master, main, master is a ` +
        `commit in ${repo.dir}; pass --base REF (e.g. --base HEAD~1)`,
    });
  });

  it('takes --base as given, the empty tree included, and reports a ref that is not a commit', async () => {
    const repo = tempRepo();
    const first = repo.commit('first', { 'a.txt': 'a\n' });
    repo.commit('second', { 'a.txt': 'b\n' });
    expect(await chooseBase(repo.dir, 'HEAD~1')).toEqual({ ref: 'HEAD~1', sha: first, reason: '--base' });
    const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
    expect(await chooseBase(repo.dir, emptyTree)).toEqual({
      ref: emptyTree,
      sha: emptyTree,
      reason: '--base',
    });
    await expect(chooseBase(repo.dir, 'origin/main')).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: `'origin/main' is not a commit in ${repo.dir} (fetch it, or pass another --base/--head)`,
    });
  });
});
