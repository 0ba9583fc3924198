import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  globRegExp,
  isExcluded,
  matchesPath,
  pathMatcher,
} from '../../../src/ecosystems/standins/ruff-paths.js';

describe('globRegExp (globset defaults)', () => {
  it.each([
    ['tests/*.py', 'tests/a.py', true],
    // globset without literal_separator: `*` crosses directories, as in ruff's per-file-ignores.
    ['tests/*.py', 'tests/unit/a.py', true],
    ['tests/*.py', 'src/tests/a.py', false],
    ['**/test_*.py', 'test_a.py', true],
    ['**/test_*.py', 'x/y/test_a.py', true],
    ['a/**/b.py', 'a/b.py', true],
    ['a/**/b.py', 'a/x/y/b.py', true],
    ['file?.py', 'file1.py', true],
    ['[!_]*.py', '_private.py', false],
    ['[a-c].py', 'b.py', true],
    ['{src,lib}/*.py', 'lib/x.py', true],
    ['{src,lib}/*.py', 'docs/x.py', false],
    ['\\*.py', '*.py', true],
    ['\\*.py', 'a.py', false],
    ['a.b(c)+.py', 'a.b(c)+.py', true],
  ])('%s on %s: %s', (glob, file, expected) => {
    expect(globRegExp(glob).test(file)).toBe(expected);
  });

  it('makes a RegExp of any text, an invalid class matching only itself', () => {
    expect(globRegExp('[z-a].py').test('[z-a].py')).toBe(true);
    const globChars = fc.constantFrom('*', '?', '[', ']', '!', '-', '{', '}', ',', '\\', '/', 'a', 'z', '.');
    const glob = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: globChars }));
    fc.assert(fc.property(glob, (text) => globRegExp(text) instanceof RegExp));
  });
});

describe('pathMatcher', () => {
  it('matches a file by its absolute path against the declaring directory, or by name', () => {
    const init = pathMatcher('__init__.py', '/repo');
    expect(matchesPath(init, '/repo/pkg/sub/__init__.py')).toBe(true);
    const tests = pathMatcher('tests/*', '/repo/pkg');
    expect(matchesPath(tests, '/repo/pkg/tests/a.py')).toBe(true);
    expect(matchesPath(tests, '/repo/tests/a.py')).toBe(false);
    const negated = pathMatcher('!src/**', '/repo');
    expect(matchesPath(negated, '/repo/src/a.py')).toBe(false);
    expect(matchesPath(negated, '/repo/scripts/a.py')).toBe(true);
  });

  it('excludes by any directory up to the project root', () => {
    const matchers = [pathMatcher('build', '/repo'), pathMatcher('gen/*.py', '/repo')];
    expect(isExcluded('/repo/a/build/b/c.py', '/repo', matchers)).toBe(true);
    expect(isExcluded('/repo/gen/x.py', '/repo', matchers)).toBe(true);
    expect(isExcluded('/repo/src/x.py', '/repo', matchers)).toBe(false);
    // Above the project root nothing counts.
    expect(isExcluded('/build/repo/src/x.py', '/build/repo', [pathMatcher('build', '/build/repo')])).toBe(
      false,
    );
  });
});
