// Fixtures captured from real runs by __fixtures__/test-reports/capture.sh: this repo's jest 30 with
// `--ci --json --testLocationInResults --rootDir <tmp>` on a tiny CommonJS project (test/cart.test.js:
// passing tests, a failing expect in a describe, an error thrown from src/cart.js, test.skip, test.todo;
// test/broken.test.js with a syntax error). jest.json is its stdout; jest-npm.txt the stdout of
// `npm test -- --ci --json --testLocationInResults`, npm's banner first. Temp paths → /home/runner/work/demo/demo.
import { describe, expect, it } from '@jest/globals';
import { parseJestJson } from '../../../src/findings/test-reports/jest-json.js';
import { brief, fixture, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };
const EXPECTED = [
  [undefined, 'test/broken.test.js', 'failed', 'test/broken.test.js', undefined],
  ['cart', 'totals prices', 'passed', 'test/cart.test.js', 4],
  ['cart', 'applies a discount', 'failed', 'test/cart.test.js', 8],
  ['cart', 'rounds to cents', 'skipped', 'test/cart.test.js', 12],
  ['cart', 'supports coupons', 'skipped', 'test/cart.test.js', 14],
  ['cart › with refunds', 'ignores free items', 'passed', 'test/cart.test.js', 17],
  ['cart › with refunds', 'subtracts refunds', 'failed', 'test/cart.test.js', 22],
  [undefined, 'empty cart is zero', 'passed', 'test/cart.test.js', 28],
];

describe('parseJestJson on captured jest --json output', () => {
  const report = parseJestJson(fixture('jest.json'), options);

  it('returns every test with suite, status, repository file and declaration line', () => {
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual(EXPECTED);
  });

  it("keeps the failure's explanation without the stack as message, and the stack apart", () => {
    const byName = new Map(report.tests.map((test) => [test.name, test]));
    expect(byName.get('applies a discount')?.message).toBe(
      'expect(received).toBe(expected) // Object.is equality\n\nExpected: 9\nReceived: 9.9',
    );
    expect(byName.get('subtracts refunds')?.message).toBe('RangeError: negative price: -1');
    expect(byName.get('subtracts refunds')?.stack).toContain(`at total (${WORKSPACE}/src/cart.js:4:26)`);
    expect(byName.get('totals prices')?.message).toBeUndefined();
    expect(typeof byName.get('totals prices')?.durationMs).toBe('number');
  });

  it('reports a test file that failed to run as one failed test carrying the syntax error', () => {
    const broken = report.tests[0];
    expect(broken?.message).toBe(
      `SyntaxError: ${WORKSPACE}/test/broken.test.js: Unexpected token, expected "," (4:3)`,
    );
    expect(broken?.stack).toContain('> 4 |   };');
  });

  it("finds the report after npm's banner", () => {
    const text = fixture('jest-npm.txt');
    expect(text.startsWith('\n> test\n> jest')).toBe(true);
    const viaNpm = parseJestJson(text, options);
    expect(viaNpm.error).toBeUndefined();
    const sorted = (tests: typeof report.tests) => tests.map(brief).map(String).sort();
    expect(sorted(viaNpm.tests)).toEqual(sorted(report.tests));
  });

  it('takes the last complete report, past logged objects before and text after it', () => {
    const json = JSON.stringify(JSON.parse(fixture('jest.json')));
    const noisy = `{ not: 'json' }\n{"logged":true}\nconsole.log\n${json}\nnpm error Lifecycle script \`test\` failed {}\n`;
    expect(parseJestJson(noisy, options).tests.map(brief)).toEqual(EXPECTED);
  });

  it('strips ANSI colours that jest --colors puts into failure messages', () => {
    const colored = {
      testResults: [
        {
          name: `${WORKSPACE}/a.test.js`,
          status: 'failed',
          assertionResults: [
            {
              title: 't',
              status: 'failed',
              ancestorTitles: [],
              failureMessages: [
                'Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m)\n    at x (/a.js:1:1)',
              ],
            },
          ],
        },
      ],
    };
    expect(parseJestJson(JSON.stringify(colored), options).tests[0]?.message).toBe('expect(received)');
  });
});

describe('parseJestJson on bad input', () => {
  it.each([
    ['empty output', '', 'jest printed no output (expected --json)'],
    [
      "jest's human output",
      'FAIL test/a.test.js\n  ● a › b',
      'jest output has no JSON report (expected --json): FAIL test/a.test.js',
    ],
    ['JSON of another shape', '{"numTotalTests": 3}', 'jest JSON has an unexpected shape: testResults: '],
    [
      'a truncated report',
      fixture('jest.json').slice(0, 5000),
      'jest output has no JSON report (expected --json): {',
    ],
  ])('reports %s as a one-line error and no tests', (_label, text, prefix) => {
    const result = parseJestJson(text, options);
    expect(result.tests).toEqual([]);
    expect(result.error?.startsWith(prefix)).toBe(true);
    expect(result.error).not.toContain('\n');
  });
});
