// Issue comments on the PRs (list, create, get, edit) and reactions to them. Every issue of the fake is
// one of its seeded PRs, as every PR is an issue on GitHub.
import {
  bodyTooLong,
  intParam,
  json,
  notFound,
  paginate,
  since,
  validatedBody,
  type RouteContext,
  type RouteTable,
} from './http.js';
import { issueComment, reaction } from './payloads-activity.js';
import { BOT_LOGIN, timestamp } from './payloads-repo.js';
import { findPull } from './routes-pulls.js';
import type { IssueCommentRecord, ReactionContent } from './types.js';

const findComment = (ctx: RouteContext): IssueCommentRecord | undefined =>
  ctx.store.issueComments.find((c) => c.id === intParam(ctx, 'comment_id'));

const render = (ctx: RouteContext, comment: IssueCommentRecord) =>
  issueComment(ctx.site, comment, ctx.store.reactions);

export const issueRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const isNew = since(ctx);
      const page = paginate(
        ctx,
        ctx.store.issueComments.filter((c) => c.issue_number === pull.number && isNew(c.updated_at)),
      );
      return json(
        200,
        page.items.map((c) => render(ctx, c)),
        page.headers,
      );
    },
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const { body } = validatedBody<{ body: string }>(ctx);
      const tooLong = bodyTooLong(ctx, 'IssueComment', body);
      if (tooLong) return tooLong;
      const now = timestamp();
      const comment: IssueCommentRecord = {
        id: ctx.store.nextId(),
        issue_number: pull.number,
        user: BOT_LOGIN,
        body,
        created_at: now,
        updated_at: now,
      };
      ctx.store.issueComments.push(comment);
      const payload = render(ctx, comment);
      return json(201, payload, { location: payload.url });
    },
  },

  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    handle(ctx) {
      const comment = findComment(ctx);
      return comment ? json(200, render(ctx, comment)) : notFound(ctx);
    },
  },

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    handle(ctx) {
      const comment = findComment(ctx);
      if (!comment) return notFound(ctx);
      const { body } = validatedBody<{ body: string }>(ctx);
      const tooLong = bodyTooLong(ctx, 'IssueComment', body);
      if (tooLong) return tooLong;
      comment.body = body;
      comment.updated_at = timestamp();
      return json(200, render(ctx, comment));
    },
  },

  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': {
    handle(ctx) {
      const comment = findComment(ctx);
      if (!comment) return notFound(ctx);
      const { content } = validatedBody<{ content: ReactionContent }>(ctx);
      // GitHub answers 200 with the existing reaction when the user already reacted so.
      const existing = ctx.store.reactions.find(
        (r) => r.comment_id === comment.id && r.user === BOT_LOGIN && r.content === content,
      );
      if (existing) return json(200, reaction(ctx.site, existing));
      const created = {
        id: ctx.store.nextId(),
        comment_id: comment.id,
        user: BOT_LOGIN,
        content,
        created_at: timestamp(),
      };
      ctx.store.reactions.push(created);
      return json(201, reaction(ctx.site, created));
    },
  },
};
