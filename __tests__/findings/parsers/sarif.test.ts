import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseSarif } from '../../../src/findings/parsers/sarif.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary } from './helpers.js';

const ESLINT = fixture('eslint.sarif');
const URI_BASE = fixture('uri-base.sarif');

describe('parseSarif on real ESLint SARIF output', () => {
  const result = parseSarif(ESLINT, options);

  it('returns the unsuppressed results with paths from file URIs and mapped levels', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['no-unused-vars', 'error', 'src/app.js', 2, undefined],
      ['prefer-const', 'error', 'src/app.js', 3, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 4, undefined],
      ['no-restricted-syntax', 'warning', 'src/app.js', 5, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 8, undefined],
      ['eqeqeq', 'warning', 'src/app.js', 9, undefined],
      ['no-else-return', 'warning', 'src/app.js', 11, 13],
      ['ESL0999', 'error', 'src/broken.js', 2, undefined],
    ]);
  });

  it("keeps ESLint's message text, the parse error's included", () => {
    expect(result.findings.map((f) => f.message)).toEqual([
      "'café' is assigned a value but never used.",
      "'greeting' is never reassigned. Use 'const' instead.",
      "Async function 'load' has too many lines (4). Maximum allowed is 3.",
      'Use the <http> client & "retry" wrapper, not fetch.',
      "Function 'same' has too many lines (7). Maximum allowed is 3.",
      "Expected '===' and instead saw '=='.",
      "Unnecessary 'else' after 'return'.",
      'Parsing error: Unexpected token return',
    ]);
  });

  it('drops the result suppressed with eslint-disable', () => {
    expect(result.findings.some((f) => f.rule === 'no-console')).toBe(false);
  });

  it('drops everything when the workspace is elsewhere', () => {
    expect(parseSarif(ESLINT, { ...options, workspace: '/home/runner/work/other/other' })).toEqual({
      findings: [],
    });
  });
});

describe('parseSarif on base URIs, rule lookups and levels', () => {
  const result = parseSarif(URI_BASE, options);

  it('resolves uriBaseId chains, defaults levels from the rule, and skips what has no anchor', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['DS001', 'error', 'config/app.ts', 4, 6],
      ['DS002', 'warning', 'src/lib/util.ts', 10, undefined],
      ['DS003', 'notice', 'docs/read me.md', 2, undefined],
      ['DS002', 'warning', 'src/kept.ts', 3, undefined],
      ['DS002', 'warning', 'src/from-artifacts.ts', 7, 9],
      ['DS001', 'notice', 'src/review.ts', 1, undefined],
      ['js/sql-injection', 'error', 'src/db.ts', 12, undefined],
    ]);
  });

  it('fills a message string from its arguments when there is no text', () => {
    expect(result.findings[0]?.message).toBe("Secret 'AKIA0000' committed in the config.");
    expect(result.findings[1]?.message).toBe('Helper is never called.');
  });

  it('falls back to the rule id for a result with no usable message', () => {
    const log = {
      runs: [
        {
          results: [
            {
              ruleId: 'R1',
              message: { id: 'missing' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: { startLine: 1 } } },
              ],
            },
          ],
        },
      ],
    };
    const parsed = parseSarif(JSON.stringify(log), options);
    expect(parsed.findings.map((f) => [f.rule, f.message, f.severity])).toEqual([['R1', 'R1', 'warning']]);
  });
  it('reads file: URIs in either form and relative ones against a relative base', () => {
    const at = (uri: string, uriBaseId?: string) => ({
      ruleId: 'R',
      message: { text: uri },
      locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId }, region: { startLine: 1 } } }],
    });
    const log = {
      runs: [
        {
          originalUriBaseIds: { PKG: { uri: 'packages/web' }, EMPTY: { uri: '' } },
          results: [
            at('file:/home/runner/work/demo/demo/src/one.ts'),
            at('file://localhost/home/runner/work/demo/demo/src/two.ts'),
            at('src/three.ts', 'PKG'),
            at('four.ts', 'EMPTY'),
          ],
        },
      ],
    };
    expect(parseSarif(JSON.stringify(log), options).findings.map((f) => f.path)).toEqual([
      'src/one.ts',
      'src/two.ts',
      'packages/web/src/three.ts',
      'four.ts',
    ]);
  });
});

describe('parseSarif on bad input', () => {
  it.each([
    ['', 'SARIF output is empty (expected a SARIF log)'],
    ['<html>', 'SARIF output is not JSON: SyntaxError: '],
    ['{"version":"2.1.0"}', 'SARIF output has an unexpected shape: runs: '],
    ['[]', 'SARIF output has an unexpected shape: root: '],
    [
      '{"runs":[{"results":[{"ruleId":"x"}]}]}',
      'SARIF output has an unexpected shape: runs.0.results.0.message: ',
    ],
    [
      '{"runs":[{"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":"3"}}}]}]}]}',
      'SARIF output has an unexpected shape: runs.0.results.0.locations.0.physicalLocation.region.startLine: ',
    ],
  ])('reports %j as a one-line error and no findings', (output, prefix) => {
    const result = parseSarif(output, options);
    expect(result.findings).toEqual([]);
    expect(result.error?.startsWith(prefix)).toBe(true);
    expectWellFormed(result);
  });

  it('never throws on damaged logs', () => {
    checkNeverThrows(parseSarif, ESLINT);
    checkNeverThrows(parseSarif, URI_BASE);
  });

  it('never throws on SARIF-shaped values with arbitrary fields', () => {
    const location = fc.record(
      {
        physicalLocation: fc.record(
          {
            artifactLocation: fc.record(
              {
                uri: fc.oneof(fc.string(), fc.webUrl()),
                uriBaseId: fc.constantFrom('A', 'B'),
                index: fc.integer(),
              },
              { requiredKeys: [] },
            ),
            region: fc.record({ startLine: fc.integer(), endLine: fc.integer() }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const result = fc.record(
      {
        ruleId: fc.string(),
        ruleIndex: fc.integer(),
        rule: fc.record(
          { index: fc.integer(), toolComponent: fc.record({ index: fc.integer() }) },
          { requiredKeys: [] },
        ),
        kind: fc.constantFrom('fail', 'pass', 'review', 'x'),
        level: fc.constantFrom('error', 'warning', 'note', 'none', 'bogus'),
        message: fc.record(
          { text: fc.string(), id: fc.string(), arguments: fc.array(fc.string()) },
          { requiredKeys: [] },
        ),
        locations: fc.array(location, { maxLength: 2 }),
      },
      { requiredKeys: ['message'] },
    );
    const base = fc.record(
      {
        uri: fc.oneof(fc.string(), fc.constant('file:///home/runner/')),
        uriBaseId: fc.constantFrom('A', 'B'),
      },
      { requiredKeys: [] },
    );
    const log = fc.record({
      runs: fc.array(
        fc.record(
          {
            results: fc.array(result, { maxLength: 4 }),
            originalUriBaseIds: fc.record({ A: base, B: base }, { requiredKeys: [] }),
            artifacts: fc.array(fc.record({ location: fc.record({ uri: fc.string() }) }), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(log, (value) => {
        expectWellFormed(parseSarif(JSON.stringify(value), options));
      }),
      { numRuns: 500 },
    );
  });
});
