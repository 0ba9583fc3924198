import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BOT_LOGIN, startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { addedFiles, BASE_SHA, client, failure, HEAD_SHA, TWO_HUNK_PATCH } from './helpers.js';

const pr = { owner: 'octo', repo: 'shop', pull_number: 1 };
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ validateResponses: true });
});
beforeEach(() => {
  fake.addPullRequest({
    number: 1,
    baseSha: BASE_SHA,
    headSha: HEAD_SHA,
    files: [
      { filename: 'src/cart.ts', status: 'modified', patch: TWO_HUNK_PATCH },
      { filename: 'logo.png', status: 'added' },
    ],
  });
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  expect(violations).toEqual([]);
});
afterAll(() => fake.close());

const LINE_NOT_IN_DIFF = {
  message: 'Unprocessable Entity',
  errors: ['Pull request review thread line must be part of the diff'],
  documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
};

describe('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', () => {
  it('stores the review and one comment per entry, single- and multi-line', async () => {
    const octokit = client(fake);
    const { data, status } = await octokit.rest.pulls.createReview({
      ...pr,
      commit_id: HEAD_SHA,
      event: 'COMMENT',
      body: 'Two notes.',
      comments: [
        { path: 'src/cart.ts', line: 22, side: 'RIGHT', body: 'one line' },
        { path: 'src/cart.ts', start_line: 2, start_side: 'RIGHT', line: 4, side: 'RIGHT', body: 'a range' },
      ],
    });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      state: 'COMMENTED',
      body: 'Two notes.',
      commit_id: HEAD_SHA,
      user: { login: BOT_LOGIN },
    });
    expect(fake.state.reviews).toHaveLength(1);

    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, pr);
    expect(
      comments.map((c) => [c.path, c.start_line, c.line, c.side, c.body, c.pull_request_review_id]),
    ).toEqual([
      ['src/cart.ts', null, 22, 'RIGHT', 'one line', data.id],
      ['src/cart.ts', 2, 4, 'RIGHT', 'a range', data.id],
    ]);
    expect(comments[1]).toMatchObject({
      start_side: 'RIGHT',
      position: 5,
      diff_hunk: TWO_HUNK_PATCH.split('\n').slice(0, 6).join('\n'),
      html_url: `https://github.com/octo/shop/pull/1#discussion_r${comments[1]!.id}`,
    });
  });

  it('refuses the whole review with 422 when one comment is outside the diff, storing nothing', async () => {
    const result = await failure(
      client(fake).rest.pulls.createReview({
        ...pr,
        commit_id: HEAD_SHA,
        event: 'COMMENT',
        body: 'b',
        comments: [
          { path: 'src/cart.ts', line: 2, side: 'RIGHT', body: 'fine' },
          { path: 'src/cart.ts', line: 12, side: 'RIGHT', body: 'between the hunks' },
        ],
      }),
    );
    expect(result.status).toBe(422);
    expect(result.data).toMatchObject(LINE_NOT_IN_DIFF);
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.reviewComments).toEqual([]);
  });

  it.each([
    [
      'a context line on LEFT',
      { line: 1, side: 'LEFT' },
      'Pull request review thread line must be part of the diff',
    ],
    [
      'a line of a file without a patch',
      { path: 'logo.png', line: 1 },
      'Pull request review thread line must be part of the diff',
    ],
    [
      'a range across two hunks',
      { start_line: 4, line: 22 },
      'Pull request review thread start line must be part of the same hunk as the line.',
    ],
    [
      'a range that ends before it starts',
      { start_line: 3, line: 2 },
      'Pull request review thread start line must precede the end line.',
    ],
    ['a path the PR does not touch', { path: 'src/other.ts', line: 1 }, 'Path could not be resolved'],
  ])('refuses %s', async (_name, comment, message) => {
    const result = await failure(
      client(fake).rest.pulls.createReview({
        ...pr,
        event: 'COMMENT',
        body: 'b',
        comments: [{ path: 'src/cart.ts', body: 'x', ...comment }],
      }),
    );
    expect(result).toMatchObject({ status: 422, data: { errors: [message] } });
    expect(fake.state.reviews).toEqual([]);
  });

  it('accepts a deleted line on LEFT and a range from LEFT to RIGHT in one hunk', async () => {
    await client(fake).rest.pulls.createReview({
      ...pr,
      event: 'COMMENT',
      body: 'b',
      comments: [
        { path: 'src/cart.ts', line: 2, side: 'LEFT', body: 'removed' },
        { path: 'src/cart.ts', start_line: 2, start_side: 'LEFT', line: 3, side: 'RIGHT', body: 'replaced' },
      ],
    });
    expect(fake.state.reviewComments.map((c) => [c.start_line, c.start_side, c.line, c.side])).toEqual([
      [null, null, 2, 'LEFT'],
      [2, 'LEFT', 3, 'RIGHT'],
    ]);
  });

  it("refuses an APPROVE from GITHUB_TOKEN and a commit that is not the PR's", async () => {
    const octokit = client(fake);
    expect(await failure(octokit.rest.pulls.createReview({ ...pr, event: 'APPROVE' }))).toMatchObject({
      status: 422,
      data: { errors: ['GitHub Actions is not permitted to approve pull requests.'] },
    });
    expect(
      (
        await failure(
          octokit.rest.pulls.createReview({ ...pr, commit_id: 'f'.repeat(40), event: 'COMMENT', body: 'b' }),
        )
      ).status,
    ).toBe(422);
    expect(fake.state.reviews).toEqual([]);
  });

  it('lists reviews, and a review on a head the PR had before a push still counts', async () => {
    const octokit = client(fake);
    fake.moveHeadAfter(1, 'c'.repeat(40), 0);
    await octokit.rest.pulls.createReview({ ...pr, commit_id: HEAD_SHA, event: 'COMMENT', body: 'late' });
    const { data } = await octokit.rest.pulls.listReviews(pr);
    expect(data.map((r) => [r.state, r.commit_id, r.body])).toEqual([['COMMENTED', HEAD_SHA, 'late']]);
  });
});

describe('review comments', () => {
  it('creates a single comment with the same diff rules', async () => {
    const octokit = client(fake);
    const { data, status } = await octokit.rest.pulls.createReviewComment({
      ...pr,
      commit_id: HEAD_SHA,
      path: 'src/cart.ts',
      start_line: 21,
      line: 23,
      side: 'RIGHT',
      body: 'tail',
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      path: 'src/cart.ts',
      start_line: 21,
      line: 23,
      body: 'tail',
      subject_type: 'line',
    });

    const refused = await failure(
      octokit.rest.pulls.createReviewComment({
        ...pr,
        commit_id: HEAD_SHA,
        path: 'src/cart.ts',
        line: 40,
        body: 'x',
      }),
    );
    expect(refused).toMatchObject({
      status: 422,
      data: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequestReviewComment',
            field: 'pull_request_review_thread.line',
            message: 'pull_request_review_thread.line must be part of the diff',
          },
        ],
      },
    });
    expect(fake.state.reviewComments).toHaveLength(1);
  });

  it('comments a whole file, and replies in a thread', async () => {
    const octokit = client(fake);
    const file = await octokit.rest.pulls.createReviewComment({
      ...pr,
      commit_id: HEAD_SHA,
      path: 'logo.png',
      subject_type: 'file',
      body: 'binary',
    });
    expect(file.data).toMatchObject({ subject_type: 'file', path: 'logo.png' });
    const reply = await octokit.rest.pulls.createReplyForReviewComment({
      ...pr,
      comment_id: file.data.id,
      body: 'ok',
    });
    expect(reply.data).toMatchObject({ in_reply_to_id: file.data.id, path: 'logo.png', body: 'ok' });
    const again = await octokit.rest.pulls.createReviewComment({
      ...pr,
      in_reply_to: reply.data.id,
      body: 'thanks',
      commit_id: HEAD_SHA,
      path: 'logo.png',
    });
    expect(again.data).toMatchObject({ in_reply_to_id: file.data.id, body: 'thanks' });
  });

  it('pages the comment list with Link headers', async () => {
    fake.addPullRequest({ number: 2, baseSha: BASE_SHA, headSha: HEAD_SHA, files: addedFiles(3) });
    for (const n of [1, 2, 3]) {
      fake.addReviewComment({ pullNumber: 2, path: `src/f000${n}.ts`, line: 1, body: `seeded ${n}` });
    }
    const octokit = client(fake);
    const first = await octokit.rest.pulls.listReviewComments({ ...pr, pull_number: 2, per_page: 2 });
    expect(first.data.map((c) => c.body)).toEqual(['seeded 1', 'seeded 2']);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      ...pr,
      pull_number: 2,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual(['seeded 1', 'seeded 2', 'seeded 3']);
  });
});
