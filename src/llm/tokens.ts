// Token counts before a call, for budgeting only: no tokenizer is loaded, and the provider's own
// count (its reported usage) is what is charged afterwards.

/**
 * An estimate of the tokens in `text`: about 4 UTF-8 bytes per token for English and code, rounded
 * up. It errs high on non-Latin text (more bytes per character), which is the safe side for a budget.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}
