import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findingFingerprint } from '../../../src/findings/fingerprint.js';
import { parseClippyJson } from '../../../src/findings/parsers/clippy-json.js';
import type { ParseResult } from '../../../src/findings/parsers/types.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary, WORKSPACE } from './helpers.js';

const SAMPLE = fixture('clippy.jsonl');

/** The crate the fixture was captured on (see __fixtures__/tools/README.md); the real run rebuilds it. */
const CRATE = {
  'Cargo.toml': ['[package]', 'name = "demo"', 'version = "0.1.0"', 'edition = "2021"', '', '[dependencies]'],
  'src/lib.rs': [
    'pub fn double(x: i32) -> i32 {',
    '    return x * 2;',
    '}',
    '',
    'pub fn answer() -> i32 {',
    '    let count = 3;',
    '    42',
    '}',
    '',
    'pub fn sign(a: i32, b: bool) -> i32 {',
    '    if a > 0 {',
    '        if b {',
    '            return 1;',
    '        }',
    '    }',
    '    0',
    '}',
    '',
    '#[cfg(test)]',
    'mod tests {',
    '    #[test]',
    '    fn doubles() {',
    '        assert_eq!(super::double(2), 4);',
    '    }',
    '}',
  ],
  'src/main.rs': [
    'fn main() {',
    '    let ratio = demo::double(2) as f64;',
    '    if ratio == ratio {',
    '        println!("{}", demo::answer());',
    '    }',
    '}',
  ],
  'src/bin/report.rs': ['fn main() {', '    let total: u32 = "12";', '    println!("{}", total);', '}'],
};
const CLIPPY = ['cargo', 'clippy', '--offline', '--keep-going', '--all-targets', '--message-format=json'];

const EXPECTED_SUMMARY = [
  ['unused_variables', 'warning', 'src/lib.rs', 6, undefined],
  ['clippy::needless_return', 'warning', 'src/lib.rs', 2, undefined],
  ['clippy::collapsible_if', 'warning', 'src/lib.rs', 11, 15],
  ['clippy::eq_op', 'error', 'src/main.rs', 3, undefined],
  ['E0308', 'error', 'src/bin/report.rs', 2, undefined],
];

/** A compiler-message line as cargo prints it, with only the fields the parser reads. */
function compilerMessage(message: Record<string, unknown>, manifest?: string): string {
  const base = { level: 'warning', message: 'unused variable: `x`', code: null, children: [], spans: [] };
  return JSON.stringify({
    reason: 'compiler-message',
    ...(manifest === undefined ? {} : { manifest_path: manifest }),
    message: { ...base, ...message },
  });
}

function span(fileName: string, line: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    file_name: fileName,
    line_start: line,
    line_end: line,
    is_primary: true,
    label: null,
    expansion: null,
    ...extra,
  };
}

describe('parseClippyJson on real cargo clippy --message-format=json output', () => {
  const result = parseClippyJson(SAMPLE, options);

  it('returns each message once (lib and lib test repeat them), with codes as rules', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual(EXPECTED_SUMMARY);
  });

  it("keeps rustc's message with the primary span's label and the first help that is not a link", () => {
    expect(result.findings.map((f) => f.message)).toEqual([
      'unused variable: `count`\nhelp: if this is intentional, prefix it with an underscore',
      'unneeded `return` statement\nhelp: remove `return`',
      'this `if` statement can be collapsed\nhelp: collapse nested if block',
      'equal expressions as operands to `==`',
      'mismatched types: expected `u32`, found `&str`',
    ]);
    expect(new Set(result.findings.map((f) => f.source))).toEqual(new Set(['lint']));
  });

  it('fingerprints with the line content the workspace gives', () => {
    const withContent = parseClippyJson(SAMPLE, {
      ...options,
      lineContent: (file, line) => CRATE[file as keyof typeof CRATE]?.[line - 1],
    });
    expect(withContent.findings[1]?.fingerprint).toBe(
      findingFingerprint('clippy::needless_return', 'src/lib.rs', '    return x * 2;', 2),
    );
  });

  it('reads CRLF output the same', () => {
    expect(parseClippyJson(SAMPLE.replace(/\n/g, '\r\n'), options).findings).toEqual(result.findings);
  });
});

describe('parseClippyJson paths', () => {
  const inPackage = (text: string) => text.replaceAll(`${WORKSPACE}/`, `${WORKSPACE}/packages/a/`);

  it('reads relative file names from where cargo ran: a crate in packages/a', () => {
    const result = parseClippyJson(inPackage(SAMPLE), { ...options, cwd: `${WORKSPACE}/packages/a` });
    expect(result.findings.map((f) => f.path)).toEqual([
      'packages/a/src/lib.rs',
      'packages/a/src/lib.rs',
      'packages/a/src/lib.rs',
      'packages/a/src/main.rs',
      'packages/a/src/bin/report.rs',
    ]);
  });

  it('reads them from the crate its manifest names, also when cargo ran elsewhere', () => {
    // `cargo clippy --manifest-path packages/a/Cargo.toml` from the workspace root.
    const result = parseClippyJson(inPackage(SAMPLE), options);
    expect(result.findings[0]?.path).toBe('packages/a/src/lib.rs');
  });

  it('reads them from the cargo workspace root when cargo ran in a member (it prints from the root)', () => {
    const output = compilerMessage(
      { spans: [span('crates/core/src/lib.rs', 2)] },
      `${WORKSPACE}/crates/core/Cargo.toml`,
    );
    const inMember = parseClippyJson(output, { ...options, cwd: `${WORKSPACE}/crates/core` });
    expect(summary(inMember)).toEqual([['rustc', 'warning', 'crates/core/src/lib.rs', 2, undefined]]);
  });

  it('reads them from where cargo ran when the manifest path is not in the workspace (a container)', () => {
    const output = compilerMessage({ spans: [span('src/lib.rs', 2)] }, '/src/Cargo.toml');
    const result = parseClippyJson(output, { ...options, cwd: `${WORKSPACE}/rust` });
    expect(result.findings.map((f) => f.path)).toEqual(['rust/src/lib.rs']);
  });

  it('drops spans in the registry, in rustlib and above the workspace', () => {
    const output = [
      compilerMessage({
        spans: [
          span(
            '/home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.197/src/de/mod.rs',
            9,
          ),
        ],
      }),
      compilerMessage({ spans: [span('/rustc/0a1b2c3d/library/core/src/fmt/mod.rs', 400)] }),
      compilerMessage({ spans: [span('../vendored/src/lib.rs', 3)] }),
    ].join('\n');
    expect(parseClippyJson(output, options)).toEqual({ findings: [] });
  });

  it('places a message from a macro defined outside at the call site in the workspace', () => {
    const callSite = span('src/main.rs', 4, { is_primary: false });
    const inMacro = span('/rustc/0a1b2c3d/library/std/src/macros.rs', 143, {
      expansion: {
        span: span('/rustc/0a1b2c3d/library/core/src/macros/mod.rs', 9, { expansion: { span: callSite } }),
      },
    });
    const output = compilerMessage({ level: 'error', message: 'format error', spans: [inMacro] });
    expect(summary(parseClippyJson(output, options))).toEqual([
      ['rustc', 'error', 'src/main.rs', 4, undefined],
    ]);
  });
});

describe('parseClippyJson on other output', () => {
  it('skips failure notes, summaries without spans, and maps note and help to notices', () => {
    const output = [
      compilerMessage({
        level: 'failure-note',
        message: 'For more information about this error, try `rustc --explain E0308`.',
      }),
      compilerMessage({ level: 'warning', message: '2 warnings emitted' }),
      compilerMessage({ level: 'note', message: 'a note', spans: [span('src/lib.rs', 1)] }),
      compilerMessage({
        level: 'help',
        message: 'a help',
        spans: [span('src/lib.rs', 2, { is_primary: false }), span('src/lib.rs', 3)],
      }),
      compilerMessage({
        level: 'error: internal compiler error',
        message: 'ICE',
        spans: [span('src/lib.rs', 4)],
      }),
      compilerMessage({ level: 'weird', message: 'unknown level', spans: [span('src/lib.rs', 5)] }),
      compilerMessage({ code: { code: '' }, spans: [span('src/lib.rs', 6, { line_start: 0 })] }),
    ].join('\n');
    expect(summary(parseClippyJson(output, options))).toEqual([
      ['rustc', 'notice', 'src/lib.rs', 1, undefined],
      ['rustc', 'notice', 'src/lib.rs', 3, undefined],
      ['rustc', 'error', 'src/lib.rs', 4, undefined],
    ]);
  });

  it('keeps two messages on one line that differ', () => {
    const output = [
      compilerMessage({
        code: { code: 'unused_variables' },
        message: 'unused variable: `a`',
        spans: [span('src/lib.rs', 1)],
      }),
      compilerMessage({
        code: { code: 'unused_variables' },
        message: 'unused variable: `b`',
        spans: [span('src/lib.rs', 1)],
      }),
    ].join('\n');
    expect(parseClippyJson(output, options).findings.map((f) => f.message)).toEqual([
      'unused variable: `a`',
      'unused variable: `b`',
    ]);
  });

  it('returns nothing and no error for empty output, or only artifacts and build-finished', () => {
    expect(parseClippyJson('', options)).toEqual({ findings: [] });
    expect(parseClippyJson('{"reason":"build-finished","success":true}\n', options)).toEqual({
      findings: [],
    });
  });

  it('says so, quoting the first line, when cargo printed no JSON', () => {
    expect(
      parseClippyJson('\n   Compiling demo v0.1.0 (/work)\nerror: could not compile\n', options),
    ).toEqual({
      findings: [],
      error: 'cargo printed no JSON messages (Compiling demo v0.1.0 (/work))',
    });
    expect(parseClippyJson('[1, 2]\n"text"\n{not json', options).error).toBe(
      'cargo printed no JSON messages ([1, 2])',
    );
  });

  it('keeps what it read from damaged output and names the first damaged line', () => {
    const lines = SAMPLE.split('\n');
    const cut = [
      lines[0],
      (lines[2] ?? '').slice(0, 80),
      lines[1],
      '{"reason":"compiler-message","message":{}}',
    ];
    const result = parseClippyJson(cut.join('\n'), options);
    expect(summary(result)).toEqual([
      ['unused_variables', 'warning', 'src/lib.rs', 6, undefined],
      EXPECTED_SUMMARY[1],
    ]);
    expect(result.error).toMatch(
      /^cargo printed a line that is not JSON \(line 2\): \{"reason":"compiler-message"/,
    );
    expect(parseClippyJson(`${lines[0]}\n${cut[3]}`, options).error).toBe(
      'cargo printed a compiler-message of an unexpected shape (line 2): message.level: Invalid input: expected string, received undefined',
    );
  });

  it('stops following macro expansions after a bounded depth', () => {
    // Built as text: JSON.stringify itself overflows the stack on 100,000 levels; JSON.parse does not.
    const outside = JSON.stringify(span('/rustc/x/lib.rs', 1)).replace(
      /"expansion":null\}$/,
      '"expansion":{"span":',
    );
    const inside = JSON.stringify(span('src/lib.rs', 1, { is_primary: false }));
    const depth = 100_000;
    const nested = `${outside.repeat(depth)}${inside}${'}}'.repeat(depth)}`;
    const output = compilerMessage({ spans: [] }).replace('"spans":[]', `"spans":[${nested}]`);
    const result = parseClippyJson(output, options);
    expectWellFormed(result);
    expect(result).toEqual({ findings: [] });
  });

  it('never throws, on damaged real output and on arbitrary text', () => {
    checkNeverThrows(parseClippyJson, SAMPLE);
    fc.assert(fc.property(fc.string(), (text) => expectWellFormed(parseClippyJson(text, options))));
    const anyMessage = fc.record({ reason: fc.constant('compiler-message'), message: fc.anything() });
    fc.assert(
      fc.property(anyMessage, (json) => expectWellFormed(parseClippyJson(JSON.stringify(json), options))),
    );
  });
});

/** Whether `cargo clippy` runs here. */
function clippyAvailable(): boolean {
  const run = spawnSync('cargo', ['clippy', '--version'], { stdio: 'ignore' });
  return run.error === undefined && run.status === 0;
}

// On a developer machine without clippy this skips; in CI (CI=true) it runs and fails loudly.
const itWithClippy: (name: string, fn: () => void, timeout?: number) => void =
  clippyAvailable() || process.env.CI
    ? it
    : (name, fn, timeout) => it.skip(`${name} [skipped: cargo clippy is not installed]`, fn, timeout);

describe('parseClippyJson on cargo clippy, run now on the fixture crate', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function workspace(files: Record<string, string[]>): string {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-clippy-')));
    dirs.push(dir);
    for (const [file, lines] of Object.entries(files)) {
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
    }
    return dir;
  }

  function cargo(cwd: string): string {
    const [program = '', ...args] = CLIPPY;
    const run = spawnSync(program, args, { cwd, encoding: 'utf8', timeout: 300_000 });
    if (run.error) throw run.error;
    return run.stdout;
  }

  const seen = (result: ParseResult) => {
    expectWellFormed(result);
    // cargo builds targets in parallel: the order of their messages varies from run to run.
    return result.findings
      .map((f) => JSON.stringify([f.rule, f.severity, f.path, f.line, f.endLine, f.message]))
      .sort();
  };

  itWithClippy(
    'reads its stdout as the fixture',
    () => {
      const dir = workspace(CRATE);
      const stdout = cargo(dir);
      expect(stdout).toContain('"reason":"build-finished"');
      expect(seen(parseClippyJson(stdout, { ...options, workspace: dir }))).toEqual(
        seen(parseClippyJson(SAMPLE, options)),
      );
    },
    300_000,
  );

  itWithClippy(
    'places findings of a cargo workspace member run in its own directory',
    () => {
      const member = Object.fromEntries(
        Object.entries(CRATE).map(([file, lines]) => [`crates/demo/${file}`, lines]),
      );
      const dir = workspace({
        ...member,
        'Cargo.toml': ['[workspace]', 'members = ["crates/demo"]', 'resolver = "2"'],
      });
      const cwd = path.join(dir, 'crates/demo');
      const result = parseClippyJson(cargo(cwd), { ...options, workspace: dir, cwd });
      // cargo prints `crates/demo/src/lib.rs`, from the cargo workspace root, though it ran in the member.
      expect(cargo(cwd)).toContain('"file_name":"crates/demo/src/lib.rs"');
      const fixtureInMember = parseClippyJson(SAMPLE, options).findings.map((f) => ({
        ...f,
        path: `crates/demo/${f.path}`,
      }));
      expect(seen(result)).toEqual(seen({ findings: fixtureInMember }));
    },
    300_000,
  );
});
