// A scripted language model for tests (provider id `mock`): each call takes the next step
// of a script (JSON, raw text, a provider error, or a hang until aborted). Deterministic: no clock,
// no randomness; usage defaults to the token estimate of what was sent and answered.
import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
} from '@ai-sdk/provider';
import { estimateTokens } from '../src/llm/tokens.js';

export type ScriptStep =
  | { json: unknown; usage?: { input: number; output: number } }
  | { text: string; usage?: { input: number; output: number } }
  | { error: 'rate-limit' | 'server' | 'unauthorized'; retryAfterSeconds?: number }
  | { hang: true };

/** What the model was asked: the system prompt and the user text, as received. */
export interface ScriptedCall {
  system: string;
  prompt: string;
  maxOutputTokens?: number;
}

export type Script = ScriptStep[] | ((call: ScriptedCall) => ScriptStep);

const ERRORS = {
  'rate-limit': { statusCode: 429, isRetryable: true, message: 'Rate limit reached' },
  server: { statusCode: 500, isRetryable: true, message: 'Internal server error' },
  unauthorized: { statusCode: 401, isRetryable: false, message: 'Incorrect API key provided' },
} as const;

export function createScriptedModel(
  script: Script,
  modelId = 'scripted',
): { model: LanguageModelV3; calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  const nextStep = (call: ScriptedCall): ScriptStep => {
    if (typeof script === 'function') return script(call);
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    if (step === undefined) throw new Error('createScriptedModel: the script has no steps');
    return step;
  };
  const model: LanguageModelV3 = {
    specificationVersion: 'v3',
    provider: 'mock',
    modelId,
    supportedUrls: {},
    async doGenerate(options) {
      const call = toCall(options);
      calls.push(call);
      return play(nextStep(call), call, options.abortSignal);
    },
    doStream() {
      return Promise.reject(new Error('the scripted model does not stream'));
    },
  };
  return { model, calls };
}

function toCall(options: LanguageModelV3CallOptions): ScriptedCall {
  const system: string[] = [];
  const prompt: string[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') system.push(message.content);
    else if (message.role === 'user') {
      for (const part of message.content) if (part.type === 'text') prompt.push(part.text);
    }
  }
  return {
    system: system.join('\n'),
    prompt: prompt.join('\n'),
    ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
  };
}

async function play(
  step: ScriptStep,
  call: ScriptedCall,
  signal: AbortSignal | undefined,
): Promise<LanguageModelV3GenerateResult> {
  if ('hang' in step) return hangUntilAborted(signal);
  if ('error' in step) throw apiError(step.error, step.retryAfterSeconds);
  const text = 'json' in step ? JSON.stringify(step.json) : step.text;
  const usage = step.usage ?? {
    input: estimateTokens(call.system + call.prompt),
    output: estimateTokens(text),
  };
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: usage.input, noCache: usage.input, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: usage.output, text: usage.output, reasoning: 0 },
    },
    warnings: [],
  };
}

function apiError(kind: keyof typeof ERRORS, retryAfterSeconds: number | undefined): APICallError {
  const { statusCode, isRetryable, message } = ERRORS[kind];
  return new APICallError({
    message,
    url: 'mock://scripted/chat/completions',
    // Never the prompt: errors are traced.
    requestBodyValues: {},
    statusCode,
    isRetryable,
    ...(retryAfterSeconds === undefined
      ? {}
      : { responseHeaders: { 'retry-after': String(retryAfterSeconds) } }),
  });
}

function hangUntilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) return reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
