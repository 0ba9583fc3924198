import { describe, expect, it } from '@jest/globals';
import { describeLlm } from '../../src/report/llm-usage.js';
import { renderSummaryMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { LlmReport } from '../../src/report/types.js';
import { makeReport } from '../../__fixtures__/report.js';

const llm: LlmReport = {
  model: 'openai:gpt-4o-mini',
  calls: 3,
  cacheHits: 1,
  inputTokens: 4210,
  outputTokens: 380,
  costUsd: 0.00086,
  failures: 1,
  guidance: ['AGENTS.md'],
};

describe('describeLlm', () => {
  it('says what the LLM cost and where its guidance came from', () => {
    expect(describeLlm(llm)).toEqual([
      'openai:gpt-4o-mini: 3 calls, 1 failed, 1 cached answer, 4210 tokens in / 380 out, ≈ $0.0009',
      'Repository guidance (base branch): AGENTS.md',
    ]);
  });

  it('leaves out an unknown cost and says when there is no guidance', () => {
    const lines = describeLlm({ ...llm, costUsd: undefined, failures: 0, guidance: [], calls: 1 });
    expect(lines[0]).toBe('openai:gpt-4o-mini: 1 call, 1 cached answer, 4210 tokens in / 380 out');
    expect(lines[1]).toMatch(/^No repository guidance on the base branch/);
  });

  it("says whose plan ran: the LLM's with its skips, or the rules' with the reason", () => {
    const skipped = [{ task: 'refactor:prettier', reason: 'docs only' }];
    expect(describeLlm({ ...llm, planner: { source: 'llm', reason: 'used', skipped } })[2]).toBe(
      "Plan: the LLM's, skipping refactor:prettier (docs only)",
    );
    expect(
      describeLlm({ ...llm, planner: { source: 'rules', reason: 'LLM plan rejected: x', skipped: [] } })[2],
    ).toBe('Plan: rule-based (LLM plan rejected: x)');
  });
});

describe('the LLM section of the reports', () => {
  it('appears in the markdown summary and the terminal report only when an LLM was configured', () => {
    expect(renderSummaryMarkdown(makeReport())).not.toContain('#### LLM');
    const markdown = renderSummaryMarkdown(makeReport({ llm }));
    expect(markdown).toContain('#### LLM\n\n- openai:gpt-4o-mini: 3 calls');
    expect(renderTerminal(makeReport({ llm }))).toContain('LLM:\n  openai:gpt-4o-mini: 3 calls');
  });
});
