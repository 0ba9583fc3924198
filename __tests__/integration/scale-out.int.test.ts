// The matrix scale-out end to end: dist/index.js as three kinds of job, each its own process, with a
// local directory standing in for the artifact service — plan (the matrix list), one execute job per
// shard (results files), and report (merges them and posts once to the fake GitHub).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runAction } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { QUOTE_FIXER } from '../../__fixtures__/quote-fixer.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'shardToken'.repeat(4);
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PR = 11;
const CONFIG = `policy:
  commands: { allow: ['node fix.mjs*', 'node test.mjs'] }
tasks:
  refactor: [{ name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }]
  test: [{ name: unit, run: 'node test.mjs' }]
`;

describe('phase plan → execute × n → report', () => {
  let fake: FakeGitHub;
  let repo: TempRepo;
  let base: string;
  let head: string;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    repo = createTempRepo('kilo-shards-');
    base = repo.commit('base', {
      'package.json': '{ "type": "module" }\n',
      '.github/kilo.yml': CONFIG,
      'fix.mjs': QUOTE_FIXER,
      'test.mjs': "import './src/app.js';\n",
      'src/app.js': "export const a = 'x';\n",
    });
    head = repo.commit('head', {
      'src/app.js': `export const a = 'x';\nexport const greeting = "hello";\nexport const key = '${AWS_KEY}';\n`,
    });
    cleanup.push(repo.dir);
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  /** The PR as the API shows it, on an empty fake. */
  function seedPr() {
    fake.reset();
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
  }
  beforeEach(seedPr);

  async function job(inputs: Record<string, string>, env: Record<string, string> = {}) {
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, ...inputs },
      env: { GITHUB_API_URL: fake.url, ...env },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  it('runs every subtask exactly once across the shards and posts once, as a single job would', async () => {
    const plan = await job({ phase: 'plan', shards: '3' });
    const matrix = JSON.parse(plan.outputs.shards ?? '[]') as string[];
    // Each value carries the plan positions its job runs (`2/3:1,4`): the plan job's split is final.
    expect(matrix.map((value) => value.split(':')[0])).toEqual(['1/3', '2/3', '3/3']);
    expect(matrix.every((value) => /^\d\/3:[\d,-]+$/.test(value))).toBe(true);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    // The artifact service: each execute job uploads its results file, the report job downloads them all.
    const artifacts = mkdtempSync(join(tmpdir(), 'kilo-artifacts-'));
    cleanup.push(artifacts);
    const executed = await Promise.all(matrix.map((shard) => job({ phase: 'execute', shard })));
    for (const run of executed) {
      expect(run.status).toBe(0);
      const file = run.outputs.results ?? '';
      expect(basename(file)).toMatch(/^kilo-results-\d-of-3\.json$/);
      copyFileSync(file, join(artifacts, basename(file)));
    }
    // Each subtask ran in exactly one shard.
    const ran = executed.map((run) => Number(run.outputs.subtasks));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(Number(plan.outputs.subtasks));
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]); // executes post nothing

    const report = await job({ phase: 'report', results: artifacts });
    expect(fake.violations).toEqual([]);
    expect(report.status).toBe(1); // the planted key: fail-on error
    expect(fake.state.reviews).toHaveLength(1);
    expect(fake.state.issueComments).toHaveLength(1);
    const merged = fake.state.checkRuns.map((r) => [r.name, r.conclusion]);
    const suggestion = fake.state.reviewComments.find((c) => c.body.includes('```suggestion'));
    expect(suggestion?.body).toContain('validated');

    // The same PR in one job: the same check runs, findings and suggestions.
    seedPr();
    const single = await job({});
    expect(fake.state.checkRuns.map((r) => [r.name, r.conclusion])).toEqual(merged);
    expect(single.outputs.findings).toBe(report.outputs.findings);
    expect(single.outputs.suggestions).toBe(report.outputs.suggestions);
    for (const text of [report.stdout.replace(`::add-mask::${TOKEN}`, ''), JSON.stringify(fake.requests)])
      expect(text).not.toContain(TOKEN);
  });

  it('refuses to report with a shard missing, or with results of another head, and names the problem', async () => {
    const artifacts = mkdtempSync(join(tmpdir(), 'kilo-artifacts-'));
    cleanup.push(artifacts);
    const first = await job({ phase: 'execute', shard: '1/2' });
    copyFileSync(first.outputs.results ?? '', join(artifacts, basename(first.outputs.results ?? '')));
    const missing = await job({ phase: 'report', results: artifacts });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/::error::Kilo Agent: no shard reported .*did every execute job finish/);

    writeFileSync(
      join(artifacts, 'kilo-results-2-of-2.json'),
      JSON.stringify({ version: 1, shard: '2/2', head: 'f'.repeat(40), plan: 'x', results: [] }),
    );
    const foreign = await job({ phase: 'report', results: artifacts });
    expect(foreign.stdout).toContain('the results of shard 2/2 belong to another run');
    expect(fake.state.reviews).toEqual([]);
    // Our own failure still concludes a check run that says what went wrong.
    expect(fake.state.checkRuns.every((r) => r.status === 'completed')).toBe(true);
  });

  it('refuses a shard that does not match the plan', async () => {
    const run = await job({ phase: 'execute', shard: '2/9' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("input 'shard': 2/9 does not match the plan");
  });

  it('with the results cache: the next run weighs shards by it, and its execute jobs run nothing', async () => {
    // One directory stands in for what actions/cache restores into every job of the next run.
    const cache = { KILO_RESULTS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'kilo-shard-cache-')) };
    cleanup.push(cache.KILO_RESULTS_CACHE_DIR);
    async function scaleOut() {
      const plan = await job({ phase: 'plan', shards: '2' }, cache);
      const matrix = JSON.parse(plan.outputs.shards ?? '[]') as string[];
      const artifacts = mkdtempSync(join(tmpdir(), 'kilo-artifacts-'));
      cleanup.push(artifacts);
      const ran: number[] = [];
      for (const shard of matrix) {
        const run = await job({ phase: 'execute', shard }, cache);
        expect(run.status).toBe(0);
        const trace = readFileSync(run.outputs.trace ?? '', 'utf8');
        const started = trace.match(/"kind":"subtask-start"/g)?.length ?? 0;
        const reused = trace.match(/"kind":"cache","name":"reused"/g)?.length ?? 0;
        ran.push(started / 2 - reused); // a span writes a start and an end event
        copyFileSync(run.outputs.results ?? '', join(artifacts, basename(run.outputs.results ?? '')));
      }
      const report = await job({ phase: 'report', results: artifacts }, cache);
      return { plan, ran, report };
    }
    const first = await scaleOut();
    expect(first.ran.reduce((a, b) => a + b, 0)).toBe(Number(first.plan.outputs.subtasks));
    seedPr();
    const second = await scaleOut();
    expect(second.ran).toEqual(second.ran.map(() => 0));
    const shards = (JSON.parse(second.plan.outputs.plan ?? '{}') as { shards: { cost: number }[] }).shards;
    expect(shards.map((s) => s.cost)).toEqual(shards.map(() => 0)); // all reused: no cost
    expect(second.report.outputs.findings).toBe(first.report.outputs.findings);
    expect(fake.state.issueComments[0]?.body).toMatch(/reused from an earlier run/);
  });
});
