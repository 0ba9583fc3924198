// List prices of well-known models, for the cost estimate in the report. An estimate only: prices
// change, cached-prompt discounts are ignored, and `llm.price` in the config overrides the table.
import type { LlmModelId, LlmUsage } from './types.js';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Matched by model-name prefix, longest first: `gpt-4o-mini-2024-07-18` is a `gpt-4o-mini`. */
const LIST_PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = [
  ['gpt-4o-mini', { input: 0.15, output: 0.6 }],
  ['gpt-4o', { input: 2.5, output: 10 }],
  ['gpt-4.1-mini', { input: 0.4, output: 1.6 }],
  ['gpt-4.1', { input: 2, output: 8 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4 }],
  ['claude-sonnet-4', { input: 3, output: 15 }],
  ['claude-3-7-sonnet', { input: 3, output: 15 }],
  ['claude-3-5-sonnet', { input: 3, output: 15 }],
  ['claude-opus-4', { input: 15, output: 75 }],
];

const BY_LENGTH = [...LIST_PRICES].sort((a, b) => b[0].length - a[0].length);

/** The price of a model: the config's override, then the table; the mock is free; unknown → undefined. */
export function priceOf(id: LlmModelId, override?: ModelPrice): ModelPrice | undefined {
  if (override) return override;
  if (id.provider === 'mock') return { input: 0, output: 0 };
  const model = id.model.toLowerCase();
  return BY_LENGTH.find(([prefix]) => model.startsWith(prefix))?.[1];
}

export function estimateCostUsd(
  usage: Pick<LlmUsage, 'inputTokens' | 'outputTokens'>,
  price: ModelPrice,
): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
