// What the pipeline takes and gives: its dependencies (all passed in), its options, and its outcome;
// and what its phases hand each other (ConfiguredRun, PlannedRun).
import type { Agent } from '../agents/types.js';
import type { ResultsStore } from '../cache/results-cache.js';
import type { Probe, Standins } from '../ecosystems/types.js';
import type { LlmClient } from '../llm/types.js';
import type { AgentName } from '../plan/types.js';
import type { PostOptions, Platform, PublishResult } from './port.js';
import type { PrContext } from '../context/types.js';
import type { Plan } from '../plan/types.js';
import type { EffectiveConfig } from '../policy/effective-config.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { KiloConfig } from '../policy/schema.js';
import type { Decision } from '../policy/types.js';
import type { PlannerOutcome, PreparedLlm } from './llm.js';
import type { FailOn, PostPlan, ReviewReport } from '../report/types.js';
import type { CommandRunner } from '../sandbox/types.js';
import type { AddedLineSecrets } from '../trace/secret-patterns.js';
import type { Span, Tracer } from '../trace/types.js';
import type { ShardRef, ShardResults } from './shards.js';

export interface PipelineDeps {
  platform: Platform;
  runner: CommandRunner;
  tracer: Tracer;
  /** Makes the LLM client once the config is known; absent without an LLM provider. */
  llm?: (config: KiloConfig['llm']) => LlmClient;
  agents?: Record<AgentName, Agent>;
  /** Monotonic clock in ms. */
  now?: () => number;
  /** Cancels the run (a cancelled workflow, Ctrl-C); the report is still produced. */
  signal?: AbortSignal;
  /** The results cache: subtasks whose inputs did not change since an earlier run are not run again. */
  results?: ResultsStore;
  /** Zero-config: looks for the repository's tools (PATH, node_modules/.bin) without running them. */
  probe?: Probe;
  /** Zero-config: Kilo Agent's bundled builds of tools a runner may lack (Ruff, actionlint). */
  standins?: Standins;
}

export interface PipelineOptions {
  configPath: string;
  dryRun: boolean;
  failOn: FailOn;
  /**
   * `plan` stops once the plan is made and checked: nothing runs, nothing is posted. `execute` runs only
   * `shard`'s part of the plan and posts nothing; `report` runs nothing and reports `shardResults`.
   */
  phase?: 'all' | 'plan' | 'execute' | 'report';
  /** With `execute`: which slice of the plan. */
  shard?: ShardRef;
  /** With `report`: every execute job's results. */
  shardResults?: readonly ShardResults[];
  /** A person asked for this review (a slash command, a dispatch): the automatic skip rules do not apply. */
  requested?: boolean;
  /** Where the report links: the GitHub server (GHES) and this workflow run's page. */
  links?: { serverUrl?: string; runUrl?: string };
  /** The words that start kilo-agent in the report's "Reproduce locally" block (see ReviewReport). */
  reproduceCommand?: string[];
}

export type PipelineOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'planned';
      report: ReviewReport;
      /** Seconds per subtask where the results cache knows (0: it will be reused); see planShards. */
      costs?: Record<string, number>;
    }
  | { status: 'executed'; results: ShardResults }
  | { status: 'reviewed'; report: ReviewReport; post: PostPlan; published: PublishResult };

/** What the config phase and the policy leave for the rest of the run. */
export interface ConfiguredRun {
  context: PrContext;
  effective: EffectiveConfig;
  configFrom: ReviewReport['configFrom'];
  policy: PolicyEngine;
  /** What the policy lets this run post (nothing in a dry run). */
  postOptions: PostOptions;
  span: Span;
  /** When the review started, on `now`'s clock. */
  started: number;
  now: () => number;
  /** The run's one scan of the added lines for secrets (registerDetectedSecrets). */
  secrets?: AddedLineSecrets;
}

/** The run once it is planned: what the plan, execute and report phases start from. */
export interface PlannedRun extends ConfiguredRun {
  /** The gate's decision: reviewed or skipped (a skipped run has an empty plan). */
  gate: Decision;
  signal: AbortSignal;
  llm: PreparedLlm | undefined;
  plan: Plan;
  planner?: PlannerOutcome;
}
