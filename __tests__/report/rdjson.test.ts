// renderRdjson writes one reviewdog DiagnosticResult; the project's own rdjson parser reads it back to
// the same findings, for the demo report, odd text and arbitrary findings.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseRdjson } from '../../src/findings/parsers/rdjson.js';
import type { Finding, Severity } from '../../src/findings/types.js';
import { renderRdjson } from '../../src/report/rdjson.js';
import { makeDemoReport, makeFinding } from '../../__fixtures__/report.js';

const parseOptions = { workspace: '/repo', source: 'kilo-agent', lineContent: () => undefined };

/** The fields a reviewdog reader sees again after parsing. */
function seen(
  findings: readonly Finding[],
): Array<[string, Severity, string, number, number | undefined, string]> {
  return findings.map((f) => [f.rule, f.severity, f.path, f.line, f.endLine, f.message]);
}

function roundTrip(findings: readonly Finding[]): Finding[] {
  const parsed = parseRdjson(renderRdjson(findings, '0.1.0'), parseOptions);
  expect(parsed.error).toBeUndefined();
  return parsed.findings;
}

describe('renderRdjson', () => {
  const findings = makeDemoReport().findings;
  const result = JSON.parse(renderRdjson(findings, '1.2.3')) as {
    source: { name: string; url: string };
    diagnostics: unknown[];
  };

  it('names kilo-agent as the source, with the version in its url', () => {
    expect(result.source).toEqual({
      name: 'kilo-agent',
      url: 'https://github.com/marketplace/actions/kilo-agent?version=1.2.3',
    });
  });

  it('writes one linewise diagnostic per finding with its rule as the code', () => {
    expect(result.diagnostics[0]).toEqual({
      message: 'Possible AWS access key',
      location: { path: 'src/a.ts', range: { start: { line: 3 }, end: { line: 3 } } },
      severity: 'ERROR',
      code: { value: 'secrets/aws-access-key' },
    });
    expect(result.diagnostics.map((d) => (d as { severity: string }).severity)).toEqual([
      'ERROR',
      'WARNING',
      'WARNING',
      'INFO',
    ]);
  });

  it('round-trips the demo findings through the rdjson parser', () => {
    expect(seen(roundTrip(findings))).toEqual(seen(findings));
  });

  it('writes no findings as an empty result that parses clean', () => {
    const text = renderRdjson([], '0.1.0');
    expect(JSON.parse(text)).toEqual({
      source: { name: 'kilo-agent', url: 'https://github.com/marketplace/actions/kilo-agent?version=0.1.0' },
      diagnostics: [],
    });
    expect(parseRdjson(text, parseOptions)).toEqual({ findings: [] });
  });

  it('covers a multi-line finding up to and including its end line', () => {
    const finding = makeFinding({ line: 5, endLine: 8 });
    const diagnostic = (JSON.parse(renderRdjson([finding], '0.1.0')) as { diagnostics: unknown[] })
      .diagnostics[0];
    expect(diagnostic).toMatchObject({ location: { range: { start: { line: 5 }, end: { line: 8 } } } });
    expect(roundTrip([finding])[0]?.endLine).toBe(8);
  });

  it('keeps unicode, newlines, long messages and paths with spaces intact', () => {
    const odd = [
      makeFinding({ path: 'docs/my notes/read me.md', message: 'Ünïcödé ✓ 😀 שלום 漢字 zero\u200bwidth' }),
      makeFinding({
        path: 'src/ä#b%c?d.ts',
        message: 'line one\nline two\r\n\t"quoted" \\ back',
        severity: 'error',
      }),
      makeFinding({
        path: 'src/😀.ts',
        message: 'x'.repeat(100_000),
        severity: 'notice',
        rule: 'rule ünï/x',
      }),
    ];
    expect(seen(roundTrip(odd))).toEqual(seen(odd));
  });
});

const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !/[/\\]/.test(s) && s !== '.' && s !== '..');

/** Findings as the parsers make them: a non-blank rule, a normalised repository path, lines ≥ 1. */
const parserFinding = fc
  .record({
    rule: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
    severity: fc.constantFrom<Severity>('error', 'warning', 'notice'),
    message: fc.string({ unit: 'binary', maxLength: 300 }),
    path: fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/'))
      .filter((p) => p === p.trim() && !p.startsWith('file:')),
    line: fc.integer({ min: 1, max: 1_000_000 }),
    span: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  })
  .map(({ span, ...rest }) =>
    makeFinding({ ...rest, ...(span === undefined ? {} : { endLine: rest.line + span }) }),
  );

describe('renderRdjson on arbitrary findings', () => {
  it('round-trips rule, severity, path, lines and message through the rdjson parser', () => {
    fc.assert(
      fc.property(fc.array(parserFinding, { maxLength: 8 }), (findings) => {
        expect(seen(roundTrip(findings))).toEqual(seen(findings));
      }),
      { numRuns: 300 },
    );
  });
});
