import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeSuggestion } from '../../__fixtures__/report.js';
import type { Suggestion } from '../../src/findings/types.js';
import {
  parseReviewState,
  renderReviewState,
  SHORT_ID_LENGTH,
  shortId,
} from '../../src/report/review-state.js';

const HEAD = 'c0ffee00'.repeat(5);
const PREFIX = '<!-- kilo-agent:state ';

/** A suggestion with a 16-hex fingerprint made from `n`, as real fingerprints are. */
function suggestion(n: number, overrides: Partial<Suggestion> = {}): Suggestion {
  return makeSuggestion({
    startLine: n,
    endLine: n,
    replacement: `const v${n} = ${n};`,
    fingerprint: n.toString(16).padStart(16, '0'),
    ...overrides,
  });
}

function render(suggestions: readonly Suggestion[], maxChars = 60_000): string {
  return renderReviewState({ runId: 'run-9', head: HEAD, suggestions }, maxChars);
}

/** The base64url JSON between the marker's prefix and suffix. */
function payloadOf(marker: string): string {
  return marker.slice(PREFIX.length, -' -->'.length);
}

describe('renderReviewState and parseReviewState', () => {
  it('round-trips the head, run id and suggestions, with validated as a boolean and nothing omitted', () => {
    const marker = render([
      suggestion(1, { validated: true, message: 'not carried' }),
      suggestion(2, { validated: false }),
      suggestion(3),
    ]);
    expect(marker.startsWith(PREFIX)).toBe(true);
    expect(marker.endsWith(' -->')).toBe(true);
    expect(parseReviewState(`summary text\n${marker}\n`)).toEqual({
      v: 1,
      runId: 'run-9',
      head: HEAD,
      omitted: 0,
      suggestions: [1, 2, 3].map((n) => ({
        path: 'src/a.ts',
        startLine: n,
        endLine: n,
        replacement: `const v${n} = ${n};`,
        source: 'prettier',
        validated: n === 1,
        fingerprint: n.toString(16).padStart(16, '0'),
      })),
    });
  });

  it('puts validated suggestions first, keeping the order within each group', () => {
    const marker = render([
      suggestion(1),
      suggestion(2, { validated: true }),
      suggestion(3),
      suggestion(4, { validated: true }),
    ]);
    expect(parseReviewState(marker)?.suggestions.map((s) => s.startLine)).toEqual([2, 4, 1, 3]);
  });

  it('keeps fewer suggestions under a small maxChars, validated ones first, and counts the rest', () => {
    const all = Array.from({ length: 20 }, (_, i) => suggestion(i + 1, { validated: i >= 15 }));
    const full = render(all);
    const marker = render(all, Math.floor(full.length / 3));
    expect(marker.length).toBeLessThanOrEqual(Math.floor(full.length / 3));
    const state = parseReviewState(marker);
    expect(state).toBeDefined();
    expect(state!.suggestions.length).toBeGreaterThan(0);
    expect(state!.suggestions.length).toBeLessThan(20);
    expect(state!.suggestions.length + state!.omitted).toBe(20);
    expect(state!.suggestions.slice(0, 5).every((s) => s.validated)).toBe(true);
  });

  it('keeps no suggestion when even one does not fit, and still records the head', () => {
    const state = parseReviewState(render([suggestion(1), suggestion(2)], 10));
    expect(state).toMatchObject({ head: HEAD, suggestions: [], omitted: 2 });
  });

  it('round-trips a replacement with `-->`, backticks and unicode, and the marker has no `-->` inside', () => {
    const replacement = 'const s = "--> `x` <!-- ü 日本 🚀\\u0000";\n  // end -->';
    const marker = render([suggestion(7, { replacement, validated: true })]);
    expect(payloadOf(marker)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(parseReviewState(marker)?.suggestions[0]?.replacement).toBe(replacement);
  });

  it('round-trips any replacement text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), (replacement, validated) => {
        const marker = render([suggestion(3, { replacement, validated })]);
        expect(marker.indexOf('-->')).toBe(marker.length - 3);
        expect(parseReviewState(`before ${marker} after`)?.suggestions).toEqual([
          expect.objectContaining({ replacement, validated }),
        ]);
      }),
    );
  });

  it('reads the last marker of a body', () => {
    const older = renderReviewState({ runId: 'old', head: 'a'.repeat(40), suggestions: [] }, 1000);
    const newer = render([suggestion(1, { validated: true })]);
    expect(parseReviewState(`${older}\ntext\n${newer}`)?.runId).toBe('run-9');
  });

  it('accepts a 64-character SHA-256 head', () => {
    const head = 'ab'.repeat(32);
    const marker = renderReviewState({ runId: 'r', head, suggestions: [] }, 1000);
    expect(parseReviewState(marker)?.head).toBe(head);
  });

  describe('reads as no review', () => {
    const encode = (value: unknown) =>
      `${PREFIX}${Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')} -->`;
    const stored = {
      path: 'a.ts',
      startLine: 1,
      endLine: 1,
      replacement: '',
      source: 'prettier',
      validated: true,
      fingerprint: '0'.repeat(16),
    };
    const valid = { v: 1, runId: 'r', head: HEAD, suggestions: [stored], omitted: 0 };

    it('a body without a marker', () => {
      expect(parseReviewState('<!-- kilo-agent:summary -->\nAll good')).toBeUndefined();
    });

    it('a marker that is never closed', () => {
      expect(parseReviewState(render([]).slice(0, -4))).toBeUndefined();
    });

    it('damaged base64', () => {
      const marker = render([suggestion(1)]);
      const payload = payloadOf(marker);
      expect(parseReviewState(`${PREFIX}${payload.slice(0, payload.length / 2)} -->`)).toBeUndefined();
      expect(parseReviewState(`${PREFIX}%%%not base64%%% -->`)).toBeUndefined();
    });

    it.each([
      ['another version', { ...valid, v: 2 }],
      ['a short head', { ...valid, head: 'abc123' }],
      ['a negative omitted count', { ...valid, omitted: -1 }],
      [
        'a fingerprint that is not 16 hex',
        { ...valid, suggestions: [{ ...stored, fingerprint: 'sg-a.ts-1' }] },
      ],
      ['a suggestion with a zero line', { ...valid, suggestions: [{ ...stored, startLine: 0 }] }],
      ['a suggestion with an empty path', { ...valid, suggestions: [{ ...stored, path: '' }] }],
      ['JSON that is not an object', 'hello'],
    ])('a marker with %s', (_what, value) => {
      expect(parseReviewState(encode(value))).toBeUndefined();
    });

    it('while the valid state next to them reads', () => {
      expect(parseReviewState(encode(valid))).toEqual(valid);
    });
  });
});

describe('shortId', () => {
  it('is the first 8 characters of the fingerprint', () => {
    expect(SHORT_ID_LENGTH).toBe(8);
    expect(shortId('0123456789abcdef')).toBe('01234567');
  });
});
