// `kilo-agent review` without --base, in-process on real git: a clone whose default branch is master
// reviews against origin/master, an empty range says "nothing to review", a repository with no default
// branch gets one actionable line, and the report's repro command runs the CLI script that ran.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';

const SCRIPT = '/opt/kilo-agent/dist/cli.js';
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** main() with stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    const code = await main(args, { script: SCRIPT });
    // Node's own warnings (VM modules under jest) land on the same stream now and then.
    const ours = stderr.join('').replace(/^\(node:\d+\) .*\n|^\(Use `node --trace-warnings.*\n/gm, '');
    return { code, stdout: stdout.join(''), stderr: ours };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A clone of a repository whose default branch is master (main exists there too, one commit behind). */
function masterClone(): { dir: string; commit(message: string, files?: Record<string, string>): string } {
  const origin = createTempRepo('kilo-review-origin-');
  cleanup.push(origin.dir);
  origin.commit('first', { 'a.js': 'export const a = 1;\n' });
  origin.git('checkout', '--quiet', '-b', 'master');
  origin.commit('second', { 'a.js': 'export const a = 2;\n' });
  const dir = join(tempDir('kilo-review-clone-'), 'clone');
  origin.git('clone', '--quiet', origin.dir, dir);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@test.invalid',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@test.invalid',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  return {
    dir,
    commit(message, files = {}) {
      for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
      git('add', '-A');
      git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

describe('kilo-agent review without --base', () => {
  const clone = masterClone();

  it('says there is nothing to review on a fresh clone of master, exits 0, and still writes the reports', async () => {
    const out = tempDir('kilo-review-out-');
    const run = await cli(['review', '--repo', clone.dir, '--out', out]);
    expect(run).toEqual({
      code: 0,
      stdout: 'nothing to review: origin/master and HEAD have no changes\n',
      stderr:
        'base origin/master (origin/HEAD)\n' +
        `report: ${join(out, 'kilo-report.md')}\ntrace:  ${join(out, 'kilo-trace.jsonl')}\n`,
    });
    for (const name of ['kilo-report.md', 'kilo.sarif', 'kilo.rdjson'])
      expect(existsSync(join(out, name))).toBe(true);
    const trace = readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8');
    expect(trace).toContain('"name":"base","attrs":{"ref":"origin/master"');
    expect(trace).toContain('"reason":"origin/HEAD"');
    // Nothing was planned, so nothing ran.
    expect(trace).not.toContain('"kind":"plan"');
    expect(trace).not.toContain('"kind":"subtask-start"');
  });

  it('answers in JSON with --json, with nothing on stderr', async () => {
    const out = tempDir('kilo-review-json-');
    clone.commit('an empty commit changes no file');
    const run = await cli(['review', '--repo', clone.dir, '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      conclusion: 'skipped',
      skipReason: 'nothing to review: origin/master and HEAD have no changes',
      context: { base: { ref: 'origin/master' }, head: { ref: 'HEAD' }, files: 0 },
      findings: [],
    });
  });

  it('reviews the changes since origin/master, and the repro command runs the CLI script that ran', async () => {
    const out = tempDir('kilo-review-changed-');
    const head = clone.commit('change', { 'b.js': 'export const b = 1;\n' });
    const run = await cli(['review', '--repo', clone.dir, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^base origin\/master \(origin\/HEAD\)\n/);
    expect(run.stdout).toContain('Kilo Agent: SUCCESS');
    const report = readFileSync(join(out, 'kilo-report.md'), 'utf8');
    expect(report).toContain('# ran as: --base origin/master --head HEAD\n');
    const base = execFileSync('git', ['rev-parse', 'origin/master'], {
      cwd: clone.dir,
      encoding: 'utf8',
    }).trim();
    expect(report).toContain(`\nnode ${SCRIPT} review --base ${base} --head ${head}\n`);
  });
});

describe('kilo-agent review in a repository with no origin', () => {
  function localRepo(branch: string): TempRepo {
    const repo = createTempRepo('kilo-review-local-');
    cleanup.push(repo.dir);
    repo.commit('first', { 'a.js': 'export const a = 1;\n' });
    repo.git('branch', '--quiet', '-m', 'main', branch);
    return repo;
  }

  it('reviews against the local master, saying why', async () => {
    const repo = localRepo('master');
    repo.git('checkout', '--quiet', '-b', 'topic');
    repo.commit('topic', { 'a.js': 'export const a = 2;\n' });
    const run = await cli(['review', '--repo', repo.dir, '--out', tempDir('kilo-review-local-out-')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^base master \(no origin\/HEAD, origin\/main, origin\/master, main\)\n/);
  });

  it('fails with one line naming what it tried and --base when there is no default branch', async () => {
    const repo = localRepo('trunk');
    const run = await cli(['review', '--repo', repo.dir, '--out', tempDir('kilo-review-none-')]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kilo-agent: no base to review against: none of origin/HEAD, origin/main, origin/master, main, ' +
        `master is a commit in ${realpathSync(repo.dir)}; pass --base REF (e.g. --base HEAD~1)\n`,
    });
  });

  it('says in its usage text where the default base comes from', async () => {
    const run = await cli(['--help']);
    expect(run.stdout).toContain(
      "The base defaults to\n          origin/HEAD (the remote's default branch), else the first of origin/main, origin/master, main,\n          master.",
    );
  });
});
