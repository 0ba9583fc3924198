import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROUTES } from '../../__fixtures__/fake-github/fake-github.js';
import {
  ROUTE_PERMISSIONS,
  startFakeGitHub,
  type FakeGitHub,
  type TokenPermissions,
} from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { BASE_SHA, client, failure, HEAD_SHA } from './helpers.js';

const repo = { owner: 'octo', repo: 'shop' };
const pr = { ...repo, pull_number: 1 };
const REFUSED = { status: 403, data: { message: 'Resource not accessible by integration' } };
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ token: 'test-token' });
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  expect(violations).toEqual([]);
});
afterAll(() => fake.close());

function seed(permissions: TokenPermissions | undefined) {
  fake.addPullRequest({
    number: 1,
    baseSha: BASE_SHA,
    headSha: HEAD_SHA,
    files: [{ filename: 'src/a.ts', status: 'added', patch: '@@ -0,0 +1 @@\n+export const a = 1;' }],
  });
  fake.setPermissions(permissions);
  return client(fake);
}

/** The status of a request, whether it succeeded or not. */
async function statusOf(request: Promise<{ status: number }>): Promise<number | undefined> {
  return request.then(
    (response) => response.status,
    (error: unknown) => (error as { status?: number }).status,
  );
}

describe('the route table', () => {
  it('documents a permission for every route of the fake, read for GETs and write for the rest', () => {
    const routes = Object.keys(ROUTES).sort();
    expect(Object.keys(ROUTE_PERMISSIONS).sort()).toEqual(routes);
    for (const key of routes) {
      expect([key, ROUTE_PERMISSIONS[key]?.level]).toEqual([key, key.startsWith('GET ') ? 'read' : 'write']);
    }
  });

  it('names the accepted permissions on every answer, as GitHub does', async () => {
    const octokit = seed(undefined);
    expect((await octokit.rest.pulls.get(pr)).headers['x-accepted-github-permissions']).toBe(
      'pull_requests=read',
    );
    const comment = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' });
    expect(comment.headers['x-accepted-github-permissions']).toBe('issues=write; pull_requests=write');
    expect((await octokit.rest.repos.get(repo)).headers['x-accepted-github-permissions']).toBe(
      'metadata=read',
    );
  });

  it('refuses an unknown scope or level instead of reading it as none', () => {
    expect(() => fake.setPermissions({ 'pull-request': 'write' } as TokenPermissions)).toThrow(
      "setPermissions: unknown scope 'pull-request'",
    );
    expect(() => fake.setPermissions({ checks: 'admin' } as unknown as TokenPermissions)).toThrow(
      "setPermissions: checks must be none, read or write, not 'admin'",
    );
  });
});

describe('checks', () => {
  const create = { ...repo, name: 'Kilo Agent / analyze', head_sha: HEAD_SHA };

  it('checks: write creates, updates and reads check runs', async () => {
    const octokit = seed({ checks: 'write' });
    const { data } = await octokit.rest.checks.create(create);
    const update = octokit.rest.checks.update({ ...repo, check_run_id: data.id, conclusion: 'success' });
    expect(await statusOf(update)).toBe(200);
    expect(await statusOf(octokit.rest.checks.get({ ...repo, check_run_id: data.id }))).toBe(200);
  });

  it('checks: read allows the GET only; a block without checks refuses both', async () => {
    const octokit = seed(undefined);
    const { data } = await octokit.rest.checks.create(create);
    fake.setPermissions({ checks: 'read' });
    expect(await statusOf(octokit.rest.checks.get({ ...repo, check_run_id: data.id }))).toBe(200);
    expect(await failure(octokit.rest.checks.create(create))).toMatchObject({
      ...REFUSED,
      data: {
        ...REFUSED.data,
        documentation_url: 'https://docs.github.com/rest/reference/checks#create-a-check-run',
      },
    });
    fake.setPermissions({ 'pull-requests': 'write', contents: 'write' });
    expect(await failure(octokit.rest.checks.get({ ...repo, check_run_id: data.id }))).toMatchObject(REFUSED);
    expect(fake.state.checkRuns).toHaveLength(1);
  });
});

describe('pull requests', () => {
  it('pull-requests: read reads the PR, its files and review comments, and may not review', async () => {
    const octokit = seed({ 'pull-requests': 'read' });
    expect(await statusOf(octokit.rest.pulls.get(pr))).toBe(200);
    expect(await statusOf(octokit.rest.pulls.listFiles(pr))).toBe(200);
    expect(await statusOf(octokit.rest.pulls.listReviewComments(pr))).toBe(200);
    const review = octokit.rest.pulls.createReview({
      ...pr,
      commit_id: HEAD_SHA,
      event: 'COMMENT',
      body: 'x',
    });
    expect(await failure(review)).toMatchObject(REFUSED);
    expect(fake.state.reviews).toEqual([]);
  });

  it('pull-requests: write posts the review; without the scope even the PR is not readable', async () => {
    const octokit = seed({ 'pull-requests': 'write' });
    const review = octokit.rest.pulls.createReview({
      ...pr,
      commit_id: HEAD_SHA,
      event: 'COMMENT',
      body: 'x',
    });
    expect(await statusOf(review)).toBe(200);
    fake.setPermissions({ contents: 'read', checks: 'write' });
    expect(await failure(octokit.rest.pulls.get(pr))).toMatchObject(REFUSED);
    expect(await failure(octokit.rest.pulls.listFiles(pr))).toMatchObject(REFUSED);
  });
});

describe('issue comments on a PR: either issues or pull-requests', () => {
  it.each<[string, TokenPermissions]>([
    ['issues: write', { issues: 'write' }],
    ['pull-requests: write', { 'pull-requests': 'write' }],
  ])('%s lists, creates, edits and reacts to comments', async (_name, permissions) => {
    const octokit = seed(permissions);
    const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' });
    expect(
      await statusOf(octokit.rest.issues.updateComment({ ...repo, comment_id: data.id, body: 'ho' })),
    ).toBe(200);
    expect(await statusOf(octokit.rest.issues.listComments({ ...repo, issue_number: 1 }))).toBe(200);
    const reaction = octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: data.id,
      content: 'eyes',
    });
    expect(await statusOf(reaction)).toBe(201);
  });

  it('read levels list only, and neither scope refuses even the list', async () => {
    const octokit = seed({ 'pull-requests': 'read', issues: 'read' });
    expect(await statusOf(octokit.rest.issues.listComments({ ...repo, issue_number: 1 }))).toBe(200);
    const create = () => octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' });
    expect(await failure(create())).toMatchObject(REFUSED);
    fake.setPermissions({ checks: 'write', contents: 'write' });
    expect(await failure(octokit.rest.issues.listComments({ ...repo, issue_number: 1 }))).toMatchObject(
      REFUSED,
    );
    expect(fake.state.issueComments).toEqual([]);
  });

  it('"get an issue" needs issues: read, as documented; pull-requests does not stand in', async () => {
    const octokit = seed({ 'pull-requests': 'write' });
    expect(await failure(octokit.rest.issues.get({ ...repo, issue_number: 1 }))).toMatchObject(REFUSED);
    fake.setPermissions({ issues: 'read' });
    expect(await statusOf(octokit.rest.issues.get({ ...repo, issue_number: 1 }))).toBe(200);
  });
});

describe('contents, statuses, metadata', () => {
  it('contents: read reads a file; without it the contents API is refused', async () => {
    const octokit = seed({ contents: 'read' });
    fake.setFile(BASE_SHA, 'AGENTS.md', 'be kind\n');
    const read = () => octokit.rest.repos.getContent({ ...repo, path: 'AGENTS.md', ref: BASE_SHA });
    expect(await statusOf(read())).toBe(200);
    fake.setPermissions({ checks: 'write', 'pull-requests': 'write' });
    expect(await failure(read())).toMatchObject(REFUSED);
  });

  it('commit statuses need statuses: write; checks: write is not enough', async () => {
    const octokit = seed({ checks: 'write' });
    const status = () => octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD_SHA, state: 'success' });
    expect(await failure(status())).toMatchObject(REFUSED);
    fake.setPermissions({ statuses: 'write' });
    expect(await statusOf(status())).toBe(201);
  });

  it('metadata is always granted: the repository and a user permission read with an empty block', async () => {
    const octokit = seed({});
    expect(await statusOf(octokit.rest.repos.get(repo))).toBe(200);
    const role = octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'octo' });
    expect(await statusOf(role)).toBe(200);
    expect(await failure(octokit.rest.pulls.get(pr))).toMatchObject(REFUSED);
  });

  it('reset() forgets the block: everything is allowed again', async () => {
    seed({ checks: 'write' });
    fake.reset();
    const octokit = seed(undefined);
    expect(await statusOf(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' }))).toBe(
      201,
    );
  });
});

describe('git over smart HTTP', () => {
  const run = promisify(execFile);
  let work: TempRepo;
  let server: string;
  let bare: string;
  let head: string;

  beforeAll(async () => {
    work = createTempRepo('kilo-fake-git-');
    work.commit('base', { 'a.txt': 'a\n' });
    server = mkdtempSync(join(tmpdir(), 'kilo-fake-git-server-'));
    bare = join(server, 'shop.git');
    await run('git', ['clone', '--quiet', '--bare', work.dir, bare]);
    head = work.commit('next', { 'a.txt': 'b\n' });
  });
  afterAll(() => {
    fake.serveGit(undefined);
    work.remove();
    rmSync(server, { recursive: true, force: true });
  });

  /** git as the action runs it: the token as a basic-auth extra header, no prompt. Never throws. */
  async function git(args: string[], token: string | null = 'test-token') {
    const origin = new URL(fake.url).origin;
    const auth = Buffer.from(`x-access-token:${token}`).toString('base64');
    const env = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      ...(token
        ? {
            GIT_CONFIG_COUNT: '1',
            GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
            GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${auth}`,
          }
        : {}),
    };
    return run('git', args, { cwd: work.dir, env }).then(
      ({ stderr }) => ({ ok: true, stderr }),
      (error: { stderr?: string }) => ({ ok: false, stderr: error.stderr ?? '' }),
    );
  }
  const remote = () => `${fake.url}/octo/shop.git`;
  const tip = async () => (await run('git', ['-C', bare, 'rev-parse', 'main'])).stdout.trim();

  it("refuses a push without contents: write with GitHub's message; contents: write pushes", async () => {
    fake.serveGit(bare);
    fake.setPermissions({ contents: 'read', 'pull-requests': 'write' });
    expect((await git(['ls-remote', remote()])).ok).toBe(true);
    const refused = await git(['push', remote(), `${head}:refs/heads/main`]);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('remote: Permission to octo/shop.git denied to github-actions[bot].');
    expect(refused.stderr).toContain('The requested URL returned error: 403');
    expect(await tip()).not.toBe(head);

    fake.setPermissions({ contents: 'write' });
    expect(await git(['push', remote(), `${head}:refs/heads/main`])).toMatchObject({ ok: true });
    expect(await tip()).toBe(head);
    expect(fake.requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['GET', 'git-upload-pack', 200],
      ['POST', 'git-upload-pack', 200], // protocol v2: ls-refs is a POST
      ['GET', 'git-receive-pack', 403],
      ['GET', 'git-receive-pack', 200],
      ['POST', 'git-receive-pack', 200],
    ]);
  });

  it('refuses a fetch without contents, a push with a read-only token, and any request without a token', async () => {
    fake.serveGit(bare);
    fake.setPermissions({ checks: 'write' });
    expect((await git(['ls-remote', remote()])).stderr).toContain('Permission to octo/shop.git denied');
    fake.setPermissions(undefined);
    fake.setReadOnly(true);
    expect((await git(['ls-remote', remote()])).ok).toBe(true);
    expect((await git(['push', remote(), `${head}:refs/heads/refused`])).ok).toBe(false);
    expect((await git(['ls-remote', remote()], null)).ok).toBe(false);
    expect(fake.requests.map((r) => [r.route, r.status])).toEqual([
      ['git-upload-pack', 403],
      ['git-upload-pack', 200],
      ['git-upload-pack', 200],
      ['git-receive-pack', 403],
      ['git-upload-pack', 401],
    ]);
  });
});
