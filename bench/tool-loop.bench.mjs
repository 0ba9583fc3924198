// Benchmark (issue 23): the LLM reviewer's tool loop, our side only. The demo PR's head is built as a
// git checkout (examples/demo base + change); an in-process model answers at once, so what is timed is
// ours: the AI SDK turn, the policy decision, the tool itself (read_file, search, list_files over the
// checkout), redaction, fencing and tracing. Each round runs one review request that makes CALLS tool
// calls (one per turn) and one that makes none; the figure is the difference per tool call, in ms.
// Target: ≤ 5 ms per call.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CALLS = 12;
// What the model reads: files of the demo and searches over it, in turn.
const SCRIPT = [
  { name: 'read_file', input: { path: 'src/cart.js' } },
  { name: 'search', input: { pattern: 'function' } },
  { name: 'list_files', input: { path: 'src' } },
  { name: 'read_file', input: { path: 'README.md', start_line: 1, end_line: 20 } },
];
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@test.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export default {
  name: 'LLM tool loop: our time per tool call on the demo PR (model answers at once)',
  target: 5,
  unit: 'ms',
  rounds: { warmup: 3, measured: 15 },
  quickRounds: { warmup: 1, measured: 3 },

  async setup({ buildDir }) {
    const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
    const [{ createLlmClient }, { createReviewToolbox }, { PolicyEngine }, { configSchema }] =
      await Promise.all([
        load('llm/client.js'),
        load('agents/review-toolbox.js'),
        load('policy/engine.js'),
        load('policy/schema.js'),
      ]);
    const checkout = mkdtempSync(join(tmpdir(), 'kilo-bench-tools-'));
    process.once('exit', () => rmSync(checkout, { recursive: true, force: true }));
    cpSync(join(ROOT, 'examples/demo/base'), checkout, { recursive: true });
    cpSync(join(ROOT, 'examples/demo/change'), checkout, { recursive: true });
    const git = (...args) => execFileSync('git', args, { cwd: checkout, env: GIT_ENV });
    git('init', '--quiet');
    git('add', '-A');
    git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'head');
    const config = configSchema.parse({});
    const events = [];
    const span = { spanId: 'bench', event: (kind, name, attrs) => events.push({ kind, name, attrs }) };
    return { createLlmClient, createReviewToolbox, PolicyEngine, config, checkout, span, events, note: '' };
  },

  async run(state) {
    const withTools = await timeReview(state, CALLS);
    const without = await timeReview(state, 0);
    const perCall = (withTools - without) / CALLS;
    state.samples = [...(state.samples ?? []), { withTools, without }];
    const ms = (key) => median(state.samples.map((s) => s[key])).toFixed(1);
    state.note =
      `median review request with ${CALLS} tool calls ${ms('withTools')} ms, without tools ${ms('without')} ms; ` +
      `tools: ${SCRIPT.map((s) => s.name).join(', ')} over the demo head (${state.events.length} trace events in all)`;
    return { ours: Math.max(0, perCall) };
  },
};

/** One review request whose model asks for `calls` tool calls, one per turn, then answers. */
async function timeReview(state, calls) {
  const policy = new state.PolicyEngine({ config: state.config, context: demoContext() });
  const decide = (request) => policy.decide(request);
  const client = state.createLlmClient({
    id: { provider: 'mock', model: 'bench' },
    model: instantModel(calls),
    timeoutMs: 10_000,
    maxRetries: 0,
    redact: (text) => text,
  });
  const toolbox = state.createReviewToolbox({
    checkout: state.checkout,
    context: demoContext(),
    bounds: {
      maxTurns: calls + 1,
      maxToolCalls: calls + 1,
      maxResultBytes: 16 * 1024,
      maxBytes: 1024 * 1024,
    },
    decide,
    redact: (text) => client.redact(text),
  });
  const request = {
    purpose: 'review',
    system: 'You review code.',
    prompt: 'The hunks to review: …',
    schema: { name: 'answer', jsonSchema: ANSWER_SCHEMA, parse: (value) => ({ ok: true, value }) },
    maxOutputTokens: 500,
    ...(calls > 0 ? { tools: toolbox.forBatch(Date.now() + 60_000) } : {}),
  };
  const start = performance.now();
  const result = await client.generate(request, {
    decide,
    span: state.span,
    signal: new globalThis.AbortController().signal,
  });
  const ms = performance.now() - start;
  if (result.status !== 'ok') throw new Error(`the bench review failed: ${result.reason}`);
  if ((result.loop?.calls.length ?? 0) !== calls)
    throw new Error(`expected ${calls} tool calls, got ${result.loop?.calls.length ?? 0}`);
  const failed = result.loop?.calls.filter((call) => call.outcome !== 'ok') ?? [];
  if (failed.length > 0) throw new Error(`tool calls failed: ${JSON.stringify(failed)}`);
  return ms;
}

const ANSWER_SCHEMA = {
  type: 'object',
  properties: { findings: { type: 'array', items: { type: 'string' } } },
  required: ['findings'],
  additionalProperties: false,
};

/** A LanguageModelV3 that calls one tool per turn from SCRIPT until `calls` are made, then answers. */
function instantModel(calls) {
  let made = 0;
  const usage = {
    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 5, text: 5, reasoning: 0 },
  };
  return {
    specificationVersion: 'v3',
    provider: 'mock',
    modelId: 'bench',
    supportedUrls: {},
    async doGenerate() {
      if (made < calls) {
        const step = SCRIPT[made % SCRIPT.length];
        made++;
        return {
          content: [
            {
              type: 'tool-call',
              toolCallId: `call_${made}`,
              toolName: step.name,
              input: JSON.stringify(step.input),
            },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage,
          warnings: [],
        };
      }
      return {
        content: [{ type: 'text', text: '{"findings":[]}' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      };
    },
    doStream() {
      return Promise.reject(new Error('no streaming'));
    },
  };
}

function demoContext() {
  return {
    repo: { owner: 'demo', name: 'demo' },
    number: 1,
    title: 'demo',
    base: { ref: 'main', sha: 'a'.repeat(40) },
    head: { ref: 'topic', sha: 'b'.repeat(40) },
    author: 'dev',
    association: 'MEMBER',
    draft: false,
    labels: [],
    fork: false,
    files: [],
    event: 'pull_request',
  };
}
