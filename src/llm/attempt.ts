// One provider request through the AI SDK, and what its outcome means: an answer, a malformed answer,
// a transient failure worth retrying, or a final one. No retries, no policy: client.ts does those.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type * as Ai from 'ai';
import type { LanguageModelUsage, ModelMessage, NoObjectGeneratedError, ToolSet } from 'ai';
import { getErrorMessage } from '../util/errors.js';
import type { LlmRequest, LlmToolDefinition } from './types.js';

export type AiSdk = typeof Ai;

export interface Tokens {
  inputTokens: number;
  outputTokens: number;
}

/** The redacted text actually sent (and hashed for the cache). */
export interface Sent {
  system: string;
  prompt: string;
}

/** A tool call the model asked for; `invalid` says why its arguments could not be read. */
export interface StepCall {
  id: string;
  name: string;
  input: unknown;
  invalid?: string;
}

/** How one provider request ended. */
export type Attempt =
  | { kind: 'ok'; value: unknown; usage: Tokens }
  /** A tool step: the model asked for tools; `assistant` is its turn, to send back with the results. */
  | { kind: 'tool-calls'; calls: StepCall[]; assistant: ModelMessage[]; usage: Tokens }
  | { kind: 'malformed'; detail: string; usage: Tokens }
  | { kind: 'cancelled' }
  | { kind: 'timeout' }
  | { kind: 'api'; status?: number; retryable: boolean; retryAfterMs?: number; message: string }
  | { kind: 'error'; message: string };

export interface AttemptSettings {
  sdk: AiSdk;
  model: LanguageModelV3;
  timeoutMs: number;
  /** The run's cancellation; the per-request time-out is added here. */
  signal: AbortSignal;
}

/** Asks once for a JSON answer checked by the request's schema; never throws. */
export function requestAnswer<T>(
  request: LlmRequest<T>,
  sent: Sent,
  settings: AttemptSettings,
): Promise<Attempt> {
  return generate(request, settings, { system: sent.system, prompt: sent.prompt });
}

/** One step of a tool conversation: 'tools' lets the model call them, 'final' asks for the answer. */
export interface StepSettings {
  system: string;
  messages: ModelMessage[];
  tools: Readonly<Record<string, LlmToolDefinition>>;
  mode: 'tools' | 'final';
}

/**
 * Asks once with tools: the model's tool calls (run by the caller, never by the SDK: the tools have no
 * `execute`), or its JSON answer checked by the request's schema. Never throws.
 */
export function requestStep<T>(
  request: LlmRequest<T>,
  step: StepSettings,
  settings: AttemptSettings,
): Promise<Attempt> {
  const { sdk } = settings;
  const tools: ToolSet = Object.fromEntries(
    Object.entries(step.tools).map(([name, tool]) => [
      name,
      sdk.tool({
        description: tool.description,
        inputSchema: sdk.jsonSchema(tool.inputSchema as Parameters<AiSdk['jsonSchema']>[0]),
      }),
    ]),
  );
  return generate(request, settings, {
    system: step.system,
    messages: step.messages,
    tools,
    toolChoice: step.mode === 'final' ? 'none' : 'auto',
  });
}

type Conversation =
  | { system: string; prompt: string }
  | {
      system: string;
      messages: ModelMessage[];
      tools: ToolSet;
      toolChoice: 'auto' | 'none';
    };

async function generate<T>(
  request: LlmRequest<T>,
  { sdk, model, timeoutMs, signal }: AttemptSettings,
  conversation: Conversation,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const validate = (value: unknown) => {
    const check = request.schema.parse(value);
    return check.ok
      ? { success: true as const, value: check.value }
      : { success: false as const, error: new Error(check.error) };
  };
  try {
    const result = await sdk.generateText({
      model,
      ...conversation,
      output: sdk.Output.object({
        schema: sdk.jsonSchema<T>(request.schema.jsonSchema as Parameters<AiSdk['jsonSchema']>[0], {
          validate,
        }),
        name: request.schema.name,
      }),
      // Retries are ours: they go through the policy, the trace and the breaker.
      maxRetries: 0,
      maxOutputTokens: request.maxOutputTokens,
      temperature: 0,
      abortSignal: AbortSignal.any([signal, timeout]),
    });
    const usage = tokensOf(result.totalUsage);
    if (result.toolCalls.length > 0) {
      const calls = result.toolCalls.map((call): StepCall => ({
        id: call.toolCallId,
        name: call.toolName,
        input: call.input,
        ...(call.invalid === true ? { invalid: getErrorMessage(call.error) } : {}),
      }));
      // The assistant's turn only: results of invalid calls are ours to write, like every other.
      const assistant = result.response.messages.filter((message) => message.role === 'assistant');
      return { kind: 'tool-calls', calls, assistant, usage };
    }
    return { kind: 'ok', value: result.output, usage };
  } catch (error) {
    if (signal.aborted) return { kind: 'cancelled' };
    if (timeout.aborted) return { kind: 'timeout' };
    return classify(sdk, error);
  }
}

/** 429, 5xx, network errors (the provider package marks them retryable) and time-outs. */
export function isTransient(attempt: Attempt): boolean {
  return attempt.kind === 'timeout' || (attempt.kind === 'api' && attempt.retryable);
}

/** The error to trace (before redaction); undefined for an answer. */
export function attemptError(attempt: Attempt): string | undefined {
  switch (attempt.kind) {
    case 'ok':
    case 'tool-calls':
      return undefined;
    case 'malformed':
      return attempt.detail;
    case 'api':
    case 'error':
      return attempt.message;
    default:
      return attempt.kind;
  }
}

/** What went wrong with a request that was neither cancelled nor timed out. */
function classify(sdk: AiSdk, error: unknown): Attempt {
  if (sdk.NoObjectGeneratedError.isInstance(error)) {
    return { kind: 'malformed', detail: malformedDetail(sdk, error), usage: tokensOf(error.usage) };
  }
  // Asked for the final answer (tool choice none), the model called a tool anyway: the loop decides.
  if (sdk.ToolChoiceViolationError.isInstance(error)) {
    return { kind: 'tool-calls', calls: [], assistant: [], usage: tokensOf(undefined) };
  }
  if (sdk.NoOutputGeneratedError.isInstance(error)) {
    return { kind: 'malformed', detail: 'the model gave no final answer', usage: tokensOf(undefined) };
  }
  if (sdk.APICallError.isInstance(error)) {
    const retryAfterMs = retryAfterOf(error.responseHeaders);
    return {
      kind: 'api',
      ...(error.statusCode === undefined ? {} : { status: error.statusCode }),
      retryable: error.isRetryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: error.message,
    };
  }
  return { kind: 'error', message: getErrorMessage(error) };
}

/** Our own schema's words, or "not JSON"; never the model's text, which may quote the PR. */
function malformedDetail(sdk: AiSdk, error: NoObjectGeneratedError): string {
  const cause = error.cause;
  if (sdk.JSONParseError.isInstance(cause)) return 'the text is not JSON';
  if (sdk.TypeValidationError.isInstance(cause)) return getErrorMessage(cause.cause ?? 'schema mismatch');
  return error.message;
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterOf(headers: Record<string, string> | undefined): number | undefined {
  const ms = headers?.['retry-after-ms'];
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function tokensOf(usage: LanguageModelUsage | undefined): Tokens {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 };
}
