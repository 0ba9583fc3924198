import { describe, expect, it } from '@jest/globals';
import { APICallError } from '@ai-sdk/provider';
import { createScriptedModel } from '../../__fixtures__/scripted-model.js';

const options = (text: string) => ({
  prompt: [
    { role: 'system' as const, content: 'sys' },
    { role: 'user' as const, content: [{ type: 'text' as const, text }] },
  ],
  maxOutputTokens: 10,
});

describe('createScriptedModel', () => {
  it('plays the steps in order, then repeats the last one, and records each call', async () => {
    const { model, calls } = createScriptedModel([{ json: { n: 1 } }, { text: 'raw' }]);
    const texts: unknown[] = [];
    for (const prompt of ['a', 'b', 'c']) {
      const result = await model.doGenerate(options(prompt));
      texts.push(result.content[0]?.type === 'text' ? result.content[0].text : undefined);
    }
    expect(texts).toEqual(['{"n":1}', 'raw', 'raw']);
    expect(calls).toEqual([
      { system: 'sys', prompt: 'a', maxOutputTokens: 10 },
      { system: 'sys', prompt: 'b', maxOutputTokens: 10 },
      { system: 'sys', prompt: 'c', maxOutputTokens: 10 },
    ]);
  });

  it('reports scripted usage, or the token estimate of what was sent and answered', async () => {
    const { model } = createScriptedModel((call) =>
      call.prompt === 'given' ? { json: 1, usage: { input: 7, output: 3 } } : { text: 'abcdefgh' },
    );
    expect((await model.doGenerate(options('given'))).usage.inputTokens.total).toBe(7);
    const estimated = await model.doGenerate(options('12345678'));
    expect([estimated.usage.inputTokens.total, estimated.usage.outputTokens.total]).toEqual([3, 2]);
  });

  it('throws API errors with status, retryability and Retry-After', async () => {
    const { model } = createScriptedModel([{ error: 'rate-limit', retryAfterSeconds: 3 }]);
    const error: unknown = await model.doGenerate(options('x')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      statusCode: 429,
      isRetryable: true,
      responseHeaders: { 'retry-after': '3' },
    });
  });

  it('hangs until aborted, then rejects with the abort reason', async () => {
    const { model } = createScriptedModel([{ hang: true }]);
    const controller = new AbortController();
    const pending = model.doGenerate({ ...options('x'), abortSignal: controller.signal });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
