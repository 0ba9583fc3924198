// The fake GitHub's public shapes: options, seeds, faults, and the records tests assert on. Records use
// GitHub's snake_case field names where they mirror a field of the API, so a test can compare what the
// action sent with what was stored without translating.

export type AuthorAssociation =
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'MEMBER'
  | 'NONE'
  | 'OWNER';

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

/** A repository role, as `GET …/collaborators/{username}/permission` reports it in `role_name`. */
export type RepositoryRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** The repository scopes of a workflow's `permissions:` block that the fake models. */
export type PermissionScope =
  'actions' | 'checks' | 'contents' | 'issues' | 'pull-requests' | 'security-events' | 'statuses';

export type PermissionLevel = 'none' | 'read' | 'write';

/** A GITHUB_TOKEN's `permissions:` map: a scope it does not list is `none`. */
export type TokenPermissions = Partial<Record<PermissionScope, PermissionLevel>>;

export interface FakeGitHubOptions {
  /** Default `octo`. */
  owner?: string;
  /** Default `shop`. */
  repo?: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** When set, any other token answers 401 Bad credentials. Any token is accepted otherwise. */
  token?: string;
  /** Latency added to every response. */
  delayMs?: number;
  /** Start in read-only mode (a fork PR's token). */
  readOnly?: boolean;
  /** Start with this `permissions:` map (see `setPermissions`); default: everything allowed. */
  permissions?: TokenPermissions;
  /**
   * A bare repository served over git's smart HTTP at `<url>/<owner>/<repo>.git` (set
   * GITHUB_SERVER_URL to the fake's url), so pushes meet the token's `contents` permission.
   */
  gitRepository?: string;
  /** Roles by login; unlisted users are `read` and the owner is `admin`. */
  roles?: Record<string, RepositoryRole>;
  /**
   * Whether GITHUB_TOKEN may submit an APPROVE review. Off by default, as in a new repository's
   * settings ("Allow GitHub Actions to create and approve pull requests"): such reviews answer 422.
   */
  actionsCanApprove?: boolean;
  /**
   * Also validate the fake's own 2xx JSON responses against GitHub's response schemas, recording
   * mismatches as violations of kind `response`. For the fake's own tests; off by default.
   */
  validateResponses?: boolean;
}

export interface SeedFile {
  filename: string;
  /** One of {@link FileStatus}; a plain string is accepted (and checked) so seeds need no `as const`. */
  status: FileStatus | (string & {});
  /** Absent for binary and very large files, as on GitHub. */
  patch?: string;
  previous_filename?: string;
  /** Counted from `patch` when omitted. */
  additions?: number;
  deletions?: number;
}

export interface SeedPullRequest {
  number: number;
  title?: string;
  body?: string | null;
  /** Login of the PR's author; default `octocat`. */
  author?: string;
  /** Default `CONTRIBUTOR` (`OWNER` when the author is the repository owner). */
  authorAssociation?: AuthorAssociation;
  draft?: boolean;
  state?: 'open' | 'closed';
  baseSha: string;
  /** Default: the repository's default branch. */
  baseRef?: string;
  headSha: string;
  /** Default `feature-<number>`. */
  headRef?: string;
  /** `owner/name` of the head repository; a different one makes a fork PR. Default: this repository. */
  headRepoFullName?: string;
  labels?: string[];
  files: SeedFile[];
}

/**
 * An existing review comment to seed (a previous run's, a human's): a thread's root comment on a line
 * of the diff, or a reply in an existing thread.
 */
export type SeedReviewComment = SeedThreadComment | SeedReply;

/** A review comment that starts a thread on `path` at `line`, placed by GitHub's diff rules. */
export interface SeedThreadComment {
  pullNumber: number;
  path: string;
  line: number;
  side?: 'LEFT' | 'RIGHT';
  startLine?: number;
  body: string;
  /** Default `github-actions[bot]`. */
  user?: string;
  inReplyTo?: undefined;
}

/** A reply in a thread (a person answering our comment): it takes path and line from the thread. */
export interface SeedReply {
  pullNumber: number;
  /** The id of a comment of the thread (its root or a reply); `in_reply_to_id` is the thread's root. */
  inReplyTo: number;
  body: string;
  /** Default `github-actions[bot]`. */
  user?: string;
}

export interface FileRecord {
  filename: string;
  status: FileStatus;
  patch?: string;
  previous_filename?: string;
  additions: number;
  deletions: number;
  /** Blob SHA of the file at head (fake, stable). */
  sha: string;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  author: string;
  author_association: AuthorAssociation;
  draft: boolean;
  state: 'open' | 'closed';
  labels: string[];
  base: { sha: string; ref: string };
  head: { sha: string; ref: string; repo_full_name: string };
  files: FileRecord[];
  /** Every head SHA this PR has had, oldest first. */
  head_shas: string[];
  /** `GET …/pulls/{number}` requests answered so far. */
  reads: number;
  /** Pending `moveHeadAfter`. */
  head_move?: { sha: string; after_reads: number };
  created_at: string;
  updated_at: string;
}

export type ReviewState = 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED';

export interface ReviewRecord {
  id: number;
  pull_number: number;
  user: string;
  state: ReviewState;
  body: string;
  commit_id: string;
  submitted_at: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  pull_number: number;
  pull_request_review_id: number | null;
  user: string;
  body: string;
  path: string;
  commit_id: string;
  subject_type: 'line' | 'file';
  line: number | null;
  side: 'LEFT' | 'RIGHT' | null;
  start_line: number | null;
  start_side: 'LEFT' | 'RIGHT' | null;
  position: number | null;
  diff_hunk: string;
  in_reply_to_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface IssueCommentRecord {
  id: number;
  issue_number: number;
  user: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface AnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    /** Every annotation sent, across the create and all updates (GitHub appends them). */
    annotations: AnnotationRecord[];
  };
  /** Requests that touched this run: 1 for the create, +1 per PATCH. */
  writes: number;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** GraphQL's names of the reactions (`ReactionContent`), which REST spells `+1`, `-1`, `laugh`… */
export type GraphqlReactionContent =
  'THUMBS_UP' | 'THUMBS_DOWN' | 'LAUGH' | 'HOORAY' | 'CONFUSED' | 'HEART' | 'ROCKET' | 'EYES';

/**
 * A review thread as GraphQL sees it: a root review comment (`in_reply_to_id` null) and the replies
 * to it. Resolution lives only here, as on GitHub, where REST cannot read or change it.
 */
export interface ReviewThreadRecord {
  /** GraphQL node id (`PRRT_…`), stable for the root comment. */
  id: string;
  pullNumber: number;
  rootCommentId: number;
  path: string;
  isResolved: boolean;
  /** Login (REST spelling) of whoever resolved it; null while unresolved. */
  resolvedBy: string | null;
}

export interface ReactionRecord {
  id: number;
  comment_id: number;
  user: string;
  content: ReactionContent;
  created_at: string;
}

export interface FakeState {
  readonly pulls: readonly PullRecord[];
  readonly reviews: readonly ReviewRecord[];
  readonly reviewComments: readonly ReviewCommentRecord[];
  readonly issueComments: readonly IssueCommentRecord[];
  readonly checkRuns: readonly CheckRunRecord[];
  /** Reactions to issue comments and review comments (ids are unique across both). */
  readonly reactions: readonly ReactionRecord[];
  /** The review threads of every PR, in the order their root comments were created. */
  readonly reviewThreads: readonly ReviewThreadRecord[];
}

export interface RecordedRequest {
  method: string;
  /** Pathname as requested, e.g. `/repos/octo/shop/pulls/1/files`. */
  path: string;
  /**
   * The operation's `METHOD template`, e.g. `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`;
   * `git-upload-pack` or `git-receive-pack` for git's smart HTTP (a fetch, a push).
   */
  route: string | undefined;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** ms since the epoch, when the request arrived. */
  timestamp: number;
}

export interface Violation {
  /**
   * `route`: GitHub has no such operation; `unimplemented`: GitHub has it, the fake does not;
   * `request`: params or body break the operation's schema (for `POST /graphql`: the document or its
   * variables break GitHub's GraphQL schema); `response`: the fake's own bug.
   */
  kind: 'route' | 'unimplemented' | 'request' | 'response';
  method: string;
  path: string;
  errors: string[];
}

export interface FaultRule {
  method?: string;
  /** Exact pathname, an operation template (`/repos/{owner}/{repo}/pulls/{pull_number}`), or a RegExp. */
  path?: string | RegExp;
  /** The HTTP status; ignored when `drop` is set. */
  status: number;
  /**
   * No HTTP answer at all: `reset` destroys the connection (ECONNRESET), `hang` never answers (the
   * client's own timeout must end it). Recorded with status 0.
   */
  drop?: 'reset' | 'hang';
  /** How many matching requests fail; default 1. */
  times?: number;
  headers?: Record<string, string>;
  /** JSON body; default `{ message: <reason phrase> }`. */
  body?: unknown;
}
