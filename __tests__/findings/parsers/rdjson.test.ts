import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseRdjson, parseRdjsonl } from '../../../src/findings/parsers/rdjson.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary } from './helpers.js';

const RDJSON = fixture('reviewdog.rdjson');
const RDJSONL = fixture('reviewdog.rdjsonl');

describe('parseRdjson on a DiagnosticResult', () => {
  const result = parseRdjson(RDJSON, options);

  it('maps severities, inherits the result severity and source, and reads exclusive range ends', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['RULE1', 'error', 'src/app.py', 14, undefined],
      ['super lint', 'warning', 'src/app.py', 20, 22],
      ['pydoc', 'notice', 'src/b.py', 5, 7],
      ['super lint', 'warning', 'src/c.py', 3, 4],
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      "Unused import 'os'.",
      'Line too long (120 > 100).',
      'Docstring block; the end is exclusive, at the start of line 8.',
      "Linewise range, written with protojson's string form of int32.",
    ]);
  });

  it('treats an empty result as clean: protojson leaves out an empty diagnostics list', () => {
    expect(parseRdjson('{}', options)).toEqual({ findings: [] });
    expect(parseRdjson('{"source":{"name":"x"},"diagnostics":[]}', options)).toEqual({ findings: [] });
  });

  it('makes unset severities errors, like reviewdog -level=error', () => {
    const output = JSON.stringify({
      diagnostics: [{ message: 'm', location: { path: 'a.go', range: { start: { line: 2 } } }, severity: 0 }],
    });
    expect(summary(parseRdjson(output, options))).toEqual([['rdjson', 'error', 'a.go', 2, undefined]]);
  });

  it.each([
    ['', 'rdjson output is empty (expected one DiagnosticResult JSON object)'],
    ['{"message": "m"', 'rdjson output is not JSON: SyntaxError: '],
    ['[]', 'rdjson output is not a DiagnosticResult: root: '],
    [
      '{"diagnostics":[{"message":"m"}]}',
      'rdjson output is not a DiagnosticResult: diagnostics.0.location: ',
    ],
    ['{"diagnostics":[],"severity":"FATAL"}', 'rdjson output is not a DiagnosticResult: severity: '],
    ['{"version":"2.1.0","runs":[]}', 'rdjson output has no diagnostics, but version, runs'],
  ])('reports %j as a one-line error', (output, prefix) => {
    const parsed = parseRdjson(output, options);
    expect(parsed.findings).toEqual([]);
    expect(parsed.error?.startsWith(prefix)).toBe(true);
    expectWellFormed(parsed);
  });

  it('never throws on damaged output', () => {
    checkNeverThrows(parseRdjson, RDJSON);
  });
});

describe('parseRdjsonl on Diagnostic lines', () => {
  const result = parseRdjsonl(RDJSONL, options);

  it('reads every Diagnostic line and skips the blank and the stray log line', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['rdjson', 'error', 'src/app.go', 14, undefined],
      ['SA4006', 'warning', 'src/app.go', 14, undefined],
      ['golint', 'error', 'src/run.go', 3, undefined],
      ['rdjson', 'notice', 'src/doc.go', 1, 2],
    ]);
    expect(result.findings[1]?.message).toBe('this value of x is never used');
  });

  it('returns nothing and no error for empty output', () => {
    expect(parseRdjsonl('', options)).toEqual({ findings: [] });
    expect(parseRdjsonl('\n\r\n', options)).toEqual({ findings: [] });
  });

  it('reports the first bad line when no line is a Diagnostic', () => {
    expect(parseRdjsonl('\n{"message": "m"}\nnot json\n', options)).toEqual({
      findings: [],
      error:
        'rdjsonl line 2 is not a Diagnostic: location: Invalid input: expected object, received undefined',
    });
    const pretty = parseRdjsonl(RDJSON, options);
    expect(pretty.findings).toEqual([]);
    expect(pretty.error?.startsWith('rdjsonl line 1 is not JSON: SyntaxError: ')).toBe(true);
  });

  it('never throws on damaged output or Diagnostic-shaped lines', () => {
    checkNeverThrows(parseRdjsonl, RDJSONL);
    const position = fc.record(
      { line: fc.oneof(fc.integer(), fc.string()), column: fc.integer() },
      { requiredKeys: [] },
    );
    const diagnostic = fc.record(
      {
        message: fc.string(),
        location: fc.record({ path: fc.string(), range: fc.record({ start: position, end: position }) }),
        severity: fc.oneof(
          fc.integer({ min: -1, max: 5 }),
          fc.constantFrom('ERROR', 'INFO', 'WARNING', 'NOPE'),
        ),
        code: fc.record({ value: fc.string() }),
      },
      { requiredKeys: ['location'] },
    );
    const lines = fc.array(
      fc.oneof(
        diagnostic.map((d) => JSON.stringify(d)),
        fc.string(),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(lines, (values) => {
        expectWellFormed(parseRdjsonl(values.join('\n'), options));
      }),
      { numRuns: 300 },
    );
  });
});
