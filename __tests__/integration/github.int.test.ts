// The bundled action against a loopback fake GitHub whose every request is validated against the
// official OpenAPI description: first run, rerun, moved head, read-only token, 5xx and rate limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { QUOTE_FIXER } from '../../__fixtures__/quote-fixer.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'fakeToken'.repeat(4);
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PR = 7;
const CONFIG = `policy:
  commands: { allow: ['node fix.mjs*'] }
tasks:
  refactor: [{ name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }]
`;

interface Scenario {
  repo: TempRepo;
  base: string;
  head: string;
}

function makeRepo(withSecret: boolean): Scenario {
  const repo = createTempRepo('kilo-gh-');
  const base = repo.commit('base', {
    '.github/kilo.yml': CONFIG,
    'fix.mjs': QUOTE_FIXER,
    'src/app.js': "export const a = 'x';\n",
  });
  const head = repo.commit('head', {
    'src/app.js': `export const a = 'x';\nexport const greeting = "hello";\n${withSecret ? `export const key = '${AWS_KEY}';\n` : ''}`,
    'src/more.js': 'export const b = 2;\n',
  });
  return { repo, base, head };
}

describe('dist/index.js against the fake GitHub API', () => {
  let fake: FakeGitHub;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(() => fake.reset());

  async function review(
    scenario: Scenario,
    options: { fork?: boolean; inputs?: Record<string, string> } = {},
  ) {
    const { repo, base, head } = scenario;
    if (!fake.state.pulls.some((p) => p.number === PR)) {
      fake.addPullRequest({
        number: PR,
        baseSha: base,
        headSha: head,
        headRepoFullName: options.fork ? 'someone/shop' : undefined,
        files: prFilesFromGit(repo.dir, base, head),
      });
    }
    const payload = pullRequestPayloadIn('octo/shop', PR, {
      baseSha: base,
      headSha: head,
      fork: options.fork,
    });
    const run = await runAction({
      eventName: 'pull_request',
      payload,
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, ...options.inputs },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  function expectNoLeaks(run: ActionRun) {
    const bodies = JSON.stringify(fake.requests.map((r) => r.body));
    for (const text of [bodies, run.summary, run.stdout.replace(`::add-mask::${TOKEN}`, ''), run.stderr]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(AWS_KEY);
    }
  }

  it('first run: check runs completed, one review with suggestions on diff lines, one sticky comment', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    // As actions/checkout leaves it without `persist-credentials: false`.
    scenario.repo.git(
      'config',
      '--local',
      'http.https://github.com/.extraheader',
      'AUTHORIZATION: basic eA==',
    );
    const run = await review(scenario);
    expect(run.stdout).toContain("::warning::the checkout keeps the job's token in .git/config");

    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(1); // the planted key is an error finding; fail-on: error
    const runs = fake.state.checkRuns;
    expect(runs.map((r) => [r.name, r.status, r.conclusion, r.head_sha])).toEqual([
      ['Kilo Agent / analyze', 'completed', 'failure', scenario.head],
      ['Kilo Agent / refactor', 'completed', 'success', scenario.head],
    ]);
    expect(runs[0]?.output.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['src/app.js', 3, 'failure'],
    ]);
    expect(fake.state.reviews).toHaveLength(1);
    const comments = fake.state.reviewComments;
    expect(comments.map((c) => [c.path, c.line, c.side])).toEqual(
      expect.arrayContaining([
        ['src/app.js', 2, 'RIGHT'],
        ['src/app.js', 3, 'RIGHT'],
      ]),
    );
    const suggestion = comments.find((c) => c.body.includes('```suggestion'));
    expect(suggestion?.body).toContain("export const greeting = 'hello';");
    expect(suggestion?.body).toMatch(/<!-- kilo-agent:fp=[0-9a-f]+ -->/);
    expect(fake.state.issueComments).toHaveLength(1);
    expect(fake.state.issueComments[0]?.body.startsWith('<!-- kilo-agent:summary -->')).toBe(true);
    expect(run.outputs.conclusion).toBe('failure');
    // The request budget (issue 22, DESIGN §6): a quick run creates each check run once, completed.
    expect(fake.requests.map((r) => r.route)).toEqual([
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      // The head re-read, before the report: its comment counts (0) say there is no history to read.
      'GET /repos/{owner}/{repo}/pulls/{pull_number}',
      'POST /repos/{owner}/{repo}/check-runs',
      'POST /repos/{owner}/{repo}/check-runs',
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expectNoLeaks(run);
  });

  it('rerun: posts no duplicate comment and edits the sticky comment in place', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    await review(scenario);
    const before = { comments: fake.state.reviewComments.length, reviews: fake.state.reviews.length };
    const firstSticky = fake.state.issueComments[0]?.body;
    const requestsBefore = fake.requests.length;

    const run = await review(scenario);
    expect(fake.violations).toEqual([]);
    // Issue 22's budget for an unchanged rerun: at most 9 requests (the demo's 3 kinds); this PR has 2.
    expect(fake.requests.length - requestsBefore).toBeLessThanOrEqual(8);
    expect(fake.state.reviewComments).toHaveLength(before.comments);
    expect(fake.state.reviews).toHaveLength(before.reviews);
    expect(fake.state.issueComments).toHaveLength(1);
    expect(fake.state.issueComments[0]?.body).not.toBe(firstSticky); // new run id: edited, not re-posted
    expect(run.summary).toContain('already posted by an earlier run');
  });

  it('head moved during the run: completes its check runs, posts no new review or comment, and says so', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    fake.addPullRequest({
      number: PR,
      baseSha: scenario.base,
      headSha: scenario.head,
      files: prFilesFromGit(scenario.repo.dir, scenario.base, scenario.head),
    });
    fake.moveHeadAfter(PR, 'c'.repeat(40), 0);
    const run = await review(scenario);
    expect(fake.violations).toEqual([]);
    expect(fake.state.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.issueComments).toEqual([]);
    expect(run.summary).toContain('the PR head moved to ccccccc during the run');
  });

  it('read-only token: every write refused, report in the job summary, job status from findings only', async () => {
    const scenario = makeRepo(false);
    cleanup.push(scenario.repo.dir);
    fake.setReadOnly(true);
    const run = await review(scenario, { inputs: { 'fail-on': 'error' } });
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs.conclusion).toBe('success');
    expect(fake.state.checkRuns).toEqual([]);
    // One refusal per permission (check runs, the review, the comment), then nothing more is tried.
    expect(fake.requests.filter((r) => r.method !== 'GET').map((r) => [r.route, r.status])).toEqual([
      ['POST /repos/{owner}/{repo}/check-runs', 403],
      ['POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', 403],
      ['POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 403],
    ]);
    expect(run.summary).toContain('Kilo Agent');
    expect(run.summary).toContain('GitHub refused to create the check run');
    expect(run.summary).toContain('the token needs `checks: write`');
  });

  it('fork PR in report-only mode: no write is even attempted', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    const run = await review(scenario, { fork: true });
    expect(fake.violations).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(run.stdout).toContain('::error title=secrets/aws-access-key-id,file=src/app.js,line=3');
    expect(run.summary).toContain('policy: not posting checkRuns, review, comment');
  });

  it("fork PR that edits .github/kilo.yml: the base commit's policy reviews it, and the summary says so", async () => {
    const repo = createTempRepo('kilo-gh-');
    cleanup.push(repo.dir);
    const base = repo.commit('base', {
      '.github/kilo.yml': CONFIG,
      'fix.mjs': QUOTE_FIXER,
      'src/app.js': "export const a = 'x';\n",
    });
    // The fork widens the allowlist and adds a task that would write a marker file if it ever ran.
    const marker = join(repo.dir, '..', `${basename(repo.dir)}-pwned`);
    const head = repo.commit('head', {
      '.github/kilo.yml':
        "policy:\n  commands: { allow: ['*'] }\n  forks: full\ntasks:\n  analyze: [{ name: pwn, run: 'node pwn.mjs' }]\n",
      'pwn.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\n`,
      'src/app.js': `export const a = 'x';\nexport const key = '${AWS_KEY}';\n`,
    });
    const run = await review({ repo, base, head }, { fork: true });
    expect(fake.violations).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    // The base's `forks: report-only` holds too: the head's `forks: full` did not open posting.
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(run.summary).toContain(
      `Policy and tasks from the base commit \`${base.slice(0, 7)}\`, not from this PR`,
    );
    // The fork's task is neither planned nor run; its file is only named among the changed files.
    expect(run.summary).not.toContain('analyze:pwn');
    expect(run.summary).not.toContain('node pwn.mjs');
    expect(run.summary.replaceAll('`pwn.mjs`', '')).not.toContain('pwn');
    expect(run.stdout).toContain('::error title=secrets/aws-access-key-id,file=src/app.js,line=2');
  });

  it('502s and a secondary rate limit are retried and everything still completes', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    fake.failNext({ method: 'POST', path: '/repos/{owner}/{repo}/check-runs', status: 502, times: 2 });
    fake.failNext({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    });
    const run = await review(scenario);
    expect(fake.violations).toEqual([]);
    expect(fake.state.checkRuns.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(fake.state.reviews).toHaveLength(1);
    expect(fake.state.issueComments).toHaveLength(1);
    const statuses = fake.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 502)).toHaveLength(2);
    expect(statuses.filter((s) => s === 403)).toHaveLength(1);
    expect(run.outputs.conclusion).toBe('failure');
  });

  it('our own error (a broken config) ends in a concluded check run that says what went wrong', async () => {
    const scenario = makeRepo(false);
    cleanup.push(scenario.repo.dir);
    scenario.head = scenario.repo.commit('break the config', {
      '.github/kilo.yml': 'policy:\n  concurency: 2\n',
    });
    const run = await review(scenario);
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(1);
    expect(fake.state.checkRuns.map((r) => [r.name, r.status, r.conclusion])).toEqual([
      ['Kilo Agent', 'completed', 'failure'],
    ]);
    expect(fake.state.checkRuns[0]?.output.summary).toContain(
      '.github/kilo.yml:2 policy: unknown key concurency',
    );
  });

  it('a 3,000-file PR: the API list is paged and capped, git supplies the full list', async () => {
    const repo = createTempRepo('kilo-gh-big-');
    cleanup.push(repo.dir);
    // max-files defaults to 3,000 (bigger PRs are skipped with a reason): this repo allows more.
    const base = repo.commit('base', {
      'README.md': 'big\n',
      '.github/kilo.yml': 'policy:\n  max-files: 5000\n',
    });
    const files: Record<string, string> = {};
    for (let i = 0; i < 3050; i++)
      files[`src/f${String(i).padStart(4, '0')}.js`] = `export const v${i} = ${i};\n`;
    const head = repo.commit('head', files);
    const run = await review({ repo, base, head }, { inputs: { 'dry-run': 'true' } });
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    const pages = fake.requests.filter((r) => r.path.endsWith('/pulls/7/files'));
    expect(pages).toHaveLength(30);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]); // dry run: nothing posted
    expect(run.summary).toContain('3050 files');
    expect(run.outputs.subtasks).toBe('5');
  });

  it('workflow_dispatch with pr-number: reads the PR through the API and reviews it', async () => {
    const { repo, base, head } = makeRepo(true);
    cleanup.push(repo.dir);
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
    const run = await runAction({
      eventName: 'workflow_dispatch',
      payload: { inputs: {}, ref: 'refs/heads/main', repository: { full_name: 'octo/shop' } },
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, 'pr-number': String(PR) },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    expect(fake.violations).toEqual([]);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: `/repos/octo/shop/pulls/${PR}` });
    expect(run.outputs.conclusion).toBe('failure');
    expect(fake.state.reviews).toHaveLength(1);
    expect(fake.state.issueComments).toHaveLength(1);
  });

  /** A workflow_dispatch run of PR #PR with `inputs` (also the dispatch payload's), seeded from the scenario. */
  async function dispatch(scenario: Scenario, inputs: Record<string, string>) {
    const { repo, base, head } = scenario;
    cleanup.push(repo.dir);
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
    const run = await runAction({
      eventName: 'workflow_dispatch',
      payload: { inputs, repository: { full_name: 'octo/shop' } },
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, ...inputs },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  it('workflow_dispatch with pr-number and dry-run: reviews the PR, posts nothing, shows what it would post', async () => {
    const run = await dispatch(makeRepo(true), { 'pr-number': String(PR), 'dry-run': 'true' });
    expect(fake.violations).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(run.summary).toContain('secrets/aws-access-key-id');
    expect(run.summary).toContain('would');
    // The checkout is the PR head here: no warning about reviewing other files.
    expect(run.stdout).not.toContain('the checkout is at');
  });

  it('workflow_dispatch on a checkout of another commit warns that the tools ran on other files', async () => {
    const scenario = makeRepo(false);
    scenario.repo.git('checkout', '--quiet', '--detach', scenario.base);
    const run = await dispatch(scenario, { 'pr-number': String(PR), 'dry-run': 'true' });
    const [base, head] = [scenario.base.slice(0, 7), scenario.head.slice(0, 7)];
    expect(run.stdout).toContain(
      `::warning::the checkout is at ${base}, not at the head ${head} of PR #${PR}`,
    );
  });

  it('push: reviews the pushed range and reports through check runs only', async () => {
    const { repo, base, head } = makeRepo(true);
    cleanup.push(repo.dir);
    const run = await runAction({
      eventName: 'push',
      payload: {
        ref: 'refs/heads/main',
        before: base,
        after: head,
        head_commit: { message: 'head' },
        pusher: { name: 'octocat' },
        repository: { full_name: 'octo/shop' },
      },
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    expect(fake.violations).toEqual([]);
    expect(fake.state.checkRuns.map((r) => [r.name, r.conclusion, r.head_sha])).toEqual([
      ['Kilo Agent / analyze', 'failure', head],
      ['Kilo Agent / refactor', 'success', head],
    ]);
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.issueComments).toEqual([]);
    expect(fake.requests.some((r) => r.path.includes('/pulls'))).toBe(false);
  });

  it('phase: plan emits the plan as JSON, runs nothing and posts nothing', async () => {
    const scenario = makeRepo(true);
    cleanup.push(scenario.repo.dir);
    const run = await review(scenario, { inputs: { phase: 'plan' } });
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const plan = JSON.parse(run.outputs.plan ?? '{}') as { subtasks: Array<{ id: string; files: string[] }> };
    expect(plan.subtasks.map((s) => [s.id, s.files])).toEqual([
      ['analyze:secrets', ['src/app.js', 'src/more.js']],
      ['analyze:conflict-markers', ['src/app.js', 'src/more.js']],
      ['analyze:large-files', ['src/app.js', 'src/more.js']],
      ['analyze:binary-files', ['src/app.js', 'src/more.js']],
      ['analyze:workflow-security', ['src/app.js', 'src/more.js']],
      ['refactor:quotes', ['src/app.js', 'src/more.js']],
    ]);
    expect(run.outputs).toMatchObject({ conclusion: 'neutral', subtasks: '6', findings: '0' });
    expect(run.summary).toContain('Kilo Agent plan: 6 subtasks');
    expect(run.summary).toContain('```mermaid');
    // The planted key is not reported: nothing ran.
    expect(run.summary).not.toContain('secrets/aws-access-key-id');
    expect(run.outputs.shards).toBe('["1/1"]');
  });

  it('phase: plan with shards splits the plan into the matrix list, in the output and in plan.json', async () => {
    const scenario = makeRepo(false);
    cleanup.push(scenario.repo.dir);
    const run = await review(scenario, { inputs: { phase: 'plan', shards: '4' } });
    expect(run.status).toBe(0);
    // Six independent subtasks over four shards: the refactor (the most costly) alone, then the rest;
    // each matrix value names the plan positions its job runs.
    expect(JSON.parse(run.outputs.shards ?? '[]')).toEqual(['1/4:5', '2/4:0,3', '3/4:1,4', '4/4:2']);
    const plan = JSON.parse(run.outputs.plan ?? '{}') as {
      shards: Array<{ shard: string; subtasks: string[] }>;
    };
    expect(plan.shards.map((s) => s.subtasks)).toEqual([
      ['refactor:quotes'],
      ['analyze:secrets', 'analyze:binary-files'],
      ['analyze:conflict-markers', 'analyze:workflow-security'],
      ['analyze:large-files'],
    ]);
    const file = JSON.parse(
      readFileSync(join(dirname(run.outputs.trace ?? ''), 'plan.json'), 'utf8'),
    ) as unknown;
    expect(file).toEqual(plan);
    expect(run.summary).toContain('#### Shards');
  });
});
