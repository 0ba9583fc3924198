// Wires the phases in their one order: context → config and policy → plan → run → report → post.
// Each phase is a function of what the ones before it returned (types.ts: ConfiguredRun, PlannedRun);
// every dependency (platform, runner, tracer, agents, LLM, clock) is passed in; nothing here does I/O.
import type { PrContext } from '../context/types.js';
import type { AddedLineSecrets } from '../trace/secret-patterns.js';
import type { PolicyRequest } from '../policy/types.js';
import { startWalkthrough } from './llm.js';
import { getErrorMessage } from '../util/errors.js';
import type { PostOptions, PostPermissions } from './port.js';
import type { Span } from '../trace/types.js';
import { allowAll, configureRun } from './config.js';
import { executeShard, reportPlanned } from './matrix.js';
import { planRun } from './plan.js';
import { postReport } from './post.js';
import { finishReport, registerDetectedSecrets } from './report.js';
import { planResults } from './run.js';
import type { PipelineDeps, PipelineOptions, PipelineOutcome, PlannedRun } from './types.js';

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

/** The phases in their order; `phase` (the matrix's jobs) ends the run early. */
async function review(
  deps: PipelineDeps,
  options: PipelineOptions,
  { context, secrets }: { context: PrContext; secrets: AddedLineSecrets },
  span: Span,
  setAllowed: (allowed: PostPermissions) => void,
): Promise<PipelineOutcome> {
  const now = deps.now ?? (() => performance.now());
  const configured = {
    ...(await configureRun(deps, options, context, { span, started: now(), now })),
    secrets,
  };
  setAllowed(configured.postOptions.allowed);
  const run = await planRun(deps, options, configured);
  if (options.phase === 'plan') return reportPlanned(deps, options, run);
  if (options.phase === 'execute')
    return executeShard(deps, options, run, options.shard ?? { index: 1, count: 1 });
  return reviewAndPost(deps, options, run);
}

/** Phases `all` and `report`: show the work begun, get the results, report, post. */
async function reviewAndPost(
  deps: PipelineDeps,
  options: PipelineOptions,
  run: PlannedRun,
): Promise<PipelineOutcome> {
  const { context, plan, policy, span } = run;
  await span.child('post', 'begin', {}, () => deps.platform.begin(plan, context, run.postOptions));
  // Written while the subtasks run: one request, which never holds the review up for long.
  const walkthrough = startWalkthrough(run.llm, run.effective.config, run.gate.allow, context, {
    decide: (request: PolicyRequest) => policy.decide(request),
    span,
    signal: run.signal,
  });
  const results = await planResults(deps, options, run);
  const report = await finishReport(deps, options, run, results, walkthrough);
  return postReport(deps, options, run, report);
}
