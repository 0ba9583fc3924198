import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findingFingerprint } from '../../../src/findings/fingerprint.js';
import { parseGnu } from '../../../src/findings/parsers/gnu.js';
import type { ParseOptions, ParseResult } from '../../../src/findings/parsers/types.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary, WORKSPACE } from './helpers.js';

/** The files the fixtures were captured on (see __fixtures__/tools/README.md); the real runs rebuild them. */
const PYTHON_FILES = {
  'src/app.py': [
    'import os',
    'import sys',
    '',
    '',
    'def total(items):',
    '    count=0',
    '    for item in items:',
    '        count += item',
    '    return count',
    '',
    '',
    'def main():',
    '    print(undefined_name)',
    '    return sys.argv',
  ],
  'src/broken.py': ['def f(:', '    pass'],
};
const SHELL_FILES = {
  'scripts/deploy.sh': [
    '#!/bin/sh',
    'target=$1',
    'cp $target /tmp/out',
    'cd /srv/app',
    'if [ $target == "prod" ]; then',
    '  echo "deploying"',
    'fi',
  ],
};
const GO_FILES = {
  'go.mod': ['module example.com/demo', '', 'go 1.19'],
  'main.go': [
    'package main',
    '',
    'import "fmt"',
    '',
    'func main() {',
    '\ts := "seven"',
    '\tfmt.Printf("%d items\\n", s)',
    '\tfmt.Println("done", 3, "%s")',
    '}',
  ],
  'cmd/tool/tool.go': [
    'package main',
    '',
    'import (',
    '\t"fmt"',
    '\t"sync"',
    ')',
    '',
    'func show(m sync.Mutex) {',
    '\tfmt.Printf("%v\\n", &m)',
    '}',
    '',
    'func main() {',
    '\tvar m sync.Mutex',
    '\tshow(m)',
    '}',
  ],
  'internal/calc/calc.go': [
    'package calc',
    '',
    'func Sum(xs []int) int {',
    '\ttotal := 0',
    '\tfor _, x := range xs {',
    '\t\ttotal += x',
    '\t}',
    '\treturn totl',
    '}',
  ],
};

// Written from mypy's documented output (docs "Running mypy", "Error codes"), not captured: mypy is
// not installed here. An error with its hint notes on the same line, a note pointing elsewhere, a
// standalone reveal_type note, --show-column-numbers with --show-error-end, and the summary line.
const MYPY_SAMPLE = [
  'src/main.py:1: error: Library stubs not installed for "requests"  [import-untyped]',
  'src/main.py:1: note: Hint: "python3 -m pip install types-requests"',
  'src/main.py:1: note: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports',
  'src/main.py:3: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]',
  'src/main.py:9:5:9:12: error: Unexpected keyword argument "colour" for "paint"  [call-arg]',
  'src/paint.py:4: note: "paint" defined here',
  'src/main.py:12: note: Revealed type is "builtins.int"',
  'Found 3 errors in 1 file (checked 2 source files)',
].join('\n');

// Captured from gcc 12.2.0 (`gcc -fsyntax-only -Wall src/main.c`); the real run below repeats it.
const C_FILES = {
  'src/main.c': [
    '#include <stdio.h>',
    '',
    'static int scale(int x);',
    '',
    'int main(void) {',
    '    int unused;',
    '    printf("%d\\n", "text");',
    '    return scale(2, 3);',
    '}',
  ],
};

describe('parseGnu on real flake8 output', () => {
  const result = parseGnu(fixture('flake8.txt'), options);

  it('reads the leading code as the rule, with syntax errors and undefined names as errors', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['E999', 'error', 'src/broken.py', 1, undefined],
      ['F401', 'warning', 'src/app.py', 1, undefined],
      ['E225', 'warning', 'src/app.py', 6, undefined],
      ['F821', 'error', 'src/app.py', 13, undefined],
    ]);
  });

  it('keeps the message without the code, and the task name as source', () => {
    expect(result.findings.map((f) => f.message)).toEqual([
      'SyntaxError: invalid syntax',
      "'os' imported but unused",
      'missing whitespace around operator',
      "undefined name 'undefined_name'",
    ]);
    expect(new Set(result.findings.map((f) => f.source))).toEqual(new Set(['lint']));
  });

  it('fingerprints with the line content the workspace gives', () => {
    const withContent = parseGnu(fixture('flake8.txt'), {
      ...options,
      lineContent: (file, line) => PYTHON_FILES[file as keyof typeof PYTHON_FILES]?.[line - 1],
    });
    expect(withContent.findings[1]?.fingerprint).toBe(
      findingFingerprint('F401', 'src/app.py', 'import os', 1),
    );
  });

  it('reads paths from the directory the tool ran in', () => {
    const inPackage = parseGnu(fixture('flake8.txt'), { ...options, cwd: `${WORKSPACE}/packages/a` });
    expect(inPackage.findings.map((f) => f.path)).toEqual([
      'packages/a/src/broken.py',
      'packages/a/src/app.py',
      'packages/a/src/app.py',
      'packages/a/src/app.py',
    ]);
  });

  it('reads CRLF and coloured output the same', () => {
    expect(parseGnu(fixture('flake8.txt').replace(/\n/g, '\r\n'), options).findings).toEqual(result.findings);
    const coloured = fixture('flake8.txt').replace(/^([^:]+):/gm, '\u001b[1m$1\u001b[m\u001b[36m:\u001b[m');
    expect(parseGnu(coloured, options).findings).toEqual(result.findings);
  });
});

describe('parseGnu on ruff and pycodestyle output', () => {
  it("drops ruff's [*] fixable marker and reads its codes like flake8's", () => {
    const ruff = [
      'src/a.py:1:8: F401 [*] `os` imported but unused',
      'src/a.py:4:1: PLR0913 Too many arguments in function definition (6 > 5)',
      'src/a.py:7:5: F632 [*] Use `==` to compare constant literals',
      'Found 3 errors.',
      '[*] 2 fixable with the `--fix` option.',
    ].join('\n');
    const result = parseGnu(ruff, options);
    expect(summary(result)).toEqual([
      ['F401', 'warning', 'src/a.py', 1, undefined],
      ['PLR0913', 'warning', 'src/a.py', 4, undefined],
      ['F632', 'error', 'src/a.py', 7, undefined],
    ]);
    expect(result.findings[0]?.message).toBe('`os` imported but unused');
  });

  it('reads pycodestyle and pylint lines, a code followed by a colon included', () => {
    const output = [
      'src/a.py:2:80: E501 line too long (89 > 79 characters)',
      'src/a.py:3:1: W291 trailing whitespace',
      'src/a.py:1:0: C0114: Missing module docstring (missing-module-docstring)',
    ].join('\n');
    expect(parseGnu(output, options).findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      ['E501', 2, 'line too long (89 > 79 characters)'],
      ['W291', 3, 'trailing whitespace'],
      ['C0114', 1, 'Missing module docstring (missing-module-docstring)'],
    ]);
  });
});

describe('parseGnu on mypy output (a sample from its documented format)', () => {
  const result = parseGnu(MYPY_SAMPLE, options);

  it('reads the severity word and the trailing code, and skips the summary', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['import-untyped', 'error', 'src/main.py', 1, undefined],
      ['assignment', 'error', 'src/main.py', 3, undefined],
      ['call-arg', 'error', 'src/main.py', 9, undefined],
      ['lint', 'notice', 'src/main.py', 12, undefined],
    ]);
  });

  it('appends the notes after an error to its message, saying where they point when elsewhere', () => {
    expect(result.findings[0]?.message).toBe(
      [
        'Library stubs not installed for "requests"',
        'note: Hint: "python3 -m pip install types-requests"',
        'note: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports',
      ].join('\n'),
    );
    expect(result.findings[1]?.message).toBe(
      'Incompatible types in assignment (expression has type "str", variable has type "int")',
    );
    expect(result.findings[2]?.message).toBe(
      'Unexpected keyword argument "colour" for "paint"\nnote: src/paint.py:4: "paint" defined here',
    );
  });

  it('makes a note further down the same file a notice of its own (reveal_type)', () => {
    expect(result.findings[3]?.message).toBe('Revealed type is "builtins.int"');
  });

  it('reports a clean run as nothing, without an error', () => {
    expect(parseGnu('Success: no issues found in 3 source files\n', options)).toEqual({ findings: [] });
  });
});

describe('parseGnu on real go vet output', () => {
  const result = parseGnu(fixture('go-vet.txt'), { ...options, source: 'go-vet' });

  it('skips the # package headers and uses the task name as rule, type errors as errors', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['go-vet', 'error', 'internal/calc/calc.go', 8, undefined],
      ['go-vet', 'warning', 'main.go', 7, undefined],
      ['go-vet', 'warning', 'cmd/tool/tool.go', 8, undefined],
      ['go-vet', 'warning', 'cmd/tool/tool.go', 14, undefined],
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'undeclared name: totl',
      'fmt.Printf format %d has arg s of wrong type string',
      'show passes lock by value: sync.Mutex',
      'call of show copies lock value: sync.Mutex',
    ]);
  });
});

describe('parseGnu on real shellcheck -f gcc output', () => {
  const result = parseGnu(fixture('shellcheck-gcc.txt'), options);

  it('reads SC codes, and its notes (info level) as notices of their own', () => {
    expect(summary(result)).toEqual([
      ['SC2086', 'notice', 'scripts/deploy.sh', 3, undefined],
      ['SC2164', 'warning', 'scripts/deploy.sh', 4, undefined],
      ['SC2086', 'notice', 'scripts/deploy.sh', 5, undefined],
      ['SC3014', 'warning', 'scripts/deploy.sh', 5, undefined],
    ]);
    expect(result.findings[1]?.message).toBe("Use 'cd ... || exit' or 'cd ... || return' in case cd fails.");
  });
});

describe('parseGnu on gcc and clang output', () => {
  const GCC = [
    "src/main.c: In function 'main':",
    "src/main.c:7:14: warning: format '%d' expects argument of type 'int', but argument 2 has type 'char *' [-Wformat=]",
    '    7 |     printf("%d\\n", "text");',
    '      |             ~^     ~~~~~~',
    "src/main.c:8:12: error: too many arguments to function 'scale'",
    '    8 |     return scale(2, 3);',
    'src/main.c:3:12: note: declared here',
    "src/main.c:6:9: warning: unused variable 'unused' [-Werror=unused-variable]",
    'src/main.c: At top level:',
    'In file included from src/main.c:1:',
    "src/lib.h:2:1: fatal error: 'missing.h' file not found",
    'cc1: all warnings being treated as errors',
  ].join('\n');

  it('reads -W flags as rules, attaches the note, and skips context lines and excerpts', () => {
    const result = parseGnu(GCC, options);
    expect(summary(result)).toEqual([
      ['-Wformat=', 'warning', 'src/main.c', 7, undefined],
      ['lint', 'error', 'src/main.c', 8, undefined],
      ['-Wunused-variable', 'warning', 'src/main.c', 6, undefined],
      ['lint', 'error', 'src/lib.h', 2, undefined],
    ]);
    expect(result.findings[1]?.message).toBe(
      "too many arguments to function 'scale'\nnote: src/main.c:3: declared here",
    );
  });
});

describe('parseGnu on other output', () => {
  it('returns nothing and no error for empty output or banners only', () => {
    expect(parseGnu('', options)).toEqual({ findings: [] });
    expect(parseGnu('\n  \n', options)).toEqual({ findings: [] });
    expect(
      parseGnu('# example.com/m\nFound 2 errors in 1 file\nok  \texample.com/m\t0.01s\n', options),
    ).toEqual({
      findings: [],
    });
  });

  it('is not fooled by URLs, times, versions and prose with colons', () => {
    const prose = [
      'http://x:80:1: connection refused',
      'https://example.com/a.py:12:3: not a path either',
      '12:30:45: build started',
      'v1.2:3: released',
      'Error in foo.py:12: something bad',
      'note: see docs: https://x',
      'Makefile:12: *** missing separator.  Stop.',
    ].join('\n');
    expect(summary(parseGnu(prose, options))).toEqual([['lint', 'warning', 'Makefile', 12, undefined]]);
  });

  it('drops line 0 and paths outside the workspace', () => {
    const output = [
      'src/a.py:0:1: E902 TokenError',
      '../other/b.py:3:1: F401 unused',
      '/usr/lib/python3/c.py:3:1: F401 unused',
      '/home/runner/work/demo/demo/src/d.py:5:1: F401 unused',
    ].join('\n');
    expect(summary(parseGnu(output, options))).toEqual([['F401', 'warning', 'src/d.py', 5, undefined]]);
  });

  it('reads the GNU line ranges and mypy error ends as end lines', () => {
    const output = [
      'src/g.y:12.5-14.2: error: syntax error',
      'src/g.y:20.3-9: warning: same line, columns only',
      'src/g.y:30-32: warning: lines only',
      'src/a.py:3:1:5:4: error: Multi-line  [misc]',
    ].join('\n');
    expect(summary(parseGnu(output, options))).toEqual([
      ['lint', 'error', 'src/g.y', 12, 14],
      ['lint', 'warning', 'src/g.y', 20, undefined],
      ['lint', 'warning', 'src/g.y', 30, 32],
      ['misc', 'error', 'src/a.py', 3, 5],
    ]);
  });

  it('keeps brackets that are not a code in the message', () => {
    const result = parseGnu(
      'src/a.py:1: error: Index out of range [0]\nsrc/a.py:2: error: Bad value[x]',
      options,
    );
    expect(result.findings.map((f) => [f.rule, f.message])).toEqual([
      ['lint', 'Index out of range [0]'],
      ['lint', 'Bad value[x]'],
    ]);
  });

  it('reads hostile lines in linear time: long runs of spaces, brackets and digits', () => {
    const hostile = [
      `src/a.py:1: x${' '.repeat(200_000)}y`,
      `src/a.py:2: ${'['.repeat(200_000)}`,
      `src/a.py:3: F1${' '.repeat(200_000)}`,
      `${'a'.repeat(200_000)}:${'1'.repeat(200_000)}`,
      `src/a.py:${'9'.repeat(400)}: too large a line`,
    ].join('\n');
    const started = Date.now();
    const result = parseGnu(hostile, options);
    expect(Date.now() - started).toBeLessThan(1_000);
    expectWellFormed(result);
    expect(result.findings.map((f) => f.line)).toEqual([1, 2, 3]);
  });

  it('never throws, on damaged real output and on arbitrary text', () => {
    checkNeverThrows(parseGnu, [fixture('flake8.txt'), fixture('go-vet.txt'), MYPY_SAMPLE].join('\n'));
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseGnu(text, options);
        expectWellFormed(result);
        expect(result.error).toBeUndefined();
      }),
    );
  });
});

/** Whether `program` starts here (`args` must make it exit quickly). */
function toolAvailable(program: string, args: string[] = ['--version']): boolean {
  const run = spawnSync(program, args, { stdio: 'ignore' });
  return run.error === undefined && run.status === 0;
}

// On a developer machine without the tool these skip; in CI (CI=true) they run and fail loudly.
function itWith(tool: string, available: boolean): (name: string, fn: () => void, timeout?: number) => void {
  if (available || process.env.CI) return it;
  return (name, fn, timeout) => it.skip(`${name} [skipped: ${tool} is not installed]`, fn, timeout);
}

describe('parseGnu on the real tools, run now on the fixture files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A temp workspace holding `files` (lines joined with a final newline). */
  function workspace(files: Record<string, string[]>): string {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-gnu-')));
    dirs.push(dir);
    for (const [file, lines] of Object.entries(files)) {
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
    }
    return dir;
  }

  function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
    const [program = '', ...args] = argv;
    const result = spawnSync(program, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    return `${result.stdout}${result.stderr}`;
  }

  /** What a reviewer sees, in a stable order (flake8 and go vet work in parallel). */
  function seen(result: ParseResult): string[] {
    expectWellFormed(result);
    return result.findings.map((f) => JSON.stringify([f.path, f.line, f.rule, f.severity, f.message])).sort();
  }

  const at = (dir: string, extra: Partial<ParseOptions> = {}): ParseOptions => ({
    ...options,
    workspace: dir,
    ...extra,
  });

  itWith('flake8', toolAvailable('flake8'))(
    'flake8: reads what it prints as the fixture, also from a package',
    () => {
      const dir = workspace(PYTHON_FILES);
      expect(seen(parseGnu(run(['flake8', 'src'], dir), at(dir)))).toEqual(
        seen(parseGnu(fixture('flake8.txt'), options)),
      );
      const monorepo = workspace(
        Object.fromEntries(
          Object.entries(PYTHON_FILES).map(([file, lines]) => [`packages/a/${file}`, lines]),
        ),
      );
      const cwd = path.join(monorepo, 'packages/a');
      const inPackage = parseGnu(run(['flake8', 'src'], cwd), at(monorepo, { cwd }));
      expect(inPackage.findings.map((f) => `${f.path}:${f.line}`).sort()).toEqual([
        'packages/a/src/app.py:1',
        'packages/a/src/app.py:13',
        'packages/a/src/app.py:6',
        'packages/a/src/broken.py:1',
      ]);
    },
  );

  itWith('go', toolAvailable('go', ['version']))(
    'go vet: reads its stderr as the fixture, also from a package',
    () => {
      const dir = workspace(GO_FILES);
      const env = {
        ...process.env,
        GOPROXY: 'off',
        GOTOOLCHAIN: 'local',
        GOFLAGS: '',
        GOCACHE: path.join(dir, '.cache/go-build'),
        GOPATH: path.join(dir, '.cache/go'),
      };
      const vet = { ...options, source: 'go-vet' };
      expect(seen(parseGnu(run(['go', 'vet', './...'], dir, env), { ...vet, workspace: dir }))).toEqual(
        seen(parseGnu(fixture('go-vet.txt'), vet)),
      );
      // In the package directory go vet prints `vet: ./calc.go:8:9: …`.
      const cwd = path.join(dir, 'internal/calc');
      const inPackage = parseGnu(run(['go', 'vet', '.'], cwd, env), { ...vet, workspace: dir, cwd });
      expect(summary(inPackage)).toEqual([['go-vet', 'error', 'internal/calc/calc.go', 8, undefined]]);
    },
    // A cold GOCACHE: go vet type-checks fmt and sync from source first.
    120_000,
  );

  itWith('shellcheck', toolAvailable('shellcheck'))(
    'shellcheck -f gcc: reads what it prints as the fixture',
    () => {
      const dir = workspace(SHELL_FILES);
      expect(seen(parseGnu(run(['shellcheck', '-f', 'gcc', 'scripts/deploy.sh'], dir), at(dir)))).toEqual(
        seen(parseGnu(fixture('shellcheck-gcc.txt'), options)),
      );
    },
  );

  itWith('gcc', toolAvailable('gcc'))(
    'gcc: reads its warnings, errors and the note that explains one',
    () => {
      const dir = workspace(C_FILES);
      const output = run(['gcc', '-fsyntax-only', '-Wall', '-fdiagnostics-color=never', 'src/main.c'], dir);
      const result = parseGnu(output, at(dir));
      expect(summary(result)).toEqual([
        ['-Wformat=', 'warning', 'src/main.c', 7, undefined],
        ['lint', 'error', 'src/main.c', 8, undefined],
        ['-Wunused-variable', 'warning', 'src/main.c', 6, undefined],
        ['lint', 'warning', 'src/main.c', 3, undefined],
      ]);
      expect(result.findings[1]?.message).toMatch(
        /^too many arguments to function .scale.\nnote: src\/main\.c:3: declared here$/,
      );
    },
  );
});
