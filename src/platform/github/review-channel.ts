// The review channel of the publisher: the inline comments as one review, the ones an earlier run
// posted left out (by fingerprint marker), and comment by comment when GitHub refuses the review whole.
import { fingerprintMarker } from '../../report/post-plan.js';
import type { PostPlan, ReviewCommentPlan } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import type { GitHubClient } from './octokit.js';
import type { Writer } from './publish-writer.js';

export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

export interface ReviewTarget extends PrRef {
  headSha: string;
}

/**
 * Posts the plan's review. `known`: our markers already on the PR (from the history read), or
 * undefined to list them; `noComments`: the PR has no review comment, so there is nothing to list.
 */
export async function postReviewComments(
  octokit: GitHubClient,
  target: ReviewTarget,
  writer: Writer,
  post: PostPlan,
  span: Span,
  seen: { known: Set<string> | undefined; noComments: boolean },
): Promise<void> {
  const { owner, repo, number } = target;
  const { write, notes } = writer;
  if (number === 0 || post.review.comments.length === 0 || writer.refused('pull-requests')) return;
  // Our markers: from the threads readHistory() read, else none when the PR has no review comment.
  const posted =
    seen.known ??
    (seen.noComments
      ? new Set<string>()
      : await existingFingerprints(octokit, { owner, repo, number }).catch(() => new Set<string>()));
  const fresh = post.review.comments.filter((c) => !posted.has(fingerprintMarker(c.fingerprint)));
  const already = post.review.comments.length - fresh.length;
  if (already > 0) notes.push(`${already} inline comment(s) were already posted by an earlier run`);
  if (fresh.length === 0) return;
  const review = await write(
    'post the review',
    'pull-requests',
    span,
    () =>
      octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: number,
        commit_id: target.headSha,
        event: 'COMMENT',
        body: post.review.body,
        comments: fresh.map(toReviewComment),
      }),
    true,
  );
  if (review !== undefined || writer.refused('pull-requests')) return;
  // A review is all-or-nothing (one bad line → 422): place the comments one by one instead.
  let placed = 0;
  for (const comment of fresh) {
    const ok = await write(`comment on ${comment.path}:${comment.line}`, 'pull-requests', span, () =>
      octokit.rest.pulls.createReviewComment({
        owner,
        repo,
        pull_number: number,
        commit_id: target.headSha,
        ...toReviewComment(comment),
      }),
    );
    if (ok !== undefined) placed++;
  }
  if (placed < fresh.length)
    notes.push(`${fresh.length - placed} inline comment(s) could not be placed; they are in the summary`);
}

function toReviewComment(comment: ReviewCommentPlan) {
  return {
    path: comment.path,
    line: comment.line,
    side: comment.side,
    body: comment.body,
    ...(comment.startLine === undefined ? {} : { start_line: comment.startLine, start_side: comment.side }),
  };
}

async function existingFingerprints(octokit: GitHubClient, pr: PrRef): Promise<Set<string>> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  const markers = new Set<string>();
  for (const comment of comments) {
    for (const match of comment.body.matchAll(/<!-- kilo-agent:fp=\S+ -->/g)) markers.add(match[0]);
  }
  return markers;
}
