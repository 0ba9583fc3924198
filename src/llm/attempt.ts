// One provider request through the AI SDK, and what its outcome means: an answer, a malformed answer,
// a transient failure worth retrying, or a final one. No retries, no policy: client.ts does those.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type * as Ai from 'ai';
import type { LanguageModelUsage, NoObjectGeneratedError } from 'ai';
import { getErrorMessage } from '../util/errors.js';
import type { LlmRequest } from './types.js';

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

/** How one provider request ended. */
export type Attempt =
  | { kind: 'ok'; value: unknown; usage: Tokens }
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
export async function requestAnswer<T>(
  request: LlmRequest<T>,
  sent: Sent,
  { sdk, model, timeoutMs, signal }: AttemptSettings,
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
      system: sent.system,
      prompt: sent.prompt,
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
    return { kind: 'ok', value: result.output, usage: tokensOf(result.totalUsage) };
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
