import { describe, expect, it } from '@jest/globals';
import { makeContext } from '../../__fixtures__/context.js';
import {
  reviewAnswerSchema,
  validateFindings,
  type ReviewAnswer,
  type ReviewItem,
} from '../../src/agents/review-answer.js';
import { findingFingerprint, suggestionFingerprint } from '../../src/findings/fingerprint.js';

// Head lines 10-13: 10 context, 11 and 12 added, 13 context (line 11 of the base was deleted).
const DIFF = [
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -10,3 +10,4 @@ function f() {',
  '   const a = 1;',
  '-  const b = 2;',
  '+  const b = 3;',
  '+  const c = b;',
  '   return a + b;',
  '',
].join('\n');
const context = makeContext(DIFF);
const files = ['src/app.ts'];

const answer = (...findings: Array<Partial<ReviewItem>>): ReviewAnswer => ({
  findings: findings.map((fields) => ({
    path: 'src/app.ts',
    line: 11,
    severity: 'notice',
    message: 'm',
    ...fields,
  })),
  malformed: 0,
});

describe('reviewAnswerSchema', () => {
  it('describes the answer as JSON Schema in the strict subset (every key required, none extra)', () => {
    const schema = reviewAnswerSchema.jsonSchema as {
      required: string[];
      additionalProperties: boolean;
      properties: {
        findings: {
          items: { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
        };
      };
    };
    expect(reviewAnswerSchema.name).toBe('review');
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.required).toEqual(['findings']);
    expect(schema.additionalProperties).toBe(false);
    const items = schema.properties.findings.items;
    expect(items.additionalProperties).toBe(false);
    expect(items.required).toEqual([
      'path',
      'line',
      'endLine',
      'severity',
      'message',
      'replacement',
      'quote',
    ]);
    expect(items.properties.endLine).toMatchObject({ anyOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(Object.keys(items.properties)).toEqual([
      'path',
      'line',
      'endLine',
      'severity',
      'message',
      'replacement',
      'quote',
    ]);
    expect(items.properties.severity).toMatchObject({ enum: ['error', 'warning', 'notice'] });
    expect(items.properties.line).toMatchObject({ type: 'integer', minimum: 1 });
  });

  it('reads null as "none" for endLine and replacement', () => {
    const parsed = reviewAnswerSchema.parse({
      findings: [
        { path: 'a.ts', line: 2, endLine: null, severity: 'warning', message: 'm', replacement: null },
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      value: { findings: [{ path: 'a.ts', line: 2, severity: 'warning', message: 'm' }], malformed: 0 },
    });
  });

  it.each([['no findings'], [null], [[]], [{}], [{ findings: 'none' }], [42]])(
    'rejects an answer without a findings array: %j',
    (value) => {
      expect(reviewAnswerSchema.parse(value)).toEqual({
        ok: false,
        error: 'expected an object with a "findings" array',
      });
    },
  );

  it('drops and counts bad items, keeping the good ones without unknown keys', () => {
    const good = { path: 'a.ts', line: 3, endLine: 4, severity: 'error', message: 'x', replacement: 'y' };
    const result = reviewAnswerSchema.parse({
      findings: [good, { ...good, line: -1 }, { ...good, endLine: 2 }, { ...good, rule: 'secrets' }, 7],
    });
    expect(result).toEqual({ ok: true, value: { findings: [good, good], malformed: 3 } });
  });
});

describe('validateFindings', () => {
  it('keeps a finding on a context line of a hunk', () => {
    const result = validateFindings(answer({ line: 13, severity: 'warning' }), context, files);
    expect(result.findings).toEqual([
      {
        rule: 'llm-review',
        severity: 'warning',
        message: 'm',
        path: 'src/app.ts',
        line: 13,
        source: 'llm-review',
        fingerprint: findingFingerprint('llm-review', 'src/app.ts', '  return a + b;', 13),
      },
    ]);
  });

  it('leaves out endLine when it equals line', () => {
    const result = validateFindings(answer({ line: 12, endLine: 12 }), context, files);
    expect(result.findings[0]).not.toHaveProperty('endLine');
    expect(result.findings[0]?.line).toBe(12);
  });

  it('counts what is outside the diff: other files, lines before and after the hunk', () => {
    const result = validateFindings(
      answer({ path: 'src/other.ts' }, { line: 9 }, { line: 14 }, { line: 12, endLine: 14 }),
      context,
      files,
    );
    expect(result.findings).toEqual([]);
    expect(result.dropped).toEqual({ outsideDiff: 4, malformed: 0, noop: 0, misquoted: 0 });
  });

  it('ignores files of the PR that are not the subtask’s', () => {
    const result = validateFindings(answer({}), context, []);
    expect(result.dropped.outsideDiff).toBe(1);
  });

  it('cuts a long message to 1000 characters and adds the parse’s malformed count', () => {
    const long = 'x'.repeat(5000);
    const result = validateFindings({ ...answer({ message: long }), malformed: 2 }, context, files);
    expect(result.findings[0]?.message).toHaveLength(1000);
    expect(result.findings[0]?.message.endsWith('x…')).toBe(true);
    expect(result.dropped.malformed).toBe(2);
  });

  it('caps error at warning and keeps notices', () => {
    const result = validateFindings(
      answer({ line: 11, severity: 'error' }, { line: 12, severity: 'notice' }),
      context,
      files,
    );
    expect(result.findings.map((f) => f.severity)).toEqual(['warning', 'notice']);
  });

  it('makes a suggestion from a replacement, dropping one trailing line break', () => {
    const result = validateFindings(
      answer({ line: 11, endLine: 12, replacement: '  const b = 3;\r\n' }),
      context,
      files,
    );
    expect(result.findings).toEqual([]);
    expect(result.suggestions).toEqual([
      {
        path: 'src/app.ts',
        startLine: 11,
        endLine: 12,
        replacement: '  const b = 3;',
        source: 'llm-review',
        message: 'm',
        fingerprint: suggestionFingerprint('src/app.ts', '  const b = 3;\n  const c = b;', '  const b = 3;'),
      },
    ]);
  });

  it('accepts an empty replacement as deleting the lines', () => {
    const result = validateFindings(answer({ line: 12, replacement: '' }), context, files);
    expect(result.suggestions.map((s) => [s.startLine, s.endLine, s.replacement])).toEqual([[12, 12, '']]);
  });

  it('counts a no-op replacement and keeps the item as a finding', () => {
    const result = validateFindings(answer({ line: 12, replacement: '  const c = b;\n' }), context, files);
    expect(result.suggestions).toEqual([]);
    expect(result.findings.map((f) => f.line)).toEqual([12]);
    expect(result.dropped.noop).toBe(1);
  });

  it('withholds suggestions on paths that may not be written', () => {
    const result = validateFindings(answer({ line: 12, replacement: 'x' }), context, files, {
      canSuggest: () => false,
    });
    expect(result.suggestions).toEqual([]);
    expect(result.findings.map((f) => f.line)).toEqual([12]);
    expect(result.withheld).toBe(1);
  });

  it('drops and counts an item whose quoted code is not in its lines, whitespace aside', () => {
    const result = validateFindings(
      answer(
        { line: 11, endLine: 12, quote: 'const c  =  b;' },
        { line: 11, quote: 'const c = b;' },
        { line: 12, quote: '' },
      ),
      context,
      files,
    );
    expect(result.findings.map((f) => [f.line, f.endLine])).toEqual([
      [11, 12],
      [12, undefined],
    ]);
    expect(result.dropped).toMatchObject({ misquoted: 1 });
  });

  it('keeps the first of items with the same fingerprint', () => {
    const result = validateFindings(
      answer(
        { message: 'first' },
        { message: 'second' },
        { line: 11, replacement: 'x', message: 'third' },
        { line: 11, replacement: 'x', message: 'fourth' },
      ),
      context,
      files,
    );
    expect(result.findings.map((f) => f.message)).toEqual(['first']);
    expect(result.suggestions.map((s) => s.message)).toEqual(['third']);
  });
});
