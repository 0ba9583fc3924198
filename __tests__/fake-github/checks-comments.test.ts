import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { BASE_SHA, client, failure, HEAD_SHA } from './helpers.js';

const repo = { owner: 'octo', repo: 'shop' };
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ validateResponses: true });
});
beforeEach(() => {
  fake.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: [] });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

// Typed as a plain string so octokit does not type-check the deliberately wrong bodies below.
const CREATE_RUN: string = 'POST /repos/{owner}/{repo}/check-runs';

const annotations = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({
    path: 'src/a.ts',
    start_line: from + i,
    end_line: from + i,
    annotation_level: 'warning' as const,
    message: `finding ${from + i}`,
  }));

describe('check runs', () => {
  it('creates in progress, appends annotations across updates, and completes', async () => {
    const octokit = client(fake);
    const created = await octokit.rest.checks.create({
      ...repo,
      name: 'Kilo Agent / analyze',
      head_sha: HEAD_SHA,
      status: 'in_progress',
      output: { title: 'Analyzing', summary: 'started', annotations: annotations(50) },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      head_sha: HEAD_SHA,
      app: { slug: 'github-actions' },
      pull_requests: [{ number: 1 }],
      output: { annotations_count: 50 },
    });
    const updated = await octokit.rest.checks.update({
      ...repo,
      check_run_id: created.data.id,
      conclusion: 'failure',
      output: { title: '3 findings', summary: 'done', annotations: annotations(20, 51) },
    });
    expect(updated.data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: '3 findings' },
    });
    expect(updated.data.completed_at).toEqual(expect.any(String));

    const [run] = fake.state.checkRuns;
    expect(run?.output.annotations.map((a) => a.start_line)).toEqual(
      annotations(70).map((a) => a.start_line),
    );
    expect(run?.writes).toBe(2);
    const fetched = await octokit.rest.checks.get({ ...repo, check_run_id: created.data.id });
    expect(fetched.data.output.annotations_count).toBe(70);
    expect(fake.violations).toEqual([]);
  });

  it('answers 400 and records a violation for a body that breaks the schema', async () => {
    const result = await failure(
      client(fake).request(CREATE_RUN, {
        ...repo,
        name: 'x',
        head_sha: HEAD_SHA,
        status: 'done',
      }),
    );
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({
      message: expect.stringContaining('body.status must be one of: queued'),
    });
    expect(fake.violations).toEqual([
      {
        kind: 'request',
        method: 'POST',
        path: '/repos/octo/shop/check-runs',
        errors: ['body.status must be one of: queued, in_progress, completed (got "done")'],
      },
    ]);
    expect(fake.state.checkRuns).toEqual([]);
  });

  it.each([
    [
      'more than 50 annotations',
      { output: { title: 't', summary: 's', annotations: annotations(51) } },
      'No more than 50 items',
    ],
    ['a title over 255 chars', { output: { title: 'x'.repeat(256), summary: 's' } }, 'Title is too long'],
    [
      'a summary over 65,535 chars',
      { output: { title: 't', summary: 'x'.repeat(65_536) } },
      'Only 65535 characters',
    ],
    ['completed without a conclusion', { status: 'completed' }, `"conclusion" wasn't supplied`],
  ])('answers 422 for %s, as GitHub does', async (_name, extra, message) => {
    const result = await failure(
      client(fake).request(CREATE_RUN, {
        ...repo,
        name: 'x',
        head_sha: HEAD_SHA,
        ...extra,
      }),
    );
    expect(result.status).toBe(422);
    expect(result.data).toMatchObject({ message: expect.stringContaining(message) });
    expect(fake.state.checkRuns).toEqual([]);
  });

  it('refuses an update past 50 annotations and keeps the earlier ones', async () => {
    const octokit = client(fake);
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name: 'x',
      head_sha: HEAD_SHA,
      status: 'in_progress',
    });
    const result = await failure(
      octokit.rest.checks.update({
        ...repo,
        check_run_id: data.id,
        output: { summary: 's', annotations: annotations(51) },
      }),
    );
    expect(result.status).toBe(422);
    expect(fake.state.checkRuns[0]?.output.annotations).toEqual([]);
    // The schema says maxItems: 50 too, so the contract break is on record as well.
    expect(fake.violations.map((v) => v.errors)).toEqual([
      ['body.output.annotations must NOT have more than 50 items'],
    ]);
  });
});

describe('issue comments and reactions', () => {
  it('creates, lists (paginated), gets and edits comments in place', async () => {
    const octokit = client(fake);
    fake.addIssueComment(1, 'a human question', 'alice');
    const created = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: '<!-- kilo-agent:summary -->\nv1',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      user: { login: 'github-actions[bot]', type: 'Bot' },
      body: expect.stringContaining('v1'),
    });

    const edited = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: created.data.id,
      body: 'v2',
    });
    expect(edited.data.body).toBe('v2');
    expect((await octokit.rest.issues.getComment({ ...repo, comment_id: created.data.id })).data.body).toBe(
      'v2',
    );

    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 1,
      per_page: 1,
    });
    expect(all.map((c) => [c.user?.login, c.body])).toEqual([
      ['alice', 'a human question'],
      ['github-actions[bot]', 'v2'],
    ]);
    expect(fake.state.issueComments).toHaveLength(2);
    expect(await failure(octokit.rest.issues.getComment({ ...repo, comment_id: 999 }))).toMatchObject({
      status: 404,
    });
    expect(fake.violations).toEqual([]);
  });

  it('refuses a body over 65,536 chars', async () => {
    const result = await failure(
      client(fake).rest.issues.createComment({ ...repo, issue_number: 1, body: 'x'.repeat(65_537) }),
    );
    expect(result).toMatchObject({
      status: 422,
      data: { message: 'Validation Failed', errors: [{ field: 'body' }] },
    });
  });

  it('stores reactions, answering 200 for a repeat', async () => {
    const octokit = client(fake);
    const comment = fake.addIssueComment(1, '@kilo review', 'alice');
    const first = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    const again = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(fake.state.reactions).toEqual([
      expect.objectContaining({ comment_id: comment.id, content: 'eyes' }),
    ]);
    const { data } = await octokit.rest.issues.getComment({ ...repo, comment_id: comment.id });
    expect(data.reactions).toMatchObject({ total_count: 1, eyes: 1 });
    expect(fake.violations).toEqual([]);
  });
});
