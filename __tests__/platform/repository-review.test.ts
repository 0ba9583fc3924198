import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { guidanceCommit, loadRepositoryReview } from '../../src/platform/github/repository-review.js';

const REPO = { owner: 'octo', name: 'shop' };

describe('loadRepositoryReview', () => {
  const repos: TempRepo[] = [];
  afterEach(() => repos.splice(0).forEach((repo) => repo.remove()));

  function history(init?: (repo: TempRepo) => void): { repo: TempRepo; head: string } {
    const repo = createTempRepo('kilo-repo-review-');
    repos.push(repo);
    init?.(repo);
    repo.commit('first', { 'src/old.js': 'export const a = 1;\nexport const b = 2;\n', 'gone.txt': 'x\n' });
    repo.git('rm', '--quiet', 'gone.txt');
    repo.commit('second', { 'README.md': '# shop\n' });
    return { repo, head: repo.git('rev-parse', 'HEAD').trim() };
  }

  it('makes every tracked file of HEAD an added file, however old its commit', async () => {
    const { repo, head } = history();
    const span = createRecordingSpan();
    const context = await loadRepositoryReview('schedule', repo.dir, REPO, span);

    expect(context).toMatchObject({
      event: 'schedule',
      number: 0,
      title: `Scheduled review of main at ${head.slice(0, 7)}`,
      base: { sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', ref: '' },
      head: { sha: head, ref: 'main' },
      author: 'schedule',
      association: 'NONE',
      fork: false,
    });
    expect(context.files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
      ['README.md', 'added', 1, 0],
      ['src/old.js', 'added', 2, 0],
    ]);
    expect([...context.diffIndex.addedLines('src/old.js')]).toEqual([
      [1, 'export const a = 1;'],
      [2, 'export const b = 2;'],
    ]);
    expect(span.events).toContainEqual(
      expect.objectContaining({
        kind: 'context',
        name: 'git-diff',
        attrs: expect.objectContaining({ head }),
      }),
    );
    // The guidance (AGENTS.md, the config) is read at the reviewed commit: the empty tree has no files.
    expect(guidanceCommit(context)).toBe(head);
  });

  it('works in a sha256 repository and on a detached HEAD', async () => {
    const { repo, head } = history((r) => {
      rmSync(join(r.dir, '.git'), { recursive: true, force: true });
      r.git('init', '--quiet', '--object-format=sha256', '--initial-branch=main');
    });
    repo.git('checkout', '--quiet', '--detach', head);
    const context = await loadRepositoryReview('schedule', repo.dir, REPO, createRecordingSpan());
    expect(head).toHaveLength(64);
    expect(context.base.sha).toBe('6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321');
    expect(context.title).toBe(`Scheduled review of ${head.slice(0, 7)}`);
    expect(context.head).toEqual({ sha: head, ref: '' });
    expect(context.files.map((f) => f.path)).toEqual(['README.md', 'src/old.js']);
    expect(guidanceCommit(context)).toBe(head);
  });

  it('leaves the guidance of a PR or a push at its base', () => {
    const base = 'a'.repeat(40);
    expect(guidanceCommit({ base: { sha: base }, head: { sha: 'b'.repeat(40) } } as never)).toBe(base);
  });
});
