// The LLM port: what agents and the planner ask of a language model, and what they get back. The
// client behind it (client.ts) owns budgets, cache, retries, the breaker and redaction; callers own
// prompts and the meaning of the answer.
import type { Decision, LlmPurpose, PolicyRequest } from '../policy/types.js';
import type { Span } from '../trace/types.js';

export type LlmProviderName = 'openai-compatible' | 'openai' | 'anthropic';

/** What the LLM is used for (the policy's to switch: `llm.review`, `llm.plan`). */
export type { LlmPurpose } from '../policy/types.js';

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
  /** Read-only tools the model may call before it answers (the tool loop, tool-loop.ts). */
  tools?: LlmToolUse;
}

/** A tool as the model sees it: what it does and the JSON Schema of its arguments. */
export interface LlmToolDefinition {
  description: string;
  inputSchema: Record<string, unknown>;
}

/** What one tool call hands back: always readable by the model, never thrown. */
export interface LlmToolOutcome {
  ok: boolean;
  /** The result, or why there is none. */
  text: string;
  /** Bytes of `text` charged to the review's result budget (0 for an error). */
  bytes: number;
  /** The policy rule that denied the call. */
  denied?: string;
}

export interface LlmToolbox {
  definitions: Readonly<Record<string, LlmToolDefinition>>;
  run(name: string, args: unknown): Promise<LlmToolOutcome>;
  /** Result bytes left for the whole review: at 0 the loop stops calling tools. */
  remainingBytes(): number;
}

/** The bounds of one tool loop; when one is reached the model is asked once for its answer without tools. */
export interface ToolLoopBounds {
  /** Requests with tools in one loop (the final answer's request comes on top). */
  maxTurns: number;
  /** Tool calls run in one loop; calls past it get an error result. */
  maxToolCalls: number;
  /** Epoch ms after which no more tool turns start. */
  deadline?: number;
}

export interface LlmToolUse {
  toolbox: LlmToolbox;
  bounds: ToolLoopBounds;
  /** What the tools read (the head commit), for the answer cache's key. */
  key: string;
}

export type ToolLoopBound = 'turns' | 'tool-calls' | 'result-bytes' | 'deadline';

/** One tool call as traced and reported: arguments redacted and cut, never the result's text. */
export interface ToolCallRecord {
  tool: string;
  args: string;
  outcome: 'ok' | 'denied' | 'error';
  rule?: string;
  bytes: number;
  durationMs: number;
}

/** What one tool loop did. */
export interface ToolLoopReport {
  /** Requests sent with tools, the final answer's request included. */
  turns: number;
  calls: ToolCallRecord[];
  /** The bound that ended the loop before the model answered on its own. */
  stoppedBy?: ToolLoopBound;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD; undefined when the model's price is unknown. */
  costUsd?: number;
}

export type LlmResult<T> =
  /** A schema-valid answer; `cached` answers cost nothing (usage is zero). */
  | { status: 'ok'; value: T; usage: LlmUsage; cached: boolean; loop?: ToolLoopReport }
  /** Not called: the policy (switch, per-request cap, token budget) or the open breaker said no. */
  | { status: 'refused'; reason: string; rule: string; loop?: ToolLoopReport }
  /**
   * Called, and no usable answer: provider error after retries, time-out, or an answer that is not
   * JSON or does not match the schema (`malformed`). Tokens spent are in usage.
   */
  | { status: 'failed'; reason: string; usage: LlmUsage; malformed: boolean; loop?: ToolLoopReport };

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
  /** Present once a request used tools: the calls of every loop, and which bounds stopped loops. */
  tools?: ToolTotals;
}

export interface ToolTotals {
  calls: ToolCallRecord[];
  /** Loops ended by a bound, per bound. */
  stopped: Partial<Record<ToolLoopBound, number>>;
}

export interface LlmClient {
  readonly id: LlmModelId;
  generate<T>(request: LlmRequest<T>, context: LlmCallContext): Promise<LlmResult<T>>;
  stats(): LlmStats;
  /** Masks what the client would mask before sending (registered secrets, secret-shaped text). */
  redact(text: string): string;
}

/** What agents and the planner get: the client, and the repository's guidance from the base branch. */
export interface LlmGuidance {
  client: LlmClient;
  /** AGENTS.md and `llm.instructions` as read from the base branch ('' when there is none). */
  instructions: string;
}
