import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  MAX_LINE_CHARS,
  MAX_LINES,
  compileProblemMatchers,
  createProblemMatcherParser,
  type ProblemMatcher,
} from '../../../src/findings/parsers/problem-matcher.js';
import type { FindingParser } from '../../../src/findings/parsers/types.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary } from './helpers.js';

function compiled(config: unknown): ProblemMatcher[] {
  const result = compileProblemMatchers(config);
  if (!result.ok) throw new Error(result.error);
  return result.matchers;
}

function parserFor(...matchers: unknown[]): FindingParser {
  return createProblemMatcherParser(compiled({ problemMatcher: matchers }));
}

const STYLISH = fixture('eslint-stylish.txt');
const stylishParser = createProblemMatcherParser(compiled(fixture('matchers/eslint-stylish.json')));
const tscParser = createProblemMatcherParser(compiled(fixture('matchers/tsc.json')));

describe("GitHub's documented eslint-stylish loop matcher on real eslint -f stylish output", () => {
  const result = stylishParser(STYLISH, options);

  it('makes one finding per problem line under its file line', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['no-unused-vars', 'error', 'src/app.js', 2, undefined],
      ['prefer-const', 'error', 'src/app.js', 3, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 4, undefined],
      ['no-restricted-syntax', 'warning', 'src/app.js', 5, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 8, undefined],
      ['eqeqeq', 'warning', 'src/app.js', 9, undefined],
      ['no-else-return', 'warning', 'src/app.js', 11, undefined],
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      "'café' is assigned a value but never used",
      "'greeting' is never reassigned. Use 'const' instead",
      "Async function 'load' has too many lines (4). Maximum allowed is 3",
      'Use the <http> client & "retry" wrapper, not fetch',
      "Function 'same' has too many lines (7). Maximum allowed is 3",
      "Expected '===' and instead saw '=='",
      "Unnecessary 'else' after 'return'",
    ]);
  });

  it('misses the parse error, as GitHub does: its line has no two-space gap before a rule', () => {
    expect(result.findings.some((f) => f.path === 'src/broken.js')).toBe(false);
  });

  it('reads the coloured output the same once ANSI codes are stripped', () => {
    expect(stylishParser(fixture('eslint-stylish-color.txt'), options)).toEqual(result);
  });

  it('reads CRLF output the same', () => {
    expect(stylishParser(STYLISH.replace(/\n/g, '\r\n'), options)).toEqual(result);
  });
});

describe("actions/setup-node's single-line tsc matcher on real tsc output", () => {
  it('takes the first line of each diagnostic, the code as rule', () => {
    const result = tscParser(fixture('tsc.txt'), options);
    expect(summary(result)).toEqual([
      ['TS2322', 'error', 'src/config.ts', 9, undefined],
      ['TS2322', 'error', 'src/config.ts', 10, undefined],
      ['TS2322', 'error', 'src/main.ts', 3, undefined],
      ['TS2345', 'error', 'src/main.ts', 10, undefined],
      ['TS2322', 'error', 'src/main.ts', 11, undefined],
      ['TS2554', 'error', 'src/main.ts', 12, undefined],
      ['TS2322', 'error', 'src/main.ts', 13, undefined],
      ['TS2339', 'error', 'src/main.ts', 14, undefined],
    ]);
    expect(result.findings[3]?.message).toBe(
      "Argument of type '{ name: string; retries: number; server: { host: string; port: string; }; }' is not assignable to parameter of type 'Settings'.",
    );
  });

  it('finds nothing, and no error, in output without matches', () => {
    expect(tscParser(fixture('tsc-config-error.txt'), options)).toEqual({ findings: [] });
    expect(tscParser('', options)).toEqual({ findings: [] });
  });
});

describe('the multi-line state machine, as actions/runner runs it', () => {
  const threeLines = parserFor({
    owner: 'three',
    pattern: [
      { regexp: '^FILE (.+)$', file: 1 },
      { regexp: '^LINE (\\d+)$', line: 1 },
      { regexp: '^MSG (.+)$', message: 1 },
    ],
  });

  it('needs every pattern on consecutive lines', () => {
    expect(summary(threeLines('FILE a.ts\nLINE 3\nMSG boom\n', options))).toEqual([
      ['three', 'error', 'a.ts', 3, undefined],
    ]);
    expect(threeLines('FILE a.ts\nnoise\nLINE 3\nMSG boom\n', options).findings).toEqual([]);
    expect(threeLines('FILE a.ts\nLINE 3\nLINE 4\nMSG boom\n', options).findings).toEqual([]);
  });

  it('starts over after a match when the last pattern does not loop', () => {
    const output = 'FILE a.ts\nLINE 3\nMSG one\nMSG two\nFILE b.ts\nLINE 5\nMSG three\n';
    expect(summary(threeLines(output, options)).map(([, , path, line]) => [path, line])).toEqual([
      ['a.ts', 3],
      ['b.ts', 5],
    ]);
  });

  const looping = parserFor({
    owner: 'loop',
    pattern: [
      { regexp: '^([^\\s].*)$', file: 1 },
      { regexp: '^\\s+(\\d+)\\s+(\\w+)\\s+(.*)$', line: 1, severity: 2, message: 3, loop: true },
    ],
  });

  it('loops the last pattern until a line misses it; that line may start the next file', () => {
    const output = [
      'a.ts',
      '  1 error one',
      '  2 warning two',
      'b.ts',
      '  3 notice three',
      '',
      '  4 error lost',
    ].join('\n');
    expect(summary(looping(output, options))).toEqual([
      ['loop', 'error', 'a.ts', 1, undefined],
      ['loop', 'warning', 'a.ts', 2, undefined],
      ['loop', 'notice', 'b.ts', 3, undefined],
    ]);
  });

  it('skips severities other than error, warning and notice (case-insensitive) but keeps looping', () => {
    const output = ['a.ts', '  1 info skipped', '  2 WARNING kept'].join('\n');
    expect(summary(looping(output, options))).toEqual([['loop', 'warning', 'a.ts', 2, undefined]]);
  });

  it("applies the matcher's default severity when no group gives one", () => {
    const parser = parserFor({
      owner: 'o',
      severity: 'Warning',
      pattern: [{ regexp: '^(\\S+):(\\d+) (.*)$', file: 1, line: 2, message: 3 }],
    });
    expect(summary(parser('a.ts:3 msg', options))).toEqual([['o', 'warning', 'a.ts', 3, undefined]]);
  });

  it('roots a relative file at the folder of fromPath, and reads endLine and code', () => {
    const parser = parserFor({
      owner: 'o',
      pattern: [
        {
          regexp: '^(\\S+) (\\S+):(\\d+)-(\\d+) \\[(.*)\\] (.*)$',
          fromPath: 1,
          file: 2,
          line: 3,
          endLine: 4,
          code: 5,
          message: 6,
        },
      ],
    });
    const output = 'packages/web/tsconfig.json src/a.ts:3-5 [ R1 ] one\ntsconfig.json src/b.ts:4-4 [] two\n';
    expect(summary(parser(output, options))).toEqual([
      ['R1', 'error', 'packages/web/src/a.ts', 3, 5],
      ['o', 'error', 'src/b.ts', 4, undefined],
    ]);
  });

  it('drops matches without a line, a file in the workspace or a message', () => {
    const parser = parserFor({
      owner: 'o',
      pattern: [{ regexp: '^(\\S*):(\\S*):(.*)$', file: 1, line: 2, message: 3 }],
    });
    const output = [
      'a.ts::no line',
      ':3:no file',
      '/etc/passwd:1:outside',
      'a.ts:x:bad line',
      'a.ts:2:   ',
      'a.ts:4:kept  ',
    ].join('\n');
    expect(parser(output, options).findings.map((f) => [f.line, f.message])).toEqual([[4, 'kept']]);
  });

  it('resets the other matchers on a match, stops at an issue, and tries the next matcher otherwise', () => {
    const parser = parserFor(
      { owner: 'single', pattern: [{ regexp: '^  (\\d+) B (\\S+) ?(.*)$', line: 1, file: 2, message: 3 }] },
      {
        owner: 'multi',
        pattern: [
          { regexp: '^FILE (.+)$', file: 1 },
          { regexp: '^  (\\d+) (.*)$', line: 1, message: 2, loop: true },
        ],
      },
      { owner: 'fallback', pattern: [{ regexp: '^  (\\d+) B (\\S+)', line: 1, file: 2, message: 0 }] },
    );
    const output = [
      'FILE a.ts',
      '  1 kept',
      '  7 B x.ts from single',
      '  2 lost: multi was reset',
      '  8 B y.ts',
    ];
    const result = parser(output.join('\n'), options);
    expect(summary(result)).toEqual([
      ['multi', 'error', 'a.ts', 1, undefined],
      ['single', 'error', 'x.ts', 7, undefined],
      ['fallback', 'error', 'y.ts', 8, undefined],
    ]);
    expect(result.findings[2]?.message).toBe('8 B y.ts');
  });

  it(`matches only the first ${MAX_LINE_CHARS} characters of a line`, () => {
    const parser = parserFor({
      owner: 'o',
      pattern: [{ regexp: '^(\\S+):(\\d+): (x+)$', file: 1, line: 2, message: 3 }],
    });
    const [finding] = parser(`a.ts:1: ${'x'.repeat(2 * MAX_LINE_CHARS)}`, options).findings;
    expect(finding?.message).toHaveLength(MAX_LINE_CHARS - 'a.ts:1: '.length);
  });

  it(`stops after ${MAX_LINES} lines, keeping what it found and saying so`, () => {
    const parser = parserFor({
      owner: 'o',
      pattern: [{ regexp: '^(\\S+):(\\d+) (.*)$', file: 1, line: 2, message: 3 }],
    });
    const lines = Array.from({ length: MAX_LINES + 1 }, () => '');
    lines[0] = 'a.ts:1 first';
    lines[MAX_LINES] = 'a.ts:2 too late';
    const result = parser(lines.join('\n'), options);
    expect(result.findings.map((f) => f.line)).toEqual([1]);
    expect(result.error).toBe(
      `output has ${MAX_LINES + 1} lines; the problem matcher read the first ${MAX_LINES}`,
    );
  });
});

describe('compileProblemMatchers', () => {
  const pattern = { regexp: '^(.+):(\\d+) (.*)$', file: 1, line: 2, message: 3 };

  it('accepts the JSON text or the parsed value', () => {
    const text = fixture('matchers/eslint-stylish.json');
    expect(compileProblemMatchers(text)).toEqual(compileProblemMatchers(JSON.parse(text)));
    expect(compiled(text)[0]?.patterns[1]?.loop).toBe(true);
  });

  it.each([
    ['{', 'problem matcher file is not JSON: SyntaxError: '],
    [{}, 'problem matcher file has an unexpected shape: problemMatcher: '],
    [{ problemMatcher: [] }, 'problem matcher file has no matchers in problemMatcher'],
    [
      { problemMatcher: [{ owner: '', pattern: [pattern] }] },
      'problem matcher file has an unexpected shape: problemMatcher.0.owner: ',
    ],
    [
      { problemMatcher: [{ owner: 'typed', pattern: [{ ...pattern, line: '2' }] }] },
      "problem matcher file has an unexpected shape (matcher 'typed'): problemMatcher.0.pattern.0.line: ",
    ],
    [{ problemMatcher: [{ owner: 'none', pattern: [] }] }, "problem matcher 'none' has no patterns"],
    [
      { problemMatcher: [{ owner: 'sev', severity: 'info', pattern: [pattern] }] },
      "problem matcher 'sev': default severity 'info' is not error, warning or notice",
    ],
    [
      {
        problemMatcher: [
          {
            owner: 'bad',
            pattern: [
              { regexp: '^(\\S+)$', file: 1 },
              { regexp: '(', message: 0 },
            ],
          },
        ],
      },
      "problem matcher 'bad' pattern[1]: invalid regexp: SyntaxError: Invalid regular expression: /(/: Unterminated group",
    ],
    [
      { problemMatcher: [{ owner: 'one', pattern: [{ ...pattern, loop: true }] }] },
      "problem matcher 'one' pattern[0]: only the last pattern of a multi-line matcher may set 'loop'",
    ],
    [
      {
        problemMatcher: [
          {
            owner: 'mid',
            pattern: [
              { regexp: 'a', file: 0 },
              { regexp: 'b', line: 0, loop: true },
              { regexp: 'c', message: 0 },
            ],
          },
        ],
      },
      "problem matcher 'mid' pattern[1]: only the last pattern of a multi-line matcher may set 'loop'",
    ],
    [
      {
        problemMatcher: [
          {
            owner: 'lm',
            pattern: [
              { regexp: '(a)', file: 1, message: 1 },
              { regexp: '(b)', line: 1, loop: true },
            ],
          },
        ],
      },
      "problem matcher 'lm' pattern[1]: the loop pattern must set 'message'",
    ],
    [
      { problemMatcher: [{ owner: 'range', pattern: [{ ...pattern, code: 4 }] }] },
      "problem matcher 'range' pattern[0]: 'code' is group 4, but the regexp has 3 groups",
    ],
    [
      { problemMatcher: [{ owner: 'neg', pattern: [{ ...pattern, column: -1 }] }] },
      "problem matcher 'neg' pattern[0]: 'column' is group -1, but the regexp has 3 groups",
    ],
    [
      {
        problemMatcher: [
          {
            owner: 'twice',
            pattern: [
              { regexp: '(a)', file: 1 },
              { regexp: '(b)', file: 1, message: 1 },
            ],
          },
        ],
      },
      "problem matcher 'twice' pattern[1]: 'file' is set twice",
    ],
    [
      { problemMatcher: [{ owner: 'quiet', pattern: [{ regexp: '(a)', file: 1 }] }] },
      "problem matcher 'quiet' has no pattern that sets 'message'",
    ],
    [
      {
        problemMatcher: [
          { owner: 'Dup', pattern: [pattern] },
          { owner: 'dup', pattern: [pattern] },
        ],
      },
      "problem matcher 'dup' is defined twice (owners are case-insensitive)",
    ],
  ])('refuses %j with a clear one-line error', (config, expected) => {
    const result = compileProblemMatchers(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.startsWith(expected)).toBe(true);
    expect(result.error).not.toMatch(/\n/);
    expect(result.error.length).toBeLessThanOrEqual(200);
  });

  it('numbers groups as JavaScript does: named ones in order with the others (.NET puts them last)', () => {
    const config = {
      problemMatcher: [
        { owner: 'n', pattern: [{ regexp: '^(?<file>(\\S+)):(\\d+)$', file: 2, line: 3, message: 0 }] },
      ],
    };
    expect(summary(createProblemMatcherParser(compiled(config))('a.ts:4', options))).toEqual([
      ['n', 'error', 'a.ts', 4, undefined],
    ]);
  });

  it('never throws on arbitrary configs', () => {
    const patternArb = fc.record(
      {
        regexp: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('(a)(b)', '^(.+)$', '[', '\\')),
        file: fc.integer({ min: -1, max: 3 }),
        line: fc.integer({ min: -1, max: 3 }),
        message: fc.integer({ min: -1, max: 3 }),
        loop: fc.boolean(),
      },
      { requiredKeys: ['regexp'] },
    );
    const config = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.record({
        problemMatcher: fc.array(
          fc.record({ owner: fc.string(), pattern: fc.array(patternArb, { maxLength: 3 }) }),
          { maxLength: 3 },
        ),
      }),
    );
    fc.assert(
      fc.property(config, fc.string(), (value, output) => {
        const result = compileProblemMatchers(value);
        if (!result.ok) {
          expect(result.error).not.toMatch(/\n/);
          expect(result.error.length).toBeLessThanOrEqual(200);
          return;
        }
        expectWellFormed(createProblemMatcherParser(result.matchers)(output, options));
      }),
      { numRuns: 500 },
    );
  });
});

describe('problem matcher parsers on damaged output', () => {
  it('never throw', () => {
    checkNeverThrows(stylishParser, STYLISH);
    checkNeverThrows(tscParser, fixture('tsc.txt'));
  });
});
