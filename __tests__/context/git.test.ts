import { afterAll, describe, expect, it } from '@jest/globals';
import {
  diffRange,
  ensureCommit,
  gitDiffParsed,
  parsedDiffRange,
  readFileAtCommit,
  resolveCommit,
} from '../../src/context/git.js';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import { createDiffIndex } from '../../src/context/diff-index.js';
import { createTempRepo } from '../../__fixtures__/git.js';

describe('git context', () => {
  const repo = createTempRepo();
  const base = repo.commit('base', { 'a.txt': 'one\ntwo\n', 'b.txt': 'keep\n' });
  repo.git('checkout', '--quiet', '-b', 'feature');
  const head = repo.commit('head', { 'a.txt': 'one\n2\n', 'c d.txt': 'new file\n' });
  repo.git('checkout', '--quiet', 'main');
  repo.commit('main moves on', { 'b.txt': 'changed on main\n' });
  afterAll(() => repo.remove());

  it('reads a file as it is at a commit, not as it is checked out', async () => {
    expect(await readFileAtCommit(repo.dir, base, 'a.txt', 1024)).toBe('one\ntwo\n');
    expect(await readFileAtCommit(repo.dir, head, './a.txt', 1024)).toBe('one\n2\n');
    expect(await readFileAtCommit(repo.dir, base, 'c d.txt', 1024)).toBeUndefined();
    expect(await readFileAtCommit(repo.dir, '0'.repeat(40), 'a.txt', 1024)).toBeUndefined();
    // Too big to be guidance: not read at all.
    expect(await readFileAtCommit(repo.dir, base, 'a.txt', 3)).toBeUndefined();
  });

  it('resolves refs to commit SHAs and names a bad ref', async () => {
    expect(await resolveCommit(repo.dir, 'feature')).toBe(head);
    await expect(resolveCommit(repo.dir, 'no-such-branch')).rejects.toThrow(
      /'no-such-branch' is not a commit/,
    );
  });

  it('diffs head against the merge base, ignoring what moved on the base branch', async () => {
    const files = parseUnifiedDiff(await diffRange(repo.dir, 'main', head));
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ['a.txt', 'modified'],
      ['c d.txt', 'added'],
    ]);
    expect(base).toMatch(/^[0-9a-f]{40}$/);
  });

  it('parses the diff as git writes it into the files of the whole text, over many pieces too', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    repo.git('checkout', '--quiet', 'feature');
    const bigHead = repo.commit('a big file', { 'big.txt': `${big}\n`, 'a.txt': 'one\r\n2\n' });
    repo.git('checkout', '--quiet', 'main');
    for (const [from, to] of [
      ['main', head],
      [base, bigHead],
    ] as const) {
      const text = await diffRange(repo.dir, from, to);
      const parsed = await parsedDiffRange(repo.dir, from, to);
      const files = parseUnifiedDiff(text);
      expect({ files: parsed.files, length: parsed.length }).toEqual({ files, length: text.length });
      // Indexed as it was parsed: the index of the whole text's files.
      const index = createDiffIndex(files);
      expect(parsed.diffIndex.paths()).toEqual(index.paths());
      for (const path of index.paths()) {
        expect(parsed.diffIndex.addedLines(path)).toEqual(index.addedLines(path));
        expect(parsed.diffIndex.hunkRange(path, 2, 'RIGHT')).toEqual(index.hunkRange(path, 2, 'RIGHT'));
        expect(parsed.diffIndex.isCommentable(path, 2, 'LEFT')).toBe(index.isCommentable(path, 2, 'LEFT'));
      }
    }
    expect((await parsedDiffRange(repo.dir, head, head)).length).toBe(0);
  });

  it('names git and its message when a parsed diff fails', async () => {
    await expect(gitDiffParsed(repo.dir, ['diff', 'no-such-ref', head])).rejects.toThrow(
      /^git diff failed in \S+: ./,
    );
  });

  it('explains how to fix a missing commit instead of failing obscurely', async () => {
    await expect(ensureCommit(repo.dir, 'f'.repeat(40), 'base')).rejects.toThrow(/fetch-depth: 0/);
    await expect(ensureCommit(repo.dir, head, 'head')).resolves.toBeUndefined();
  });
});
