import { describe, expect, it } from '@jest/globals';
import { estimateCostUsd, priceOf } from '../../src/llm/cost.js';

describe('priceOf', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', { input: 0.15, output: 0.6 }],
    ['gpt-4o-2024-08-06', { input: 2.5, output: 10 }],
    ['gpt-4.1-mini', { input: 0.4, output: 1.6 }],
    ['gpt-4.1', { input: 2, output: 8 }],
    ['claude-3-5-haiku-latest', { input: 0.8, output: 4 }],
    ['claude-sonnet-4-20250514', { input: 3, output: 15 }],
    ['claude-3-7-sonnet-latest', { input: 3, output: 15 }],
    ['claude-opus-4-1', { input: 15, output: 75 }],
  ])('knows %s (longest prefix wins)', (model, price) => {
    expect(priceOf({ provider: 'openai', model })).toEqual(price);
  });

  it('is undefined for an unknown model, free for the mock, and the config override wins', () => {
    expect(priceOf({ provider: 'openai-compatible', model: 'llama3.1:8b' })).toBeUndefined();
    expect(priceOf({ provider: 'mock', model: 'gpt-4o' })).toEqual({ input: 0, output: 0 });
    const override = { input: 1, output: 2 };
    expect(priceOf({ provider: 'openai', model: 'gpt-4o' }, override)).toEqual(override);
    expect(priceOf({ provider: 'mock', model: 'x' }, override)).toEqual(override);
  });
});

describe('estimateCostUsd', () => {
  it('prices input and output tokens per million', () => {
    expect(
      estimateCostUsd({ inputTokens: 1_000_000, outputTokens: 500_000 }, { input: 2.5, output: 10 }),
    ).toBe(7.5);
    expect(estimateCostUsd({ inputTokens: 2000, outputTokens: 0 }, { input: 0.15, output: 0.6 })).toBeCloseTo(
      0.0003,
      10,
    );
  });
});
