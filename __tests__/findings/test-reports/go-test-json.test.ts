// go-test.jsonl and go-test-build-failure.jsonl are captured from real `go test -json ./...` runs
// (Go 1.19, stdout and stderr merged) by __fixtures__/test-reports/capture.sh: module example.com/demo
// with a root package (pass, t.Errorf, a table test with a failing subtest, t.Skip), internal/cart
// (pass, a panic) and internal/money without tests; then the root test file not compiling, vet
// failing on internal/cart and internal/tax passing. The Go 1.24 build events below are hand-written
// from cmd/go's testdata/script/test_json_build.txt.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { testFailureFindings } from '../../../src/findings/test-reports/failures.js';
import { parseGoTestJson } from '../../../src/findings/test-reports/go-test-json.js';
import type { TestReport } from '../../../src/findings/test-reports/types.js';
import { brief, fixture, hasControlCharacters, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };
const findingOptions = { workspace: WORKSPACE, source: 'go test', lineContent: () => undefined };
const missing = !toolAvailable('go');

function toolAvailable(tool: string): boolean {
  return spawnSync(tool, ['version'], { stdio: 'ignore' }).status === 0;
}

function event(fields: Record<string, unknown>): string {
  return JSON.stringify({ Time: '2026-01-01T00:00:00Z', ...fields });
}

/** The lines of a fixture for one package only, or without it. */
function onlyPackages(text: string, keep: (pkg: string) => boolean): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('{') || keep((JSON.parse(line) as { Package: string }).Package))
    .join('\n');
}

describe('parseGoTestJson on a captured run', () => {
  const report = parseGoTestJson(fixture('go-test.jsonl'), options);
  const byName = new Map(report.tests.map((test) => [test.name, test]));

  it('returns one test per package and test name, subtests included, with the failing line', () => {
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      ['example.com/demo', 'TestAdd', 'passed', undefined, undefined],
      ['example.com/demo', 'TestAddNegative', 'failed', 'calc_test.go', 14],
      ['example.com/demo', 'TestTable', 'failed', undefined, undefined],
      ['example.com/demo', 'TestTable/zero', 'passed', undefined, undefined],
      ['example.com/demo', 'TestTable/carry', 'failed', 'calc_test.go', 25],
      ['example.com/demo', 'TestNetwork', 'skipped', 'calc_test.go', 32],
      ['example.com/demo/internal/cart', 'TestTotal', 'passed', undefined, undefined],
      ['example.com/demo/internal/cart', 'TestLast', 'failed', 'internal/cart/cart_test.go', 13],
    ]);
  });

  it("takes the message from the test's own output, without go's framing lines", () => {
    expect(byName.get('TestAddNegative')?.message).toBe('calc_test.go:14: Add(-1, -1) = -2, want -3');
    expect(byName.get('TestTable/carry')?.message).toBe(
      'calc_test.go:25: Add(9, 1) = 10, want 11\n    with carry',
    );
    expect(byName.get('TestNetwork')?.message).toBe('calc_test.go:32: needs network');
    expect(byName.get('TestTable')?.message).toBeUndefined();
    expect(byName.get('TestAdd')?.message).toBeUndefined(); // its t.Log is no failure
  });

  it('gives a panic its first line as the message and its goroutine dump as the stack', () => {
    const panic = byName.get('TestLast');
    expect(panic?.message).toBe('panic: runtime error: index out of range [1] with length 1');
    expect(panic?.stack).toContain(`\t${WORKSPACE}/internal/cart/cart_test.go:13 +0x`);
    expect(panic?.stack).not.toContain('--- FAIL');
  });

  it('reads durations from Elapsed seconds', () => {
    const text = event({ Action: 'pass', Package: 'm', Test: 'TestSlow', Elapsed: 1.25 });
    expect(parseGoTestJson(`${text}\n${event({ Action: 'pass', Package: 'm' })}`, options).tests).toEqual([
      { name: 'TestSlow', suite: 'm', status: 'passed', durationMs: 1250 },
    ]);
    expect(report.tests.every((test) => test.durationMs === 0)).toBe(true);
  });
});

describe('parseGoTestJson on build failures', () => {
  it('reads the compiler lines go prints as text up to Go 1.23, between the JSON events', () => {
    const report = parseGoTestJson(fixture('go-test-build-failure.jsonl'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map(brief)).toEqual([
      ['example.com/demo', 'build', 'failed', 'calc_test.go', 9],
      ['example.com/demo/internal/tax', 'TestRate', 'passed', undefined, undefined],
      ['example.com/demo/internal/cart', 'build', 'failed', 'internal/cart/cart.go', 8],
    ]);
    expect(report.tests.map((test) => test.message)).toEqual([
      './calc_test.go:9:2: undefined: Foo',
      undefined,
      'internal/cart/cart.go:8:2: fmt.Printf format %d has arg "many" of wrong type string',
    ]);
    expect(report.tests[0]?.stack).toBe(
      '# example.com/demo [example.com/demo.test]\n./calc_test.go:9:2: undefined: Foo',
    );
  });

  it('still fails the packages from stdout alone, where only `FAIL pkg [build failed]` is left', () => {
    const stdout = fixture('go-test-build-failure.jsonl')
      .split('\n')
      .filter((line) => line.startsWith('{') || line.startsWith('FAIL'))
      .join('\n');
    const report = parseGoTestJson(stdout, options);
    expect(report.tests.map((test) => [test.suite, test.name, test.status, test.file, test.message])).toEqual(
      [
        ['example.com/demo', 'build', 'failed', undefined, 'build failed'],
        ['example.com/demo/internal/tax', 'TestRate', 'passed', undefined, undefined],
        ['example.com/demo/internal/cart', 'build', 'failed', undefined, 'build failed'],
      ],
    );
  });

  it('reads Go 1.24 build-output events and the FailedBuild of a package whose import broke', () => {
    const text = [
      event({ ImportPath: 'm/x', Action: 'build-output', Output: '# m/x\n' }),
      event({ ImportPath: 'm/x', Action: 'build-output', Output: 'x/main.go:3:11: undefined: y\n' }),
      event({ ImportPath: 'm/x', Action: 'build-fail' }),
      event({ Action: 'start', Package: 'm/app' }),
      event({ Action: 'output', Package: 'm/app', Output: 'FAIL\tm/app [build failed]\n' }),
      event({ Action: 'fail', Package: 'm/app', Elapsed: 0, FailedBuild: 'm/x' }),
      event({ ImportPath: 'm/y [m/y.test]', Action: 'build-output', Output: '# m/y [m/y.test]\n' }),
      event({
        ImportPath: 'm/y [m/y.test]',
        Action: 'build-output',
        Output: 'y/y_test.go:4:2: undefined: z\n',
      }),
      event({ Action: 'fail', Package: 'm/y', Elapsed: 0, FailedBuild: 'm/y [m/y.test]' }),
    ];
    const report = parseGoTestJson(text.join('\n'), options);
    expect(report.tests.map((test) => [test.suite, test.name, test.file, test.line, test.message])).toEqual([
      ['m/app', 'build', 'x/main.go', 3, 'x/main.go:3:11: undefined: y'],
      ['m/y', 'build', 'y/y_test.go', 4, 'y/y_test.go:4:2: undefined: z'],
    ]);
  });

  it('counts a setup failure (a missing module) as a build failure', () => {
    const text = [
      'go: downloading github.com/acme/lib v1.2.0',
      '# example.com/demo/ext',
      'ext/ext_test.go:6:2: no required module provides package github.com/acme/lib; to add it:',
      '\tgo get github.com/acme/lib',
      'FAIL\texample.com/demo/ext [setup failed]',
    ];
    const report = parseGoTestJson(text.join('\n'), options);
    expect(report.tests.map(brief)).toEqual([
      ['example.com/demo/ext', 'build', 'failed', 'ext/ext_test.go', 6],
    ]);
    expect(report.tests[0]?.message).toBe(
      'ext/ext_test.go:6:2: no required module provides package github.com/acme/lib; to add it:\n\tgo get github.com/acme/lib',
    );
  });
});

describe('parseGoTestJson finding the file of a bare `calc_test.go:14:`', () => {
  const fixtureText = fixture('go-test.jsonl');
  const rootOnly = onlyPackages(fixtureText, (pkg) => pkg === 'example.com/demo');

  it('reads relative paths from cwd: a module in a folder of the repository', () => {
    const moved = fixtureText.split(WORKSPACE).join(`${WORKSPACE}/go`);
    const report = parseGoTestJson(moved, { workspace: WORKSPACE, cwd: `${WORKSPACE}/go` });
    expect(report.tests.filter((test) => test.file !== undefined).map(brief)).toEqual([
      ['example.com/demo', 'TestAddNegative', 'failed', 'go/calc_test.go', 14],
      ['example.com/demo', 'TestTable/carry', 'failed', 'go/calc_test.go', 25],
      ['example.com/demo', 'TestNetwork', 'skipped', 'go/calc_test.go', 32],
      ['example.com/demo/internal/cart', 'TestLast', 'failed', 'go/internal/cart/cart_test.go', 13],
    ]);
    const build = parseGoTestJson(fixture('go-test-build-failure.jsonl'), {
      workspace: WORKSPACE,
      cwd: `${WORKSPACE}/go`,
    });
    expect(build.tests.map((test) => test.file)).toEqual([
      'go/calc_test.go',
      undefined,
      'go/internal/cart/cart.go',
    ]);
  });

  it('without panic frames, takes the directory go ran in as the root of the module it names', () => {
    const report = parseGoTestJson(rootOnly, options);
    expect(report.tests.find((test) => test.name === 'TestAddNegative')?.file).toBe('calc_test.go');
    const sub = rootOnly.split('"example.com/demo"').join('"example.com/demo/v2/pkg/calc"');
    expect(parseGoTestJson(sub, options).tests.find((test) => test.status === 'failed')?.file).toBe(
      'pkg/calc/calc_test.go',
    );
  });

  it('leaves the file unset when the directory does not match the import path, keeping the name in the message', () => {
    const report = parseGoTestJson(rootOnly, { workspace: '/home/runner/work/checkout' });
    const failed = report.tests.find((test) => test.name === 'TestAddNegative');
    expect([failed?.file, failed?.line, failed?.message]).toEqual([
      undefined,
      undefined,
      'calc_test.go:14: Add(-1, -1) = -2, want -3',
    ]);
  });

  it('uses an absolute path printed by -fullpath (Go 1.21+) or by testify', () => {
    const text = [
      event({
        Action: 'output',
        Package: 'm/a',
        Test: 'TestFull',
        Output: `    ${WORKSPACE}/a/a_test.go:7: bad\n`,
      }),
      event({ Action: 'fail', Package: 'm/a', Test: 'TestFull', Elapsed: 0 }),
      event({ Action: 'output', Package: 'm/b', Test: 'TestTestify', Output: '    b_test.go:9: \n' }),
      event({
        Action: 'output',
        Package: 'm/b',
        Test: 'TestTestify',
        Output: `        \tError Trace:\t${WORKSPACE}/lib/b/b_test.go:9\n`,
      }),
      event({ Action: 'fail', Package: 'm/b', Test: 'TestTestify', Elapsed: 0 }),
      event({ Action: 'fail', Package: 'm/a', Elapsed: 0 }),
      event({ Action: 'fail', Package: 'm/b', Elapsed: 0 }),
    ];
    const report = parseGoTestJson(text.join('\n'), { workspace: WORKSPACE, cwd: '/elsewhere' });
    expect(report.tests.map(brief)).toEqual([
      ['m/a', 'TestFull', 'failed', 'a/a_test.go', 7],
      ['m/b', 'TestTestify', 'failed', 'lib/b/b_test.go', 9],
    ]);
  });
});

describe('parseGoTestJson on packages that failed without a failing test', () => {
  it('fails the tests left running when the binary exited or timed out', () => {
    const text = [
      event({ Action: 'run', Package: 'm/exit', Test: 'TestExit' }),
      event({ Action: 'output', Package: 'm/exit', Test: 'TestExit', Output: '=== RUN   TestExit\n' }),
      event({ Action: 'output', Package: 'm/exit', Output: 'FAIL\tm/exit\t0.007s\n' }),
      event({ Action: 'fail', Package: 'm/exit', Elapsed: 0.007 }),
      event({ Action: 'run', Package: 'm/slow', Test: 'TestSlow' }),
      event({
        Action: 'output',
        Package: 'm/slow',
        Test: 'TestSlow',
        Output: 'panic: test timed out after 1s\n\n',
      }),
      event({ Action: 'output', Package: 'm/slow', Test: 'TestSlow', Output: 'goroutine 18 [sleep]:\n' }),
      event({ Action: 'output', Package: 'm/slow', Test: 'TestSlow', Output: 'm/slow.TestSlow(0x0?)\n' }),
      event({
        Action: 'output',
        Package: 'm/slow',
        Test: 'TestSlow',
        Output: `\t${WORKSPACE}/slow/slow_test.go:9 +0x25\n`,
      }),
      event({ Action: 'fail', Package: 'm/slow', Elapsed: 1.01 }),
    ];
    const report = parseGoTestJson(text.join('\n'), options);
    expect(report.tests.map((test) => [...brief(test), test.message])).toEqual([
      ['m/exit', 'TestExit', 'failed', undefined, undefined, 'test did not finish (the test binary exited)'],
      ['m/slow', 'TestSlow', 'failed', 'slow/slow_test.go', 9, 'panic: test timed out after 1s'],
    ]);
  });

  it('reports a failing TestMain or init as the test `(package)`', () => {
    const text = [
      event({ Action: 'output', Package: 'm', Output: 'panic: no database\n' }),
      event({ Action: 'output', Package: 'm', Output: 'FAIL\tm\t0.01s\n' }),
      event({ Action: 'fail', Package: 'm', Elapsed: 0.01 }),
    ];
    expect(parseGoTestJson(text.join('\n'), options).tests).toEqual([
      {
        name: '(package)',
        suite: 'm',
        status: 'failed',
        message: 'panic: no database',
        stack: 'panic: no database',
      },
    ]);
  });

  it('keeps a test failed when a later -count run of it passes', () => {
    const text = [
      event({ Action: 'run', Package: 'm', Test: 'TestFlaky' }),
      event({ Action: 'output', Package: 'm', Test: 'TestFlaky', Output: '    f_test.go:3: flaked\n' }),
      event({ Action: 'fail', Package: 'm', Test: 'TestFlaky', Elapsed: 0 }),
      event({ Action: 'run', Package: 'm', Test: 'TestFlaky' }),
      event({ Action: 'pass', Package: 'm', Test: 'TestFlaky', Elapsed: 0 }),
      event({ Action: 'fail', Package: 'm', Elapsed: 0 }),
    ];
    const [test] = parseGoTestJson(text.join('\n'), options).tests;
    expect([test?.status, test?.message]).toEqual(['failed', 'f_test.go:3: flaked']);
  });
});

describe('parseGoTestJson on output that is not (only) a report', () => {
  it.each([
    ['', 'go test printed nothing'],
    [
      'pattern ./nope/...: lstat ./nope/: no such file or directory',
      'go test printed no JSON events: pattern',
    ],
    [
      'go: downloading example.com/x v1.0.0\nno required module provides package example.com/zzz; to add it:',
      'go test printed no JSON events: no required module',
    ],
    [
      '=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\nPASS\nok  \tm\t0.01s',
      'go test printed no JSON events: === RUN',
    ],
  ])('reports %j as an error with no tests', (text, prefix) => {
    const report = parseGoTestJson(text, options);
    expect(report.tests).toEqual([]);
    expect(report.error?.startsWith(prefix)).toBe(true);
  });

  it('ignores `go: downloading` and other text interleaved with the events', () => {
    const lines = fixture('go-test.jsonl').split('\n');
    lines.splice(
      3,
      0,
      'go: downloading golang.org/x/text v0.14.0',
      'go: warning: "./nope/..." matched no packages',
    );
    expect(parseGoTestJson(lines.join('\n'), options)).toEqual(
      parseGoTestJson(fixture('go-test.jsonl'), options),
    );
  });

  it('keeps what it read and reports a stream cut short', () => {
    const lines = fixture('go-test.jsonl').trimEnd().split('\n');
    const report = parseGoTestJson(lines.slice(0, -3).join('\n') + '\n{"Time":"2026-', options);
    expect(report.tests).toHaveLength(8);
    expect(report.error).toBe(
      'go test output ends before example.com/demo/internal/cart finished (truncated?)',
    );
  });

  it('is not fooled by hostile events', () => {
    const text = [
      event({ Action: 'fail', Package: '__proto__', Test: 'constructor', Elapsed: -1, Output: 7 }),
      event({ Action: 'fail', Package: '__proto__', Elapsed: 'soon' }),
      '{"Action": 5, "Package": "m"}',
      '[1, 2, 3]',
      'null',
      event({
        Action: 'output',
        Package: 'm',
        Test: 'TestBig',
        Output: `${'x'.repeat(200_000)}.go:1: big\n`,
      }),
      event({ Action: 'fail', Package: 'm', Test: 'TestBig', Elapsed: 1e308 }),
      event({ Action: 'fail', Package: 'm', Elapsed: 0 }),
    ];
    const report = parseGoTestJson(text.join('\n'), options);
    expect(report.error).toBeUndefined();
    expect(report.tests.map((test) => [test.suite, test.name, test.status, test.durationMs])).toEqual([
      ['__proto__', 'constructor', 'failed', undefined],
      ['m', 'TestBig', 'failed', undefined],
    ]);
    expect(report.tests[1]?.message?.length).toBe(500);
    expect(report.tests[1]?.file).toBeUndefined();
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('never throws, and keeps every field in bounds, on arbitrary or mutated text', () => {
    const sample = fc.constantFrom(fixture('go-test.jsonl'), fixture('go-test-build-failure.jsonl'));
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      sample.chain((text) => fc.nat({ max: text.length }).map((end) => text.slice(0, end))),
      sample.chain((text) =>
        fc
          .tuple(
            fc.nat({ max: text.length }),
            fc.nat({ max: 40 }),
            fc.constantFrom('', '"', '}', '\n', '\\', '{"Action":'),
          )
          .map(([at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove)),
      ),
    );
    fc.assert(
      fc.property(input, (text) => {
        const report = parseGoTestJson(text, options);
        expectWellFormed(report);
      }),
      { numRuns: 300 },
    );
  });
});

describe('testFailureFindings on go test -json', () => {
  it('anchors each failing test at its failing line, and a build failure at the compiler error', () => {
    const findings = testFailureFindings(parseGoTestJson(fixture('go-test.jsonl'), options), findingOptions);
    expect(findings.map((finding) => [finding.path, finding.line, finding.message])).toEqual([
      [
        'calc_test.go',
        14,
        'Test failed: example.com/demo › TestAddNegative: calc_test.go:14: Add(-1, -1) = -2, want -3',
      ],
      [
        'calc_test.go',
        25,
        'Test failed: example.com/demo › TestTable/carry: calc_test.go:25: Add(9, 1) = 10, want 11 with carry',
      ],
      [
        'internal/cart/cart_test.go',
        13,
        'Test failed: example.com/demo/internal/cart › TestLast: panic: runtime error: index out of range [1] with length 1',
      ],
    ]);
    const build = testFailureFindings(
      parseGoTestJson(fixture('go-test-build-failure.jsonl'), options),
      findingOptions,
    );
    expect(build.map((finding) => [finding.path, finding.line])).toEqual([
      ['calc_test.go', 9],
      ['internal/cart/cart.go', 8],
    ]);
  });
});

describe('parseGoTestJson on a live go test run', () => {
  (missing && !process.env.CI ? it.skip : it)(
    `reads what a real go test -json prints for a failing test and a panic${missing ? ' (skipped: go is not installed)' : ''}`,
    () => {
      const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-go-')));
      try {
        const module = path.join(tmp, 'demo');
        mkdirSync(path.join(module, 'sum'), { recursive: true });
        writeFileSync(path.join(module, 'go.mod'), 'module example.com/demo\n\ngo 1.19\n');
        writeFileSync(path.join(module, 'demo_test.go'), GO_TEST);
        writeFileSync(path.join(module, 'sum', 'sum_test.go'), GO_PANIC_TEST);
        const run = spawnSync('go', ['test', '-json', './...'], {
          cwd: module,
          encoding: 'utf8',
          env: {
            ...process.env,
            GOPROXY: 'off',
            GOTOOLCHAIN: 'local',
            GOFLAGS: '',
            GOCACHE: path.join(tmp, 'cache'),
            GOPATH: path.join(tmp, 'gopath'),
          },
        });
        expect(run.status).toBe(1);
        const report = parseGoTestJson(run.stdout, { workspace: tmp, cwd: module });
        expect(report.error).toBeUndefined();
        // Packages finish in any order; within one, tests come in the order they ran.
        const bySuite = [...report.tests].sort((a, b) => (a.suite ?? '').localeCompare(b.suite ?? ''));
        expect(bySuite.map(brief)).toEqual([
          ['example.com/demo', 'TestPasses', 'passed', undefined, undefined],
          ['example.com/demo', 'TestFails', 'failed', 'demo/demo_test.go', 8],
          ['example.com/demo/sum', 'TestPanics', 'failed', 'demo/sum/sum_test.go', 7],
        ]);
        expect(bySuite[1]?.message).toBe('demo_test.go:8: got 2, want 3');
        const findings = testFailureFindings({ tests: bySuite }, { ...findingOptions, workspace: tmp });
        expect(findings.map((finding) => [finding.path, finding.line])).toEqual([
          ['demo/demo_test.go', 8],
          ['demo/sum/sum_test.go', 7],
        ]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

const GO_TEST = `package demo

import "testing"

func TestPasses(t *testing.T) {}

func TestFails(t *testing.T) {
	t.Errorf("got %d, want %d", 2, 3)
}
`;

const GO_PANIC_TEST = `package sum

import "testing"

func TestPanics(t *testing.T) {
	var m map[string]int
	m["a"] = 1
}
`;

function expectWellFormed(report: TestReport): void {
  expect(Array.isArray(report.tests)).toBe(true);
  if (report.error !== undefined) {
    expect(report.error).not.toContain('could not be read');
    expect(report.error).not.toMatch(/[\r\n]/);
    expect(report.error.length).toBeLessThanOrEqual(200);
  }
  for (const test of report.tests) {
    expect(['passed', 'failed', 'skipped']).toContain(test.status);
    expect((test.message ?? '').length).toBeLessThanOrEqual(500);
    expect((test.stack ?? '').length).toBeLessThanOrEqual(4000);
    if (test.line !== undefined) expect(Number.isInteger(test.line) && test.line >= 1).toBe(true);
    if (test.file !== undefined) expect(test.file.startsWith('/') || test.file.startsWith('../')).toBe(false);
  }
  for (const finding of testFailureFindings(report, findingOptions)) {
    expect(finding.message.length).toBeLessThanOrEqual(300);
    expect(hasControlCharacters(finding.message)).toBe(false);
  }
}
