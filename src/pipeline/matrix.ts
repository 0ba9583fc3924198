// The matrix scale-out's first two jobs (DESIGN §8): `phase: plan` reports the plan, and what the
// results cache knows of its subtasks' costs, without running anything; `phase: execute` runs one
// shard and hands back its results, redacted, for the report job. Neither posts.
import type { ReviewReport } from '../report/types.js';
import { redactDeep } from '../trace/redact.js';
import { REPORT_EVENT } from '../trace/types.js';
import { llmReportOf, makeReport, reportInput } from './report.js';
import { withLlm } from './llm.js';
import { makeReuse, redactResults, runEnvOf, runSubtasks } from './run.js';
import { planDigest, shardPlan, type ShardRef, type ShardResults } from './shards.js';
import type { PipelineDeps, PipelineOptions, PipelineOutcome, PlannedRun } from './types.js';

export async function reportPlanned(
  deps: PipelineDeps,
  options: PipelineOptions,
  run: PlannedRun,
): Promise<Extract<PipelineOutcome, { status: 'planned' }>> {
  const { tracer } = deps;
  const { context, plan, span } = run;
  span.event('report', 'planned', { subtasks: plan.subtasks.length });
  const made = makeReport({ ...reportInput(run, tracer, options), results: [] });
  const report: ReviewReport = redactDeep<ReviewReport>(
    {
      ...made,
      conclusion: run.gate.allow ? 'neutral' : 'skipped',
      ...withLlm(llmReportOf(run)),
    },
    (text) => tracer.redact(text),
  );
  span.event('report', REPORT_EVENT, { report });
  const reuse = makeReuse(deps, { context, config: run.effective.config, llm: run.llm, plan, span });
  const costs = reuse ? Object.fromEntries(await reuse.costs(plan.subtasks)) : undefined;
  if (costs) span.event('plan', 'costs', { measured: Object.keys(costs).length, costs });
  return { status: 'planned', report, ...(costs ? { costs } : {}) };
}

export async function executeShard(
  deps: PipelineDeps,
  options: PipelineOptions,
  run: PlannedRun,
  shard: ShardRef,
): Promise<Extract<PipelineOutcome, { status: 'executed' }>> {
  const { tracer } = deps;
  const { context, plan, span } = run;
  const part = shardPlan(plan, shard);
  span.event('plan', 'shard', {
    shard: `${shard.index}/${shard.count}`,
    subtasks: part.subtasks.map((s) => s.id),
  });
  const reuse = makeReuse(deps, { context, config: run.effective.config, llm: run.llm, plan: part, span });
  const results = await runSubtasks(part, { ...runEnvOf(run), deps, options, reuse });
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
