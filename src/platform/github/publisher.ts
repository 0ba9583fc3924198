// Carries out a post plan on GitHub: check runs per subtask kind (check-run-channel.ts), one review
// with suggestion blocks (review-channel.ts), one sticky summary comment (here). Idempotent (fingerprint markers), stale-head safe, and it never throws:
// a refused or failed write becomes a note and the caller falls back to the job summary.
import type { PriorReview, ReviewHistory, ThreadResolution } from '../../findings/ledger.js';
import type { SubtaskKind } from '../../plan/types.js';
import { hasLedgerState, ledgerStateIn, parseLedgerState } from '../../report/ledger-state.js';
import { SUMMARY_MARKER } from '../../report/post-plan.js';
import type { CheckRunPlan, PostPlan } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import { getErrorMessage } from '../../util/errors.js';
import { createCheckRunChannel } from './check-run-channel.js';
import type { GitHubClient } from './octokit.js';
import { readPrHistory } from './pr-history.js';
import { createWriter } from './publish-writer.js';
import { postReviewComments, type PrRef } from './review-channel.js';
import { resolveReviewThreads } from './review-threads.js';

export type { PrRef } from './review-channel.js';

export interface PublishTarget {
  owner: string;
  repo: string;
  /** 0 when there is no PR (push): check runs only. */
  number: number;
  headSha: string;
  /** The hidden marker the sticky comment starts with; the review summary's by default. */
  stickyMarker?: string;
}

export interface Publisher {
  startCheckRuns(kinds: readonly SubtaskKind[], span: Span): Promise<void>;
  completeCheckRuns(runs: readonly CheckRunPlan[], span: Span): Promise<number>;
  /**
   * undefined when the head did not move (or there is no PR); else the new head SHA. Re-reads the PR,
   * unless readHistory() just did (the ledger needs the fresh comment counts before the report).
   */
  movedHead(): Promise<string | undefined>;
  /** What earlier reviews left on the PR; undefined without a PR. */
  readHistory(span: Span): Promise<ReviewHistory | undefined>;
  /**
   * The last review's head and ledger from our sticky comment, looked up once (the listing is skipped
   * when `knownNone`: the event says the PR has no comment).
   */
  readPrior(knownNone: boolean): Promise<PriorReview | undefined>;
  /** Resolves our threads whose finding is fixed or outdated, in one request. */
  resolveThreads(resolutions: readonly ThreadResolution[], span: Span): Promise<void>;
  postReview(post: PostPlan, span: Span): Promise<void>;
  upsertSticky(body: string, span: Span): Promise<void>;
  failCheckRuns(message: string, span: Span): Promise<void>;
  /** What went wrong with writes, one line each (refusals, errors, items already posted). */
  readonly notes: string[];
  /**
   * Set once GitHub refused a review or a comment (403): the PR channel is closed. Each permission
   * is refused on its own: no check runs (`checks: none`) still leaves reviews and comments.
   */
  readonly refused: boolean;
}

export function createPublisher(octokit: GitHubClient, target: PublishTarget): Publisher {
  const { owner, repo, number } = target;
  const writer = createWriter();
  const { write, notes } = writer;
  const checks = createCheckRunChannel(octokit, target, writer);
  // Found or created once: progress updates and the final summary edit the same comment.
  let stickyId: number | undefined;
  // The PR's comment counts from the head re-read just before posting: a count of 0 means there is
  // nothing of ours to find, and the listing request is saved (2 of a first review's requests).
  let counts: { comments: number; reviewComments: number } | undefined;
  // Set by readHistory(): the head re-read it made, and our markers on the PR (saves the listing).
  let headRead: Promise<string | undefined> | undefined;
  let knownMarkers: Set<string> | undefined;
  // Our sticky comment as first found: its body is the last review's (before any progress edit of
  // this run), whose hidden ledger the next body carries on when it has none of its own.
  let stickyLookup: Promise<{ id: number; body: string } | undefined> | undefined;
  // A count of 0 (`knownNone`) skips the listing without remembering "none": a later caller with
  // fresher counts still looks (an event payload's count can be stale on a job re-run).
  const locateSticky = (knownNone = counts?.comments === 0) => {
    if (stickyLookup === undefined && knownNone) return Promise.resolve(undefined);
    stickyLookup ??= findStickyComment(octokit, { owner, repo, number }, target.stickyMarker);
    return stickyLookup;
  };

  /** The PR as it is now: the comment counts, and the new head when it moved. */
  async function rereadHead(): Promise<string | undefined> {
    if (number === 0) return undefined;
    try {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
      counts = { comments: data.comments, reviewComments: data.review_comments };
      return data.head.sha === target.headSha ? undefined : data.head.sha;
    } catch (error) {
      // Not knowing is not a reason to post over a newer head, nor to fail: assume it did not move.
      notes.push(`could not re-read the PR head before posting: ${getErrorMessage(error)}`);
      return undefined;
    }
  }

  return {
    notes,
    get refused() {
      return writer.refused('pull-requests') || writer.refused('issues');
    },

    startCheckRuns: (kinds, span) => checks.start(kinds, span),
    completeCheckRuns: (runs, span) => checks.complete(runs, span),
    failCheckRuns: (message, span) => checks.fail(message, span),

    movedHead() {
      const read = headRead ?? rereadHead();
      headRead = undefined;
      return read;
    },

    async readHistory(span) {
      if (number === 0) return undefined;
      headRead = rereadHead();
      if ((await headRead) !== undefined) return undefined; // moved: nothing will be posted anyway
      const read = await readPrHistory(octokit, { owner, repo, number }, counts, () => locateSticky());
      knownMarkers = read.markers;
      span.event('post', 'history', {
        threads: read.history.threads.length,
        prior: read.history.prior?.head ?? null,
        notes: read.history.notes,
      });
      notes.push(...read.history.notes);
      return read.history;
    },

    async readPrior(knownNone) {
      if (number === 0) return undefined;
      const sticky = await locateSticky(knownNone).catch(() => undefined);
      return sticky === undefined ? undefined : parseLedgerState(sticky.body);
    },

    async resolveThreads(resolutions, span) {
      if (number === 0 || resolutions.length === 0 || writer.refused('pull-requests')) return;
      const outcome = await resolveReviewThreads(octokit, resolutions);
      const what = `resolve ${resolutions.length} review thread(s)`;
      span.event('post', what, {
        ok: outcome.refused === undefined && outcome.errors.length === 0,
        ...outcome,
      });
      if (outcome.refused !== undefined) {
        notes.push(
          `GitHub refused to ${what} (${outcome.refused}): the token needs \`pull-requests: write\` and \`contents: write\`. ` +
            'The threads stay open; nothing else is affected',
        );
      }
      for (const error of outcome.errors) notes.push(`could not resolve a review thread: ${error}`);
    },
    postReview: (post, span) =>
      postReviewComments(octokit, { owner, repo, number, headSha: target.headSha }, writer, post, span, {
        known: knownMarkers,
        noComments: counts?.reviewComments === 0,
      }),

    async upsertSticky(body, span) {
      if (number === 0 || writer.refused('issues')) return;
      const found = await locateSticky().catch(() => undefined);
      stickyId ??= found?.id;
      // A progress or failure body keeps the last review's ledger, so the next review still has it.
      const carried = found && !hasLedgerState(body) ? ledgerStateIn(found.body) : undefined;
      if (carried !== undefined) body = `${body}\n${carried}`;
      const existing = stickyId;
      if (existing !== undefined) {
        await write('update the summary comment', 'issues', span, () =>
          octokit.rest.issues.updateComment({ owner, repo, comment_id: existing, body }),
        );
      } else {
        stickyId = await write('create the summary comment', 'issues', span, async () => {
          const created = await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: number,
            body,
          });
          return created.data.id;
        });
      }
    },
  };
}

/** Our summary comment on the PR (id and body), or undefined when there is none yet. */
export async function findStickyComment(
  octokit: GitHubClient,
  pr: PrRef,
  marker = SUMMARY_MARKER,
): Promise<{ id: number; body: string } | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  // Only a bot's comment is ours to edit: anyone can paste the marker into a comment of their own.
  const sticky = comments.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(marker));
  return sticky ? { id: sticky.id, body: sticky.body ?? '' } : undefined;
}
