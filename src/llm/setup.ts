// From the action inputs (or CLI flags) to an LLM client factory, or to the one-line reason there is
// none. A missing model, endpoint or key is a notice, not a failure: the review runs without an LLM
// (pull requests from forks get no secrets, and must still be reviewed).
import type { KiloConfig } from '../policy/schema.js';
import { createFileCache } from './cache.js';
import { createLlmClient } from './client.js';
import { createLanguageModel } from './provider.js';
import type { LlmClient, LlmModelId, LlmProviderName } from './types.js';

export interface LlmInputs {
  provider?: LlmProviderName;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

export interface LlmEnvironment {
  /** Where answers are cached across runs (restorable with actions/cache). */
  cacheDir: string;
  /** Masks known secrets; the client adds the secret patterns. */
  redact: (text: string) => string;
  /** Backoff base for retries; tests shorten it. */
  retryBaseMs?: number;
}

/** Makes the run's client once the config (timeouts, retries, price) is known. */
export type LlmFactory = (config: KiloConfig['llm']) => LlmClient;

/** An input the provider needs and did not get (the CLI names its own flag or variable for it). */
export type MissingLlmInput = 'llm-model' | 'llm-base-url' | 'llm-api-key';

export type LlmSetup =
  | { status: 'on'; id: LlmModelId; factory: LlmFactory }
  | { status: 'off'; notice: string; missing?: MissingLlmInput };

export function setUpLlm(inputs: LlmInputs, env: LlmEnvironment): LlmSetup {
  const { provider, model, baseUrl, apiKey } = inputs;
  if (!provider) return { status: 'off', notice: 'No llm-provider set: deterministic review, no LLM.' };
  if (!model) return off(`input 'llm-model' is required with llm-provider ${provider}`, 'llm-model');
  if (provider === 'openai-compatible' && !baseUrl) {
    return off("input 'llm-base-url' is required with llm-provider openai-compatible", 'llm-base-url');
  }
  if (provider !== 'openai-compatible' && !apiKey) {
    return off("input 'llm-api-key' is empty (workflows triggered from forks get no secrets)", 'llm-api-key');
  }
  const id: LlmModelId = { provider, model, ...(baseUrl ? { baseUrl } : {}) };
  const settings = { provider, model, ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) };
  const cache = createFileCache(env.cacheDir);
  return {
    status: 'on',
    id,
    factory: (config) =>
      createLlmClient({
        id,
        // Loaded on first use: a run whose policy makes no LLM call never loads the AI SDK.
        model: () => createLanguageModel(settings),
        cache,
        timeoutMs: config['timeout-seconds'] * 1000,
        maxRetries: config.retries,
        // Two failed requests (after their retries) and the provider is left alone for the run's rest:
        // a hung provider costs at most 2 × (retries + 1) × timeout-seconds.
        breakerThreshold: 2,
        ...(config.price ? { price: config.price } : {}),
        redact: env.redact,
        ...(env.retryBaseMs === undefined ? {} : { retryBaseMs: env.retryBaseMs }),
      }),
  };
}

/** Credentials in the LLM inputs, for the masks: the key, and any user, password or token in the URL. */
export function llmSecrets(inputs: LlmInputs): string[] {
  const secrets = inputs.apiKey ? [inputs.apiKey] : [];
  if (!inputs.baseUrl) return secrets;
  try {
    const url = new URL(inputs.baseUrl);
    for (const part of [url.username, url.password]) if (part) secrets.push(decodeURIComponent(part), part);
    // Some proxies take the key as a query parameter (?api_key=…); long values are masked as keys.
    for (const value of url.searchParams.values()) if (value.length >= 8) secrets.push(value);
  } catch {
    // Settings already refused a malformed URL.
  }
  return [...new Set(secrets)];
}

function off(reason: string, missing: MissingLlmInput): LlmSetup {
  return { status: 'off', notice: `${reason}: reviewing without an LLM.`, missing };
}
