// Wires the stages in their one order: context → policy → plan → orchestrator → agents → report.
// Every dependency (platform, runner, tracer, agents) is passed in; nothing here does I/O itself.
import type { AddedLineSecrets } from '../agents/builtins/secrets.js';
import type { PrContext } from '../context/types.js';
import type { PolicyRequest } from '../policy/types.js';
import { prepareLlm, reportLlm, startWalkthrough, withLlm, withWalkthrough } from './llm.js';
import { getErrorMessage } from '../util/errors.js';
import type { PostOptions, PostPermissions } from '../platform/port.js';
import { PolicyEngine } from '../policy/engine.js';
import { withIncrement, withLedger } from './ledger.js';
import { buildPostPlan } from '../report/post-plan.js';
import type { ReviewReport } from '../report/types.js';
import { redactDeep } from '../trace/redact.js';
import { mergeShardResults, planDigest, shardPlan, type ShardResults } from './shards.js';
import { REPORT_EVENT, type Span } from '../trace/types.js';
import type { DetectEnvironment } from '../ecosystems/detect.js';
import { NO_PROBE, loadConfigFor } from './config.js';
import { allowAll, makePlan, postPermissions } from './plan.js';
import { makeReport, redactPostPlan, registerDetectedSecrets } from './report.js';
import { makeReuse, redactResults, runSubtasks } from './run.js';
import type { PipelineDeps, PipelineOptions, PipelineOutcome } from './types.js';

export type { PipelineDeps, PipelineOptions, PipelineOutcome } from './types.js';

export async function runPipeline(deps: PipelineDeps, options: PipelineOptions): Promise<PipelineOutcome> {
  const { platform, tracer } = deps;
  return tracer.child('run', 'review', { platform: platform.name, dryRun: options.dryRun }, async (span) => {
    const loaded = await span.child('context', 'load-context', {}, (s) => platform.loadContext(s));
    if (loaded.status === 'skipped') {
      span.event('report', 'skipped', { reason: loaded.reason });
      return { status: 'skipped', reason: loaded.reason };
    }
    const context = loaded.context;
    const secrets = registerDetectedSecrets(context, tracer);
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
        { context, secrets },
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
  loaded: { context: PrContext; secrets: AddedLineSecrets },
  span: Span,
  setAllowed: (allowed: PostPermissions) => void,
): Promise<PipelineOutcome> {
  const { platform, tracer } = deps;
  const { secrets } = loaded;
  let { context } = loaded;
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
  // What every report of this run is made from, but for the results.
  const reportInput = {
    tracer,
    options,
    context,
    plan,
    policy,
    started,
    now,
    gate,
    configFrom,
    coverage: effective.coverage,
  };
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
    const made = makeReport({ ...reportInput, results: [] });
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
      secrets,
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
      : await runSubtasks(plan, {
          deps,
          options,
          context,
          policy,
          effective,
          llm,
          span,
          reuse,
          configFrom,
          secrets,
        });
  await reuse?.save(redactResults(results, tracer), span);

  // Accounting only: the deadline is enforced by the orchestrator, API calls by the client's limits.
  policy.decide({ kind: 'budget', budget: 'wall-seconds', amount: Math.ceil((now() - started) / 1000) });
  const apiCalls = tracer.events().filter((event) => event.kind === 'api-call').length;
  if (apiCalls > 0) policy.decide({ kind: 'budget', budget: 'api-calls', amount: apiCalls });
  // Redacted once, before any renderer escapes a secret into a form its mask no longer matches.
  const made = redactDeep(
    {
      ...makeReport({ ...reportInput, results }),
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
