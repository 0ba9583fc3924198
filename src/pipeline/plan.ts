// The plan phase: the gate, the run's LLM, what changed since the last review, and the rule-based
// plan, refined by the LLM planner when `llm.plan` is on.
import type { PrContext } from '../context/types.js';
import { assertPlanValid } from '../plan/invariants.js';
import { planReview } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import type { KiloConfig } from '../policy/schema.js';
import type { PolicyRequest } from '../policy/types.js';
import { llmReviewSizing, prepareLlm, type PlannerOutcome, type PreparedLlm } from './llm.js';
import { withIncrement } from './ledger.js';
import { refinePlan } from '../plan/llm-planner.js';
import type { PolicyEngine } from '../policy/engine.js';
import { type Span } from '../trace/types.js';
import type { ConfiguredRun, PipelineDeps, PipelineOptions, PlannedRun } from './types.js';

/**
 * Asks the gate; a PR it lets through gets the run's LLM (with the base branch's guidance), its
 * increment since the last review and its plan; a gated-out PR an empty plan. The plan is traced.
 */
export async function planRun(
  deps: Pick<PipelineDeps, 'platform' | 'llm' | 'signal'>,
  options: Pick<PipelineOptions, 'configPath' | 'requested'>,
  run: ConfiguredRun,
): Promise<PlannedRun> {
  const { platform } = deps;
  const { effective, policy, span } = run;
  const gate = policy.decide({ kind: 'gate', ...(options.requested ? { requested: true } : {}) });
  const signal = deps.signal ?? new AbortController().signal;
  const llm =
    gate.allow && deps.llm
      ? await prepareLlm(
          deps.llm,
          effective.config,
          // Guidance is advice: a base file that cannot be read is reviewed without it.
          (path) => platform.readBaseFile(path, run.context).catch(() => undefined),
          { configPath: options.configPath, span },
        )
      : undefined;
  // What changed since the PR's last review: the LLM reviewer then reads only those hunks.
  const context = gate.allow ? await withIncrement(run.context, platform, span) : run.context;
  const { plan, planner } = gate.allow
    ? await makePlan(context, effective.config, policy, llm, { span, signal })
    : { plan: { version: 1 as const, subtasks: [] } };
  span.event('plan', 'plan', {
    subtasks: plan.subtasks.map((s) => ({
      id: s.id,
      files: s.files.length,
      dependsOn: s.dependsOn,
      ...(s.after ? { after: s.after } : {}),
    })),
  });
  return { ...run, context, gate, signal, llm, plan, ...(planner ? { planner } : {}) };
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
