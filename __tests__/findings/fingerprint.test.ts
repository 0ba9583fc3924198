import { describe, expect, it } from '@jest/globals';
import {
  findingFingerprint,
  fingerprint,
  normalizeLineContent,
  suggestionFingerprint,
} from '../../src/findings/fingerprint.js';

describe('fingerprint', () => {
  it('is the first 16 hex chars of sha256 over the NUL-joined parts', () => {
    // sha256("a\0b") computed independently with `printf 'a\0b' | sha256sum`.
    expect(fingerprint('a', 'b')).toBe('59b271ae1bbcb1d3');
    expect(fingerprint('a', 'b')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps part boundaries, so ("ab","c") and ("a","bc") differ', () => {
    expect(fingerprint('ab', 'c')).not.toBe(fingerprint('a', 'bc'));
  });
});

describe('normalizeLineContent', () => {
  it('trims and collapses runs of whitespace to one space', () => {
    expect(normalizeLineContent('\t  let  x =\t1;  ')).toBe('let x = 1;');
  });
});

describe('findingFingerprint', () => {
  it('does not change when the same line moves to another line number', () => {
    const before = findingFingerprint('prefer-const', 'src/a.ts', 'let x = 1;', 3);
    const after = findingFingerprint('prefer-const', 'src/a.ts', 'let x = 1;', 40);
    expect(after).toBe(before);
  });

  it('does not change when the line is only re-indented', () => {
    expect(findingFingerprint('r', 'a.ts', '    let x = 1;', 1)).toBe(
      findingFingerprint('r', 'a.ts', 'let x = 1;', 1),
    );
  });

  it('differs by rule, path and content', () => {
    const base = findingFingerprint('r1', 'a.ts', 'x', 1);
    expect(findingFingerprint('r2', 'a.ts', 'x', 1)).not.toBe(base);
    expect(findingFingerprint('r1', 'b.ts', 'x', 1)).not.toBe(base);
    expect(findingFingerprint('r1', 'a.ts', 'y', 1)).not.toBe(base);
  });

  it('falls back to the line number only when the content is unknown', () => {
    const line3 = findingFingerprint('r', 'a.ts', undefined, 3);
    expect(findingFingerprint('r', 'a.ts', undefined, 3)).toBe(line3);
    expect(findingFingerprint('r', 'a.ts', undefined, 4)).not.toBe(line3);
    expect(findingFingerprint('r', 'a.ts', '', 3)).not.toBe(line3);
  });
});

describe('suggestionFingerprint', () => {
  it('depends on the original text and the replacement verbatim, including whitespace', () => {
    const base = suggestionFingerprint('a.ts', 'var x = 1;', 'const x = 1;');
    expect(suggestionFingerprint('a.ts', 'var x = 1;', 'const x = 1;')).toBe(base);
    expect(suggestionFingerprint('a.ts', 'var x = 1;', 'const x  = 1;')).not.toBe(base);
    expect(suggestionFingerprint('b.ts', 'var x = 1;', 'const x = 1;')).not.toBe(base);
  });
});
