// The pipeline's LLM side: the run's client and the base branch's guidance, how the LLM review sizes
// its calls, and what the report says about the LLM. Used by the pipeline (index.ts, plan.ts) only.
import { writeWalkthrough } from '../agents/walkthrough.js';
import { loadGuidance } from '../llm/guidance.js';
import { getErrorMessage } from '../util/errors.js';
import type { LlmCallContext, LlmClient, LlmGuidance } from '../llm/types.js';
import type { LlmReviewSpec } from '../plan/types.js';
import type { KiloConfig } from '../policy/schema.js';
import type { Walkthrough } from '../agents/types.js';
import type { LlmReport } from '../report/types.js';
import type { PrContext } from '../context/types.js';
import type { Span } from '../trace/types.js';

export type PlannerOutcome = NonNullable<LlmReport['planner']>;

export interface PreparedLlm {
  client: LlmClient;
  guidance: LlmGuidance;
  sources: string[];
}

/** The run's LLM client and the base branch's guidance; undefined when the config uses no LLM. */
export async function prepareLlm(
  factory: (config: KiloConfig['llm']) => LlmClient,
  config: KiloConfig,
  readBaseFile: (path: string) => Promise<string | undefined>,
  { configPath, span }: { configPath: string; span: Span },
): Promise<PreparedLlm | undefined> {
  if (!config.llm.review && !config.llm.plan) {
    span.event('config', 'llm-off', { reason: 'llm.review and llm.plan are both off' });
    return undefined;
  }
  const client = factory(config.llm);
  const guidance = await loadGuidance(readBaseFile, configPath);
  span.event('config', 'llm', {
    provider: client.id.provider,
    model: client.id.model,
    guidance: guidance.sources,
    notes: guidance.notes,
  });
  return { client, guidance: { client, instructions: guidance.instructions }, sources: guidance.sources };
}

/** Answers of this size hold a dozen findings with replacements; prompts get what the cap leaves. */
const LLM_REVIEW_OUTPUT_TOKENS = 2000;
const LLM_REVIEW_BATCH_TOKENS = 8000;
/** Room for the system prompt, the PR's title and description, and the answer's schema. */
const LLM_PROMPT_OVERHEAD_TOKENS = 2000;

export function llmReviewSizing(
  llm: KiloConfig['llm'],
): Pick<LlmReviewSpec, 'batchTokens' | 'maxOutputTokens' | 'tools' | 'verify'> {
  const maxOutputTokens = Math.min(LLM_REVIEW_OUTPUT_TOKENS, Math.floor(llm['max-tokens'] / 4));
  const room = llm['max-tokens'] - maxOutputTokens - LLM_PROMPT_OVERHEAD_TOKENS;
  const batchTokens = Math.max(200, Math.min(LLM_REVIEW_BATCH_TOKENS, room));
  const verify = llm.verify ? { verify: { minConfidence: llm['min-confidence'] } } : {};
  if (!llm.tools) return { batchTokens, maxOutputTokens, ...verify };
  const tools = {
    maxTurns: llm['max-turns'],
    maxToolCalls: llm['max-tool-calls'],
    maxResultBytes: Math.min(llm['max-tool-result-bytes'], llm['max-tool-bytes']),
    maxBytes: llm['max-tool-bytes'],
  };
  return { batchTokens, maxOutputTokens, tools, ...verify };
}

export function reportLlm(llm: PreparedLlm, planner: PlannerOutcome | undefined): LlmReport {
  return {
    model: `${llm.client.id.provider}:${llm.client.id.model}`,
    ...llm.client.stats(),
    guidance: llm.sources,
    ...(planner ? { planner } : {}),
  };
}

/** The report's `llm` key, present only with an LLM. */
export function withLlm(llm: LlmReport | undefined): { llm?: LlmReport } {
  return llm ? { llm } : {};
}

/** The walkthrough's request, started when `llm.walkthrough` is on and the PR is reviewed; else nothing. */
export function startWalkthrough(
  llm: PreparedLlm | undefined,
  config: KiloConfig,
  reviewed: boolean,
  context: PrContext,
  call: LlmCallContext,
): Promise<Walkthrough | undefined> {
  if (llm === undefined || !config.llm.walkthrough || !reviewed) return Promise.resolve(undefined);
  // Never a rejection: it runs beside the subtasks, and a review does not fail for its walkthrough.
  return writeWalkthrough(llm.client, context, call).catch((error: unknown) => ({
    unavailable: getErrorMessage(error),
  }));
}

/** The report's `walkthrough` key, present only when one was asked for. */
export function withWalkthrough(walkthrough: Walkthrough | undefined): { walkthrough?: Walkthrough } {
  return walkthrough === undefined ? {} : { walkthrough };
}
