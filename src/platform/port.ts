// The edge of the pipeline: where the PR comes from and where the report goes.
import type { PrContext } from '../context/types.js';
import type { PostPlan, ReviewReport } from '../report/types.js';
import type { Span } from '../trace/types.js';

export type ContextLoad = { status: 'ready'; context: PrContext } | { status: 'skipped'; reason: string };

export interface PublishResult {
  /** Where the report went: `job-summary`, `annotations`, `terminal`, `file:…`, `check-run`, … */
  channels: string[];
  /** Things a reader should know (fallbacks taken, items not posted). */
  notes: string[];
}

export interface Platform {
  readonly name: 'github' | 'local' | 'fake';
  /** Checkout of the PR head in which commands run (never written to). */
  readonly workspace: string;
  loadContext(span: Span): Promise<ContextLoad>;
  /** Reads a file from the trusted side (the config); undefined when it does not exist. */
  readTrustedFile(path: string): Promise<string | undefined>;
  publish(post: PostPlan, report: ReviewReport, options: { dryRun: boolean }): Promise<PublishResult>;
}
