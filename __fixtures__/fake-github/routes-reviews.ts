// Reviews and review comments, with GitHub's diff rules: a comment must sit on a line shown in a hunk
// of its file's patch (a range inside one hunk), and a review is all-or-nothing — one bad comment and
// the whole request is 422 with nothing stored.
import {
  FileDiff,
  isThreadError,
  resolveThread,
  type ResolvedThread,
  type ThreadError,
} from './diff-hunks.js';
import {
  bodyTooLong,
  intParam,
  json,
  MAX_BODY_CHARS,
  notFound,
  paginate,
  since,
  unprocessable,
  validatedBody,
  validationFailed,
  type RouteContext,
  type RouteTable,
} from './http.js';
import { BOT_LOGIN, timestamp } from './payloads-repo.js';
import { review, reviewComment } from './payloads-pulls.js';
import { findPull } from './routes-pulls.js';
import type { PullRecord, ReviewCommentRecord, ReviewState } from './types.js';

/** A `comments[]` entry of a review, as the operation's schema declares it. */
interface ReviewCommentInput {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

interface CreateReviewBody {
  commit_id?: string;
  body?: string;
  event?: string;
  comments?: ReviewCommentInput[];
}

interface CreateCommentBody extends ReviewCommentInput {
  commit_id: string;
  in_reply_to?: number;
  subject_type?: 'line' | 'file';
}

const REVIEW_STATES: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

export const reviewRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const pending = new Set(ctx.store.reviews.filter((r) => r.state === 'PENDING').map((r) => r.id));
      const isNew = since(ctx);
      const comments = ctx.store.reviewComments.filter(
        (c) =>
          c.pull_number === pull.number &&
          !(c.pull_request_review_id !== null && pending.has(c.pull_request_review_id)) &&
          isNew(c.updated_at),
      );
      if (ctx.params.direction === 'desc') comments.reverse();
      const page = paginate(ctx, comments);
      return json(
        200,
        page.items.map((c) => reviewComment(ctx.site, c, ctx.store.reactions)),
        page.headers,
      );
    },
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const body = validatedBody<CreateCommentBody>(ctx);
      const tooLong = bodyTooLong(ctx, 'PullRequestReviewComment', body.body);
      if (tooLong) return tooLong;
      if (body.in_reply_to !== undefined) return reply(ctx, pull, body.in_reply_to, body.body);
      if (!pull.head_shas.includes(body.commit_id)) {
        return validationFailed(ctx, [
          {
            resource: 'PullRequestReviewComment',
            code: 'custom',
            field: 'end_commit_oid',
            message: 'end_commit_oid is not part of the pull request',
          },
        ]);
      }
      const anchor = body.subject_type === 'file' ? fileAnchor(pull, body.path) : threadAnchor(pull, body);
      if (isThreadError(anchor)) {
        const field = `pull_request_review_thread.${anchor.field}`;
        return validationFailed(ctx, [
          {
            resource: 'PullRequestReviewComment',
            code: 'custom',
            field,
            message: `${field} ${anchor.problem}`,
          },
        ]);
      }
      // A lone review comment is a one-comment COMMENTED review on GitHub.
      const reviewId = addReview(ctx, pull, 'COMMENTED', '', body.commit_id);
      const comment = addComment(ctx, pull, {
        reviewId,
        commitId: body.commit_id,
        path: body.path,
        body: body.body,
        anchor,
      });
      return json(201, reviewComment(ctx.site, comment), { location: reviewComment(ctx.site, comment).url });
    },
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const { body } = validatedBody<{ body: string }>(ctx);
      return (
        bodyTooLong(ctx, 'PullRequestReviewComment', body) ??
        reply(ctx, pull, intParam(ctx, 'comment_id'), body)
      );
    },
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const page = paginate(
        ctx,
        ctx.store.reviews.filter((r) => r.pull_number === pull.number),
      );
      return json(
        200,
        page.items.map((r) => review(ctx.site, r)),
        page.headers,
      );
    },
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const body = validatedBody<CreateReviewBody>(ctx);
      const state = body.event ? (REVIEW_STATES[body.event] ?? 'COMMENTED') : 'PENDING';
      const refused = refuseReview(ctx, pull, body, state);
      if (refused) return refused;
      const commitId = body.commit_id ?? pull.head.sha;
      const anchors: Array<ResolvedThread | ThreadError> = (body.comments ?? []).map((c) =>
        threadAnchor(pull, c),
      );
      const errors = new Set<string>();
      for (const anchor of anchors) if (isThreadError(anchor)) errors.add(reviewErrorText(anchor));
      for (const c of body.comments ?? [])
        if (c.body.length > MAX_BODY_CHARS) errors.add('Body is too long (maximum is 65536 characters)');
      if (errors.size > 0) return unprocessable(ctx, [...errors]);

      const reviewId = addReview(ctx, pull, state, body.body ?? '', commitId);
      (body.comments ?? []).forEach((c, i) => {
        const anchor = anchors[i];
        if (anchor && !isThreadError(anchor))
          addComment(ctx, pull, { reviewId, commitId, path: c.path, body: c.body, anchor });
      });
      const created = ctx.store.reviews.find((r) => r.id === reviewId);
      return created ? json(200, review(ctx.site, created)) : notFound(ctx);
    },
  },
};

function refuseReview(ctx: RouteContext, pull: PullRecord, body: CreateReviewBody, state: ReviewState) {
  if (body.body !== undefined && body.body.length > MAX_BODY_CHARS) {
    return unprocessable(ctx, [`Body is too long (maximum is ${MAX_BODY_CHARS} characters)`]);
  }
  if (body.commit_id !== undefined && !pull.head_shas.includes(body.commit_id)) {
    return unprocessable(ctx, ['Pull request review end commit oid is not part of the pull request']);
  }
  if (state === 'APPROVED' && !ctx.actionsCanApprove) {
    return unprocessable(ctx, ['GitHub Actions is not permitted to approve pull requests.']);
  }
  const hasPending = ctx.store.reviews.some(
    (r) => r.pull_number === pull.number && r.user === BOT_LOGIN && r.state === 'PENDING',
  );
  if (state === 'PENDING' && hasPending) {
    return unprocessable(ctx, ['User can only have one pending review per pull request']);
  }
  return undefined;
}

/** GitHub's review-form wording: `Pull request review thread line must be part of the diff`. */
function reviewErrorText(error: ThreadError): string {
  if (error.field === 'path') return 'Path could not be resolved';
  return `Pull request review thread ${error.field.replace('_', ' ')} ${error.problem}`;
}

function threadAnchor(
  pull: PullRecord,
  comment: ReviewCommentInput | CreateCommentBody,
): ResolvedThread | ThreadError {
  const file = pull.files.find((f) => f.filename === comment.path);
  return resolveThread(file ? new FileDiff(file.patch) : undefined, comment);
}

/** `subject_type: file`: any file of the PR, no line. */
function fileAnchor(pull: PullRecord, path: string): ThreadError | 'file' {
  return pull.files.some((f) => f.filename === path)
    ? 'file'
    : { field: 'path', problem: 'could not be resolved' };
}

function reply(ctx: RouteContext, pull: PullRecord, parentId: number, text: string) {
  const parent = ctx.store.reviewComments.find((c) => c.id === parentId && c.pull_number === pull.number);
  if (!parent) return notFound(ctx);
  const reviewId = addReview(ctx, pull, 'COMMENTED', '', parent.commit_id);
  const comment = ctx.store.addReply(parent, BOT_LOGIN, text, reviewId);
  return json(201, reviewComment(ctx.site, comment));
}

function addReview(
  ctx: RouteContext,
  pull: PullRecord,
  state: ReviewState,
  body: string,
  commitId: string,
): number {
  const id = ctx.store.nextId();
  ctx.store.reviews.push({
    id,
    pull_number: pull.number,
    user: BOT_LOGIN,
    state,
    body,
    commit_id: commitId,
    submitted_at: state === 'PENDING' ? null : timestamp(),
  });
  return id;
}

interface NewComment {
  reviewId: number;
  commitId: string;
  path: string;
  body: string;
  anchor: ResolvedThread | 'file';
}

function addComment(ctx: RouteContext, pull: PullRecord, input: NewComment): ReviewCommentRecord {
  const now = timestamp();
  const { anchor } = input;
  const onLine = anchor !== 'file';
  const comment: ReviewCommentRecord = {
    id: ctx.store.nextId(),
    pull_number: pull.number,
    pull_request_review_id: input.reviewId,
    user: BOT_LOGIN,
    body: input.body,
    path: input.path,
    commit_id: input.commitId,
    subject_type: onLine ? 'line' : 'file',
    line: onLine ? anchor.line : null,
    side: onLine ? anchor.side : null,
    start_line: onLine ? anchor.start_line : null,
    start_side: onLine ? anchor.start_side : null,
    position: onLine ? anchor.position : null,
    diff_hunk: onLine ? anchor.diff_hunk : '',
    in_reply_to_id: null,
    created_at: now,
    updated_at: now,
  };
  ctx.store.reviewComments.push(comment);
  return comment;
}
