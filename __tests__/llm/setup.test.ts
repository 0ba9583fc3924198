import { describe, expect, it } from '@jest/globals';
import { llmSecrets, setUpLlm, type LlmInputs } from '../../src/llm/setup.js';
import { configSchema } from '../../src/policy/schema.js';

const env = { cacheDir: '/nonexistent/kilo-cache', redact: (text: string) => text };

describe('setUpLlm', () => {
  it.each<[string, LlmInputs, string]>([
    ['no provider', {}, 'No llm-provider set: deterministic review, no LLM.'],
    [
      'no model',
      { provider: 'openai', apiKey: 'k' },
      "input 'llm-model' is required with llm-provider openai: reviewing without an LLM.",
    ],
    [
      'an openai-compatible server without a base URL',
      { provider: 'openai-compatible', model: 'm' },
      "input 'llm-base-url' is required with llm-provider openai-compatible: reviewing without an LLM.",
    ],
    [
      'a hosted provider without a key (a fork PR)',
      { provider: 'anthropic', model: 'claude' },
      "input 'llm-api-key' is empty (workflows triggered from forks get no secrets): reviewing without an LLM.",
    ],
  ])('turns the LLM off with one notice for %s', (_name, inputs, notice) => {
    expect(setUpLlm(inputs, env)).toMatchObject({ status: 'off', notice });
  });

  it('names the missing input, so the CLI can name its own flag or variable', () => {
    expect(setUpLlm({ provider: 'openai', model: 'm' }, env)).toMatchObject({ missing: 'llm-api-key' });
    expect(setUpLlm({ provider: 'openai', apiKey: 'k' }, env)).toMatchObject({ missing: 'llm-model' });
  });

  it('needs no key for an openai-compatible server (local servers have none)', () => {
    const setup = setUpLlm(
      { provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:1/v1' },
      env,
    );
    expect(setup).toMatchObject({
      status: 'on',
      id: { provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:1/v1' },
    });
  });

  it('makes a client from the config without loading the provider, and never puts the key in its id', () => {
    const setup = setUpLlm({ provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-secret-123456' }, env);
    if (setup.status !== 'on') throw new Error('expected an LLM');
    const client = setup.factory(configSchema.parse({}).llm);
    expect(client.id).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(JSON.stringify(client.id)).not.toContain('sk-secret');
    expect(client.stats()).toMatchObject({ calls: 0, cacheHits: 0 });
  });
});

describe('llmSecrets', () => {
  it('masks the key and the credentials a base URL may carry', () => {
    expect(
      llmSecrets({
        apiKey: 'sk-1',
        baseUrl: 'https://me:p%40ss-word@llm.example/v1?api_key=0123456789abc&v=2',
      }),
    ).toEqual(['sk-1', 'me', 'p@ss-word', 'p%40ss-word', '0123456789abc']);
  });

  it('has nothing to mask without a key or credentials', () => {
    expect(llmSecrets({ baseUrl: 'http://127.0.0.1:8080/v1' })).toEqual([]);
  });
});
