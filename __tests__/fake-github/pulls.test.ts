import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { addedFiles, BASE_SHA, client, failure, HEAD_SHA, TWO_HUNK_PATCH } from './helpers.js';

const repo = { owner: 'octo', repo: 'shop' };
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ validateResponses: true, roles: { maintainer: 'maintain' } });
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  expect(violations).toEqual([]);
});
afterAll(() => fake.close());

describe('GET /repos/{owner}/{repo}/pulls/{pull_number}', () => {
  it('answers the seeded PR with the fields octokit users read', async () => {
    fake.addPullRequest({
      number: 7,
      title: 'Add cart',
      body: 'Adds a cart.',
      author: 'alice',
      draft: true,
      baseSha: BASE_SHA,
      headSha: HEAD_SHA,
      headRef: 'cart',
      headRepoFullName: 'alice/shop',
      labels: ['feature'],
      files: [{ filename: 'src/cart.ts', status: 'modified', patch: TWO_HUNK_PATCH }],
    });
    const { data, status } = await client(fake).rest.pulls.get({ ...repo, pull_number: 7 });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      number: 7,
      title: 'Add cart',
      body: 'Adds a cart.',
      draft: true,
      state: 'open',
      user: { login: 'alice', type: 'User' },
      author_association: 'CONTRIBUTOR',
      labels: [{ name: 'feature' }],
      head: { sha: HEAD_SHA, ref: 'cart', repo: { full_name: 'alice/shop', fork: true } },
      base: { sha: BASE_SHA, ref: 'main', repo: { full_name: 'octo/shop', fork: false } },
      html_url: 'https://github.com/octo/shop/pull/7',
      additions: 3,
      deletions: 1,
      changed_files: 1,
    });
    expect(data.url).toBe(`${fake.url}/repos/octo/shop/pulls/7`);
  });

  it('answers 404 for an unknown PR or another repository, without a violation', async () => {
    fake.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: [] });
    const octokit = client(fake);
    expect(await failure(octokit.rest.pulls.get({ ...repo, pull_number: 2 }))).toMatchObject({
      status: 404,
      data: { message: 'Not Found' },
    });
    expect(
      (await failure(octokit.rest.pulls.get({ owner: 'octo', repo: 'other', pull_number: 1 }))).status,
    ).toBe(404);
  });

  it('moves head.sha after the scripted number of reads', async () => {
    fake.addPullRequest({ number: 3, baseSha: BASE_SHA, headSha: HEAD_SHA, files: [] });
    fake.moveHeadAfter(3, 'c'.repeat(40), 2);
    const octokit = client(fake);
    const shas: string[] = [];
    for (let i = 0; i < 3; i++)
      shas.push((await octokit.rest.pulls.get({ ...repo, pull_number: 3 })).data.head.sha);
    expect(shas).toEqual([HEAD_SHA, HEAD_SHA, 'c'.repeat(40)]);
    expect(fake.state.pulls[0]!.head_shas).toEqual([HEAD_SHA, 'c'.repeat(40)]);
  });

  it('serves the diff media type, and 406 past 300 files as GitHub does', async () => {
    fake.addPullRequest({
      number: 1,
      baseSha: BASE_SHA,
      headSha: HEAD_SHA,
      files: [{ filename: 'src/cart.ts', status: 'modified', patch: TWO_HUNK_PATCH }],
    });
    fake.addPullRequest({ number: 2, baseSha: BASE_SHA, headSha: HEAD_SHA, files: addedFiles(301) });
    const octokit = client(fake);
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: 1, mediaType: { format: 'diff' } });
    expect(String(data)).toBe(
      `diff --git a/src/cart.ts b/src/cart.ts\n--- a/src/cart.ts\n+++ b/src/cart.ts\n${TWO_HUNK_PATCH}\n`,
    );
    const tooLarge = await failure(
      octokit.rest.pulls.get({ ...repo, pull_number: 2, mediaType: { format: 'diff' } }),
    );
    expect(tooLarge).toMatchObject({ status: 406, data: { errors: [{ code: 'too_large' }] } });
  });
});

describe('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', () => {
  it('pages with per_page and page, and octokit.paginate follows Link to all 250 files', async () => {
    fake.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: addedFiles(250) });
    const octokit = client(fake);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: 1,
      per_page: 100,
    });
    expect(files.map((f) => f.filename)).toEqual(addedFiles(250).map((f) => f.filename));
    expect(files[0]).toMatchObject({ status: 'added', additions: 1, deletions: 0, changes: 1 });
    expect(fake.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);

    const second = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 1, per_page: 100, page: 2 });
    const base = `${fake.url}/repos/octo/shop/pulls/1/files?per_page=100&page=`;
    expect(second.headers.link).toBe(
      `<${base}1>; rel="prev", <${base}3>; rel="next", <${base}3>; rel="last", <${base}1>; rel="first"`,
    );
  });

  it('lists at most 3,000 of 3,500 files, 30 per page by default', async () => {
    fake.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: addedFiles(3500) });
    const octokit = client(fake);
    const firstPage = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 1 });
    expect(firstPage.data).toHaveLength(30);
    expect(firstPage.headers.link).toContain('page=100>; rel="last"');
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: 1,
      per_page: 100,
    });
    expect(files).toHaveLength(3000);
    expect(files.at(-1)?.filename).toBe('src/f3000.ts');
  });

  it('leaves out the patch of a file seeded without one (binary or too large)', async () => {
    fake.addPullRequest({
      number: 1,
      baseSha: BASE_SHA,
      headSha: HEAD_SHA,
      files: [{ filename: 'logo.png', status: 'added', additions: 0, deletions: 0 }],
    });
    const { data } = await client(fake).rest.pulls.listFiles({ ...repo, pull_number: 1 });
    expect(data[0]).not.toHaveProperty('patch');
  });
});

describe('repository endpoints', () => {
  it('answers the repository and per-user permissions', async () => {
    const octokit = client(fake);
    const { data } = await octokit.rest.repos.get(repo);
    expect(data).toMatchObject({ full_name: 'octo/shop', default_branch: 'main', private: false });
    const permission = (username: string) =>
      octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username }).then((r) => r.data);
    expect(await permission('octo')).toMatchObject({ permission: 'admin', role_name: 'admin' });
    expect(await permission('maintainer')).toMatchObject({ permission: 'write', role_name: 'maintain' });
    fake.setRole('stranger', 'none');
    expect(await permission('stranger')).toMatchObject({ permission: 'none', user: { login: 'stranger' } });
    expect(await permission('reader')).toMatchObject({ permission: 'read' });
  });
});

describe('what Danger JS reads and writes (bench/danger.bench.mjs)', () => {
  it('answers the PR as an issue, its commits and reviewers, and takes a commit status', async () => {
    fake.addPullRequest({
      number: 8,
      title: 'Tidy',
      labels: ['chore'],
      files: [],
      baseSha: BASE_SHA,
      headSha: HEAD_SHA,
    });
    const api = client(fake).rest;
    const issue = await api.issues.get({ ...repo, issue_number: 8 });
    expect(issue.data).toMatchObject({ number: 8, title: 'Tidy', labels: [{ name: 'chore' }] });
    expect(issue.data.pull_request?.url).toMatch(/\/pulls\/8$/);
    const commits = await api.pulls.listCommits({ ...repo, pull_number: 8 });
    expect(commits.data.map((c) => [c.sha, c.parents[0]?.sha])).toEqual([[HEAD_SHA, BASE_SHA]]);
    const reviewers = await api.pulls.listRequestedReviewers({ ...repo, pull_number: 8 });
    expect(reviewers.data).toEqual({ users: [], teams: [] });
    const status = await api.repos.createCommitStatus({
      ...repo,
      sha: HEAD_SHA,
      state: 'success',
      context: 'danger',
    });
    expect(status.status).toBe(201);
    expect(status.data).toMatchObject({ state: 'success', context: 'danger' });
    expect(await failure(api.issues.get({ ...repo, issue_number: 99 }))).toMatchObject({ status: 404 });
  });
});
