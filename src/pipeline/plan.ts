// The plan phase: the rule-based plan, refined by the LLM planner when `llm.plan` is on, and what the
// policy allows to be posted.
import type { PrContext } from '../context/types.js';
import { assertPlanValid } from '../plan/invariants.js';
import { planReview } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import type { KiloConfig } from '../policy/schema.js';
import type { PolicyRequest } from '../policy/types.js';
import { llmReviewSizing, type PlannerOutcome, type PreparedLlm } from './llm.js';
import { refinePlan } from '../plan/llm-planner.js';
import type { PostPermissions } from './port.js';
import type { PolicyEngine } from '../policy/engine.js';
import { type Span } from '../trace/types.js';

/** The rule-based plan, refined by the LLM when `llm.plan` is on; checked, then charged once. */
export async function makePlan(
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
export function postPermissions(policy: PolicyEngine, dryRun: boolean): PostPermissions {
  if (dryRun) return allowAll(false);
  return {
    checkRuns: policy.decide({ kind: 'post', what: 'check-run' }).allow,
    review: policy.decide({ kind: 'post', what: 'review' }).allow,
    comment: policy.decide({ kind: 'post', what: 'comment' }).allow,
  };
}

export function allowAll(allow: boolean): PostPermissions {
  return { checkRuns: allow, review: allow, comment: allow };
}
