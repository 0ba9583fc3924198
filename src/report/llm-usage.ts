// What the LLM did in a run, as plain one-line sentences; the markdown and terminal renderers format them.
import { plural } from './format.js';
import type { LlmReport } from './types.js';

export function describeLlm(llm: LlmReport): string[] {
  const cost = llm.costUsd === undefined ? '' : `, ≈ $${formatUsd(llm.costUsd)}`;
  const failures = llm.failures > 0 ? `, ${llm.failures} failed` : '';
  const lines = [
    `${llm.model}: ${plural(llm.calls, 'call')}${failures}, ${plural(llm.cacheHits, 'cached answer')}, ` +
      `${llm.inputTokens} tokens in / ${llm.outputTokens} out${cost}`,
    llm.guidance.length > 0
      ? `Repository guidance (base branch): ${llm.guidance.join(', ')}`
      : 'No repository guidance on the base branch (AGENTS.md, llm.instructions)',
  ];
  if (llm.planner) {
    const { source, reason, skipped } = llm.planner;
    const skips = skipped.map((s) => `${s.task} (${s.reason})`).join('; ');
    lines.push(
      source === 'llm'
        ? `Plan: the LLM's${skips ? `, skipping ${skips}` : ''}`
        : `Plan: rule-based (${reason})`,
    );
  }
  return lines;
}

/** Cents for real money, four decimals for the fractions of a cent small reviews cost. */
function formatUsd(usd: number): string {
  return usd >= 0.01 ? usd.toFixed(2) : usd.toFixed(4);
}
