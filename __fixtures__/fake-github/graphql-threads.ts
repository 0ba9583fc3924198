// The GraphQL objects behind a PR's review threads, built per request from the store as plain object
// trees: a function-valued property is a field with arguments (graphql-js's default resolver calls
// it). Covers `repository.pullRequest.reviewThreads` with their comments, authors and reactions, and
// the mutations `resolveReviewThread`, `unresolveReviewThread` and `addPullRequestReviewThreadReply`.
// Failures are GitHub's typed errors (NOT_FOUND, FORBIDDEN…) on the field, which is then null.
import type { GraphQLResolveInfo } from 'graphql';
import { BOT_LOGIN, HTML_URL, nodeId, timestamp, type Site } from './payloads-repo.js';
import { GRAPHQL_PERMISSIONS, isPermitted } from './permissions.js';
import { REACTION_CONTENTS, type Store } from './store.js';
import type { GraphqlReactionContent, PullRecord, ReviewCommentRecord, TokenPermissions } from './types.js';

/** What the token may do: the same switches as for REST. */
export interface GraphqlAccess {
  readOnly: boolean;
  permissions: TokenPermissions | undefined;
}

export interface GraphqlContext {
  site: Site;
  store: Store;
  access: GraphqlAccess;
}

/** One of GitHub's typed GraphQL errors, thrown by a resolver; the field it is thrown from is null. */
export class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Args = Readonly<Record<string, unknown>>;

/** GitHub caps `first`/`last` of every connection at this. */
const MAX_PAGE = 100;
const MAX_BODY_CHARS = 65_536;

interface Thread {
  root: ReviewCommentRecord;
  comments: ReviewCommentRecord[];
}

export function queryRoot(ctx: GraphqlContext) {
  return {
    repository: (args: Args) => repositoryNode(ctx, text(args.owner), text(args.name)),
  };
}

export function mutationRoot(ctx: GraphqlContext) {
  return {
    resolveReviewThread: (args: Args) => setResolved(ctx, input(args), true),
    unresolveReviewThread: (args: Args) => setResolved(ctx, input(args), false),
    addPullRequestReviewThreadReply: (args: Args) => replyInThread(ctx, input(args)),
  };
}

function repositoryNode(ctx: GraphqlContext, owner: string, name: string) {
  const { site } = ctx;
  if (owner.toLowerCase() !== site.owner.toLowerCase() || name.toLowerCase() !== site.repo.toLowerCase())
    throw new GitHubGraphqlError(
      'NOT_FOUND',
      `Could not resolve to a Repository with the name '${owner}/${name}'.`,
    );
  return {
    id: nodeId('R', 1),
    name: site.repo,
    nameWithOwner: `${site.owner}/${site.repo}`,
    url: `${HTML_URL}/${site.owner}/${site.repo}`,
    pullRequest: (args: Args) => {
      requirePermission(ctx, 'pullRequest');
      const number = Number(args.number);
      const pull = ctx.store.pull(number);
      if (!pull)
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to a PullRequest with the number of ${number}.`,
        );
      return pullRequestNode(ctx, pull);
    },
  };
}

function pullRequestNode(ctx: GraphqlContext, pull: PullRecord) {
  return {
    id: nodeId('PR', pull.id),
    databaseId: pull.id,
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    url: `${HTML_URL}/${ctx.site.owner}/${ctx.site.repo}/pull/${pull.number}`,
    reviewThreads: (args: Args, _c: unknown, info: GraphQLResolveInfo) =>
      connection(threadsOf(ctx.store, pull.number), args, info, {
        key: (t) => t.root.id,
        render: (t) => threadNode(ctx, t),
      }),
  };
}

/** The PR's threads: each root comment with its replies, in creation order; pending reviews are hidden. */
function threadsOf(store: Store, pullNumber: number): Thread[] {
  const pending = new Set(store.reviews.filter((r) => r.state === 'PENDING').map((r) => r.id));
  const visible = store.reviewComments.filter(
    (c) =>
      c.pull_number === pullNumber &&
      !(c.pull_request_review_id !== null && pending.has(c.pull_request_review_id)),
  );
  return visible
    .filter((c) => c.in_reply_to_id === null)
    .map((root) => ({
      root,
      comments: visible.filter((c) => c.id === root.id || c.in_reply_to_id === root.id),
    }));
}

function findThread(store: Store, id: string): Thread | undefined {
  const record = store.reviewThreads.find((t) => t.id === id);
  return record
    ? threadsOf(store, record.pullNumber).find((t) => t.root.id === record.rootCommentId)
    : undefined;
}

function threadNode(ctx: GraphqlContext, thread: Thread) {
  const { root } = thread;
  const record = ctx.store.reviewThreads.find((t) => t.rootCommentId === root.id);
  const resolvedBy = record?.resolvedBy ?? null;
  return {
    id: nodeId('PRRT', root.id),
    isResolved: record?.isResolved ?? false,
    isOutdated: false,
    isCollapsed: record?.isResolved ?? false,
    path: root.path,
    line: root.line,
    originalLine: root.line,
    startLine: root.start_line,
    diffSide: root.side ?? 'RIGHT',
    startDiffSide: root.start_side,
    subjectType: root.subject_type === 'file' ? 'FILE' : 'LINE',
    // `resolvedBy` is typed User: a bot (an app's token) that resolved the thread cannot be named.
    resolvedBy: resolvedBy === null || isBot(resolvedBy) ? null : userNode(resolvedBy),
    comments: (args: Args, _c: unknown, info: GraphQLResolveInfo) =>
      connection(thread.comments, args, info, { key: (c) => c.id, render: (c) => commentNode(ctx, c) }),
  };
}

function commentNode(ctx: GraphqlContext, comment: ReviewCommentRecord) {
  const { site } = ctx;
  return {
    id: nodeId('PRRC', comment.id),
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    bodyText: comment.body,
    path: comment.path,
    line: comment.line,
    startLine: comment.start_line,
    diffHunk: comment.diff_hunk,
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
    url: `${HTML_URL}/${site.owner}/${site.repo}/pull/${comment.pull_number}#discussion_r${comment.id}`,
    author: actorNode(comment.user),
    reactions: (args: Args) => {
      // `content` passed graphql-js's coercion, so it is one of the ReactionContent enum's names.
      const wanted = args.content ? REACTION_CONTENTS[args.content as GraphqlReactionContent] : undefined;
      const reactions = ctx.store.reactions.filter(
        (r) => r.comment_id === comment.id && (wanted === undefined || r.content === wanted),
      );
      return { totalCount: reactions.length, viewerHasReacted: reactions.some((r) => r.user === BOT_LOGIN) };
    },
  };
}

const isBot = (login: string) => login.endsWith('[bot]');

/** An `Actor`: GraphQL names a bot without REST's `[bot]` suffix (`github-actions`, typename `Bot`). */
function actorNode(login: string) {
  if (!isBot(login)) return userNode(login);
  const name = login.replace(/\[bot\]$/, '');
  return {
    __typename: 'Bot',
    login: name,
    url: `${HTML_URL}/apps/${name}`,
    avatarUrl: `${HTML_URL}/${name}.png`,
  };
}

function userNode(login: string) {
  return { __typename: 'User', login, url: `${HTML_URL}/${login}`, avatarUrl: `${HTML_URL}/${login}.png` };
}

interface ConnectionShape<T> {
  key: (item: T) => number;
  render: (item: T) => unknown;
}

/**
 * A Relay connection over `items` with GitHub's rules: `first` or `last` (at most 100) is required
 * once nodes, edges or pageInfo are selected, and cursors are opaque (base64 of the item's key).
 */
function connection<T>(items: readonly T[], args: Args, info: GraphQLResolveInfo, shape: ConnectionShape<T>) {
  checkBounds(info, args);
  const keys = items.map(shape.key);
  const { from, to } = pageWindow(keys, args);
  const page = items.slice(from, to);
  const cursors = page.map((item) => cursorOf(shape.key(item)));
  return {
    totalCount: items.length,
    nodes: () => page.map(shape.render),
    edges: () => page.map((item, i) => ({ cursor: cursors[i], node: shape.render(item) })),
    pageInfo: {
      hasNextPage: to < items.length,
      hasPreviousPage: from > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

function checkBounds(info: GraphQLResolveInfo, args: Args): void {
  const name = info.fieldName;
  const bounds = { first: optionalInt(args.first), last: optionalInt(args.last) };
  if (
    bounds.first === undefined &&
    bounds.last === undefined &&
    selectsAnyOf(info, ['nodes', 'edges', 'pageInfo'])
  )
    throw new GitHubGraphqlError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  for (const [bound, value] of Object.entries(bounds)) {
    if (value === undefined || value <= MAX_PAGE) continue;
    const message = `Requesting ${value} records on the \`${name}\` connection exceeds the \`${bound}\` limit of ${MAX_PAGE} records.`;
    throw new GitHubGraphqlError('EXCESSIVE_PAGINATION', message);
  }
}

/** The slice `[from, to)` of the items that `after`/`before` and then `first`/`last` select. */
function pageWindow(keys: readonly number[], args: Args): { from: number; to: number } {
  const start = typeof args.after === 'string' ? cursorIndex(keys, args.after, 'after') + 1 : 0;
  const end = typeof args.before === 'string' ? cursorIndex(keys, args.before, 'before') : keys.length;
  const first = optionalInt(args.first);
  const last = optionalInt(args.last);
  let from = start;
  let to = Math.max(start, end);
  if (first !== undefined) to = Math.min(to, from + Math.max(first, 0));
  if (last !== undefined) from = Math.max(from, to - Math.max(last, 0));
  return { from, to };
}

function cursorOf(key: number): string {
  return Buffer.from(`cursor:v2:${key}`).toString('base64');
}

function cursorIndex(keys: readonly number[], cursor: string, argument: 'after' | 'before'): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  const index = match ? keys.indexOf(Number(match[1])) : -1;
  if (index < 0)
    throw new GitHubGraphqlError(
      'INVALID_CURSOR_ARGUMENTS',
      `\`${cursor}\` does not appear to be a valid cursor.`,
      {
        argument,
      },
    );
  return index;
}

/** Whether the field's selection asks for any of `names` (inline fragments included). */
function selectsAnyOf(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (selections: GraphQLResolveInfo['fieldNodes'][number]['selectionSet']): boolean =>
    (selections?.selections ?? []).some((s) =>
      s.kind === 'Field'
        ? names.includes(s.name.value)
        : s.kind === 'InlineFragment'
          ? visit(s.selectionSet)
          : true,
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

function setResolved(ctx: GraphqlContext, input: Args, resolved: boolean) {
  requirePermission(ctx, resolved ? 'resolveReviewThread' : 'unresolveReviewThread');
  const id = text(input.threadId);
  const thread = findThread(ctx.store, id);
  if (!thread) throw notANode(id);
  ctx.store.setResolution(thread.root.id, resolved ? BOT_LOGIN : null);
  return { clientMutationId: input.clientMutationId ?? null, thread: threadNode(ctx, thread) };
}

/** A reply by the token's bot, in a new COMMENTED review, as the REST reply endpoint makes it. */
function replyInThread(ctx: GraphqlContext, input: Args) {
  requirePermission(ctx, 'addPullRequestReviewThreadReply');
  const id = text(input.pullRequestReviewThreadId);
  const thread = findThread(ctx.store, id);
  if (!thread) throw notANode(id);
  const body = text(input.body);
  if (body.length > MAX_BODY_CHARS)
    throw new GitHubGraphqlError(
      'UNPROCESSABLE',
      `Body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
    );
  const { root } = thread;
  const reviewId = ctx.store.nextId();
  ctx.store.reviews.push({
    id: reviewId,
    pull_number: root.pull_number,
    user: BOT_LOGIN,
    state: 'COMMENTED',
    body: '',
    commit_id: root.commit_id,
    submitted_at: timestamp(),
  });
  const comment = ctx.store.addReply(root, BOT_LOGIN, body, reviewId);
  return { clientMutationId: input.clientMutationId ?? null, comment: commentNode(ctx, comment) };
}

/** FORBIDDEN, as GitHub answers an integration token that lacks a permission (or a read-only one). */
function requirePermission(ctx: GraphqlContext, field: keyof typeof GRAPHQL_PERMISSIONS): void {
  const needs = GRAPHQL_PERMISSIONS[field];
  const write = needs.some((need) => need.level === 'write');
  const permitted = needs.every((need) => isPermitted(ctx.access.permissions, need));
  if ((write && ctx.access.readOnly) || !permitted)
    throw new GitHubGraphqlError('FORBIDDEN', 'Resource not accessible by integration', {
      saml_failure: false,
    });
}

function notANode(id: string): GitHubGraphqlError {
  return new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

function input(args: Args): Args {
  const value = args.input;
  return typeof value === 'object' && value !== null ? (value as Args) : {};
}

/** A String or ID argument: graphql-js has coerced it already (IDs given as numbers become strings). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function optionalInt(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
