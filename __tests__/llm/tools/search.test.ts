// search on a real checkout: git grep as a regex or a fixed string, path globs, the caps, and hits in
// refused files left out and counted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHits } from '../../../src/llm/tools/search.js';
import { failed, ok, setupTools, type ToolsSetup } from './tools-fixtures.js';

let setup: ToolsSetup;
beforeAll(() => {
  setup = setupTools();
  // Untracked: never searched.
  writeFileSync(join(setup.repo.dir, 'untracked.ts'), 'findme untracked\n');
});
afterAll(() => setup.repo.remove());

const search = (args: unknown) => setup.tools.run('search', args);

describe('search', () => {
  it('matches an extended regex in tracked files only', async () => {
    expect(await search({ pattern: 'find(me|you) =' })).toEqual(
      ok('src/b.ts:1: export const findme = 1;\nsrc/c.ts:2: const findyou = 2;'),
    );
  });

  it('searches for the fixed string when git rejects the regex', async () => {
    expect(await search({ pattern: 'foo(' })).toEqual(
      ok('(searched as a fixed string: the pattern is not a valid extended regex)\nsrc/c.ts:1: call foo(1);'),
    );
  });

  it('searches only the files the path glob matches', async () => {
    expect(await search({ pattern: 'findme', path_glob: 'docs/*.md' })).toEqual(
      ok('docs/guide.md:1: findme in the docs'),
    );
    expect(await search({ pattern: 'find', path_glob: 'src/**/*.ts' })).toEqual(
      ok('src/b.ts:1: export const findme = 1;\nsrc/c.ts:2: const findyou = 2;'),
    );
  });

  it('leaves out and counts hits in secret and protected files, asking the policy once per file', async () => {
    const before = setup.decisions.length;
    expect(await search({ pattern: 'findme' })).toEqual(
      ok(
        [
          'docs/guide.md:1: findme in the docs',
          'src/b.ts:1: export const findme = 1;',
          '3 results in protected files left out',
        ].join('\n'),
      ),
    );
    expect(setup.decisions.slice(before).map((d) => [d.request, d.rule])).toEqual([
      [{ kind: 'read', path: '.env' }, 'read.secret-path'],
      [{ kind: 'read', path: '.github/workflows/ci.yml' }, 'protected-paths'],
      [{ kind: 'read', path: 'docs/guide.md' }, 'read'],
      [{ kind: 'read', path: 'src/b.ts' }, 'read'],
      [{ kind: 'read', path: 'vendor/private/notes.txt' }, 'protected-paths'],
    ]);
  });

  it('says when nothing matches (git exits 1: not an error)', async () => {
    expect(await search({ pattern: 'nothing-like-this' })).toEqual(ok('no matches'));
    expect(await search({ pattern: 'TOKEN' })).toEqual(
      ok('no matches\n1 result in protected files left out'),
    );
  });

  it('reports what git refuses', async () => {
    expect(await search({ pattern: 'x', path_glob: '../*' })).toEqual(
      failed(`search failed: :(glob)../*: '../*' is outside repository at '${setup.repo.dir}'`),
    );
    expect(await search({ pattern: '' })).toEqual(
      failed('search: invalid arguments: pattern: Too small: expected string to have >=1 characters'),
    );
  });
});

describe('search caps', () => {
  it('returns at most the result cap, then says there is more', async () => {
    const { tools, repo } = setupTools({ limits: { maxSearchResults: 2 } });
    try {
      expect(await tools.run('search', { pattern: 'find' })).toEqual(
        ok(
          [
            'docs/guide.md:1: findme in the docs',
            'src/b.ts:1: export const findme = 1;',
            '… and more (narrow the pattern or path_glob)',
            '2 results in protected files left out',
          ].join('\n'),
        ),
      );
    } finally {
      repo.remove();
    }
  });

  it('shortens a long matching line, and stops at the byte cap', async () => {
    const { tools, repo } = setupTools({ limits: { maxResultBytes: 30, maxSearchLineBytes: 10 } });
    try {
      repo.commit('long', { 'min.js': `${'z'.repeat(300)}\n`, 'min2.js': `${'z'.repeat(300)}\n` });
      // `min.js:1: zzzzzzzzzz` is 20 bytes; the second hit would make 42.
      expect(await tools.run('search', { pattern: 'zzz' })).toEqual(
        ok('min.js:1: zzzzzzzzzz\n… and more (narrow the pattern or path_glob)'),
      );
    } finally {
      repo.remove();
    }
  });

  it('gives up after the time limit', async () => {
    const { tools, repo } = setupTools({ limits: { searchTimeoutMs: 300 } });
    try {
      // Backreferences make glibc's regex matcher backtrack: this takes git grep well over 20 s.
      repo.commit('slow', { 'slow.txt': `${'a'.repeat(100)}\n` });
      expect(await tools.run('search', { pattern: '(a*)*\\1\\1\\1\\1b', path_glob: 'slow.txt' })).toEqual(
        failed('search timed out after 0.3 s (narrow the pattern or path_glob)'),
      );
    } finally {
      repo.remove();
    }
  });
});

describe('parseHits', () => {
  it('splits -z records, keeping a colon in a path and dropping a partial last record', () => {
    expect(parseHits('a:b.ts\u00001\u0000x: y\r\nc.ts\u000012\u0000z\nd.ts\u00003\u0000cut')).toEqual([
      { path: 'a:b.ts', line: '1', text: 'x: y' },
      { path: 'c.ts', line: '12', text: 'z' },
    ]);
  });
});
