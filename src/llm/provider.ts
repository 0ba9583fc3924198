// The one place that knows provider packages. Each is imported on first use, so a run without an LLM
// never loads the AI SDK. The API key goes to the provider's client and nowhere else.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { KiloError } from '../util/errors.js';
import type { LlmProviderName } from './types.js';

export interface ProviderSettings {
  provider: LlmProviderName;
  model: string;
  baseUrl?: string;
  apiKey?: string;
}

export async function createLanguageModel(settings: ProviderSettings): Promise<LanguageModelV3> {
  const { model, baseUrl, apiKey } = settings;
  switch (settings.provider) {
    case 'openai-compatible': {
      if (!baseUrl) {
        throw new KiloError(
          'INPUT_INVALID',
          "input 'llm-base-url' is required with llm-provider openai-compatible",
        );
      }
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return createOpenAICompatible({
        name: 'kilo',
        baseURL: baseUrl,
        apiKey,
        supportsStructuredOutputs: true,
      }).chatModel(model);
    }
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      // Chat completions rather than the Responses API: any OpenAI-compatible server can stand in.
      return createOpenAI({ apiKey, ...(baseUrl ? { baseURL: baseUrl } : {}) }).chat(model);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic({ apiKey, ...(baseUrl ? { baseURL: baseUrl } : {}) })(model);
    }
  }
}
