// The bundled CLI (dist/cli.js) and `npm run demo`, run as child processes on real git repositories.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { createTempRepo } from '../../__fixtures__/git.js';

const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
// Child processes put their temp dirs (demo repos, reports) here, so the test leaves nothing behind.
const childTmp = mkdtempSync(join(tmpdir(), 'kilo-cli-tmp-'));
const childEnv = { ...process.env, TMPDIR: childTmp };
const cleanup: string[] = [childTmp];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function cli(args: string[], cwd = process.cwd()) {
  return spawnSync(process.execPath, [resolve('dist/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: childEnv,
  });
}

function demo() {
  return spawnSync(process.execPath, ['examples/demo/run-demo.mjs'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: childEnv,
  });
}

describe('npm run demo', () => {
  it('prints a review that finds the planted secret, conflict markers, lint problems and a suggestion', () => {
    const run = demo();
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Kilo Agent: FAILURE - 5 errors, 1 warning, 1 suggestion');
    expect(out).toMatch(/src\/payments\.js:4\s+error\s+secrets\/aws-access-key-id/);
    expect(out.match(/README\.md:\d+\s+error\s+conflict-marker/g)).toHaveLength(3);
    expect(out).toMatch(/src\/cart\.js:13\s+error\s+eqeqeq/);
    expect(out).toMatch(/src\/cart\.js:14\s+warning\s+no-console/);
    expect(out).toContain("if (code == 'SAVE10') {");
    for (const id of [
      'analyze:secrets',
      'analyze:conflict-markers',
      'analyze:lint',
      'refactor:format',
      'test:unit',
    ]) {
      expect(out).toMatch(new RegExp(`ok\\s+\\d+\\.\\d s\\s+${id}`));
    }
    expect(out).not.toContain(AWS_KEY);
  });

  it('is deterministic apart from the run id and timings', () => {
    // Timings and what is derived from them (the wall-seconds budget used is the elapsed time, rounded up).
    const normalise = (text: string) =>
      text
        .replace(/\d+\.\d s/g, 'T')
        .replace(/wall-seconds +\d+/g, 'wall-seconds N')
        .replace(/Run [0-9a-f-]+/g, 'Run X');
    const first = demo().stdout;
    const second = demo().stdout;
    expect(normalise(second)).toBe(normalise(first));
  });
});

describe('kilo-agent review', () => {
  const repo = createTempRepo('kilo-cli-repo-');
  cleanup.push(repo.dir);
  repo.commit('base', { 'a.js': 'export const a = 1;\n' });
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('topic', { 'a.js': `export const a = 1;\nexport const k = '${AWS_KEY}';\n` });

  it('writes the report, trace and SARIF into --out, prints JSON, and exits 1 on error findings', () => {
    const out = mkdtempSync(join(tmpdir(), 'kilo-cli-out-'));
    cleanup.push(out);
    const run = cli(['review', '--repo', repo.dir, '--base', 'main', '--json', '--out', out]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      conclusion: string;
      findings: Array<{ rule: string; line: number }>;
    };
    expect(report.conclusion).toBe('failure');
    expect(report.findings.map((f) => [f.rule, f.line])).toEqual([['secrets/aws-access-key-id', 2]]);
    for (const name of ['kilo-report.md', 'kilo-trace.jsonl', 'kilo.sarif'])
      expect(existsSync(join(out, name))).toBe(true);
    expect(readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8')).not.toContain(AWS_KEY);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('in a dry run, reports every policy decision and what it would post, and runs no refactor or test', () => {
    const out = mkdtempSync(join(tmpdir(), 'kilo-cli-dry-'));
    cleanup.push(out);
    const run = cli(['review', '--repo', repo.dir, '--base', 'main', '--dry-run', '--json', '--out', out]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      dryRun: boolean;
      decisions: Array<{ rule: string; allow: boolean }>;
      wouldPost: {
        checkRuns: Array<{ name: string }>;
        review: { comments: Array<{ path: string; line: number }> };
      };
    };
    expect(report.dryRun).toBe(true);
    expect(report.decisions.map((d) => d.rule)).toEqual(
      expect.arrayContaining(['gates', 'budgets.subtasks']),
    );
    expect(report.wouldPost.checkRuns.map((c) => c.name)).toEqual(['Kilo Agent / analyze']);
    expect(report.wouldPost.review.comments.map((c) => [c.path, c.line])).toEqual([['a.js', 2]]);
    const markdown = readFileSync(join(out, 'kilo-report.md'), 'utf8');
    expect(markdown).toContain('#### What would be posted');
    expect(markdown).toMatch(/Every policy decision \(\d+\)/);
  });

  it('reviews the whole repository with the empty tree as base, old commits included', () => {
    const whole = createTempRepo('kilo-cli-whole-');
    cleanup.push(whole.dir);
    whole.commit('old', { 'old.js': `export const k = '${AWS_KEY}';\n` });
    whole.commit('new', { 'new.js': 'export const n = 1;\n' });
    const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
    const out = mkdtempSync(join(tmpdir(), 'kilo-cli-whole-out-'));
    cleanup.push(out);
    const all = cli([
      'review',
      '--repo',
      whole.dir,
      '--base',
      emptyTree,
      '--head',
      'HEAD',
      '--json',
      '--fail-on',
      'never',
      // Without --out the reports would go to the current directory: this repository.
      '--out',
      out,
    ]);
    expect(all.status).toBe(0);
    const report = JSON.parse(all.stdout) as {
      findings: Array<{ path: string }>;
      context: { files: number };
    };
    expect(report.findings.map((f) => f.path)).toEqual(['old.js']);
    expect(report.context.files).toBe(2);
    const last = cli([
      'review',
      '--repo',
      whole.dir,
      '--base',
      'HEAD~1',
      '--head',
      'HEAD',
      '--json',
      '--out',
      out,
    ]);
    expect((JSON.parse(last.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('exits 0 with --fail-on never and never writes into the reviewed repository', () => {
    const run = cli(['review', '--base', 'main', '--fail-on', 'never'], repo.dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kilo Agent: NEUTRAL');
    expect(run.stderr).toMatch(/report: \/.*kilo-agent-[^/]+\/kilo-report\.md/);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('');
  });

  it('reviews a head that is not checked out, in a throwaway worktree', () => {
    repo.git('checkout', '--quiet', 'main');
    const run = cli([
      'review',
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--head',
      'topic',
      '--json',
      '--out',
      repo.dir + '-out',
    ]);
    cleanup.push(repo.dir + '-out');
    expect(run.status).toBe(1);
    expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    repo.git('checkout', '--quiet', 'topic');
  });

  it('names a bad ref and exits 2', () => {
    const run = cli(['review', '--repo', repo.dir, '--base', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("kilo-agent: 'nope' is not a commit");
  });

  it('prints usage for an unknown command or option', () => {
    expect(cli(['frobnicate']).status).toBe(2);
    const bad = cli(['review', '--colour']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--colour'");
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('kilo-agent config --print', () => {
  it('shows the detected config with where it came from', () => {
    const repo = createTempRepo('kilo-cli-config-');
    cleanup.push(repo.dir);
    repo.commit('base', {
      'package.json': JSON.stringify({ scripts: { test: 'jest' }, devDependencies: { jest: '^30' } }),
    });
    // Without installed dependencies the test script is skipped, and config --print says how to fix it.
    const bare = cli(['config', '--print', '--repo', repo.dir]);
    expect(bare.stdout).toContain(
      '# javascript: skipped test npm test (package.json script "test"): dependencies are not installed (no node_modules): run `npm install` before this step',
    );
    mkdirSync(join(repo.dir, 'node_modules'));
    const run = cli(['config', '--print', '--repo', repo.dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('# no .github/kilo.yml: zero-config');
    expect(run.stdout).toContain('# javascript: test test: package.json script "test", run with npm');
    expect(run.stdout).toMatch(/test:\n\s+- name: test # detected\n\s+run: npm test # detected\n/);
    expect(run.stdout).toContain('format: exit-code # default');
    expect(run.stdout).toContain('forks: report-only # default');
    expect(parse(run.stdout)).toMatchObject({ tasks: { test: [{ name: 'test', run: 'npm test' }] } });
  });

  it('marks the values written in .github/kilo.yml as file and the rest as default', () => {
    const repo = createTempRepo('kilo-cli-config-file-');
    cleanup.push(repo.dir);
    repo.commit('base', { '.github/kilo.yml': 'policy:\n  concurrency: 4\n' });
    const run = cli(['config', '--print', '--repo', repo.dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('# config from .github/kilo.yml');
    expect(run.stdout).toContain('concurrency: 4 # file');
    expect(run.stdout).toContain('max-files: 3000 # default');
    expect(parse(run.stdout).policy.concurrency).toBe(4);
  });
});
