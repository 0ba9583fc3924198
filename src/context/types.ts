// The PR as the rest of the pipeline sees it: metadata, changed files with hunks, and the DiffIndex.

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied';

/** GitHub's names for the two sides of a diff: LEFT is the base (old) file, RIGHT the head (new) file. */
export type Side = 'LEFT' | 'RIGHT';

export interface DiffLine {
  type: 'add' | 'del' | 'context';
  content: string;
  /** Line number in the base file (del and context lines). */
  oldLine?: number;
  /** Line number in the head file (add and context lines). */
  newLine?: number;
}

export interface Hunk {
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface ChangedFile {
  path: string;
  status: FileStatus;
  previousPath?: string;
  additions: number;
  deletions: number;
  hunks: Hunk[];
  binary: boolean;
}

export interface GitRef {
  sha: string;
  ref: string;
}

export interface RepoId {
  owner: string;
  name: string;
}

export interface LineRange {
  start: number;
  end: number;
}

/** Which lines of which file can carry a review comment, per side. */
export interface DiffIndex {
  paths(): string[];
  isCommentable(path: string, line: number, side: Side): boolean;
  /** The line range (on that side) of the hunk that contains `line`, if any. */
  hunkRange(path: string, line: number, side: Side): LineRange | undefined;
  /** True when start..end lies inside one hunk on that side (GitHub rejects ranges across hunks). */
  isCommentableRange(path: string, start: number, end: number, side: Side): boolean;
  /** Added lines of a file: head line number → content. */
  addedLines(path: string): ReadonlyMap<number, string>;
}

export type EventName =
  | 'pull_request'
  | 'pull_request_target'
  | 'workflow_dispatch'
  | 'issue_comment'
  | 'push'
  | 'schedule'
  | 'local';

export interface PrContext {
  event: EventName;
  repo: RepoId;
  /** PR number; 0 when there is no PR (local runs, push, a scheduled review of the repository). */
  number: number;
  title: string;
  /** The PR description (untrusted text); absent when empty or unknown (local runs, push). */
  body?: string;
  base: GitRef;
  head: GitRef;
  author: string;
  /** author_association from the event (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, …). */
  association: string;
  draft: boolean;
  labels: string[];
  /** True when the head lives in another repository than the base. */
  fork: boolean;
  /**
   * The PR's conversation comments as the event (or the API) counted them; 0 means no summary of
   * ours can be there yet. Absent when unknown (local runs, push).
   */
  comments?: number;
  /**
   * Set when an earlier review of this PR is known: what changed since its head (the LLM reviewer
   * then reads only those hunks), or why the whole PR is reviewed again.
   */
  since?: ReviewIncrement;
  files: ChangedFile[];
  diffIndex: DiffIndex;
}

/** What the event (or the local git range) says about the PR, before the diff is read. */
export type PullRequestMeta = Omit<PrContext, 'event' | 'files' | 'diffIndex'>;

/** What changed since the PR's last reviewed head (context/since.ts computes it). */
export interface ChangedSince {
  kind: 'incremental';
  /** The last reviewed head. */
  from: string;
  /** Head-side line ranges changed since `from`, by path; a path not here is unchanged since. */
  head: ReadonlyMap<string, readonly LineRange[]>;
  /** The same changes as ranges of `from`'s version of each path (where earlier findings were). */
  before: ReadonlyMap<string, readonly LineRange[]>;
}

export interface WholePr {
  kind: 'whole';
  from: string;
  /** Why the whole PR was reviewed again, as the summary says it. */
  reason: string;
}

export type ReviewIncrement = ChangedSince | WholePr;
