// The report model (what happened) and the post plan (what to post where), both pure data.
import type { Walkthrough } from '../agents/types.js';
import type { Ledger, ThreadResolution } from '../findings/ledger.js';
import type { LlmStats } from '../llm/types.js';
import type { PrContext } from '../context/types.js';
import type { Finding, Severity, Suggestion } from '../findings/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { Plan, SubtaskKind } from '../plan/types.js';
import type { BudgetName } from '../policy/schema.js';
import type { RecordedDecision } from '../policy/types.js';
import type { EcosystemCoverage } from '../ecosystems/detect.js';

export type Conclusion = 'success' | 'neutral' | 'failure' | 'skipped';
export type FailOn = 'error' | 'warning' | 'never';

export interface BudgetUse {
  name: BudgetName;
  used: number;
  limit: number;
}

/** The PR as the report shows it: its metadata, with the files reduced to counts. */
export type ContextSummary = Pick<
  PrContext,
  'event' | 'repo' | 'number' | 'title' | 'base' | 'head' | 'author'
> & {
  files: number;
  additions: number;
  deletions: number;
  /** GitHub's web URL (`GITHUB_SERVER_URL`, for GitHub Enterprise); findings link to github.com without it. */
  serverUrl?: string;
};

/** What the review looked at, so a report never leaves it unsaid. */
export interface ReviewedScope {
  /** The changed files, the first 50 (head paths). */
  files: string[];
  /** How many files the PR changes. */
  total: number;
  /** Zero-config only: per ecosystem the PR touches, the tools planned and skipped (and why). */
  ecosystems?: EcosystemCoverage[];
  /** Changed files no check could read as text, with why (absent in older traces). */
  unread?: UnreadFiles;
}

/** Changed files without head-side text to read, by reason: paths (the first few) and counts. */
export interface UnreadFiles {
  binary: { paths: string[]; total: number };
  removed: { paths: string[]; total: number };
  /** Text files whose diff has no hunks to read (GitHub sends no patch for a very large diff). */
  noText: { paths: string[]; total: number };
}

export interface RolledBack {
  suggestion: Suggestion;
  reason: string;
}

export interface ReviewReport {
  runId: string;
  conclusion: Conclusion;
  dryRun: boolean;
  failOn: FailOn;
  context: ContextSummary;
  plan: Plan;
  /** In plan order. */
  results: SubtaskResult[];
  /** All findings, deduplicated by fingerprint, sorted by severity, path, line. */
  findings: Finding[];
  /** Suggestions to post, deduplicated; `validated` set by the suggestion validation when it ran. */
  suggestions: Suggestion[];
  /** Suggestions the validation rolled back because the tests failed with them; never posted. */
  rolledBack: RolledBack[];
  /** Decisions worth showing: every denial, and the gates. */
  decisions: RecordedDecision[];
  budgets: BudgetUse[];
  durationMs: number;
  /** Set when a gate skipped the whole review. */
  skipReason?: string;
  /** The changed files and the tools that looked at them (absent in older traces). */
  reviewed?: ReviewedScope;
  /**
   * What became of each finding since the PR's last review (GitHub PRs; absent locally, in older
   * traces, and when the PR's history could not be read).
   */
  ledger?: Ledger;
  /** Present when an LLM was configured: what it cost, and what became of its plan. */
  llm?: LlmReport;
  /** The LLM's walkthrough of the PR (`llm.walkthrough`), or why there is none. */
  walkthrough?: Walkthrough;
  /** The configuration file asked for (the `config` input / `--config`); the repro command repeats it. */
  configPath?: string;
  /**
   * Present when the config (or zero-config's detection) was read from the base commit instead of the
   * PR's head, and why (a fork, pull_request_target): the PR cannot change the policy it is reviewed by.
   */
  configFrom?: {
    sha: string;
    reason: string;
    /** Set when the base commit's files could not be read: only the built-in analyzers ran. */
    unreadable?: string;
  };
  /** The workflow run's page, where the job summary and the trace artifact are: truncated lists link to it. */
  runUrl?: string;
  /**
   * The words that start kilo-agent in the "Reproduce locally" block: `npx --yes github:owner/repo#ref`
   * for the action, `node /abs/dist/cli.js` for the CLI. Absent (older traces): the published `npx kilo-agent`.
   */
  reproduceCommand?: string[];
}

/** The client's totals (requests, cache hits, tokens, cost, failures) and what else the run knows. */
export interface LlmReport extends LlmStats {
  /** `provider:model`. */
  model: string;
  /** Where repository guidance came from (base branch). */
  guidance: string[];
  /** The LLM planner's outcome, when `llm.plan` is on. */
  planner?: { source: 'llm' | 'rules'; reason: string; skipped: Array<{ task: string; reason: string }> };
}

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  message: string;
  title?: string;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled' | 'timed_out';

export interface CheckRunPlan {
  /** `Kilo Agent / analyze` etc. */
  name: string;
  kind: SubtaskKind;
  conclusion: CheckConclusion;
  title: string;
  /** ≤ 65,535 characters. */
  summary: string;
  annotations: Annotation[];
}

export interface ReviewCommentPlan {
  path: string;
  /** Last line of the range (GitHub's `line`). */
  line: number;
  /** First line when the comment spans several lines (GitHub's `start_line`). */
  startLine?: number;
  side: 'RIGHT';
  body: string;
  fingerprint: string;
}

export interface PostPlan {
  headSha: string;
  /** Markdown for the job summary / terminal report file. */
  summaryMarkdown: string;
  sticky: { marker: string; body: string };
  checkRuns: CheckRunPlan[];
  review: { body: string; comments: ReviewCommentPlan[] };
  /** Findings and suggestions that could not go inline (outside the diff or over budget). */
  notInline: { findings: Finding[]; suggestions: Suggestion[]; overBudget: number };
  /** Our review threads whose finding is fixed or outdated: resolved (absent: none). */
  resolveThreads?: ThreadResolution[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
