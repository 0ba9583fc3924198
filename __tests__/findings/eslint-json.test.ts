import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseEslintJson } from '../../src/findings/parsers/eslint-json.js';
import type { ParseOptions } from '../../src/findings/parsers/types.js';

const WORKSPACE = '/home/runner/work/demo/demo';
const SAMPLE = readFileSync(new URL('../../__fixtures__/tools/eslint.json', import.meta.url), 'utf8');

/** Line content from the `source` ESLint embedded in the sample, as the workspace would give it. */
function sourceLines(): ParseOptions['lineContent'] {
  const sources = new Map<string, string[]>();
  for (const result of JSON.parse(SAMPLE) as Array<{ filePath: string; source?: string }>) {
    if (result.source !== undefined) {
      sources.set(result.filePath.slice(WORKSPACE.length + 1), result.source.split('\n'));
    }
  }
  return (path, line) => sources.get(path)?.[line - 1];
}

const options: ParseOptions = { workspace: WORKSPACE, source: 'eslint', lineContent: sourceLines() };

describe('parseEslintJson on a captured ESLint sample', () => {
  const { findings, error } = parseEslintJson(SAMPLE, options);

  it('returns one finding per anchored message with relative paths and mapped severities', () => {
    expect(error).toBeUndefined();
    expect(findings.map((f) => [f.path, f.line, f.endLine, f.rule, f.severity])).toEqual([
      ['src/app.ts', 3, undefined, '@typescript-eslint/no-unused-vars', 'error'],
      ['src/app.ts', 4, undefined, 'prefer-const', 'error'],
      ['src/app.ts', 5, 8, 'max-lines-per-function', 'warning'],
      ['src/app.ts', 6, undefined, 'eqeqeq', 'warning'],
      ['src/broken.js', 2, undefined, 'eslint/parse-error', 'error'],
      ['src/legacy.js', 1, undefined, 'eslint/directive', 'warning'],
    ]);
  });

  it("keeps ESLint's message text and the task name as source", () => {
    expect(findings[1]?.message).toBe("'greeting' is never reassigned. Use 'const' instead.");
    expect(findings[4]?.message).toBe('Parsing error: Unexpected token return');
    expect(new Set(findings.map((f) => f.source))).toEqual(new Set(['eslint']));
  });

  it('skips suppressed messages and the ignored-file notice that has no line', () => {
    expect(findings.some((f) => f.rule === 'no-console')).toBe(false);
    expect(findings.some((f) => f.path === 'dist/bundle.js')).toBe(false);
  });

  it('gives the same fingerprint when the flagged line moves down', () => {
    const shifted = SAMPLE.replace('"line": 4,', '"line": 14,');
    const moved = parseEslintJson(shifted, {
      ...options,
      lineContent: (path, line) =>
        line === 14 ? "let greeting = 'hello';" : options.lineContent(path, line),
    });
    expect(moved.findings[1]?.line).toBe(14);
    expect(moved.findings[1]?.fingerprint).toBe(findings[1]?.fingerprint);
  });
});

describe('parseEslintJson on bad input', () => {
  it.each([
    ['', 'ESLint printed no output (expected --format json)'],
    ['   \n', 'ESLint printed no output (expected --format json)'],
    ['Oops! Something went wrong! :(', 'ESLint output is not JSON: '],
    ['{"filePath":"a.js"}', 'ESLint output has an unexpected shape: root: '],
    [
      '[{"filePath":"a.js","messages":[{"severity":2}]}]',
      'ESLint output has an unexpected shape: 0.messages.0.',
    ],
  ])('reports %j as a one-line error and no findings', (stdout, prefix) => {
    const result = parseEslintJson(stdout, options);
    expect(result.findings).toEqual([]);
    expect(result.error?.startsWith(prefix)).toBe(true);
    expect(result.error).not.toContain('\n');
  });

  it('never throws on arbitrary text or JSON-ish values', () => {
    const message = fc.record(
      {
        ruleId: fc.oneof(fc.string(), fc.constant(null)),
        severity: fc.integer(),
        message: fc.string(),
        line: fc.anything(),
        endLine: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const shaped = fc.array(
      fc.record({ filePath: fc.oneof(fc.string(), fc.anything()), messages: fc.array(message) }),
    );
    const input = fc.oneof(
      fc.string(),
      fc.json(),
      fc.anything().map((value) => JSON.stringify(value) ?? ''),
      shaped.map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(input, (stdout) => {
        const result = parseEslintJson(stdout, options);
        expect(Array.isArray(result.findings)).toBe(true);
        if (result.error !== undefined) {
          expect(result.findings).toEqual([]);
          expect(result.error).not.toMatch(/\n/);
        }
        for (const finding of result.findings) {
          expect(Number.isInteger(finding.line) && finding.line >= 1).toBe(true);
          expect(['error', 'warning']).toContain(finding.severity);
        }
      }),
      { numRuns: 500 },
    );
  });
});
