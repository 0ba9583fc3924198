import { describe, expect, it } from '@jest/globals';
import { estimateTokens } from '../../src/llm/tokens.js';

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['abcd', 1],
    ['abcde', 2],
    ['é', 1],
    ['€€€€', 3],
    ['x'.repeat(4000), 1000],
  ])('estimates %j as %i tokens (UTF-8 bytes / 4, rounded up)', (text, tokens) => {
    expect(estimateTokens(text)).toBe(tokens);
  });
});
