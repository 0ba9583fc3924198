import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLlmClient } from '../../src/llm/client.js';
import { createLanguageModel } from '../../src/llm/provider.js';
import { createLlmRedactor } from '../../src/llm/llm-redactor.js';
import type { LlmProviderName } from '../../src/llm/types.js';
import { KiloError } from '../../src/util/errors.js';
import { harness, llmEvents, request } from './llm-fixtures.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const apiKey = ['sk-test', 'k1l0', 'Fake0Key0For0Tests'].join('-');
const answer = { verdict: 'looks fine', count: 3 };

/** An OpenAI chat.completions stand-in on loopback; `status` 401 echoes the key, as OpenAI does. */
function completion(content: string) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 42, completion_tokens: 9, total_tokens: 51 },
  };
}

let server: Server;
let baseUrl: string;
let received: Received[];
let status = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      const body =
        status === 200
          ? completion(JSON.stringify(answer))
          : { error: { message: `Incorrect API key provided: ${apiKey}`, type: 'invalid_request_error' } };
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  status = 200;
});

function clientFor(provider: LlmProviderName) {
  const settings = { provider, model: 'fake-model', baseUrl, apiKey };
  return harness(() => createLanguageModel(settings), {
    client: {
      id: { provider, model: 'fake-model', baseUrl },
      // The tracer's redactor, with the key registered as a secret.
      redact: (text) => text.replaceAll(apiKey, '***'),
      maxRetries: 0,
    },
  });
}

describe.each(['openai-compatible', 'openai'] as const)('the %s provider', (provider) => {
  it('POSTs chat/completions with the key and a JSON response format, and returns the parsed answer', async () => {
    const { client, context, span } = clientFor(provider);

    const result = await client.generate(request(), context);

    expect(result).toEqual({
      status: 'ok',
      value: answer,
      usage: { inputTokens: 42, outputTokens: 9, costUsd: undefined },
      cached: false,
    });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(call?.body).toMatchObject({
      model: 'fake-model',
      temperature: 0,
      response_format: {
        type: 'json_schema',
        json_schema: expect.objectContaining({ name: 'answer' }) as unknown,
      },
    });
    expect(call?.body.messages).toEqual([
      { role: 'system', content: 'You review code.' },
      { role: 'user', content: 'Review this diff.' },
    ]);
    expect(JSON.stringify(span.events)).not.toContain(apiKey);
  });

  it('fails a 401 without retrying and keeps the key out of the trace and the reason', async () => {
    status = 401;
    const { client, context, span } = clientFor(provider);

    const result = await client.generate(request(), context);

    expect(result).toMatchObject({
      status: 'failed',
      reason: 'the LLM provider answered 401: check llm-api-key',
    });
    expect(received).toHaveLength(1);
    expect(llmEvents(span)[0]).toMatchObject({ outcome: 'failed', status: 401 });
    expect(String(llmEvents(span)[0]?.error)).toContain('***');
    expect(JSON.stringify(span.events)).not.toContain(apiKey);
  });
});

describe('createLanguageModel', () => {
  it('requires a base URL for openai-compatible, and names the input', async () => {
    const error = await createLanguageModel({ provider: 'openai-compatible', model: 'm', apiKey }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KiloError);
    expect(error).toMatchObject({
      code: 'INPUT_INVALID',
      message: "input 'llm-base-url' is required with llm-provider openai-compatible",
    });
    expect(String((error as Error).message)).not.toContain(apiKey);
  });

  it('creates an Anthropic model without calling it', async () => {
    const model = await createLanguageModel({ provider: 'anthropic', model: 'claude-sonnet-4-0', apiKey });
    expect([model.specificationVersion, model.provider, model.modelId]).toEqual([
      'v3',
      'anthropic.messages',
      'claude-sonnet-4-0',
    ]);
  });

  it('creates the model lazily, on the first call that needs it', async () => {
    let created = 0;
    const client = createLlmClient({
      id: { provider: 'openai', model: 'fake-model' },
      model: () => {
        created++;
        return createLanguageModel({ provider: 'openai', model: 'fake-model', baseUrl, apiKey });
      },
      timeoutMs: 5000,
      maxRetries: 0,
      redact: createLlmRedactor((t) => t),
    });
    expect(created).toBe(0);
    const { context } = harness(() => Promise.reject(new Error('unused')));
    await client.generate(request(), context);
    await client.generate(request({ prompt: 'again' }), context);
    expect(created).toBe(1);
    expect(received).toHaveLength(2);
  });
});
