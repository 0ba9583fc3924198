// Types of the loopback fake OpenAI-compatible chat-completions server (server.mjs).
import type { IncomingHttpHeaders } from 'node:http';

export interface ChatMessage {
  /** `developer` is what @ai-sdk/openai sends instead of `system` to reasoning models. */
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  /** null on an assistant turn that only calls tools. */
  content: string | Array<{ type: 'text'; text: string }> | null;
  /** An assistant turn's tool calls; `arguments` is a JSON string. */
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  /** A tool message: the call it answers. */
  tool_call_id?: string;
}

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** A request body that passed validation; other fields the client sent are kept as they came. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number | null;
  temperature?: number | null;
  tools?: ChatTool[];
  tool_choice?: 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };
  response_format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | {
        type: 'json_schema';
        json_schema: {
          name: string;
          schema: Record<string, unknown>;
          strict?: boolean;
          description?: string;
        };
      };
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Pathname, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; the raw text when the body was not JSON; undefined when empty. */
  body: unknown;
  /** ms since the epoch, when the body had arrived. */
  receivedAt: number;
  /** Status answered; undefined while pending, or when the client went away before the answer. */
  status: number | undefined;
  /** Why the request was refused (validation, auth, route); undefined for a valid request. */
  error: string | undefined;
}

/** A valid request, as a responder sees it. */
export interface ChatRequest extends RecordedRequest {
  body: ChatRequestBody;
}

/** Token counts reported in `usage`; by default ceil(UTF-8 bytes / 4) of messages and of the answer. */
export interface Usage {
  prompt: number;
  completion: number;
}

export type Reply =
  /** An answer whose message content is `JSON.stringify(json)`. */
  | { json: unknown; usage?: Usage; finishReason?: string }
  /** An answer whose content is `text` as-is (garbage, prose, truncated JSON). */
  | { text: string; usage?: Usage; finishReason?: string }
  /**
   * An assistant turn calling tools (finish_reason `tool_calls`); `arguments` is sent as JSON, or as
   * given when it is a string (malformed JSON included). Ids default to `call_fake<n>_<i>`.
   */
  | {
      toolCalls: Array<{ name: string; arguments: unknown; id?: string }>;
      text?: string;
      usage?: Usage;
      finishReason?: string;
    }
  /**
   * An OpenAI-style error `{ error: { message, type, param, code } }`. A 429 carries `retry-after: 1`
   * unless `retryAfter` says otherwise (seconds; null for no header); other statuses only when set.
   */
  | { status: number; message?: string; retryAfter?: number | null; type?: string; code?: string | null }
  /** Waits `delayMs` (less if the client aborts or the server closes), then answers `then`. */
  | { delayMs: number; then: Reply };

export type Responder = (request: ChatRequest) => Reply | Promise<Reply>;

export interface FakeLlmOptions {
  /** When set, any other `Authorization: Bearer …` (or none) answers 401. */
  apiKey?: string;
  /** Answers valid requests once the queue is empty. */
  respond?: Responder;
}

export interface FakeLlm {
  /** Base URL ending in `/v1`, for the AI SDK's `baseURL`. */
  readonly url: string;
  /** Every request, valid or not, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Scripted replies not yet used. */
  readonly queued: number;
  /**
   * Replies for the next valid requests, first in first out, used before the responder. With neither,
   * a valid request answers 500 `no reply scripted`. Throws a TypeError for a malformed reply.
   */
  enqueue(...replies: Reply[]): void;
  setResponder(fn: Responder | undefined): void;
  /** Stops listening, ends pending delays and destroys open sockets. Idempotent. */
  close(): Promise<void>;
}

export function startFakeLlm(options?: FakeLlmOptions): Promise<FakeLlm>;

/** Text of the request's system and developer messages, joined by blank lines ('' when none). */
export function systemOf(request: RecordedRequest): string;

/** Text of the request's user messages, joined by blank lines ('' when none). */
export function userOf(request: RecordedRequest): string;

/** Whether the request is the LLM reviewer's verify pass (its answer schema is `review-verify`). */
export function isVerifyRequest(request: RecordedRequest): boolean;

/** The verify pass's answer confirming every candidate the prompt lists (default confidence 0.9). */
export function confirmAll(request: RecordedRequest, confidence?: number): Reply;
