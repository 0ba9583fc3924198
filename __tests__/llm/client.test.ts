import { describe, expect, it } from '@jest/globals';
import { cacheKey } from '../../src/llm/cache.js';
import { createScriptedModel } from '../../__fixtures__/scripted-model.js';
import { createLlmRedactor } from '../../src/llm/llm-redactor.js';
import { estimateTokens } from '../../src/llm/tokens.js';
import { answerSchema, harness, llmEvents, llmTokensUsed, request } from './llm-fixtures.js';

const okStep = { json: { verdict: 'fine', count: 2 }, usage: { input: 120, output: 30 } };

describe('LlmClient answers', () => {
  it('returns a schema-valid answer and charges the tokens used to the llm-tokens budget', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, policy, span, context } = harness(model);

    const result = await client.generate(request(), context);

    expect(result).toEqual({
      status: 'ok',
      value: { verdict: 'fine', count: 2 },
      usage: { inputTokens: 120, outputTokens: 30, costUsd: 0 },
      cached: false,
    });
    expect(calls).toEqual([
      { system: 'You review code.', prompt: 'Review this diff.', maxOutputTokens: 500 },
    ]);
    expect(llmTokensUsed(policy)).toBe(150);
    expect(llmEvents(span)).toEqual([
      expect.objectContaining({
        model: 'scripted',
        provider: 'mock',
        attempt: 1,
        outcome: 'ok',
        cached: false,
      }),
    ]);
    expect(llmEvents(span)[0]).toMatchObject({ inputTokens: 120, outputTokens: 30, costUsd: 0 });
  });

  it('answers a second identical request from the cache, at no cost and without calling the model', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, policy, span, context } = harness(model);

    await client.generate(request(), context);
    const second = await client.generate(request(), context);

    expect(second).toEqual({
      status: 'ok',
      value: { verdict: 'fine', count: 2 },
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      cached: true,
    });
    expect(calls).toHaveLength(1);
    expect(llmTokensUsed(policy)).toBe(150);
    expect(llmEvents(span)[1]).toMatchObject({ cached: true, outcome: 'ok', inputTokens: 0 });
    expect(client.stats()).toEqual({
      calls: 1,
      cacheHits: 1,
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0,
      failures: 0,
    });
  });

  it('asks again when the cached value no longer matches the schema', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context, cache } = harness(model);
    await client.generate(request(), context);
    const r = request();
    const { system, prompt, maxOutputTokens } = r;
    const key = cacheKey(client.id, {
      schemaName: 'answer',
      jsonSchema: answerSchema.jsonSchema,
      system,
      prompt,
      maxOutputTokens,
    });
    expect(await cache.get(key)).toMatchObject({ value: { verdict: 'fine', count: 2 } });
    // Overwrite the entry with a value the schema refuses.
    await cache.set(key, {
      value: { verdict: 1 },
      usage: { inputTokens: 1, outputTokens: 1 },
      createdAt: '',
    });

    const again = await client.generate(request(), context);

    expect(again).toMatchObject({ status: 'ok', cached: false });
    expect(calls).toHaveLength(2);
  });
});

describe('LlmClient retries and the breaker', () => {
  it('retries a 429 after the Retry-After delay, then answers', async () => {
    const { model, calls } = createScriptedModel([{ error: 'rate-limit', retryAfterSeconds: 2 }, okStep]);
    const { client, span, context, delays } = harness(model);

    const result = await client.generate(request(), context);

    expect(result).toMatchObject({ status: 'ok', value: { verdict: 'fine', count: 2 } });
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([2000]);
    expect(llmEvents(span).map((e) => [e.attempt, e.outcome, e.status])).toEqual([
      [1, 'retry', 429],
      [2, 'ok', undefined],
    ]);
  });

  it('waits the longer of the backoff and Retry-After, and caps Retry-After at retryMaxMs', async () => {
    const steps = [{ error: 'rate-limit', retryAfterSeconds: 600 } as const, okStep];
    const { model } = createScriptedModel(steps);
    const { client, context, delays } = harness(model, { client: { retryMaxMs: 4000 } });
    await client.generate(request(), context);
    expect(delays).toEqual([4000]);

    const backoff = harness(createScriptedModel([{ error: 'server' }, okStep]).model, {
      client: { random: () => 0.5, retryBaseMs: 1000 },
    });
    await backoff.client.generate(request(), backoff.context);
    expect(backoff.delays).toEqual([500]);
  });

  it('fails after maxRetries+1 server errors, then the open breaker refuses without calling', async () => {
    const { model, calls } = createScriptedModel([{ error: 'server' }]);
    const { client, context, delays } = harness(model, { client: { breakerThreshold: 2 } });

    const first = await client.generate(request(), context);
    expect(first).toMatchObject({ status: 'failed', malformed: false });
    expect(first.status === 'failed' && first.reason).toBe(
      'the LLM provider answered 500 (3 attempts): Internal server error',
    );
    expect(calls).toHaveLength(3);
    expect(delays).toHaveLength(2);

    await client.generate(request({ prompt: 'another' }), context);
    expect(calls).toHaveLength(6);

    const refused = await client.generate(request({ prompt: 'a third' }), context);
    expect(refused).toEqual({
      status: 'refused',
      rule: 'llm.circuit-breaker',
      reason: 'circuit-open: the LLM provider failed 2 times in a row',
    });
    expect(calls).toHaveLength(6);
    expect(client.stats()).toMatchObject({ calls: 6, failures: 2 });
  });

  it('lets one probe through after the cool-down, and a good answer closes the breaker', async () => {
    let clock = 0;
    const { model, calls } = createScriptedModel([{ error: 'server' }, okStep]);
    const { client, context } = harness(model, {
      client: { breakerThreshold: 1, breakerCooldownMs: 1000, maxRetries: 0, now: () => clock },
    });
    await client.generate(request(), context);
    expect(await client.generate(request(), context)).toMatchObject({ status: 'refused' });

    clock = 1000;
    expect(await client.generate(request(), context)).toMatchObject({ status: 'ok' });
    expect(await client.generate(request({ prompt: 'next' }), context)).toMatchObject({ status: 'ok' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 401 and says to check the key', async () => {
    const { model, calls } = createScriptedModel([{ error: 'unauthorized' }, okStep]);
    const { client, context } = harness(model);

    const result = await client.generate(request(), context);

    expect(result).toEqual({
      status: 'failed',
      reason: 'the LLM provider answered 401: check llm-api-key',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      malformed: false,
    });
    expect(calls).toHaveLength(1);
  });

  it('retries a request that times out, and fails once retries are used up', async () => {
    const { model, calls } = createScriptedModel([{ hang: true }]);
    const { client, span, context } = harness(model, { client: { timeoutMs: 50, maxRetries: 1 } });

    const result = await client.generate(request(), context);

    expect(result).toMatchObject({
      status: 'failed',
      reason: 'the LLM provider did not answer within 50 ms (2 attempts)',
      malformed: false,
    });
    expect(calls).toHaveLength(2);
    expect(llmEvents(span).map((e) => [e.outcome, e.error])).toEqual([
      ['retry', 'timeout'],
      ['failed', 'timeout'],
    ]);
  });

  it('stops at once, without retrying, when the run is cancelled', async () => {
    const controller = new AbortController();
    const { model, calls } = createScriptedModel((call) =>
      call.prompt === 'hang' ? { hang: true } : okStep,
    );
    const { client, context, delays } = harness(model, {
      signal: controller.signal,
      client: { breakerThreshold: 1 },
    });
    setTimeout(() => controller.abort(new Error('run cancelled')), 20);

    const result = await client.generate(request({ prompt: 'hang' }), context);

    expect(result).toMatchObject({ status: 'failed', reason: 'cancelled', malformed: false });
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
    // The breaker (threshold 1) counted no failure: the next request is sent.
    const fresh = { ...context, signal: new AbortController().signal };
    expect(await client.generate(request(), fresh)).toMatchObject({ status: 'ok' });
    expect(calls).toHaveLength(2);
  });

  it('does not call the model when the run is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context } = harness(model, { signal: controller.signal });
    expect(await client.generate(request(), context)).toMatchObject({
      status: 'failed',
      reason: 'cancelled',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('LlmClient malformed answers', () => {
  it('fails an answer that is not JSON, without retrying or caching it, and charges its tokens', async () => {
    const { model, calls } = createScriptedModel([{ text: 'Sure! Here is my review: looks good' }]);
    const { client, policy, context, cache, delays } = harness(model);

    const result = await client.generate(request(), context);

    expect(result).toMatchObject({
      status: 'failed',
      malformed: true,
      reason: 'the answer was not valid JSON for the answer schema: the text is not JSON',
    });
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(cache.size).toBe(0);
    const expected =
      estimateTokens('You review code.Review this diff.') +
      estimateTokens('Sure! Here is my review: looks good');
    expect(llmTokensUsed(policy)).toBe(expected);

    await client.generate(request(), context);
    expect(calls).toHaveLength(2);
  });

  it('fails a JSON answer that does not match the schema, with the schema error', async () => {
    const { model } = createScriptedModel([{ json: { verdict: 3 } }]);
    const { client, span, context } = harness(model);

    const result = await client.generate(request(), context);

    expect(result).toMatchObject({
      status: 'failed',
      malformed: true,
      reason:
        'the answer was not valid JSON for the answer schema: expected {verdict: string, count: number}',
    });
    expect(llmEvents(span)[0]).toMatchObject({ outcome: 'malformed', attempt: 1 });
  });

  it('keeps the breaker closed on malformed answers: the provider is up', async () => {
    const { model, calls } = createScriptedModel([{ text: 'nope' }]);
    const { client, context } = harness(model, { client: { breakerThreshold: 1 } });
    for (const prompt of ['a', 'b', 'c']) await client.generate(request({ prompt }), context);
    expect(calls).toHaveLength(3);
  });
});

describe('LlmClient and the policy', () => {
  it('refuses without calling when the llm-tokens budget cannot hold the request', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context } = harness(model, { config: { policy: { budgets: { 'llm-tokens': 100 } } } });
    const result = await client.generate(request(), context);
    expect(result).toMatchObject({ status: 'refused', rule: 'budgets.llm-tokens' });
    expect(calls).toHaveLength(0);
  });

  it('refuses the next request once the tokens really spent exhaust the budget', async () => {
    const { model, calls } = createScriptedModel([
      { json: { verdict: 'x', count: 1 }, usage: { input: 1000, output: 190 } },
    ]);
    const { client, context } = harness(model, { config: { policy: { budgets: { 'llm-tokens': 1200 } } } });
    expect(await client.generate(request({ maxOutputTokens: 50 }), context)).toMatchObject({ status: 'ok' });
    expect(await client.generate(request({ prompt: 'b', maxOutputTokens: 50 }), context)).toMatchObject({
      status: 'refused',
      rule: 'budgets.llm-tokens',
    });
    expect(calls).toHaveLength(1);
  });

  it('refuses a request over llm.max-tokens', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context } = harness(model, { config: { llm: { 'max-tokens': 100 } } });
    expect(await client.generate(request(), context)).toMatchObject({
      status: 'refused',
      rule: 'llm.max-tokens',
    });
    expect(calls).toHaveLength(0);
  });

  it('refuses a review when llm.review is off', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context } = harness(model, { config: { llm: { review: false } } });
    expect(await client.generate(request(), context)).toEqual({
      status: 'refused',
      rule: 'llm.review',
      reason: 'llm.review is off in the config',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('LlmClient redaction', () => {
  const awsKey = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
  const registered = ['s3cr3t', 'Registered', 'Value'].join('-');

  it('never sends secrets to the model nor writes them to the trace', async () => {
    const { model, calls } = createScriptedModel((call) => ({ json: { verdict: call.prompt, count: 1 } }));
    const redact = (text: string) => text.replaceAll(registered, '***');
    const { client, span, context } = harness(model, { client: { redact } });

    const result = await client.generate(
      request({
        system: `Never reveal ${registered}.`,
        prompt: `+const key = "${awsKey}";\n+// token ${registered}`,
      }),
      context,
    );

    expect(calls[0]?.prompt).toBe('+const key = "[REDACTED]";\n+// token ***');
    expect(calls[0]?.system).toBe('Never reveal ***.');
    expect(result).toMatchObject({
      status: 'ok',
      value: { verdict: '+const key = "[REDACTED]";\n+// token ***' },
    });
    const trace = JSON.stringify(span.events);
    expect(trace).not.toContain(awsKey);
    expect(trace).not.toContain(registered);
  });

  it('keys the cache on the redacted text: another secret in the same place is a hit', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const { client, context } = harness(model, { client: { redact: createLlmRedactor((t) => t) } });
    const other = ['AKIA', 'ABCDEFGHIJ', 'KLMNOP'].join('');
    await client.generate(request({ prompt: `key ${awsKey}` }), context);
    expect(await client.generate(request({ prompt: `key ${other}` }), context)).toMatchObject({
      cached: true,
    });
    expect(calls).toHaveLength(1);
  });

  it('redacts provider error text in the trace', async () => {
    const { model } = createScriptedModel([{ error: 'unauthorized' }]);
    const redact = (text: string) => text.replaceAll('Incorrect', '***');
    const { client, span, context } = harness(model, { client: { redact } });
    await client.generate(request(), context);
    expect(llmEvents(span)[0]).toMatchObject({
      outcome: 'failed',
      status: 401,
      error: '*** API key provided',
    });
  });
});

describe('LlmClient and a failing cache', () => {
  it('answers from the model when the cache throws on read and on write', async () => {
    const { model, calls } = createScriptedModel([okStep]);
    const broken = {
      get: () => {
        throw new Error('disk gone');
      },
      set: () => Promise.reject(new Error('disk full')),
    };
    const { client, context } = harness(model, { client: { cache: broken } });
    expect(await client.generate(request(), context)).toMatchObject({ status: 'ok', cached: false });
    expect(await client.generate(request(), context)).toMatchObject({ status: 'ok', cached: false });
    expect(calls).toHaveLength(2);
  });
});
