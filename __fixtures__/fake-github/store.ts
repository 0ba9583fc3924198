// The fake's in-memory state for its one repository: seeded PRs and everything the client creates.
// Ids come from one counter, so a review id used where a comment id belongs finds nothing (404).
// Review threads are derived from the review comments (a root and its replies); only their
// resolution is stored, as GitHub keeps it apart from the comments (GraphQL alone reads it).
import { FileDiff, isThreadError, parsePatch, resolveThread } from './diff-hunks.js';
import { BOT_LOGIN, fakeSha, nodeId, timestamp } from './payloads-repo.js';
import type {
  AuthorAssociation,
  CheckRunRecord,
  FakeState,
  FileRecord,
  FileStatus,
  GraphqlReactionContent,
  IssueCommentRecord,
  PullRecord,
  ReactionContent,
  ReactionRecord,
  RepositoryRole,
  ReviewCommentRecord,
  ReviewRecord,
  ReviewThreadRecord,
  SeedFile,
  SeedPullRequest,
  SeedReviewComment,
} from './types.js';

/** GraphQL's reaction names and the REST contents they stand for. */
export const REACTION_CONTENTS: Readonly<Record<GraphqlReactionContent, ReactionContent>> = {
  THUMBS_UP: '+1',
  THUMBS_DOWN: '-1',
  LAUGH: 'laugh',
  HOORAY: 'hooray',
  CONFUSED: 'confused',
  HEART: 'heart',
  ROCKET: 'rocket',
  EYES: 'eyes',
};

const FILE_STATUSES: readonly FileStatus[] = [
  'added',
  'removed',
  'modified',
  'renamed',
  'copied',
  'changed',
  'unchanged',
];

export class Store implements FakeState {
  readonly pulls: PullRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly issueComments: IssueCommentRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly roles = new Map<string, RepositoryRole>();
  /** Resolution of the threads that have one, by root comment id; absent means unresolved. */
  private readonly resolutions = new Map<number, { resolvedBy: string }>();
  /** File contents by ref (branch name or SHA, as clients will ask for it), then by path. */
  private readonly files = new Map<string, Map<string, Buffer>>();
  private lastId = 0;

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly defaultBranch: string,
  ) {}

  nextId(): number {
    return ++this.lastId;
  }

  pull(number: number): PullRecord | undefined {
    return this.pulls.find((p) => p.number === number);
  }

  /** Sets a file's content at `ref`. Refs are literal: a branch name and its head SHA are separate. */
  setFile(ref: string, path: string, content: string | Uint8Array): void {
    const clean = path.replace(/^\/+/, '');
    if (clean === '' || clean.endsWith('/')) throw new Error(`setFile: '${path}' is not a file path`);
    const files = this.files.get(ref) ?? new Map<string, Buffer>();
    files.set(clean, Buffer.from(content));
    this.files.set(ref, files);
  }

  /** Whether any file was set at `ref`; GitHub answers "No commit found" for other refs. */
  hasRef(ref: string): boolean {
    return this.files.has(ref);
  }

  file(ref: string, path: string): Buffer | undefined {
    return this.files.get(ref)?.get(path);
  }

  role(login: string): RepositoryRole {
    return (
      this.roles.get(login.toLowerCase()) ??
      (login.toLowerCase() === this.owner.toLowerCase() ? 'admin' : 'read')
    );
  }

  addPullRequest(seed: SeedPullRequest): PullRecord {
    if (!Number.isInteger(seed.number) || seed.number < 1)
      throw new Error(`PR number ${seed.number} is not a positive integer`);
    if (this.pull(seed.number)) throw new Error(`PR #${seed.number} is already seeded`);
    const author = seed.author ?? 'octocat';
    const association: AuthorAssociation =
      seed.authorAssociation ?? (author.toLowerCase() === this.owner.toLowerCase() ? 'OWNER' : 'CONTRIBUTOR');
    const now = timestamp();
    const pull: PullRecord = {
      id: this.nextId(),
      number: seed.number,
      title: seed.title ?? `Pull request #${seed.number}`,
      body: seed.body === undefined ? null : seed.body,
      author,
      author_association: association,
      draft: seed.draft ?? false,
      state: seed.state ?? 'open',
      labels: [...(seed.labels ?? [])],
      base: { sha: seed.baseSha, ref: seed.baseRef ?? this.defaultBranch },
      head: {
        sha: seed.headSha,
        ref: seed.headRef ?? `feature-${seed.number}`,
        repo_full_name: seed.headRepoFullName ?? `${this.owner}/${this.repo}`,
      },
      files: seed.files.map((file) => fileRecord(file, seed.headSha)),
      head_shas: [seed.headSha],
      reads: 0,
      created_at: now,
      updated_at: now,
    };
    this.pulls.push(pull);
    return pull;
  }

  addIssueComment(issueNumber: number, body: string, user = BOT_LOGIN): IssueCommentRecord {
    if (!this.pull(issueNumber)) throw new Error(`addIssueComment: PR #${issueNumber} is not seeded`);
    const now = timestamp();
    const comment = {
      id: this.nextId(),
      issue_number: issueNumber,
      user,
      body,
      created_at: now,
      updated_at: now,
    };
    this.issueComments.push(comment);
    return comment;
  }

  addReviewComment(seed: SeedReviewComment): ReviewCommentRecord {
    if (seed.inReplyTo !== undefined) {
      const parent = this.reviewComments.find(
        (c) => c.id === seed.inReplyTo && c.pull_number === seed.pullNumber,
      );
      if (!parent)
        throw new Error(`addReviewComment: no review comment ${seed.inReplyTo} on PR #${seed.pullNumber}`);
      return this.addReply(parent, seed.user ?? BOT_LOGIN, seed.body, null);
    }
    const pull = this.pull(seed.pullNumber);
    const file = pull?.files.find((f) => f.filename === seed.path);
    if (!pull || !file)
      throw new Error(`addReviewComment: ${seed.path} is not a file of PR #${seed.pullNumber}`);
    const request = { line: seed.line, side: seed.side ?? 'RIGHT', start_line: seed.startLine };
    const thread = resolveThread(new FileDiff(file.patch), request);
    if (isThreadError(thread))
      throw new Error(`addReviewComment: ${seed.path} ${thread.field} ${thread.problem}`);
    const now = timestamp();
    const comment: ReviewCommentRecord = {
      id: this.nextId(),
      pull_number: pull.number,
      pull_request_review_id: null,
      user: seed.user ?? BOT_LOGIN,
      body: seed.body,
      path: seed.path,
      commit_id: pull.head.sha,
      subject_type: 'line',
      ...thread,
      in_reply_to_id: null,
      created_at: now,
      updated_at: now,
    };
    this.reviewComments.push(comment);
    return comment;
  }

  /** A reply in `parent`'s thread: GitHub points `in_reply_to_id` at the thread's root, whatever the parent. */
  addReply(
    parent: ReviewCommentRecord,
    user: string,
    body: string,
    reviewId: number | null,
  ): ReviewCommentRecord {
    const now = timestamp();
    const comment: ReviewCommentRecord = {
      ...parent,
      id: this.nextId(),
      pull_request_review_id: reviewId,
      user,
      body,
      in_reply_to_id: parent.in_reply_to_id ?? parent.id,
      created_at: now,
      updated_at: now,
    };
    this.reviewComments.push(comment);
    return comment;
  }

  get reviewThreads(): ReviewThreadRecord[] {
    return this.reviewComments
      .filter((c) => c.in_reply_to_id === null)
      .map((root) => {
        const resolution = this.resolutions.get(root.id);
        return {
          id: nodeId('PRRT', root.id),
          pullNumber: root.pull_number,
          rootCommentId: root.id,
          path: root.path,
          isResolved: resolution !== undefined,
          resolvedBy: resolution?.resolvedBy ?? null,
        };
      });
  }

  /** Marks the thread of root comment `rootId` resolved by `by` (unresolved when `by` is null). */
  setResolution(rootId: number, by: string | null): void {
    const root = this.reviewComments.find((c) => c.id === rootId);
    if (!root || root.in_reply_to_id !== null)
      throw new Error(`resolveThread: ${rootId} is not the root comment of a review thread`);
    if (by === null) this.resolutions.delete(rootId);
    else this.resolutions.set(rootId, { resolvedBy: by });
  }

  /** `user` reacts to an issue or review comment; a repeat of the same reaction is kept once. */
  addReaction(commentId: number, content: ReactionContent, user: string): ReactionRecord {
    const exists =
      this.issueComments.some((c) => c.id === commentId) ||
      this.reviewComments.some((c) => c.id === commentId);
    if (!exists) throw new Error(`addReaction: no issue or review comment ${commentId}`);
    const existing = this.reactions.find(
      (r) => r.comment_id === commentId && r.user === user && r.content === content,
    );
    if (existing) return existing;
    const reaction = { id: this.nextId(), comment_id: commentId, user, content, created_at: timestamp() };
    this.reactions.push(reaction);
    return reaction;
  }

  /** A push to the PR's branch (or a force push): a new head and the PR's files as they now are. */
  push(number: number, headSha: string, files: readonly SeedFile[]): void {
    const pull = this.pull(number);
    if (!pull) throw new Error(`push: PR #${number} is not seeded`);
    pull.head.sha = headSha;
    pull.head_shas.push(headSha);
    pull.files = files.map((file) => fileRecord(file, headSha));
    pull.updated_at = timestamp();
  }

  /** The PR's head becomes `sha` once it has been read `reads` times (now, if it already was). */
  moveHeadAfter(number: number, sha: string, reads: number): void {
    const pull = this.pull(number);
    if (!pull) throw new Error(`moveHeadAfter: PR #${number} is not seeded`);
    pull.head_move = { sha, after_reads: pull.reads + reads };
    if (reads <= 0) this.applyHeadMove(pull);
  }

  /** Counts a read of the PR; the head moves after the read that reaches the scripted count. */
  countRead(pull: PullRecord): void {
    pull.reads++;
    if (pull.head_move && pull.reads >= pull.head_move.after_reads) this.applyHeadMove(pull);
  }

  private applyHeadMove(pull: PullRecord): void {
    if (!pull.head_move) return;
    pull.head.sha = pull.head_move.sha;
    pull.head_shas.push(pull.head_move.sha);
    pull.updated_at = timestamp();
    delete pull.head_move;
  }
}

function fileRecord(seed: SeedFile, headSha: string): FileRecord {
  if (!FILE_STATUSES.includes(seed.status as FileStatus)) {
    throw new Error(
      `file ${seed.filename}: status '${seed.status}' is not one of ${FILE_STATUSES.join(', ')}`,
    );
  }
  const counted = countChanges(seed.patch);
  return {
    filename: seed.filename,
    status: seed.status as FileStatus,
    ...(seed.patch !== undefined ? { patch: seed.patch } : {}),
    ...(seed.previous_filename !== undefined ? { previous_filename: seed.previous_filename } : {}),
    additions: seed.additions ?? counted.additions,
    deletions: seed.deletions ?? counted.deletions,
    sha: fakeSha('blob', headSha, seed.filename),
  };
}

function countChanges(patch: string | undefined): { additions: number; deletions: number } {
  const lines = parsePatch(patch ?? '').flatMap((hunk) => hunk.lines);
  return {
    additions: lines.filter((l) => l.kind === 'add').length,
    deletions: lines.filter((l) => l.kind === 'delete').length,
  };
}
