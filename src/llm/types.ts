// The LLM port: what agents and the planner ask of a language model, and what they get back. The
// client behind it (client.ts) owns budgets, cache, retries, the breaker and redaction; callers own
// prompts and the meaning of the answer.
import type { Decision, PolicyRequest } from '../policy/types.js';
import type { Span } from '../trace/types.js';

export type LlmProviderName = 'openai-compatible' | 'openai' | 'anthropic';

/** What the LLM is used for; each is switched on or off in config (`llm.review`, `llm.plan`). */
export type LlmPurpose = 'review' | 'plan';

/** Which model answers; part of every cache key. Never holds the API key. */
export interface LlmModelId {
  provider: LlmProviderName | 'mock';
  model: string;
  /** The endpoint, for openai-compatible servers (two servers may serve different weights under one name). */
  baseUrl?: string;
}

/** Validation of the model's JSON answer, on our side, whatever the provider promised. */
export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LlmSchema<T> {
  /** Short identifier of the answer's shape (`review`, `plan`); part of the cache key. */
  name: string;
  /** JSON Schema of the answer, sent to the provider as the structured-output format. */
  jsonSchema: Record<string, unknown>;
  /** Checks a parsed JSON value; never throws. */
  parse(value: unknown): SchemaCheck<T>;
}

export interface LlmRequest<T> {
  purpose: LlmPurpose;
  /** Our instructions: trusted, written by us (and the base branch's repository guidance). */
  system: string;
  /** The user message: PR text already quoted as data (quote.ts). Redacted again before sending. */
  prompt: string;
  schema: LlmSchema<T>;
  /** Most tokens the answer may take. */
  maxOutputTokens: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD; undefined when the model's price is unknown. */
  costUsd?: number;
}

export type LlmResult<T> =
  /** A schema-valid answer; `cached` answers cost nothing (usage is zero). */
  | { status: 'ok'; value: T; usage: LlmUsage; cached: boolean }
  /** Not called: the policy (switch, per-request cap, token budget) or the open breaker said no. */
  | { status: 'refused'; reason: string; rule: string }
  /**
   * Called, and no usable answer: provider error after retries, time-out, or an answer that is not
   * JSON or does not match the schema (`malformed`). Tokens spent are in usage.
   */
  | { status: 'failed'; reason: string; usage: LlmUsage; malformed: boolean };

/** Per call: the policy to ask and charge, where to trace, and the run's cancellation. */
export interface LlmCallContext {
  decide(request: PolicyRequest): Decision;
  span: Span;
  signal: AbortSignal;
}

export interface LlmStats {
  /** Requests sent to the provider (attempts, retries included). */
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD; undefined when the price is unknown. */
  costUsd?: number;
  failures: number;
}

export interface LlmClient {
  readonly id: LlmModelId;
  generate<T>(request: LlmRequest<T>, context: LlmCallContext): Promise<LlmResult<T>>;
  stats(): LlmStats;
}

/** What agents and the planner get: the client, and the repository's guidance from the base branch. */
export interface LlmGuidance {
  client: LlmClient;
  /** AGENTS.md and `llm.instructions` as read from the base branch ('' when there is none). */
  instructions: string;
}
