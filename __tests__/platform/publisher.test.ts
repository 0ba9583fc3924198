// The publisher against the fake GitHub: the paths an end-to-end run rarely takes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOctokit } from '../../src/platform/github/octokit.js';
import { createPublisher } from '../../src/platform/github/publisher.js';
import { fingerprintMarker, SUMMARY_MARKER } from '../../src/report/post-plan.js';
import type { CheckRunPlan, PostPlan, ReviewCommentPlan } from '../../src/report/types.js';
import {
  secondaryRateLimit,
  startFakeGitHub,
  type FakeGitHub,
} from '../../__fixtures__/fake-github/index.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';

const HEAD = 'b'.repeat(40);
const PATCH = '@@ -1,2 +1,4 @@\n one\n+two\n+three\n four';

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.addPullRequest({
    number: 3,
    baseSha: 'a'.repeat(40),
    headSha: HEAD,
    files: [{ filename: 'a.txt', status: 'modified', patch: PATCH }],
  });
});

function publisher() {
  const octokit = createOctokit({
    token: 't',
    baseUrl: fake.url,
    userAgent: 'test',
    retryAfterBaseMs: 1,
    writeIntervalMs: 0,
  });
  return createPublisher(octokit, { owner: 'octo', repo: 'shop', number: 3, headSha: HEAD });
}

function comment(line: number, fingerprint: string): ReviewCommentPlan {
  return {
    path: 'a.txt',
    line,
    side: 'RIGHT',
    body: `note on ${line}\n${fingerprintMarker(fingerprint)}`,
    fingerprint,
  };
}

function postWith(comments: ReviewCommentPlan[]): PostPlan {
  return {
    headSha: HEAD,
    summaryMarkdown: '',
    sticky: { marker: SUMMARY_MARKER, body: `${SUMMARY_MARKER}\nsummary` },
    checkRuns: [],
    review: { body: 'review', comments },
    notInline: { findings: [], suggestions: [], overBudget: 0 },
  };
}

describe('publisher', () => {
  it('places comments one by one when GitHub rejects the whole review, and counts the misfits', async () => {
    const p = publisher();
    // Line 9 is outside the diff: GitHub answers 422 for the whole review.
    await p.postReview(
      postWith([comment(2, 'f1'), comment(9, 'f2'), comment(3, 'f3')]),
      createRecordingSpan(),
    );
    expect(fake.violations).toEqual([]);
    expect(fake.state.reviewComments.map((c) => c.line)).toEqual([2, 3]);
    expect(p.notes).toEqual([
      'could not comment on a.txt:9 (422): Validation Failed: pull_request_review_thread.line must be part of the diff',
      '1 inline comment(s) could not be placed; they are in the summary',
    ]);
    expect(p.refused).toBe(false);
  });

  it('a secondary rate limit that outlasts the retries is a failed write, not a refusal: later writes still go', async () => {
    const p = publisher();
    fake.failNext(
      secondaryRateLimit({
        method: 'POST',
        path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
        times: 4,
      }),
    );
    const span = createRecordingSpan();
    await p.postReview(postWith([comment(2, 'f1')]), span);
    await p.upsertSticky(`${SUMMARY_MARKER}\nsummary`, span);
    expect(fake.violations).toEqual([]);
    // The review gave up after 3 retries; the comment went one by one instead, and the sticky too.
    expect(fake.state.reviewComments.map((c) => c.line)).toEqual([2]);
    expect(fake.state.issueComments).toHaveLength(1);
    expect(p.refused).toBe(false);
    expect(p.notes.join('\n')).not.toContain('the token needs');
  });

  it('a refusal names the permission GitHub asked for, and closes only that channel', async () => {
    const p = publisher();
    fake.failNext({
      method: 'POST',
      path: '/repos/{owner}/{repo}/check-runs',
      status: 403,
      headers: { 'x-accepted-github-permissions': 'checks=write' },
      body: { message: 'Resource not accessible by integration' },
    });
    const span = createRecordingSpan();
    await p.startCheckRuns(['analyze', 'test'], span);
    await p.upsertSticky(`${SUMMARY_MARKER}\nsummary`, span);
    expect(fake.state.checkRuns).toEqual([]);
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => r.route)).toEqual([
      'POST /repos/{owner}/{repo}/check-runs',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(p.notes).toEqual([
      "GitHub refused to create the check run Kilo Agent / analyze (403: Resource not accessible by integration): the token needs `checks: write`. Add it to the job's permissions, unless this is a fork or Dependabot PR, whose token is read-only",
    ]);
    expect(p.refused).toBe(false);
  });

  it('sends annotations in batches of 50 and completes the run with the first batch', async () => {
    const p = publisher();
    const span = createRecordingSpan();
    await p.startCheckRuns(['analyze'], span);
    const run: CheckRunPlan = {
      name: 'Kilo Agent / analyze',
      kind: 'analyze',
      conclusion: 'failure',
      title: '120 errors',
      summary: 'many',
      annotations: Array.from({ length: 120 }, (_, i) => ({
        path: 'a.txt',
        start_line: 2,
        end_line: 2,
        annotation_level: 'failure' as const,
        message: `problem ${i}`,
      })),
    };
    expect(await p.completeCheckRuns([run], span)).toBe(1);
    expect(fake.violations).toEqual([]);
    const [stored] = fake.state.checkRuns;
    expect(stored?.status).toBe('completed');
    expect(stored?.output.annotations).toHaveLength(120);
    expect(stored?.writes).toBe(4); // create in_progress, complete with 50, then 50 and 20
  });

  it('lists comments only when the fresh head read counts some: a first review saves two requests', async () => {
    const listings = () =>
      fake.requests.filter((r) => r.method === 'GET' && /\/comments$/.test(r.path)).map((r) => r.path);
    const span = createRecordingSpan();
    const first = publisher();
    expect(await first.movedHead()).toBeUndefined();
    await first.postReview(postWith([comment(2, 'f1')]), span);
    await first.upsertSticky(`${SUMMARY_MARKER}\nfirst`, span);
    expect(listings()).toEqual([]);

    // The rerun finds both (the counts are no longer 0) and adds nothing.
    const rerun = publisher();
    expect(await rerun.movedHead()).toBeUndefined();
    await rerun.postReview(postWith([comment(2, 'f1')]), span);
    await rerun.upsertSticky(`${SUMMARY_MARKER}\nsecond`, span);
    expect(listings()).toEqual(['/repos/octo/shop/pulls/3/comments', '/repos/octo/shop/issues/3/comments']);
    expect(fake.state.reviewComments).toHaveLength(1);
    expect(fake.state.issueComments.map((c) => c.body)).toEqual([`${SUMMARY_MARKER}\nsecond`]);
    expect(fake.violations).toEqual([]);
  });

  it('edits only its own sticky comment, not a user comment quoting the marker', async () => {
    fake.addIssueComment(3, `${SUMMARY_MARKER}\nI pasted this`, 'mallory');
    const p = publisher();
    await p.upsertSticky(`${SUMMARY_MARKER}\nfirst`, createRecordingSpan());
    await p.upsertSticky(`${SUMMARY_MARKER}\nsecond`, createRecordingSpan());
    expect(fake.state.issueComments.map((c) => [c.user, c.body.split('\n')[1]])).toEqual([
      ['mallory', 'I pasted this'],
      ['github-actions[bot]', 'second'],
    ]);
  });

  it('concludes an open run as failed with the message, or opens one to say it', async () => {
    const p = publisher();
    const span = createRecordingSpan();
    await p.failCheckRuns('config broken', span);
    await p.startCheckRuns(['test'], span);
    await p.failCheckRuns('tests exploded', span);
    expect(fake.state.checkRuns.map((r) => [r.name, r.conclusion, r.output.summary])).toEqual([
      ['Kilo Agent', 'failure', 'config broken'],
      ['Kilo Agent / test', 'failure', 'tests exploded'],
    ]);
  });
});
