import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createRedactor, REDACTED } from '../../src/trace/redact.js';

/** The redactor as it was before its pre-check: every value, longest first, on every text. */
function reference(secrets: readonly string[]): (text: string) => string {
  const values = new Set<string>();
  for (const secret of secrets) {
    const trimmed = secret.trim();
    if (trimmed.length < 4) continue;
    values.add(trimmed);
    values.add(JSON.stringify(trimmed).slice(1, -1));
  }
  return (text) => {
    let out = text;
    for (const value of [...values].sort((a, b) => b.length - a.length))
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  };
}

// Small alphabets, so values share heads, overlap and contain each other; astral and high code units
// collide in the pre-check's 13-bit units.
const unit = fc.constantFrom('a', 'b', 'A', '"', '\\', '\n', ' ', '\u{1F511}', '\u2028', '\u6000', '\u4000');
const text = (max: number) => fc.array(unit, { maxLength: max }).map((units) => units.join(''));

describe('createRedactor', () => {
  it('masks exactly what masking every value, longest first, masks', () => {
    fc.assert(
      fc.property(
        fc.array(text(8), { maxLength: 6 }),
        fc.array(text(40), { maxLength: 8 }),
        (secrets, texts) => {
          const redactor = createRedactor();
          for (const secret of secrets) redactor.add(secret);
          const expected = reference(secrets);
          // A value in the middle of each text too, so most texts hold one.
          for (const [i, t] of texts.entries()) {
            const withSecret = `${t}${secrets[i % Math.max(1, secrets.length)] ?? ''}${t}`;
            expect(redactor.redact(t)).toBe(expected(t));
            expect(redactor.redact(withSecret)).toBe(expected(withSecret));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('masks a value added after an earlier redact', () => {
    const redactor = createRedactor();
    redactor.add('first-secret');
    expect(redactor.redact('a first-secret and a second-secret')).toBe('a *** and a second-secret');
    redactor.add('second-secret');
    expect(redactor.redact('a first-secret and a second-secret')).toBe('a *** and a ***');
  });
});
