// Carries out a post plan on GitHub: check runs per subtask kind, one review with suggestion blocks,
// one sticky summary comment. Idempotent (fingerprint markers), stale-head safe, and it never throws:
// a refused or failed write becomes a note and the caller falls back to the job summary.
import type { PriorReview, ReviewHistory, ThreadResolution } from '../../findings/ledger.js';
import type { SubtaskKind } from '../../plan/types.js';
import { hasLedgerState, ledgerStateIn, parseLedgerState } from '../../report/ledger-state.js';
import { SUMMARY_MARKER, fingerprintMarker } from '../../report/post-plan.js';
import type { CheckRunPlan, PostPlan, ReviewCommentPlan } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import { getErrorMessage } from '../../util/errors.js';
import { apiErrorMessage, isRateLimit, isRequestError, type GitHubClient } from './octokit.js';
import { readPrHistory } from './pr-history.js';
import { resolveReviewThreads } from './review-threads.js';

const ANNOTATIONS_PER_REQUEST = 50;

/** The `permissions:` scope a write needs. A PR's conversation comments take `issues` or `pull-requests`. */
type Scope = 'checks' | 'pull-requests' | 'issues';
const NEEDED: Record<Scope, string> = {
  checks: 'checks: write',
  'pull-requests': 'pull-requests: write',
  issues: 'pull-requests: write (or issues: write)',
};

/**
 * What a 403 means and what to do: the permissions GitHub says it accepts (its
 * `x-accepted-github-permissions` header: sets of `name=level` joined by `,`, alternatives by `;`),
 * in the spelling of a workflow's `permissions:`; else the one the write needs.
 */
function refusalNote(what: string, message: string, scope: Scope, error: unknown): string {
  const header = isRequestError(error)
    ? error.response?.headers?.['x-accepted-github-permissions']
    : undefined;
  const sets =
    typeof header === 'string'
      ? header
          .split(';')
          .map((set) =>
            set
              .split(',')
              .map((p) => p.trim().split('='))
              .filter(([name, level]) => name && level)
              .map(([name, level]) => `${name!.replaceAll('_', '-')}: ${level}`)
              .join(', '),
          )
          .filter(Boolean)
      : [];
  const [first, ...others] = sets;
  const needed = first ? `${first}${others.length ? ` (or ${others.join(' or ')})` : ''}` : NEEDED[scope];
  return (
    `GitHub refused to ${what} (403: ${message}): the token needs \`${needed}\`. ` +
    "Add it to the job's permissions, unless this is a fork or Dependabot PR, whose token is read-only"
  );
}
const FAILURE_RUN_NAME = 'Kilo Agent';

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
  const runIds = new Map<string, number>();
  const notes: string[] = [];
  // Refused writes by the permission they need: after a 403 no further write needing it is tried.
  const refusals = new Set<Scope>();
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

  /**
   * One write: refused (403) → a note naming the permission, and every later write that needs it is
   * skipped; any other failure → a note, unless `quiet` (the caller has a fallback that reports).
   */
  async function write<T>(
    what: string,
    scope: Scope,
    span: Span,
    fn: () => Promise<T>,
    quiet = false,
  ): Promise<T | undefined> {
    if (refusals.has(scope)) return undefined;
    try {
      const result = await fn();
      span.event('post', what, { ok: true });
      return result;
    } catch (error) {
      const status = isRequestError(error) ? error.status : undefined;
      const message = apiErrorMessage(error).split('\n')[0] ?? '';
      span.event('post', what, { ok: false, status, message });
      if (status === 403 && !isRateLimit(error)) {
        refusals.add(scope);
        notes.push(refusalNote(what, message, scope, error));
      } else if (!quiet) {
        notes.push(`could not ${what}${status ? ` (${status})` : ''}: ${message}`);
      }
      return undefined;
    }
  }

  const checkName = (kind: string) => `Kilo Agent / ${kind}`;

  /** Completes every run still in progress, so none is left spinning on the PR. */
  async function concludeOpenRuns(
    conclusion: 'neutral' | 'failure',
    output: { title: string; summary: string },
    span: Span,
  ): Promise<void> {
    for (const [name, id] of [...runIds]) {
      await write(`conclude the check run ${name}`, 'checks', span, () =>
        octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: id,
          status: 'completed',
          conclusion,
          output,
        }),
      );
      runIds.delete(name);
    }
  }

  async function completeRun(run: CheckRunPlan, span: Span): Promise<boolean> {
    const batches = chunk(run.annotations, ANNOTATIONS_PER_REQUEST);
    const output = (annotations: CheckRunPlan['annotations']) => ({
      title: run.title,
      summary: run.summary,
      annotations,
    });
    const id = runIds.get(run.name);
    const completed = {
      status: 'completed' as const,
      conclusion: run.conclusion,
      completed_at: new Date().toISOString(),
      output: output(batches[0] ?? []),
    };
    const verb = id === undefined ? 'create' : 'complete';
    const first = await write(`${verb} the check run ${run.name}`, 'checks', span, async () =>
      id === undefined
        ? (
            await octokit.rest.checks.create({
              owner,
              repo,
              name: run.name,
              head_sha: target.headSha,
              ...completed,
            })
          ).data.id
        : (await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...completed })).data.id,
    );
    if (first === undefined) return false;
    for (const batch of batches.slice(1)) {
      await write(`add annotations to ${run.name}`, 'checks', span, () =>
        octokit.rest.checks.update({ owner, repo, check_run_id: first, output: output(batch) }),
      );
    }
    runIds.delete(run.name);
    return true;
  }

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
      return refusals.has('pull-requests') || refusals.has('issues');
    },

    async startCheckRuns(kinds, span) {
      for (const kind of kinds) {
        const name = checkName(kind);
        const id = await write(`create the check run ${name}`, 'checks', span, async () => {
          const response = await octokit.rest.checks.create({
            owner,
            repo,
            name,
            head_sha: target.headSha,
            status: 'in_progress',
            started_at: new Date().toISOString(),
            output: { title: 'Running', summary: `Kilo Agent is running the ${kind} subtasks.` },
          });
          return response.data.id;
        });
        if (id !== undefined) runIds.set(name, id);
      }
    },

    async completeCheckRuns(runs, span) {
      let completed = 0;
      for (const run of runs) if (await completeRun(run, span)) completed++;
      // A run begun for a kind the post plan no longer has must not stay in progress forever.
      await concludeOpenRuns(
        'neutral',
        { title: 'Nothing to report', summary: 'This kind of subtask produced no report.' },
        span,
      );
      return completed;
    },

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
      if (number === 0 || resolutions.length === 0 || refusals.has('pull-requests')) return;
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
    async postReview(post, span) {
      if (number === 0 || post.review.comments.length === 0 || refusals.has('pull-requests')) return;
      // Our markers: from the threads readHistory() read, else none when the PR has no review comment.
      const posted =
        knownMarkers ??
        (counts?.reviewComments === 0
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
      if (review !== undefined || refusals.has('pull-requests')) return;
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
    },

    async upsertSticky(body, span) {
      if (number === 0 || refusals.has('issues')) return;
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

    async failCheckRuns(message, span) {
      const output = { title: 'Kilo Agent could not finish the review', summary: message.slice(0, 65_000) };
      if (runIds.size === 0) {
        await write('report the failure in a check run', 'checks', span, () =>
          octokit.rest.checks.create({
            owner,
            repo,
            name: FAILURE_RUN_NAME,
            head_sha: target.headSha,
            status: 'completed',
            conclusion: 'failure',
            output,
          }),
        );
      }
      await concludeOpenRuns('failure', output, span);
    },
  };
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

export interface PrRef {
  owner: string;
  repo: string;
  number: number;
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
