// Zero-config on repositories laid out like real ones, per ecosystem: dist/cli.js reviews a PR-like
// commit with a planted defect, and the ecosystem's own tool must report it on its line; then the same
// repositories on a machine without the tools: every tool skipped with its fix, never a red review.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GO_BASE,
  GO_HEAD,
  JS_BASE,
  JS_HEAD,
  JS_TOOLS,
  PY_BASE,
  PY_HEAD,
  RUST_BASE,
  RUST_HEAD,
  SHELL_BASE,
  SHELL_HEAD,
} from '../../__fixtures__/ecosystem-prs.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';

const ROOT = path.resolve('.');
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const childTmp = mkdtempSync(path.join(tmpdir(), 'kilo-eco-tmp-'));
cleanup.push(childTmp);

interface Report {
  conclusion: string;
  findings: Array<{
    rule: string;
    path: string;
    line: number;
    severity: string;
    message: string;
    source: string;
  }>;
  suggestions: Array<{ path: string; startLine: number; source: string }>;
  results: Array<{ id: string; status: string; reason?: string }>;
  reviewed?: {
    ecosystems?: Array<{
      ecosystem: string;
      tools: string[];
      skipped: Array<{ tool: string; reason: string }>;
    }>;
  };
}

function review(repo: TempRepo, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const out = mkdtempSync(path.join(tmpdir(), 'kilo-eco-out-'));
  cleanup.push(out);
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/cli.js'),
      'review',
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--json',
      '--out',
      out,
      ...extra,
    ],
    { encoding: 'utf8', timeout: 240_000, env: { ...process.env, TMPDIR: childTmp, ...env } },
  );
  if (run.stdout.trim() === '') throw new Error(`no report (exit ${run.status}): ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

/** A PR-like repository: `base` on main, `head` on a topic branch, checked out. */
function prRepo(prefix: string, base: Record<string, string>, head: Record<string, string>): TempRepo {
  const repo = createTempRepo(prefix);
  cleanup.push(repo.dir);
  repo.commit('base', base);
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('head', head);
  return repo;
}

/** node_modules/.bin links to this repository's own installed tools, as a package manager makes them. */
function linkTools(repo: TempRepo, tools: Record<string, string>): void {
  const bin = path.join(repo.dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  for (const [name, target] of Object.entries(tools))
    symlinkSync(path.join(ROOT, 'node_modules', target), path.join(bin, name));
}

const byRule = (report: Report) => report.findings.map((f) => `${f.source} ${f.path}:${f.line} ${f.rule}`);

describe('zero-config on a pnpm TypeScript library', () => {
  it('reports tsc, eslint and the failing test on their lines, with a prettier suggestion', () => {
    const repo = prRepo('kilo-eco-js-', JS_BASE, JS_HEAD);
    linkTools(repo, JS_TOOLS);
    const { status, report } = review(repo);
    expect(byRule(report)).toEqual(
      expect.arrayContaining([
        'eslint src/flags.js:3 eqeqeq',
        'tsc src/sum.ts:4 TS2322',
        expect.stringMatching(/^test test\/flags\.test\.js:\d+ /),
      ]),
    );
    expect(report.findings.find((f) => f.source === 'test')?.message).toContain('off');
    expect(report.suggestions).toEqual([
      expect.objectContaining({ path: 'src/flags.js', startLine: 5, source: 'prettier' }),
    ]);
    expect(status).toBe(1);
    // Nothing ran through npx, and the checkout is as it was.
    expect(JSON.stringify(report)).not.toContain('npx');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('without node_modules and pnpm: every tool skipped with the install step, never red', () => {
    const repo = prRepo('kilo-eco-js-bare-', JS_BASE, JS_HEAD);
    const bare = pathWithOnly(['node', 'git']);
    const npmCache = mkdtempSync(path.join(tmpdir(), 'kilo-eco-npm-cache-'));
    cleanup.push(npmCache);
    const { status, report } = review(repo, { PATH: bare, npm_config_cache: npmCache }, [
      '--fail-on',
      'never',
    ]);
    expect(status).toBe(0);
    expect(report.conclusion).not.toBe('failure');
    const js = report.reviewed?.ecosystems?.find((e) => e.ecosystem === 'javascript');
    expect(js?.tools).toEqual([]);
    expect(js?.skipped.map((s) => s.tool)).toEqual(['eslint', 'tsc', 'prettier', 'node --test']);
    expect(js?.skipped[0]?.reason).toBe(
      'dependencies are not installed (no node_modules): run `pnpm install --frozen-lockfile` before this step',
    );
    // No download: the npm cache is still empty, and nothing but the built-ins ran.
    expect(readdirSync(npmCache)).toEqual([]);
    expect(report.results.every((r) => r.id.startsWith('analyze:') && !r.id.includes('eslint'))).toBe(true);
  });
});

/** Each ecosystem's tool, as the machine has it: the test fails in CI when it is missing there. */
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
function needs(...programs: string[]) {
  const missing = programs.filter((program) => !has(program));
  if (missing.length === 0 || process.env.CI) return it;
  // Only on a developer machine: CI installs every tool (.ci/run) and fails instead.
  return (name: string, fn: () => void) =>
    it.skip(`${name} [skipped: ${missing.join(', ')} not installed]`, fn);
}

describe('zero-config on Python, Go, Rust and shell repositories', () => {
  needs('python3', 'flake8')('python: flake8 on the added import, pytest names the failing test', () => {
    const { report } = review(prRepo('kilo-eco-py-', PY_BASE, PY_HEAD));
    expect(byRule(report)).toEqual([
      'pytest tests/test_cart.py:9 test-failure',
      'flake8 shop/cart.py:1 F401',
    ]);
    expect(report.findings[0]?.message).toContain('test_discount');
  });

  needs('go', 'gofmt')('go: go vet on its line, the failing test named, gofmt as a suggestion', () => {
    const { report } = review(prRepo('kilo-eco-go-', GO_BASE, GO_HEAD), {
      GOCACHE: path.join(childTmp, 'gocache'),
    });
    expect(byRule(report)).toEqual(['go-test calc_test.go:13 test-failure', 'go-vet calc.go:10 go-vet']);
    expect(report.findings[0]?.message).toContain('TestSub');
    expect(report.suggestions).toEqual([
      expect.objectContaining({ path: 'calc.go', startLine: 14, source: 'gofmt' }),
    ]);
  });

  needs(
    'cargo',
    'cargo-clippy',
    'rustfmt',
  )('rust: clippy with its span, the failing test named, rustfmt as a suggestion', () => {
    const repo = prRepo('kilo-eco-rs-', RUST_BASE, RUST_HEAD);
    const { report } = review(repo, { CARGO_TARGET_DIR: path.join(childTmp, 'cargo-target') });
    expect(byRule(report)).toEqual([
      'cargo-test src/lib.rs:22 test-failure',
      'clippy src/lib.rs:6 clippy::needless_return',
    ]);
    expect(report.findings[0]?.message).toContain('tests::subs');
    expect(report.suggestions).toEqual([
      expect.objectContaining({ path: 'src/lib.rs', startLine: 9, source: 'rustfmt' }),
    ]);
  });

  needs('shellcheck')('shell: shellcheck on the touched script', () => {
    const { report } = review(prRepo('kilo-eco-sh-', SHELL_BASE, SHELL_HEAD));
    expect(byRule(report)).toEqual(['shellcheck scripts/deploy.sh:4 SC2086']);
  });

  it('without any of their tools: each skipped with its fix, the bundled Ruff lints the Python, exit 0', () => {
    const repo = prRepo(
      'kilo-eco-bare-',
      {
        ...PY_BASE,
        ...GO_BASE,
        'rs/Cargo.toml': RUST_BASE['Cargo.toml'],
        'rs/src/lib.rs': RUST_BASE['src/lib.rs'],
        ...SHELL_BASE,
      },
      { ...PY_HEAD, ...GO_HEAD, 'rs/src/lib.rs': RUST_HEAD['src/lib.rs'], ...SHELL_HEAD },
    );
    const { status, report } = review(repo, { PATH: pathWithOnly(['node', 'git']) });
    expect(status).toBe(0);
    expect(report.conclusion).toBe('success');
    const coverage = Object.fromEntries((report.reviewed?.ecosystems ?? []).map((e) => [e.ecosystem, e]));
    expect(coverage.python?.tools).toEqual([
      expect.stringMatching(/^analyze ruff \(bundled Ruff \d+\.\d+\.\d+, WebAssembly\)$/),
    ]);
    expect(byRule(report)).toContain('ruff shop/cart.py:1 F401');
    expect(coverage.python?.skipped.map((s) => s.reason)).toContain(
      'pytest is not installed: add `pip install pytest` (or your requirements) after actions/setup-python',
    );
    expect(coverage.go?.tools).toEqual([]);
    expect(coverage.go?.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('add `actions/setup-go` before this step')]),
    );
    expect(coverage.rust?.tools).toEqual([]);
    expect(coverage.rust?.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('dtolnay/rust-toolchain')]),
    );
    expect(coverage.shell?.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining('shellcheck is not installed'),
    ]);
  });
});

/** A directory holding links to only these programs, to stand for a runner that has nothing else. */
function pathWithOnly(programs: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kilo-eco-path-'));
  cleanup.push(dir);
  for (const program of programs) {
    const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim();
    if (found !== '' && existsSync(found)) symlinkSync(found, path.join(dir, program));
  }
  return dir;
}
