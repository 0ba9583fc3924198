// An issue_comment event → the command to carry out, or why it is none of ours. Only a new comment on
// a pull request, written by a person, that holds a `/kilo` line is a command: edits and deletions are
// ignored (an edit must not re-run anything), and bots are ignored (no loops between bots, ours included).
import { z } from 'zod';
import { KiloError } from '../util/errors.js';
import { parseSlashCommand } from './parse.js';
import type { CommentEvent } from './types.js';

const payloadSchema = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z.string().nullable().optional(),
    html_url: z.string().default(''),
    author_association: z.string().default('NONE'),
    user: z.object({ login: z.string(), id: z.number().int(), type: z.string().default('User') }).nullable(),
  }),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
});

export function parseCommentEvent(payload: unknown): CommentEvent {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KiloError(
      'EVENT_INVALID',
      `the event payload is not an issue_comment event: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const { action, issue, comment, repository } = parsed.data;
  if (issue.pull_request === undefined || issue.pull_request === null)
    return { kind: 'ignore', reason: 'the comment is on an issue, not a pull request' };
  if (action !== 'created') return { kind: 'ignore', reason: `the comment was ${action}, not created` };
  const user = comment.user;
  if (user === null) return { kind: 'ignore', reason: 'the comment has no author (a deleted account)' };
  if (user.type !== 'User') return { kind: 'ignore', reason: `comments by bots are ignored (${user.login})` };
  const command = parseSlashCommand(comment.body ?? '');
  if (command === undefined) return { kind: 'ignore', reason: 'the comment holds no /kilo command' };
  return {
    kind: 'command',
    repo: { owner: repository.owner.login, name: repository.name },
    pullNumber: issue.number,
    comment: {
      id: comment.id,
      url: comment.html_url,
      login: user.login,
      userId: user.id,
      association: comment.author_association,
    },
    command,
  };
}
