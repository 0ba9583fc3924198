// The fake LLM against the real AI SDK clients (openai-compatible and openai `.chat`) and plain fetch:
// answers, usage, errors the SDK classifies, slow answers, auth and request validation.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, NoObjectGeneratedError, Output, generateText, jsonSchema } from 'ai';
import {
  startFakeLlm,
  systemOf,
  userOf,
  type ChatRequestBody,
  type FakeLlm,
  type RecordedRequest,
} from '../../__fixtures__/fake-llm/server.mjs';

const API_KEY = 'sk-test-0123456789';

interface Review {
  findings: Array<{ title: string; line: number }>;
}

const REVIEW_SCHEMA = jsonSchema<Review>({
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { title: { type: 'string' }, line: { type: 'integer' } },
        required: ['title', 'line'],
        additionalProperties: false,
      },
    },
  },
  required: ['findings'],
  additionalProperties: false,
});

let llm: FakeLlm;

beforeEach(async () => {
  llm = await startFakeLlm({ apiKey: API_KEY });
});

afterEach(async () => {
  await llm.close();
});

function model(apiKey = API_KEY) {
  const provider = createOpenAICompatible({
    name: 't',
    baseURL: llm.url,
    apiKey,
    supportsStructuredOutputs: true,
  });
  return provider.chatModel('fake-model');
}

function review(options: { apiKey?: string; abortSignal?: AbortSignal; maxRetries?: number } = {}) {
  return generateText({
    model: model(options.apiKey),
    system: 'You review pull requests. Answer with JSON.',
    prompt: 'Review this diff: +const x = 1;',
    output: Output.object({ schema: REVIEW_SCHEMA, name: 'review' }),
    maxRetries: options.maxRetries ?? 0,
    abortSignal: options.abortSignal,
  });
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function post(body: unknown, init: { path?: string; method?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.auth !== null) headers.authorization = init.auth ?? `Bearer ${API_KEY}`;
  return fetch(llm.url.replace(/\/v1$/, '') + (init.path ?? '/v1/chat/completions'), {
    method: init.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const VALID_BODY = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

function only(requests: RecordedRequest[]): RecordedRequest {
  expect(requests).toHaveLength(1);
  return requests[0] as RecordedRequest;
}

describe('answers through the AI SDK', () => {
  it('parses a scripted JSON answer and reports the scripted usage', async () => {
    llm.enqueue({
      json: { findings: [{ title: 'x is unused', line: 1 }] },
      usage: { prompt: 120, completion: 9 },
    });

    const result = await review();

    expect(result.output).toEqual({ findings: [{ title: 'x is unused', line: 1 }] });
    expect(result.usage.inputTokens).toBe(120);
    expect(result.usage.outputTokens).toBe(9);
    const request = only(llm.requests);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      error: undefined,
    });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(systemOf(request)).toBe('You review pull requests. Answer with JSON.');
    expect(userOf(request)).toBe('Review this diff: +const x = 1;');
    const body = request.body as ChatRequestBody;
    expect(body.model).toBe('fake-model');
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'review', strict: true, schema: { required: ['findings'] } },
    });
  });

  it('estimates usage as a quarter of the UTF-8 bytes of messages and answer', async () => {
    const answer = { findings: [{ title: 'naïve check — über', line: 3 }] };
    llm.enqueue({ json: answer });

    const result = await review();

    const messageBytes = Buffer.byteLength(
      'You review pull requests. Answer with JSON.' + 'Review this diff: +const x = 1;',
    );
    expect(result.usage.inputTokens).toBe(Math.ceil(messageBytes / 4));
    expect(result.usage.outputTokens).toBe(Math.ceil(Buffer.byteLength(JSON.stringify(answer)) / 4));
  });

  it('serves @ai-sdk/openai `.chat` too, which sends a strict json_schema', async () => {
    llm.enqueue({ json: { findings: [] } });
    const openai = createOpenAI({ baseURL: llm.url, apiKey: API_KEY });

    const result = await generateText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'Review: nothing changed.',
      output: Output.object({ schema: REVIEW_SCHEMA }),
      maxRetries: 0,
    });

    expect(result.output).toEqual({ findings: [] });
    expect((only(llm.requests).body as ChatRequestBody).response_format?.type).toBe('json_schema');
  });

  it('passes text through as-is, and the SDK rejects garbage as no object', async () => {
    llm.enqueue({ text: 'Sure! Here is my review: {findings' }, { text: 'plain prose' });

    const error = await rejection(review());
    const plain = await generateText({ model: model(), prompt: 'Say something.', maxRetries: 0 });

    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    expect((error as NoObjectGeneratedError).text).toBe('Sure! Here is my review: {findings');
    expect(plain.text).toBe('plain prose');
  });

  it('answers from the queue first, then the responder, then 500 "no reply scripted"', async () => {
    llm.setResponder((request) => ({ json: { findings: [{ title: userOf(request), line: 2 }] } }));
    llm.enqueue({ json: { findings: [] } });

    const first = await review();
    const second = await review();
    llm.setResponder(undefined);
    const third = await rejection(review());

    expect(first.output).toEqual({ findings: [] });
    expect(second.output).toEqual({ findings: [{ title: 'Review this diff: +const x = 1;', line: 2 }] });
    expect(APICallError.isInstance(third) && third.statusCode).toBe(500);
    expect((third as APICallError).message).toBe('no reply scripted');
    expect(llm.requests.map((r) => r.status)).toEqual([200, 200, 500]);
  });

  it('refuses malformed scripted replies when they are enqueued', () => {
    expect(() => llm.enqueue({ jsn: {} } as never)).toThrow(TypeError);
    expect(() => llm.enqueue({ status: 200 })).toThrow(/error status/);
    expect(() => llm.enqueue({ delayMs: 10, then: { text: 1 } } as never)).toThrow(/text to be a string/);
    expect(llm.queued).toBe(0);
  });
});

describe('errors the SDK classifies', () => {
  it('answers a scripted 429 with an OpenAI rate-limit body and retry-after', async () => {
    llm.enqueue({ status: 429, retryAfter: 7 });

    const error = await rejection(review());

    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.responseHeaders?.['retry-after']).toBe('7');
    expect(JSON.parse(apiError.responseBody ?? '')).toEqual({
      error: {
        message: 'Rate limit reached for requests. Please try again later.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(llm.requests).toHaveLength(1);
  });

  it('sends retry-after: 1 on a 429 by default, and none when retryAfter is null', async () => {
    llm.enqueue({ status: 429 }, { status: 429, retryAfter: null });

    const first = await post(VALID_BODY);
    const second = await post(VALID_BODY);

    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, null]);
  });

  it('lets the SDK retry a 429 after its retry-after', async () => {
    llm.enqueue({ status: 429, retryAfter: 0 }, { json: { findings: [] } });

    const result = await review({ maxRetries: 1 });

    expect(result.output).toEqual({ findings: [] });
    expect(llm.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('answers a scripted 500 as a retryable server error with its message', async () => {
    llm.enqueue({ status: 500, message: 'upstream exploded' });

    const error = await rejection(review());

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(500);
    expect((error as APICallError).isRetryable).toBe(true);
    expect((error as APICallError).message).toBe('upstream exploded');
    expect((error as APICallError).responseHeaders?.['retry-after']).toBeUndefined();
  });

  it('answers 401 for a wrong or missing API key, without echoing the key', async () => {
    llm.enqueue({ json: { findings: [] } });

    const error = await rejection(review({ apiKey: 'sk-wrong-key-abcdef' }));
    const missing = await post(VALID_BODY, { auth: null });

    expect(APICallError.isInstance(error) && error.statusCode).toBe(401);
    expect((error as APICallError).isRetryable).toBe(false);
    expect((error as APICallError).message).toBe('Incorrect API key provided: sk-***cdef.');
    expect(missing.status).toBe(401);
    expect(llm.requests.map((r) => r.status)).toEqual([401, 401]);
    expect(llm.queued).toBe(1);
  });
});

describe('slow answers', () => {
  it('answers after the delay', async () => {
    llm.enqueue({ delayMs: 150, then: { json: { findings: [] } } });
    const started = Date.now();

    const result = await review();

    expect(result.output).toEqual({ findings: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('gives up quickly when the client aborts, and still closes promptly', async () => {
    llm.enqueue({ delayMs: 20_000, then: { json: { findings: [] } } });
    const started = Date.now();

    const error = await rejection(review({ abortSignal: AbortSignal.timeout(100) }));
    const aborted = Date.now() - started;
    const closing = Date.now();
    await llm.close();

    expect((error as { name?: unknown }).name).toBe('TimeoutError');
    expect(aborted).toBeLessThan(2_000);
    expect(Date.now() - closing).toBeLessThan(1_000);
    expect(only(llm.requests).status).toBeUndefined();
  });

  it('closes promptly while an answer is still delayed, failing the waiting client', async () => {
    llm.enqueue({ delayMs: 20_000, then: { json: { findings: [] } } });
    const pending = post(VALID_BODY);
    await waitFor(() => llm.requests.length === 1);
    const closing = Date.now();

    await llm.close();

    expect(Date.now() - closing).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow();
  });
});

describe('request validation', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['a body that is not JSON', '{"model": ', /could not parse the JSON body/],
    ['a missing model', { messages: VALID_BODY.messages }, /you must provide a model parameter/],
    [
      'a model that is not a string',
      { ...VALID_BODY, model: 4 },
      /'model': expected a string, but got a number/,
    ],
    ['missing messages', { model: 'm' }, /Missing required parameter: 'messages'/],
    ['empty messages', { model: 'm', messages: [] }, /'messages': empty array/],
    [
      'an unknown role',
      { model: 'm', messages: [{ role: 'bot', content: 'x' }] },
      /'messages\[0\].role': "bot"/,
    ],
    [
      'content that is not text',
      { model: 'm', messages: [{ role: 'user', content: { text: 'x' } }] },
      /'messages\[0\].content': expected a string or an array of text parts, but got a object/,
    ],
    ['max_tokens below 1', { ...VALID_BODY, max_tokens: 0 }, /Invalid 'max_tokens'/],
    [
      'json_object without the word json',
      { ...VALID_BODY, response_format: { type: 'json_object' } },
      /word 'json'/,
    ],
    [
      'a strict schema with an optional property',
      {
        ...VALID_BODY,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'review',
            strict: true,
            schema: {
              type: 'object',
              properties: { a: { type: 'string' }, b: { type: 'string' } },
              required: ['a'],
              additionalProperties: false,
            },
          },
        },
      },
      /response_format 'review': In context=\(\), 'required' .* Missing 'b'/,
    ],
    [
      'a strict schema with an open nested object',
      {
        ...VALID_BODY,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'review',
            strict: true,
            schema: {
              type: 'object',
              properties: { a: { type: 'object', properties: {}, required: [] } },
              required: ['a'],
              additionalProperties: false,
            },
          },
        },
      },
      /In context=\('properties', 'a'\), 'additionalProperties' is required/,
    ],
  ];

  it.each(cases)('answers 400 for %s and records it', async (_name, body, message) => {
    llm.enqueue({ json: { findings: [] } });

    const response = await post(body);
    const answer = (await response.json()) as { error: { message: string; type: string } };

    expect(response.status).toBe(400);
    expect(answer.error.type).toBe('invalid_request_error');
    expect(answer.error.message).toMatch(message);
    const request = only(llm.requests);
    expect(request).toMatchObject({ status: 400, error: answer.error.message });
    expect(request.body).toEqual(body);
    expect(llm.queued).toBe(1);
  });

  it('accepts developer messages and text-part arrays as the real API does', async () => {
    llm.enqueue({ text: 'ok' });

    const response = await post({
      model: 'm',
      messages: [
        { role: 'developer', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'part 1 ' },
            { type: 'text', text: 'part 2' },
          ],
        },
      ],
    });

    expect(response.status).toBe(200);
    expect(systemOf(only(llm.requests))).toBe('be brief');
    expect(userOf(only(llm.requests))).toBe('part 1 part 2');
  });

  it('answers 404 for another path or method, as an unknown URL', async () => {
    const wrongPath = await post(VALID_BODY, { path: '/v1/completions' });
    const wrongMethod = await fetch(llm.url + '/chat/completions', {
      headers: { authorization: `Bearer ${API_KEY}` },
    });

    expect(wrongPath.status).toBe(404);
    expect(((await wrongPath.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid URL (POST /v1/completions)',
    );
    expect(wrongMethod.status).toBe(404);
    expect(llm.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/v1/completions', 404],
      ['GET', '/v1/chat/completions', 404],
    ]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
