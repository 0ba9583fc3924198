// A GITHUB_TOKEN's `permissions:` map and the permission each route of the fake needs. The table
// follows GitHub's "Permissions required for GitHub Apps" (a GITHUB_TOKEN is an installation token):
// https://docs.github.com/en/rest/overview/permissions-required-for-github-apps, whose data is
// github/docs src/github-apps/data/fpt-2022-11-28/server-to-server-permissions.json. Only the
// repository scopes a workflow's `permissions:` block can set are modelled; `metadata: read` is
// always granted, as it is to every GITHUB_TOKEN.
import type { Reply } from './http.js';
import type { PermissionLevel, PermissionScope, TokenPermissions } from './types.js';

export const PERMISSION_SCOPES: readonly PermissionScope[] = [
  'actions',
  'checks',
  'contents',
  'issues',
  'pull-requests',
  'security-events',
  'statuses',
];

/** What a route needs: one of `anyOf` at `level` (GitHub lists alternatives as separate sets). */
export interface RoutePermission {
  anyOf: readonly (PermissionScope | 'metadata')[];
  level: 'read' | 'write';
}

const needs = (level: 'read' | 'write', ...anyOf: (PermissionScope | 'metadata')[]): RoutePermission => ({
  anyOf,
  level,
});

/**
 * Every route of the fake, by its operation key. A key missing here is a startup error of the fake
 * (see FakeGitHubCore), so a new route cannot be served without a documented permission.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, RoutePermission>> = {
  // "Pull requests" repository permissions.
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': needs('read', 'pull-requests'),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': needs('read', 'pull-requests'),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits': needs('read', 'pull-requests'),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': needs('read', 'pull-requests'),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': needs('read', 'pull-requests'),
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': needs('write', 'pull-requests'),
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': needs(
    'write',
    'pull-requests',
  ),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': needs('read', 'pull-requests'),
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': needs('write', 'pull-requests'),

  // Issue comments: GitHub lists them under both "Issues" and "Pull requests" (either set is
  // accepted; every issue of the fake is a PR).
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': needs('read', 'issues', 'pull-requests'),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': needs('write', 'issues', 'pull-requests'),
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': needs('read', 'issues', 'pull-requests'),
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': needs('write', 'issues', 'pull-requests'),
  // The table lists "Create reaction for an issue comment" under "Issues" only; on a PR's comment
  // `pull-requests: write` is accepted too (xt0rted/slash-command-action#604 reports both working),
  // so the fake takes either. See docs/permissions.md for the caveat.
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': needs(
    'write',
    'issues',
    'pull-requests',
  ),
  // "Get an issue" is listed under "Issues" only, with no "Pull requests" alternative.
  'GET /repos/{owner}/{repo}/issues/{issue_number}': needs('read', 'issues'),

  // "Checks" and "Commit statuses".
  'POST /repos/{owner}/{repo}/check-runs': needs('write', 'checks'),
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': needs('write', 'checks'),
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': needs('read', 'checks'),
  'POST /repos/{owner}/{repo}/statuses/{sha}': needs('write', 'statuses'),

  // "Contents" and "Metadata".
  'GET /repos/{owner}/{repo}/contents/{path}': needs('read', 'contents'),
  'GET /repos/{owner}/{repo}': needs('read', 'metadata'),
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': needs('read', 'metadata'),
};

/** Git over smart HTTP: fetching needs `contents: read`, pushing `contents: write`. */
export const GIT_PERMISSIONS = {
  'git-upload-pack': needs('read', 'contents'),
  'git-receive-pack': needs('write', 'contents'),
} as const satisfies Record<string, RoutePermission>;

/**
 * GraphQL fields the fake serves that GitHub gates on the token, each needing every permission listed.
 * Reading a PR needs `pull-requests: read`. `resolveReviewThread` (and its undo) also needs
 * `contents: write`, though it changes no content: with `pull-requests: write` and `contents: read`
 * GitHub answers FORBIDDEN (github/gh-aw#35726, oven-sh/bun#40468, community discussion 44650).
 * Replying in a thread needs `pull-requests: write` only.
 */
export const GRAPHQL_PERMISSIONS = {
  pullRequest: [needs('read', 'pull-requests')],
  addPullRequestReviewThreadReply: [needs('write', 'pull-requests')],
  resolveReviewThread: [needs('write', 'pull-requests'), needs('write', 'contents')],
  unresolveReviewThread: [needs('write', 'pull-requests'), needs('write', 'contents')],
} as const satisfies Record<string, readonly RoutePermission[]>;

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 };

/**
 * Whether a token with `permissions` may make this request. `undefined` is a token without a
 * `permissions:` block (everything allowed, the fake's default); with a block, every scope it does
 * not list is `none`, as for a GITHUB_TOKEN.
 */
export function isPermitted(permissions: TokenPermissions | undefined, need: RoutePermission): boolean {
  if (permissions === undefined) return true;
  return need.anyOf.some(
    (scope) => scope === 'metadata' || RANK[permissions[scope] ?? 'none'] >= RANK[need.level],
  );
}

/**
 * The reply with GitHub's `x-accepted-github-permissions` header, which GitHub puts on every answer
 * to an installation token: each accepted set as `name=level`, sets separated by `; ` (github.blog
 * changelog 2023-08-10). Names use underscores, as in the API.
 */
export function withAcceptedPermissions(reply: Reply, need: RoutePermission): Reply {
  if (reply.drop) return reply;
  const accepted = need.anyOf.map((scope) => `${scope.replaceAll('-', '_')}=${need.level}`).join('; ');
  return { ...reply, headers: { 'x-accepted-github-permissions': accepted, ...reply.headers } };
}

/** A `permissions:` map checked at the door, so a typo in a test fails loudly instead of meaning `none`. */
export function checkPermissions(permissions: TokenPermissions | undefined): TokenPermissions | undefined {
  if (permissions === undefined) return undefined;
  for (const [scope, level] of Object.entries(permissions)) {
    if (!PERMISSION_SCOPES.includes(scope as PermissionScope))
      throw new Error(`setPermissions: unknown scope '${scope}' (one of ${PERMISSION_SCOPES.join(', ')})`);
    if (!(String(level) in RANK))
      throw new Error(`setPermissions: ${scope} must be none, read or write, not '${String(level)}'`);
  }
  return { ...permissions };
}
