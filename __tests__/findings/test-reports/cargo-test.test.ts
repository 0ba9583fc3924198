// cargo-test.txt and cargo-test-build-failure.txt are captured from real runs (cargo 1.95, stdout and
// stderr merged as `2>&1` gives them) by __fixtures__/test-reports/capture.sh: `cargo test
// --no-fail-fast` on crate demo (unit tests in src/lib.rs, tests/it.rs, doc tests), then `cargo test`
// with compile errors. The Rust < 1.73 panic format, the workspace-member paths and the backtraces
// below are written from the output of those versions and of a real workspace run.
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCargoTest } from '../../../src/findings/test-reports/cargo-test.js';
import { testFailureFindings } from '../../../src/findings/test-reports/failures.js';
import type { TestReport } from '../../../src/findings/test-reports/types.js';
import { brief, fixture, hasControlCharacters, WORKSPACE } from './helpers.js';

const options = { workspace: WORKSPACE };
const findingOptions = { workspace: WORKSPACE, source: 'cargo test', lineContent: () => undefined };
const cargo = cargoBinary();
const missing = cargo === undefined;

/** cargo on PATH, else rustup's default place (~/.cargo/bin is not always on PATH). */
function cargoBinary(): string | undefined {
  for (const candidate of ['cargo', path.join(homedir(), '.cargo', 'bin', 'cargo')]) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

/** cargo's own lines (stderr) are the indented ones and `error:`/`warning:`; libtest writes the rest. */
const CARGO_LINE = /^(?:\s+(?:Compiling|Finished|Running|Doc-tests)\s|error: |warning: |\s{4}`)/;

function report(lines: string[], cwd?: string): TestReport {
  return parseCargoTest(lines.join('\n'), cwd === undefined ? options : { workspace: WORKSPACE, cwd });
}

describe('parseCargoTest on a captured run', () => {
  const result = parseCargoTest(fixture('cargo-test.txt'), options);
  const byName = new Map(result.tests.map((test) => [test.name, test]));

  it('returns every test of every target, located at its panic or its doc test line', () => {
    expect(result.error).toBeUndefined();
    expect(result.tests.map(brief)).toEqual([
      ['src/lib.rs', 'tests::adds_many', 'skipped', undefined, undefined],
      ['src/lib.rs', 'tests::adds', 'passed', undefined, undefined],
      ['src/lib.rs', 'tests::applies_discount', 'failed', 'src/lib.rs', 33],
      ['src/lib.rs', 'tests::parses_prices', 'failed', 'src/lib.rs', 38],
      ['src/lib.rs', 'tests::overflows', 'passed', undefined, undefined],
      ['tests/it.rs', 'totals_a_cart', 'passed', undefined, undefined],
      ['tests/it.rs', 'discounts_a_cart', 'failed', 'tests/it.rs', 8],
      ['doc-tests', 'src/lib.rs - add (line 5)', 'passed', undefined, undefined],
      ['doc-tests', 'src/lib.rs - discount (line 14)', 'failed', 'src/lib.rs', 14],
    ]);
  });

  it('takes the message after the panic line, leaving out captured stdout and the backtrace note', () => {
    expect(byName.get('tests::applies_discount')?.message).toBe(
      'assertion `left == right` failed: discount of 1\n  left: 8\n right: 9',
    );
    expect(byName.get('tests::parses_prices')?.message).toBe(
      'called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }',
    );
    expect(byName.get('discounts_a_cart')?.message).toBe('discounted total');
    expect(byName.get('src/lib.rs - discount (line 14)')?.message).toBe(
      'assertion `left == right` failed\n  left: 8\n right: 9',
    );
    expect(byName.get('tests::adds_many')?.message).toBe('slow');
    expect(byName.get('tests::applies_discount')?.stack?.split('\n')[0]).toBe('discounting 10 by 1');
  });

  it('reads stdout alone, without the target lines that come on stderr', () => {
    const stdout = fixture('cargo-test.txt')
      .split('\n')
      .filter((line) => !CARGO_LINE.test(line));
    const alone = report(stdout);
    expect(alone.error).toBeUndefined();
    expect(alone.tests.map((test) => test.suite)).toEqual([
      ...Array<undefined>(7).fill(undefined),
      'doc-tests',
      'doc-tests',
    ]);
    expect(alone.tests.map((test) => [test.name, test.status, test.file, test.line])).toEqual(
      result.tests.map((test) => [test.name, test.status, test.file, test.line]),
    );
    // A runner that appends stderr after stdout: the targets are matched to the reports in order.
    const stderr = fixture('cargo-test.txt')
      .split('\n')
      .filter((line) => CARGO_LINE.test(line));
    expect(report([...stdout, ...stderr]).tests).toEqual(result.tests);
  });
});

describe('parseCargoTest on compile errors', () => {
  it('gives one failed `build` at the first error, with its primary label, ignoring warnings', () => {
    const result = parseCargoTest(fixture('cargo-test-build-failure.txt'), options);
    expect(result.error).toBeUndefined();
    expect(result.tests.map((test) => [...brief(test), test.message])).toEqual([
      [
        'demo (lib test)',
        'build',
        'failed',
        'src/lib.rs',
        9,
        'error[E0308]: mismatched types\nexpected `i64`, found `usize`',
      ],
    ]);
    expect(result.tests[0]?.stack).toContain('  --> src/lib.rs:13:5');
    expect(result.tests[0]?.stack).not.toContain('unused variable');
  });

  it('fails a build that broke without a location (the linker)', () => {
    const result = report([
      '   Compiling demo v0.1.0 (/home/runner/work/demo/demo)',
      'error: linking with `cc` failed: exit status: 1',
      '  |',
      '  = note: ld: cannot find -lssl',
      '',
      'error: could not compile `demo` (lib test) due to 1 previous error',
    ]);
    expect(result.tests).toEqual([
      {
        name: 'build',
        suite: 'demo (lib test)',
        status: 'failed',
        message: 'error: linking with `cc` failed: exit status: 1',
        stack: 'error: linking with `cc` failed: exit status: 1\n  |\n  = note: ld: cannot find -lssl',
      },
    ]);
  });
});

describe('parseCargoTest reading paths', () => {
  it('reads relative paths from cwd: a crate in a folder of the repository', () => {
    const result = parseCargoTest(fixture('cargo-test.txt'), {
      workspace: WORKSPACE,
      cwd: `${WORKSPACE}/rust`,
    });
    expect(
      result.tests.filter((test) => test.file !== undefined).map((test) => [test.file, test.line]),
    ).toEqual([
      ['rust/src/lib.rs', 33],
      ['rust/src/lib.rs', 38],
      ['rust/tests/it.rs', 8],
      ['rust/src/lib.rs', 14],
    ]);
    const build = parseCargoTest(fixture('cargo-test-build-failure.txt'), {
      workspace: WORKSPACE,
      cwd: `${WORKSPACE}/rust`,
    });
    expect(build.tests[0]?.file).toBe('rust/src/lib.rs');
  });

  it('reads them from the cargo workspace root when cargo ran in a member of it', () => {
    // As cargo 1.95 prints them from crates/a of a workspace: rustc's paths start at the root.
    const lines = [
      '     Running unittests src/lib.rs (target/debug/deps/a-27b4390c1dca5100)',
      '',
      'running 1 test',
      'test fails ... FAILED',
      '',
      'failures:',
      '',
      '---- fails stdout ----',
      '',
      "thread 'fails' (11905) panicked at crates/a/src/lib.rs:7:14:",
      'assertion `left == right` failed',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
      '   Doc-tests a',
      '',
      'running 1 test',
      'test crates/a/src/lib.rs - one (line 1) ... FAILED',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.23s',
    ];
    const member = report(lines, `${WORKSPACE}/crates/a`);
    expect(member.tests.map(brief)).toEqual([
      ['src/lib.rs', 'fails', 'failed', 'crates/a/src/lib.rs', 7],
      ['doc-tests', 'crates/a/src/lib.rs - one (line 1)', 'failed', 'crates/a/src/lib.rs', 1],
    ]);
    expect(report(lines).tests[0]?.file).toBe('crates/a/src/lib.rs');
    expect(report(lines, `${WORKSPACE}/rust`).tests[0]?.file).toBe('rust/crates/a/src/lib.rs');
  });

  it('reads the panic format of Rust before 1.73, on one line or several', () => {
    const result = report([
      'running 2 tests',
      'test tests::adds ... FAILED',
      'test tests::boom ... FAILED',
      '',
      'failures:',
      '',
      '---- tests::adds stdout ----',
      "thread 'tests::adds' panicked at 'assertion failed: `(left == right)`",
      '  left: `3`,',
      " right: `4`: sums', src/lib.rs:10:5",
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
      '',
      '---- tests::boom stdout ----',
      "thread 'tests::boom' panicked at 'boom', src/cart.rs:3:9",
      '',
      '',
      'failures:',
      '    tests::adds',
      '    tests::boom',
      '',
      'test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    ]);
    expect(result.tests.map((test) => [test.name, test.file, test.line, test.message])).toEqual([
      [
        'tests::adds',
        'src/lib.rs',
        10,
        'assertion failed: `(left == right)`\n  left: `3`,\n right: `4`: sums',
      ],
      ['tests::boom', 'src/cart.rs', 3, 'boom'],
    ]);
  });

  it('finds our frame in the backtrace of a panic inside a dependency', () => {
    const result = report([
      'running 1 test',
      'test tests::x ... FAILED',
      '',
      'failures:',
      '',
      '---- tests::x stdout ----',
      "thread 'tests::x' panicked at /home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/dep-1.0.0/src/lib.rs:5:9:",
      'boom',
      'stack backtrace:',
      '   0: rust_begin_unwind',
      '             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5',
      '   1: dep::explode',
      '             at /home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/dep-1.0.0/src/lib.rs:5:9',
      '   2: demo::tests::x',
      '             at ./src/lib.rs:20:9',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    ]);
    expect(result.tests.map(brief)).toEqual([[undefined, 'tests::x', 'failed', 'src/lib.rs', 20]]);
    expect(result.tests[0]?.message).toBe('boom');
  });
});

describe('parseCargoTest on other output', () => {
  it('reads the failures of `cargo test -q`, which prints no test names', () => {
    const result = report([
      'running 3 tests',
      '.F.',
      'failures:',
      '',
      '---- tests::adds stdout ----',
      "thread 'tests::adds' panicked at src/lib.rs:10:5:",
      'no',
      '',
      'failures:',
      '    tests::adds',
      '',
      'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    ]);
    expect(result.tests.map(brief)).toEqual([[undefined, 'tests::adds', 'failed', 'src/lib.rs', 10]]);
  });

  it('strips colours (CARGO_TERM_COLOR=always)', () => {
    const coloured = fixture('cargo-test.txt')
      .replace(/\.\.\. ok$/gm, '... \u001b[32mok\u001b[0m')
      .replace(/\.\.\. FAILED$/gm, '... \u001b[31mFAILED\u001b[0m')
      .replace(/^(\s+)Running /gm, '$1\u001b[1m\u001b[32mRunning\u001b[0m ');
    expect(parseCargoTest(coloured, options)).toEqual(parseCargoTest(fixture('cargo-test.txt'), options));
  });

  it.each([
    ['', 'cargo test printed nothing'],
    [
      'error: could not find `Cargo.toml` in `/tmp` or any parent directory',
      'cargo test printed no test results: error: could not find `Cargo.toml`',
    ],
    [
      'error: no such command: `tset`\n\n\tDid you mean `test`?',
      'cargo test printed no test results: error: no such',
    ],
    ['    Finished `test` profile [unoptimized] target(s) in 0.1s', 'cargo test printed no test results:'],
  ])('reports %j as an error with no tests', (text, prefix) => {
    const result = parseCargoTest(text, options);
    expect(result.tests).toEqual([]);
    expect(result.error?.startsWith(prefix)).toBe(true);
  });

  it('accepts a run of zero tests as an empty, readable report', () => {
    const text =
      'running 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n';
    expect(parseCargoTest(text, options)).toEqual({ tests: [] });
  });

  it('keeps what it read and reports a test binary that crashed or output cut short', () => {
    const text = fixture('cargo-test.txt');
    const result = parseCargoTest(text.slice(0, text.indexOf('test discounts_a_cart')), options);
    expect(result.tests.map((test) => test.name)).toEqual([
      'tests::adds_many',
      'tests::adds',
      'tests::applies_discount',
      'tests::parses_prices',
      'tests::overflows',
      'totals_a_cart',
    ]);
    expect(result.error).toBe('cargo test output ends inside the run of tests/it.rs (crashed or truncated?)');
  });

  it('is not fooled by hostile names and lines', () => {
    const result = report([
      'running 2 tests',
      'test __proto__ ... FAILED',
      `test ${'a'.repeat(100_000)} ... ok`,
      '---- __proto__ stdout ----',
      `thread '__proto__' panicked at '${"', x".repeat(5000)}`,
      "thread 'x' panicked at /etc/passwd:1:1:",
      'test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    ]);
    expect(result.error).toBeUndefined();
    // Lines are read up to 2000 characters: the test with the 100 000-character name is lost.
    expect(result.tests.map((test) => [test.name, test.status, test.file, test.message?.length])).toEqual([
      ['__proto__', 'failed', undefined, 500],
    ]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('never throws, and keeps every field in bounds, on arbitrary or mutated text', () => {
    const sample = fc.constantFrom(fixture('cargo-test.txt'), fixture('cargo-test-build-failure.txt'));
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.lorem({ mode: 'sentences' }),
      sample.chain((text) => fc.nat({ max: text.length }).map((end) => text.slice(0, end))),
      sample.chain((text) =>
        fc
          .tuple(
            fc.nat({ max: text.length }),
            fc.nat({ max: 40 }),
            fc.constantFrom('', "'", '\n', ' ... ', '---- ', ' --> ', 'error: ', 'test result: '),
          )
          .map(([at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove)),
      ),
    );
    fc.assert(
      fc.property(input, (text) => expectWellFormed(parseCargoTest(text, options))),
      { numRuns: 300 },
    );
  });
});

describe('testFailureFindings on cargo test', () => {
  it('anchors each failing test at its panic, a doc test at its block, a build at the error', () => {
    const findings = testFailureFindings(parseCargoTest(fixture('cargo-test.txt'), options), findingOptions);
    expect(findings.map((finding) => [finding.path, finding.line, finding.message])).toEqual([
      [
        'src/lib.rs',
        33,
        'Test failed: src/lib.rs › tests::applies_discount: assertion `left == right` failed: discount of 1 left: 8 right: 9',
      ],
      [
        'src/lib.rs',
        38,
        'Test failed: src/lib.rs › tests::parses_prices: called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }',
      ],
      ['tests/it.rs', 8, 'Test failed: tests/it.rs › discounts_a_cart: discounted total'],
      [
        'src/lib.rs',
        14,
        'Test failed: doc-tests › src/lib.rs - discount (line 14): assertion `left == right` failed left: 8 right: 9',
      ],
    ]);
    const build = testFailureFindings(
      parseCargoTest(fixture('cargo-test-build-failure.txt'), options),
      findingOptions,
    );
    expect(build.map((finding) => [finding.path, finding.line, finding.message])).toEqual([
      [
        'src/lib.rs',
        9,
        'Test failed: demo (lib test) › build: error[E0308]: mismatched types expected `i64`, found `usize`',
      ],
    ]);
  });
});

describe('parseCargoTest on a live cargo test run', () => {
  (missing && !process.env.CI ? it.skip : it)(
    `reads what a real cargo test prints, backtrace included${missing ? ' (skipped: cargo is not installed)' : ''}`,
    () => {
      const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-cargo-')));
      try {
        const crate = path.join(tmp, 'demo');
        mkdirSync(path.join(crate, 'src'), { recursive: true });
        mkdirSync(path.join(crate, 'tests'));
        writeFileSync(
          path.join(crate, 'Cargo.toml'),
          '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
        );
        writeFileSync(path.join(crate, 'src', 'lib.rs'), RUST_LIB);
        writeFileSync(path.join(crate, 'tests', 'it.rs'), RUST_IT);
        // One file for both streams, as `2>&1` gives them.
        const merged = path.join(tmp, 'output.txt');
        const fd = openSync(merged, 'w');
        const run = spawnSync(cargo ?? 'cargo', ['test', '--offline', '--no-fail-fast'], {
          cwd: crate,
          stdio: ['ignore', fd, fd],
          env: {
            ...process.env,
            PATH: `${path.dirname(cargo ?? 'cargo')}${path.delimiter}${process.env.PATH ?? ''}`,
            CARGO_TARGET_DIR: path.join(tmp, 'target'),
            CARGO_TERM_COLOR: 'never',
            RUST_BACKTRACE: '1',
          },
          timeout: 110_000,
        });
        closeSync(fd);
        expect(run.status).toBe(101);
        const result = parseCargoTest(readFileSync(merged, 'utf8'), { workspace: tmp, cwd: crate });
        expect(result.error).toBeUndefined();
        // libtest prints each result as its thread finishes: the order within a target varies.
        const tests = [...result.tests].sort((a, b) =>
          `${a.suite} ${a.name}`.localeCompare(`${b.suite} ${b.name}`),
        );
        expect(tests.map(brief)).toEqual([
          ['doc-tests', 'src/lib.rs - double (line 1)', 'passed', undefined, undefined],
          ['src/lib.rs', 'tests::fails', 'failed', 'demo/src/lib.rs', 13],
          ['src/lib.rs', 'tests::passes', 'passed', undefined, undefined],
          ['tests/it.rs', 'integrates', 'failed', 'demo/tests/it.rs', 3],
        ]);
        expect(tests[1]?.message).toBe('assertion `left == right` failed\n  left: 4\n right: 5');
        expect(tests[1]?.stack).toContain('stack backtrace:');
        const findings = testFailureFindings({ tests }, { ...findingOptions, workspace: tmp, cwd: crate });
        expect(findings.map((finding) => [finding.path, finding.line])).toEqual([
          ['demo/src/lib.rs', 13],
          ['demo/tests/it.rs', 3],
        ]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

const RUST_LIB = `/// \`\`\`
/// assert_eq!(demo::double(2), 4);
/// \`\`\`
pub fn double(n: i32) -> i32 {
    n * 2
}

#[cfg(test)]
mod tests {
    #[test]
    fn passes() {}
    #[test]
    fn fails() { assert_eq!(super::double(2), 5); }
}
`;

const RUST_IT = `#[test]
fn integrates() {
    assert!(demo::double(1) == 3);
}
`;

function expectWellFormed(result: TestReport): void {
  expect(Array.isArray(result.tests)).toBe(true);
  if (result.error !== undefined) {
    expect(result.error).not.toContain('could not be read');
    expect(result.error).not.toMatch(/[\r\n]/);
    expect(result.error.length).toBeLessThanOrEqual(200);
  }
  for (const test of result.tests) {
    expect(['passed', 'failed', 'skipped']).toContain(test.status);
    expect((test.message ?? '').length).toBeLessThanOrEqual(500);
    expect((test.stack ?? '').length).toBeLessThanOrEqual(4000);
    if (test.line !== undefined) expect(Number.isInteger(test.line) && test.line >= 1).toBe(true);
    if (test.file !== undefined) expect(test.file.startsWith('/') || test.file.startsWith('../')).toBe(false);
  }
  for (const finding of testFailureFindings(result, findingOptions)) {
    expect(finding.message.length).toBeLessThanOrEqual(300);
    expect(hasControlCharacters(finding.message)).toBe(false);
  }
}
