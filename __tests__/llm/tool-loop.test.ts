// The tool loop end to end below the reviewer: the real AI SDK providers (openai-compatible, anthropic)
// against the loopback fakes, the review tools over a real checkout and a real PolicyEngine. Asserted
// on the request bodies the servers received and on what the client returns and traces.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createReviewToolbox } from '../../src/agents/review-toolbox.js';
import { createMemoryCache } from '../../src/llm/cache.js';
import { createLlmClient } from '../../src/llm/client.js';
import { createLanguageModel } from '../../src/llm/provider.js';
import type { LlmProviderName, LlmRequest, LlmToolUse } from '../../src/llm/types.js';
import { PolicyEngine } from '../../src/policy/engine.js';
import { configSchema, type ConfigInput } from '../../src/policy/schema.js';
import type { ReviewToolBounds } from '../../src/plan/types.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import {
  startFakeAnthropic,
  toolResultsOf,
  type FakeAnthropic,
} from '../../__fixtures__/fake-llm/anthropic.mjs';
import {
  startFakeLlm,
  type ChatRequestBody,
  type FakeLlm,
  type RecordedRequest,
} from '../../__fixtures__/fake-llm/server.mjs';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import { PLANTED_KEY, setupTools, type ToolsSetup } from './tools/tools-fixtures.js';
import { answerSchema, type Answer } from './llm-fixtures.js';

const BOUNDS: ReviewToolBounds = {
  maxTurns: 8,
  maxToolCalls: 24,
  maxResultBytes: 16 * 1024,
  maxBytes: 256 * 1024,
};

let setup: ToolsSetup;
let openai: FakeLlm;
let anthropic: FakeAnthropic;
beforeAll(async () => {
  setup = setupTools();
  [openai, anthropic] = await Promise.all([startFakeLlm(), startFakeAnthropic({ apiKey: 'ak-test-key' })]);
});
afterEach(() => {
  openai.setResponder(undefined);
  anthropic.setResponder(undefined);
  openai.requests.length = 0;
  anthropic.requests.length = 0;
});
afterAll(async () => {
  setup.repo.remove();
  await Promise.all([openai.close(), anthropic.close()]);
});

function reviewSetup(
  provider: LlmProviderName,
  options: { config?: ConfigInput; bounds?: Partial<ReviewToolBounds> } = {},
) {
  const policy = new PolicyEngine({
    config: configSchema.parse(
      options.config ?? { policy: { 'protected-paths': ['.github/workflows/**', 'vendor/private/**'] } },
    ),
    context: makeContext(addedFileDiff('src/a.ts', ['one'])),
  });
  const span = createRecordingSpan();
  const settings =
    provider === 'anthropic'
      ? { provider, model: 'claude-sonnet-4-5', baseUrl: anthropic.url, apiKey: 'ak-test-key' }
      : { provider, model: 'fake-model', baseUrl: openai.url };
  const client = createLlmClient({
    id: { provider, model: settings.model, baseUrl: settings.baseUrl },
    model: () => createLanguageModel(settings),
    cache: createMemoryCache(),
    timeoutMs: 5000,
    maxRetries: 0,
    redact: (text) => text,
  });
  const decide = (request: Parameters<PolicyEngine['decide']>[0]) => policy.decide(request);
  const toolbox = createReviewToolbox({
    checkout: setup.repo.dir,
    context: makeContext(addedFileDiff('src/a.ts', ['one'])),
    bounds: { ...BOUNDS, ...options.bounds },
    decide,
    redact: (text) => client.redact(text),
  });
  const context = { decide, span, signal: new AbortController().signal };
  const tools: LlmToolUse = toolbox.forBatch(Date.now() + 60_000);
  const ask = (overrides: Partial<LlmRequest<Answer>> = {}) =>
    client.generate(
      {
        purpose: 'review',
        system: 'You review code. Answer in JSON.',
        prompt: 'Review this diff.',
        schema: answerSchema,
        maxOutputTokens: 500,
        tools,
        ...overrides,
      },
      context,
    );
  return { client, policy, span, ask };
}

const bodyOf = (request: RecordedRequest) => request.body as ChatRequestBody;
const toolMessages = (request: RecordedRequest) => bodyOf(request).messages.filter((m) => m.role === 'tool');
const answer = { json: { verdict: 'needs b.ts', count: 1 } };

describe('the tool loop with an OpenAI-compatible provider', () => {
  it('runs the tools the model asks for and sends their results back, fenced, before the answer', async () => {
    openai.enqueue({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/b.ts' } }] }, answer);
    const { ask, span } = reviewSetup('openai-compatible');

    const result = await ask();

    expect(result).toMatchObject({ status: 'ok', value: { verdict: 'needs b.ts', count: 1 } });
    expect(result.status === 'ok' && result.loop).toEqual({
      turns: 2,
      calls: [
        expect.objectContaining({ tool: 'read_file', args: '{"path":"src/b.ts"}', outcome: 'ok', bytes: 27 }),
      ],
    });
    expect(openai.requests).toHaveLength(2);
    const [first, second] = openai.requests.map(bodyOf);
    expect(first?.tools?.map((t) => t.function.name)).toEqual(['read_file', 'search', 'list_files']);
    expect(first?.tools?.[0]?.function.parameters).toMatchObject({
      type: 'object',
      required: ['path'],
      additionalProperties: false,
    });
    expect(first?.tool_choice).toBe('auto');
    const calls = second?.messages.find((m) => m.role === 'assistant')?.tool_calls;
    const [result1] = toolMessages(openai.requests[1]!);
    expect(result1?.tool_call_id).toBe(calls?.[0]?.id);
    expect(result1?.content).toMatch(/^<<<DATA read_file-result [0-9a-f]{16}\n1: export const findme = 1;\n/);
    expect(span.events.filter((e) => e.kind === 'tool-call')).toEqual([
      expect.objectContaining({
        name: 'read_file',
        attrs: expect.objectContaining({ outcome: 'ok', turn: 1 }),
      }),
    ]);
  });

  it('denies reads outside the checkout, through a symlink out, of .env and of protected paths, and goes on', async () => {
    const reads = ['../../etc/passwd', '/etc/passwd', 'passwd-link', '.env', 'vendor/private/notes.txt'];
    openai.enqueue(
      { toolCalls: reads.map((path) => ({ name: 'read_file', arguments: { path } })) },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts' } }] },
      answer,
    );
    const { ask } = reviewSetup('openai-compatible');

    const result = await ask();

    expect(result.status).toBe('ok');
    const loop = result.status === 'ok' ? result.loop : undefined;
    expect(loop?.calls.map((c) => [c.outcome, c.rule])).toEqual([
      ['denied', 'read.path'],
      ['denied', 'read.path'],
      ['denied', 'read.outside-checkout'],
      ['denied', 'read.secret-path'],
      ['denied', 'protected-paths'],
      ['ok', undefined],
    ]);
    const denials = toolMessages(openai.requests[1]!).map((m) => String(m.content));
    expect(denials).toHaveLength(5);
    for (const text of denials) expect(text).not.toMatch(/root:|TOKEN=|privately/);
    expect(toolMessages(openai.requests[2]!).at(-1)?.content).toContain('1: one');
  });

  it('stops a model that never stops calling tools at the turn limit, and asks once for the answer without tools', async () => {
    openai.setResponder((request) =>
      request.body.tool_choice === 'none' ? answer : { toolCalls: [{ name: 'list_files', arguments: {} }] },
    );
    const { ask } = reviewSetup('openai-compatible', { bounds: { maxTurns: 3 } });

    const result = await ask();

    expect(result).toMatchObject({ status: 'ok', loop: { turns: 4, stoppedBy: 'turns' } });
    expect(openai.requests.map((r) => bodyOf(r).tool_choice)).toEqual(['auto', 'auto', 'auto', 'none']);
    const last = bodyOf(openai.requests[3]!).messages.at(-1);
    expect(last).toMatchObject({ role: 'user' });
    expect(String(last?.content)).toContain('No more tools: the turn limit is reached');
  });

  it('stops at the tool-call limit: calls past it are not run, and the next turn asks for the answer', async () => {
    openai.setResponder((request) =>
      request.body.tool_choice === 'none'
        ? answer
        : { toolCalls: [1, 2, 3].map(() => ({ name: 'list_files', arguments: { path: 'src' } })) },
    );
    const { ask } = reviewSetup('openai-compatible', { bounds: { maxToolCalls: 4 } });

    const result = await ask();

    const loop = result.status === 'ok' ? result.loop : undefined;
    expect(loop).toMatchObject({ turns: 3, stoppedBy: 'tool-calls' });
    expect(loop?.calls.map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'error', 'error']);
    expect(toolMessages(openai.requests[2]!).at(-1)?.content).toBe(
      'not run: the tool-call limit (4) is reached',
    );
  });

  it('fails a model that keeps calling tools after it was asked for its answer, with the loop reported', async () => {
    openai.setResponder(() => ({ toolCalls: [{ name: 'list_files', arguments: {} }] }));
    const { ask } = reviewSetup('openai-compatible', { bounds: { maxTurns: 1 } });

    const result = await ask();

    expect(result).toMatchObject({
      status: 'failed',
      malformed: true,
      reason: 'the model kept calling tools after it was asked for its final answer',
      loop: { turns: 2, stoppedBy: 'turns' },
    });
  });

  it('answers malformed JSON arguments with an error the model reads, and goes on', async () => {
    openai.enqueue({ toolCalls: [{ name: 'read_file', arguments: '{"path": "src/b.ts"' }] }, answer);
    const { ask } = reviewSetup('openai-compatible');

    const result = await ask();

    expect(result).toMatchObject({ status: 'ok', loop: { turns: 2 } });
    expect(result.status === 'ok' && result.loop?.calls[0]).toMatchObject({ outcome: 'error', bytes: 0 });
    expect(toolMessages(openai.requests[1]!)[0]?.content).toMatch(
      /^read_file: the arguments are not valid JSON: /,
    );
  });

  it('reports garbage after tools as a malformed answer, with the loop', async () => {
    openai.enqueue(
      { toolCalls: [{ name: 'search', arguments: { pattern: 'findme' } }] },
      { text: 'sure, looks fine!' },
    );
    const { ask } = reviewSetup('openai-compatible');

    const result = await ask();

    expect(result).toMatchObject({ status: 'failed', malformed: true, loop: { turns: 2 } });
    expect(result.status === 'failed' && result.reason).toMatch(/not valid JSON/);
  });

  it('never sends a secret from a file the model reads: the result is redacted before it leaves', async () => {
    openai.enqueue(
      {
        toolCalls: [
          { name: 'read_file', arguments: { path: 'src/keys.ts' } },
          { name: 'search', arguments: { pattern: 'AKIA' } },
        ],
      },
      answer,
    );
    const { ask } = reviewSetup('openai-compatible');

    await ask();

    const sent = JSON.stringify(openai.requests.map((r) => r.body));
    expect(sent).not.toContain(PLANTED_KEY);
    expect(toolMessages(openai.requests[1]!)[0]?.content).toContain("1: export const key = '[REDACTED]';");
  });

  it('checks the token budget before each turn: a refused turn ends the loop with the reason', async () => {
    openai.setResponder(() => ({
      toolCalls: [{ name: 'read_file', arguments: { path: 'src/c.ts' } }],
      usage: { prompt: 2000, completion: 10 },
    }));
    // The first turn fits; after it, what was charged leaves no room for another.
    const { ask, policy } = reviewSetup('openai-compatible', {
      config: { policy: { budgets: { 'llm-tokens': 2600 } } },
    });

    const result = await ask();

    expect(result).toMatchObject({ status: 'refused', rule: 'budgets.llm-tokens', loop: { turns: 2 } });
    expect(result.status === 'refused' && result.reason).toMatch(/llm-tokens budget exhausted/);
    expect(openai.requests).toHaveLength(1);
    const used = policy.budgets().find((b) => b.name === 'llm-tokens')?.used ?? 0;
    expect(used).toBeGreaterThan(0);
  });

  it('caps each result at max-tool-result-bytes, with a note saying where to go on', async () => {
    openai.enqueue({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/c.ts' } }] }, answer);
    const { ask } = reviewSetup('openai-compatible', { bounds: { maxResultBytes: 16 } });

    await ask();

    const [result] = toolMessages(openai.requests[1]!);
    expect(result?.content).toMatch(
      /^<<<DATA read_file-result [0-9a-f]{16}\n1: call foo\(1\);\n… \(cut at 16 bytes; ask for start_line 2\)\nDATA/,
    );
  });

  it('answers the same request with the same tools from the cache, without a request', async () => {
    openai.enqueue({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/b.ts' } }] }, answer);
    const { ask } = reviewSetup('openai-compatible');

    await ask();
    const again = await ask();

    expect(again).toMatchObject({ status: 'ok', cached: true, value: answer.json });
    expect(openai.requests).toHaveLength(2);
  });
});

describe('the tool loop with Anthropic', () => {
  it('sends tool_result blocks answering the tool_use ids, and takes the answer after them', async () => {
    anthropic.enqueue(
      {
        toolCalls: [
          { name: 'read_file', arguments: { path: 'src/b.ts' } },
          { name: 'read_file', arguments: { path: '.env' } },
        ],
      },
      answer,
    );
    const { ask } = reviewSetup('anthropic');

    const result = await ask();

    expect(anthropic.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(result).toMatchObject({ status: 'ok', value: answer.json, loop: { turns: 2 } });
    const results = toolResultsOf(anthropic.requests[1]!);
    expect(results.map((r) => r.tool_use_id)).toEqual(['toolu_fake1_1', 'toolu_fake1_2']);
    expect(JSON.stringify(results[0]?.content)).toContain('1: export const findme = 1;');
    expect(results[1]).toMatchObject({ is_error: true });
    expect(JSON.stringify(results[1]?.content)).toContain('looks like a secret');
  });

  it('asks for the final answer with tool_choice none once the turns are spent', async () => {
    anthropic.setResponder((request) => {
      const choice = (request.body as { tool_choice?: { type: string } }).tool_choice;
      return choice?.type === 'none' ? answer : { toolCalls: [{ name: 'list_files', arguments: {} }] };
    });
    const { ask } = reviewSetup('anthropic', { bounds: { maxTurns: 2 } });

    const result = await ask();

    expect(result).toMatchObject({ status: 'ok', loop: { turns: 3, stoppedBy: 'turns' } });
    expect(anthropic.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
