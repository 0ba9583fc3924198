// The edge of the pipeline: where the PR comes from and where the report goes.
import type { PrContext } from '../context/types.js';
import type { PriorReview, ReviewHistory } from '../findings/ledger.js';
import type { Plan } from '../plan/types.js';
import type { PostPlan, ReviewReport } from '../report/types.js';
import type { Span } from '../trace/types.js';

/** Base-branch files are guidance, not data: anything bigger is not read. */
export const BASE_FILE_MAX_BYTES = 64 * 1024;

export type ContextLoad = { status: 'ready'; context: PrContext } | { status: 'skipped'; reason: string };

/** What may be posted through the API, as the policy decided (dry-run allows nothing). */
export interface PostPermissions {
  checkRuns: boolean;
  review: boolean;
  comment: boolean;
}

export interface PostOptions {
  dryRun: boolean;
  allowed: PostPermissions;
  span: Span;
}

export interface PublishResult {
  /** Where the report went: `job-summary`, `annotations`, `terminal`, `file:…`, `check-runs`, … */
  channels: string[];
  /** Things a reader should know (fallbacks taken, items not posted). */
  notes: string[];
}

export interface Platform {
  /** `github` or `local` (test doubles name themselves): recorded in the trace, never branched on. */
  readonly name: string;
  /** Checkout of the PR head in which commands run (never written to). */
  readonly workspace: string;
  loadContext(span: Span): Promise<ContextLoad>;
  /** Reads a file from the trusted side (the config); undefined when it does not exist. */
  readTrustedFile(path: string): Promise<string | undefined>;
  /**
   * Reads a file as it is on the PR's base commit (never the head: the LLM's repository guidance comes
   * from here); undefined when absent, unreadable or larger than BASE_FILE_MAX_BYTES.
   */
  readBaseFile(path: string, context: PrContext): Promise<string | undefined>;
  /**
   * What earlier reviews of this PR left on it (the last summary's ledger, our review threads), read
   * just before the report is built; undefined where there is no PR history (local, push). Never
   * throws: what it could not read becomes a note.
   */
  loadHistory?(context: PrContext, span: Span): Promise<ReviewHistory | undefined>;
  /**
   * The last review's head and ledger, read early (before the plan) so the review can be incremental;
   * undefined when unknown. Costs no request when the PR has no comment yet. Never throws.
   */
  loadPrior?(context: PrContext, span: Span): Promise<PriorReview | undefined>;
  /** The plan is known: show work in progress (GitHub: check runs created `in_progress`). */
  begin(plan: Plan, context: PrContext, options: PostOptions): Promise<void>;
  /**
   * How far the plan's execution is (subtasks decided of all): fire and forget, never throws. GitHub
   * shows it in the sticky comment of long runs, throttled; other platforms show it their own way.
   */
  progress(done: number, total: number): void;
  publish(post: PostPlan, report: ReviewReport, options: PostOptions): Promise<PublishResult>;
  /** Our own error after the context loaded: conclude what begin() opened and say what went wrong. */
  fail(message: string, context: PrContext, options: PostOptions): Promise<void>;
}
