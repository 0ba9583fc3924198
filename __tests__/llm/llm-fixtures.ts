// Shared by the LLM tests: a small answer schema, and a client over a real PolicyEngine.
import { PolicyEngine } from '../../src/policy/engine.js';
import { configSchema, type ConfigInput } from '../../src/policy/schema.js';
import type { LlmCache } from '../../src/llm/cache.js';
import { createMemoryCache } from '../../src/llm/cache.js';
import { createLlmClient, type LlmClientOptions } from '../../src/llm/client.js';
import type { LlmCallContext, LlmRequest, LlmSchema } from '../../src/llm/types.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';

export interface Answer {
  verdict: string;
  count: number;
}

export const answerSchema: LlmSchema<Answer> = {
  name: 'answer',
  jsonSchema: {
    type: 'object',
    properties: { verdict: { type: 'string' }, count: { type: 'integer' } },
    required: ['verdict', 'count'],
    additionalProperties: false,
  },
  parse(value) {
    const v = value as Partial<Answer> | null;
    return typeof v === 'object' && v !== null && typeof v.verdict === 'string' && typeof v.count === 'number'
      ? { ok: true, value: { verdict: v.verdict, count: v.count } }
      : { ok: false, error: 'expected {verdict: string, count: number}' };
  },
};

export function request(overrides: Partial<LlmRequest<Answer>> = {}): LlmRequest<Answer> {
  return {
    purpose: 'review',
    system: 'You review code.',
    prompt: 'Review this diff.',
    schema: answerSchema,
    maxOutputTokens: 500,
    ...overrides,
  };
}

export interface Harness {
  client: ReturnType<typeof createLlmClient>;
  policy: PolicyEngine;
  span: ReturnType<typeof createRecordingSpan>;
  context: LlmCallContext;
  delays: number[];
  cache: LlmCache & { readonly size: number };
}

/** A client with a memory cache, no real waiting (sleep records delays) and no jitter. */
export function harness(
  model: LlmClientOptions['model'],
  options: { config?: ConfigInput; client?: Partial<LlmClientOptions>; signal?: AbortSignal } = {},
): Harness {
  const policy = new PolicyEngine({
    config: configSchema.parse(options.config ?? {}),
    context: makeContext(addedFileDiff('a.ts', ['x'])),
  });
  const span = createRecordingSpan();
  const delays: number[] = [];
  const cache = createMemoryCache();
  const client = createLlmClient({
    id: { provider: 'mock', model: 'scripted' },
    model,
    cache,
    timeoutMs: 5000,
    maxRetries: 2,
    redact: (text) => text,
    random: () => 0,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options.client,
  });
  const context: LlmCallContext = {
    decide: (r) => policy.decide(r),
    span,
    signal: options.signal ?? new AbortController().signal,
  };
  return { client, policy, span, context, delays, cache };
}

export function llmTokensUsed(policy: PolicyEngine): number {
  return policy.budgets().find((b) => b.name === 'llm-tokens')?.used ?? -1;
}

export function llmEvents(span: Harness['span']) {
  return span.events.filter((e) => e.kind === 'llm-call').map((e) => e.attrs);
}
