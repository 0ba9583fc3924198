// `kilo-agent trace` on the trace a real `kilo-agent review` wrote: the bundled CLI (dist/cli.js), twice.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTempRepo } from '../../__fixtures__/git.js';

const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const childTmp = mkdtempSync(join(tmpdir(), 'kilo-trace-cli-tmp-'));
const cleanup: string[] = [childTmp];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function cli(args: string[]) {
  return spawnSync(process.execPath, [resolve('dist/cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TMPDIR: childTmp },
  });
}

describe('kilo-agent trace', () => {
  const repo = createTempRepo('kilo-trace-cli-repo-');
  cleanup.push(repo.dir);
  repo.commit('base', { 'a.js': 'export const a = 1;\n' });
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('topic', {
    'a.js': `export const a = 1;\nexport const k = '${AWS_KEY}';\n`,
    'README.md': '<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n',
  });
  const out = mkdtempSync(join(tmpdir(), 'kilo-trace-cli-out-'));
  cleanup.push(out);
  const review = cli(['review', '--repo', repo.dir, '--base', 'main', '--out', out]);
  const tracePath = join(out, 'kilo-trace.jsonl');

  it('prints with --summary exactly the kilo-report.md the review wrote', () => {
    expect(review.status).toBe(1);
    const run = cli(['trace', tracePath, '--summary']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(out, 'kilo-report.md'), 'utf8'));
    expect(run.stdout).not.toContain(AWS_KEY);
  });

  it('prints the timeline, a blank line, then the summary by default', () => {
    const run = cli(['trace', tracePath]);
    expect(run.status).toBe(0);
    const report = readFileSync(join(out, 'kilo-report.md'), 'utf8');
    expect(run.stdout.endsWith(`\n\n${report}`)).toBe(true);
    const timeline = run.stdout.slice(0, -report.length - 2);
    expect(timeline).toMatch(/^Run [0-9a-f-]{36} {2}started \d{4}-\d\d-\d\dT\S+Z {2}took \d/);
    expect(timeline).toMatch(/\+\d+\.\d{3}s +(\d+ ms|\d+\.\d s) {2}run review {2}ok/);
    expect(timeline).toMatch(/\+\d+\.\d{3}s +(\d+ ms|\d+\.\d s) {4}subtask analyze:secrets {2}ok/);
    expect(timeline).toContain('report failure: 4 findings, 0 suggestions');
  });

  it('fails in one line, with status 2, on a file that is not there', () => {
    const missing = join(out, 'missing.jsonl');
    const run = cli(['trace', missing]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`kilo-agent: cannot read trace ${missing}: no such file\n`);
  });
});
