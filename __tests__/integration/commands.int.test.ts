// Slash commands end to end: dist/index.js on issue_comment events against the fake GitHub (every
// request checked against GitHub's OpenAPI description) and a real bare repository standing in for
// the git server (GITHUB_SERVER_URL=file://…), so `/kilo apply` really commits and pushes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../__fixtures__/action-env.js';
import {
  startFakeGitHub,
  type FakeGitHub,
  type RepositoryRole,
} from '../../__fixtures__/fake-github/index.js';
import type { TempRepo } from '../../__fixtures__/git.js';
import { greetingRepo } from '../../__fixtures__/greeting-pr.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { issueCommentPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'commandToken'.repeat(3);
const PR = 7;
const BRANCH = 'feature-7';

interface Scenario {
  repo: TempRepo;
  base: string;
  head: string;
  /** GITHUB_SERVER_URL's directory: the bare repository is <server>/octo/shop.git. */
  server: string;
  bare: string;
}

function makeScenario(): Scenario {
  const { repo, base, head } = greetingRepo('kilo-cmd-');
  const server = mkdtempSync(join(tmpdir(), 'kilo-git-server-'));
  const bare = join(server, 'octo', 'shop.git');
  mkdirSync(join(server, 'octo'));
  execFileSync('git', ['clone', '--quiet', '--bare', repo.dir, bare]);
  execFileSync('git', ['-C', bare, 'update-ref', 'refs/heads/main', base]);
  execFileSync('git', ['-C', bare, 'update-ref', `refs/heads/${BRANCH}`, head]);
  return { repo, base, head, server, bare };
}

const branchTip = (s: Scenario) =>
  execFileSync('git', ['-C', s.bare, 'rev-parse', `refs/heads/${BRANCH}`], { encoding: 'utf8' }).trim();

describe('slash commands through dist/index.js', () => {
  let fake: FakeGitHub;
  let scenario: Scenario;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    scenario = makeScenario();
    cleanup.push(scenario.repo.dir, scenario.server);
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(() => {
    fake.reset();
    execFileSync('git', ['-C', scenario.bare, 'update-ref', `refs/heads/${BRANCH}`, scenario.head]);
    rmSync(join(scenario.bare, 'hooks', 'pre-receive'), { force: true });
  });

  function seedPr(options: { fork?: boolean; draft?: boolean } = {}) {
    fake.addPullRequest({
      draft: options.draft ?? false,
      number: PR,
      baseSha: scenario.base,
      headSha: scenario.head,
      headRef: BRANCH,
      headRepoFullName: options.fork ? 'someone/shop' : undefined,
      files: prFilesFromGit(scenario.repo.dir, scenario.base, scenario.head),
    });
  }

  async function comment(
    body: string,
    options: {
      login?: string;
      association?: string;
      role?: RepositoryRole;
      action?: 'created' | 'edited';
      userType?: 'User' | 'Bot';
      inputs?: Record<string, string>;
    } = {},
  ) {
    const login = options.login ?? 'octo';
    if (options.role) fake.setRole(login, options.role);
    const record = fake.addIssueComment(PR, body, login);
    const payload = issueCommentPayloadIn('octo/shop', PR, {
      commentId: record.id,
      body,
      login,
      association: options.association ?? 'OWNER',
      action: options.action ?? 'created',
      userType: options.userType ?? 'User',
    });
    const run = await runAction({
      eventName: 'issue_comment',
      payload,
      workspace: scenario.repo.dir,
      inputs: { 'github-token': TOKEN, ...options.inputs },
      env: { GITHUB_API_URL: fake.url, GITHUB_SERVER_URL: `file://${scenario.server}` },
    });
    cleanup.push(run.runnerTemp);
    return { run, commentId: record.id };
  }

  const reactionsOn = (id: number) =>
    fake.state.reactions.filter((r) => r.comment_id === id).map((r) => r.content);
  const replies = () =>
    fake.state.issueComments.filter((c) => c.body.startsWith('<!-- kilo-agent:reply -->'));
  const sticky = () => fake.state.issueComments.find((c) => c.body.startsWith('<!-- kilo-agent:summary -->'));
  const writes = () => fake.requests.filter((r) => r.method !== 'GET');

  it('/kilo review by the owner: 👀 then 🚀, a full review with validated suggestions and apply ids', async () => {
    seedPr();
    const { run, commentId } = await comment('/kilo review');
    expect(fake.violations).toEqual([]);
    expect(run.stderr).toBe('');
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    expect(fake.state.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ['Kilo Agent / analyze', 'success'],
      ['Kilo Agent / refactor', 'success'],
      ['Kilo Agent / test', 'success'],
    ]);
    const suggestion = fake.state.reviewComments.find((c) => c.body.includes('```suggestion'));
    expect(suggestion?.body).toMatch(
      /validated: the tests pass with it applied · `\/kilo apply [0-9a-f]{8}`/,
    );
    expect(sticky()?.body).toContain('reply `/kilo apply` to commit the validated suggestion to this branch');
    expect(sticky()?.body).toMatch(/<!-- kilo-agent:state [A-Za-z0-9_-]+ -->$/);
    expect(run.outputs.conclusion).toBe('success');
  });

  it('/kilo review of a draft PR reviews it: a person asked, so the drafts skip rule does not apply', async () => {
    seedPr({ draft: true });
    const { run } = await comment('/kilo review');
    expect(run.outputs.conclusion).toBe('success');
    expect(sticky()).toBeDefined();
    expect(fake.state.checkRuns.length).toBeGreaterThan(0);
  });

  it('/kilo apply after the review: commits the validated suggestion, pushes it, replies with the link', async () => {
    seedPr();
    await comment('/kilo review');
    const { run, commentId } = await comment('/kilo apply');
    expect(fake.violations).toEqual([]);
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    const tip = branchTip(scenario);
    expect(tip).not.toBe(scenario.head);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', scenario.bare, ...args], { encoding: 'utf8' });
    expect(git('rev-parse', `${tip}^`).trim()).toBe(scenario.head);
    expect(git('show', `${tip}:src/app.js`)).toBe(
      "export const a = 'x';\nexport const greeting = 'hello';\n",
    );
    expect(git('diff', '--name-only', scenario.head, tip).trim()).toBe('src/app.js');
    const message = git('log', '-1', '--format=%an <%ae>%n%B', tip);
    expect(message).toContain('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    expect(message).toContain('Apply a Kilo Agent suggestion');
    expect(message).toMatch(/Co-authored-by: octo <\d+\+octo@users\.noreply\.github\.com>/);
    const reply = replies().at(-1)?.body ?? '';
    expect(reply).toContain(
      `committed 1 suggestion as [\`${tip.slice(0, 7)}\`](file://${scenario.server}/octo/shop/commit/${tip})`,
    );
    expect(reply).toContain('starts no new workflow run');
    expect(run.outputs.conclusion).toBe('success');
    for (const text of [
      run.stdout.replace(`::add-mask::${TOKEN}`, ''),
      run.stderr,
      message,
      JSON.stringify(fake.requests),
    ])
      expect(text).not.toContain(TOKEN);
  });

  it('/kilo apply with an id that is not in the review: explains and pushes nothing', async () => {
    seedPr();
    await comment('/kilo review');
    const { commentId } = await comment('/kilo apply deadbeef');
    expect(branchTip(scenario)).toBe(scenario.head);
    expect(replies().at(-1)?.body).toContain(
      'nothing was pushed: `deadbeef` is not a suggestion of the review of',
    );
    expect(reactionsOn(commentId)).toEqual(['eyes', 'confused']);
  });

  it('/kilo apply when the PR head moved since the review: pushes nothing and says why', async () => {
    seedPr();
    await comment('/kilo review');
    const moved = 'f'.repeat(40);
    fake.moveHeadAfter(PR, moved, 0);
    await comment('/kilo apply');
    expect(branchTip(scenario)).toBe(scenario.head);
    expect(replies().at(-1)?.body).toContain(
      `the PR head moved since the review (reviewed ${scenario.head.slice(0, 7)}, now fffffff)`,
    );
  });

  it('/kilo apply when the server rejects the push: nothing lands, the reply carries the reason', async () => {
    seedPr();
    await comment('/kilo review');
    const hook = join(scenario.bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "GH006: Protected branch update failed" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const { run, commentId } = await comment('/kilo apply');
    expect(branchTip(scenario)).toBe(scenario.head);
    const reply = replies().at(-1)?.body ?? '';
    expect(reply).toContain('nothing was pushed: the push was rejected:');
    expect(reply).toContain('GH006: Protected branch update failed');
    expect(reactionsOn(commentId)).toEqual(['eyes', 'confused']);
    expect(run.status).toBe(0); // a refused push is an answer, not a red job
  });

  it('/kilo apply when the branch moved on the server but not yet in the API: rejected, nothing lost', async () => {
    seedPr();
    await comment('/kilo review');
    // Someone pushed a commit on top of the head; the API still reports the old head (a race).
    const theirs = execFileSync(
      'git',
      ['-C', scenario.bare, 'commit-tree', '-p', scenario.head, '-m', 'theirs', `${scenario.head}^{tree}`],
      { encoding: 'utf8' },
    ).trim();
    execFileSync('git', ['-C', scenario.bare, 'update-ref', `refs/heads/${BRANCH}`, theirs]);
    await comment('/kilo apply');
    expect(branchTip(scenario)).toBe(theirs);
    const reply = replies().at(-1)?.body ?? '';
    expect(reply).toContain('nothing was pushed: the push was rejected:');
    expect(reply).toMatch(/fetch first|non-fast-forward/);
  });

  it('dry-run: /kilo apply reacts and replies in the log only, and pushes nothing', async () => {
    seedPr();
    await comment('/kilo review');
    const before = fake.requests.length;
    const { run } = await comment('/kilo apply', { inputs: { 'dry-run': 'true' } });
    expect(fake.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(branchTip(scenario)).toBe(scenario.head);
    expect(run.stdout).toContain('dry-run: would react eyes');
    expect(run.stdout).toContain('nothing was pushed: dry-run: nothing is committed or pushed');
  });

  it('dry-run: /kilo review posts nothing at all', async () => {
    seedPr();
    const { run } = await comment('/kilo review', { inputs: { 'dry-run': 'true' } });
    expect(writes()).toEqual([]);
    expect(run.summary).toContain('Kilo Agent');
    expect(run.outputs.conclusion).toBe('success');
  });

  it('/kilo apply on a fork PR: refused, nothing pushed', async () => {
    seedPr({ fork: true });
    await comment('/kilo apply');
    expect(branchTip(scenario)).toBe(scenario.head);
    expect(replies().at(-1)?.body).toContain('nothing was pushed: the branch is in a fork');
  });

  it('a MEMBER with only read access may review but not apply', async () => {
    seedPr();
    const { commentId } = await comment('/kilo apply', {
      login: 'reader',
      association: 'MEMBER',
      role: 'read',
    });
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(replies().at(-1)?.body).toContain('Thanks @reader! Only people with write access');
    expect(fake.requests.some((r) => r.path.endsWith('/collaborators/reader/permission'))).toBe(true);
    expect(branchTip(scenario)).toBe(scenario.head);
  });

  it.each([
    ['NONE', 'read' as const],
    ['CONTRIBUTOR', 'triage' as const],
    ['FIRST_TIME_CONTRIBUTOR', 'none' as const],
  ])(
    'refuses /kilo review from a %s without write access: a polite reply, 😕, nothing runs',
    async (association, role) => {
      seedPr();
      const { run, commentId } = await comment('/kilo review', { login: 'stranger', association, role });
      expect(fake.violations).toEqual([]);
      expect(reactionsOn(commentId)).toEqual(['confused']);
      expect(replies()).toHaveLength(1);
      expect(fake.state.checkRuns).toEqual([]);
      expect(fake.state.reviews).toEqual([]);
      expect(sticky()).toBeUndefined();
      expect(run.outputs.conclusion).toBe('skipped');
      expect(run.status).toBe(0);
    },
  );

  it('accepts a CONTRIBUTOR whom the permission API gives write access', async () => {
    seedPr();
    const { commentId } = await comment('/kilo review', {
      login: 'teammate',
      association: 'CONTRIBUTOR',
      role: 'write',
    });
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    expect(sticky()).toBeDefined();
  });

  it('/kilo plan replies with the plan and runs nothing', async () => {
    seedPr();
    const { run, commentId } = await comment('/kilo plan');
    expect(fake.violations).toEqual([]);
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    const reply = replies().at(-1)?.body ?? '';
    expect(reply).toContain('Kilo Agent plan: 8 subtasks');
    expect(reply.match(/#### Plan/g)).toHaveLength(1);
    expect(reply).toContain('refactor:quotes');
    expect(reply).toContain('test:validate-suggestions');
    expect(fake.state.checkRuns).toEqual([]);
    expect(sticky()).toBeUndefined();
    // Nothing ran: the trace has the plan and not one command.
    const trace = readFileSync(run.outputs.trace ?? '', 'utf8');
    expect(trace).toContain('"kind":"plan"');
    expect(trace).not.toContain('"kind":"command"');
  });

  it.each([
    ['/kilo help', 'rocket', '**Kilo Agent** commands:'],
    ['/kilo frobnicate', 'confused', '`frobnicate` is not a Kilo Agent command. These are the commands:'],
    ['/kilo apply please', 'confused', '`/kilo apply` takes `all` or suggestion ids'],
  ])('%s answers with the help text', async (body, reaction, text) => {
    seedPr();
    const { commentId } = await comment(body);
    expect(reactionsOn(commentId)).toEqual(['eyes', reaction]);
    expect(replies().at(-1)?.body).toContain(text);
    expect(fake.state.checkRuns).toEqual([]);
  });

  it.each([
    [
      'an edited comment',
      '/kilo review',
      { action: 'edited' as const },
      'the comment was edited, not created',
    ],
    ['a comment without a command', 'LGTM, thanks!', {}, 'the comment holds no /kilo command'],
    ['a quoted command', '> /kilo apply\nNot yet, please.', {}, 'the comment holds no /kilo command'],
    [
      'a bot',
      '/kilo review',
      { userType: 'Bot' as const, login: 'renovate[bot]' },
      'comments by bots are ignored (renovate[bot])',
    ],
  ])('ignores %s: no reaction, no reply, no review', async (_what, body, options, reason) => {
    seedPr();
    const { run } = await comment(body, options);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain(`::notice::Kilo Agent skipped: ${reason}`);
    expect(run.outputs.conclusion).toBe('skipped');
  });
});
