// Types of the loopback fake Anthropic Messages API server (anthropic.mjs).
import type { RecordedRequest, Usage } from './server.d.mts';

export type AnthropicReply =
  /** A text block holding `JSON.stringify(json)` (the final answer under structured outputs). */
  | { json: unknown; usage?: Usage; finishReason?: string }
  | { text: string; usage?: Usage; finishReason?: string }
  /** tool_use blocks (stop_reason `tool_use`); ids default to `toolu_fake<n>_<i>`. */
  | {
      toolCalls: Array<{ name: string; arguments: Record<string, unknown>; id?: string }>;
      text?: string;
      usage?: Usage;
      finishReason?: string;
    }
  /** `{ type: 'error', error: { type, message } }`; a 429 carries `retry-after: 1` unless told otherwise. */
  | { status: number; message?: string; retryAfter?: number | null }
  | { delayMs: number; then: AnthropicReply };

export interface AnthropicToolResult {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<{ type: 'text'; text: string }>;
  is_error?: boolean;
}

export interface FakeAnthropicOptions {
  /** When set, any other `x-api-key` (or none) answers 401. */
  apiKey?: string;
  respond?: (request: RecordedRequest) => AnthropicReply | Promise<AnthropicReply>;
}

export interface FakeAnthropic {
  /** Base URL ending in `/v1`, for @ai-sdk/anthropic's `baseURL`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly queued: number;
  enqueue(...replies: AnthropicReply[]): void;
  setResponder(fn: FakeAnthropicOptions['respond']): void;
  close(): Promise<void>;
}

export function startFakeAnthropic(options?: FakeAnthropicOptions): Promise<FakeAnthropic>;

/** Every tool_result block of the request's messages, in order. */
export function toolResultsOf(request: RecordedRequest): AnthropicToolResult[];
