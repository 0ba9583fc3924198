// The LLM reviewer's tools through the bundled CLI (dist/cli.js) against the loopback fake
// OpenAI-compatible server: a finding that needs another file's content appears with tools on and not
// with tools off; every tool call is traced and listed; the API key never shows, even when the server
// echoes it back whole or half-masked.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  confirmAll,
  isVerifyRequest,
  startFakeLlm,
  type ChatRequest,
  type FakeLlm,
  type Reply,
} from '../../__fixtures__/fake-llm/server.mjs';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';

const LLM_KEY = `sk-kilo-${randomBytes(16).toString('hex')}`;
const PRICING = [
  '// Prices in cents.',
  'export function applyDiscount(price: number, rate: number): number {',
  '  return Math.round(price * (1 - rate));',
  '}',
  '',
].join('\n');
const CART_BASE = "import { applyDiscount } from './pricing';\n\nexport const total = (p: number) => p;\n";
const CART_HEAD =
  "import { applyDiscount } from './pricing';\n\nexport const total = (p: number) => applyDiscount(p);\n";
const MESSAGE =
  'applyDiscount takes (price, rate): called with the price only, rate is undefined and the total NaN.';

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const childTmp = mkdtempSync(join(tmpdir(), 'kilo-llm-tools-tmp-'));
const cleanup: string[] = [childTmp];

function cli(args: string[]): Promise<CliRun> {
  const { KILO_LLM_API_KEY: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...parentEnv, TMPDIR: childTmp, KILO_LLM_API_KEY: LLM_KEY },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    }),
  );
}

/** A PR whose one changed line is wrong only in the light of a file the diff does not show. */
function cartRepo(config?: string): TempRepo {
  const repo = createTempRepo('kilo-llm-tools-repo-');
  cleanup.push(repo.dir);
  const configFile: Record<string, string> = config === undefined ? {} : { '.github/kilo.yml': config };
  repo.commit('base', { 'src/pricing.ts': PRICING, 'src/cart.ts': CART_BASE, ...configFile });
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('topic', { 'src/cart.ts': CART_HEAD });
  return repo;
}

/**
 * The scripted model: it reads pricing.ts when it can, and reports the bad call only once it has seen
 * the function's signature there. Without tools it has nothing to go on and finds nothing.
 */
function reviewer(request: ChatRequest): Reply {
  if (isVerifyRequest(request)) return confirmAll(request);
  const { messages, tools } = request.body;
  const results = messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
  if (tools !== undefined && results.length === 0 && request.body.tool_choice !== 'none')
    return { toolCalls: [{ name: 'read_file', arguments: { path: 'src/pricing.ts' } }] };
  const seen = results.some((text) => text.includes('applyDiscount(price: number, rate: number)'));
  const line = /^\s*(\d+) \+ export const total/m.exec(
    messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n'),
  )?.[1];
  const finding = {
    path: 'src/cart.ts',
    line: Number(line),
    endLine: null,
    severity: 'warning',
    message: MESSAGE,
    replacement: null,
  };
  return { json: { findings: seen && line ? [finding] : [] } };
}

// A cache of its own per run: the fixture repositories are the same commits every time.
const LLM_FLAGS = (url: string) => [
  '--llm-cache',
  mkdtempSync(join(childTmp, 'cache-')),
  '--llm-provider',
  'openai-compatible',
  '--llm-model',
  'fake-model',
  '--llm-base-url',
  url,
];

describe('the LLM reviewer reads the repository', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm({ apiKey: LLM_KEY, respond: reviewer });
  });
  afterAll(async () => {
    await llm.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  function outDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-llm-tools-out-'));
    cleanup.push(dir);
    return dir;
  }

  it('with tools on, reads pricing.ts and reports the call that needs it; the call is traced and listed', async () => {
    const repo = cartRepo();
    const out = outDir();
    const before = llm.requests.length;

    const run = await cli([
      'review',
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--out',
      out,
      ...LLM_FLAGS(llm.url),
    ]);

    // LLM findings are warnings at most: the check stays green, the finding is posted.
    expect(run.status).toBe(0);
    const requests = llm.requests.slice(before);
    // The tool turn, the answer, and the verify pass (no tools: the judge sees the lines in question).
    expect(requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((requests[2]?.body as ChatRequest['body']).tools).toBeUndefined();
    const toolResult = (requests[1]?.body as ChatRequest['body']).messages.find((m) => m.role === 'tool');
    expect(String(toolResult?.content)).toContain(
      '2: export function applyDiscount(price: number, rate: number): number {',
    );
    expect(run.stdout).toMatch(/src\/cart\.ts:3\s+warning\s+llm-review/);
    expect(run.stdout).toContain('Tools: 1 tool call, ');
    const report = readFileSync(join(out, 'kilo-report.md'), 'utf8');
    expect(report).toContain('applyDiscount takes (price, rate)');
    expect(report).toMatch(/<details><summary>1 tool call, \d+ B read<\/summary>/);
    expect(report).toContain('- `read_file` `{"path":"src/pricing.ts"}`: ');
    expect(report).toContain('read the repository with 1 tool call');
    const trace = readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8');
    const calls = trace
      .split('\n')
      .filter((line) => line.includes('"kind":"tool-call"'))
      .map((line) => JSON.parse(line) as { name: string; attrs: Record<string, unknown> });
    expect(calls).toEqual([
      expect.objectContaining({
        name: 'read_file',
        attrs: expect.objectContaining({ outcome: 'ok', turn: 1 }),
      }),
    ]);
    const timeline = await cli(['trace', join(out, 'kilo-trace.jsonl')]);
    expect(timeline.stdout).toMatch(/tool-call read_file \{"path":"src\/pricing\.ts"\}\s+ok, \d+ B/);
  });

  it('with llm.tools off, sends the hunks only and finds nothing', async () => {
    const repo = cartRepo('llm:\n  tools: false\n');
    const out = outDir();
    const before = llm.requests.length;

    const run = await cli([
      'review',
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--out',
      out,
      ...LLM_FLAGS(llm.url),
    ]);

    expect(run.status).toBe(0);
    const requests = llm.requests.slice(before);
    expect(requests).toHaveLength(1);
    expect((requests[0]?.body as ChatRequest['body']).tools).toBeUndefined();
    expect(run.stdout).toContain('Kilo Agent: SUCCESS - 0 errors');
    expect(readFileSync(join(out, 'kilo-report.md'), 'utf8')).not.toContain('applyDiscount takes');
  });

  it("masks the key in the CLI's own failure line, which quotes what it was given", async () => {
    const run = await cli(['review', '--repo', join(childTmp, 'missing', LLM_KEY)]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^kilo-agent: .*\/missing\/\*\*\* is not inside a git repository/);
    expect(run.stderr + run.stdout).not.toContain(LLM_KEY);
  });

  it.each([
    ['echoes the whole key', `Incorrect API key provided: ${LLM_KEY}.`],
    ['echoes a half-masked key', `Incorrect API key provided: sk-kil…****${LLM_KEY.slice(-4)}.`],
  ])('never shows the API key when the server %s in a 401', async (_what, message) => {
    const repo = cartRepo();
    const out = outDir();
    llm.setResponder(() => ({ status: 401, message }));
    try {
      const run = await cli([
        'review',
        '--repo',
        repo.dir,
        '--base',
        'main',
        '--out',
        out,
        ...LLM_FLAGS(llm.url),
      ]);

      expect(run.status).toBe(0);
      const texts = [
        run.stdout,
        run.stderr,
        readFileSync(join(out, 'kilo-report.md'), 'utf8'),
        readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8'),
      ];
      for (const text of texts) {
        expect(text).not.toContain(LLM_KEY);
        expect(text).not.toContain(`****${LLM_KEY.slice(-4)}`);
      }
      // The trace still says what the provider answered, with the key masked.
      expect(texts[3]).toMatch(/Incorrect API key provided: (\*\*\*|\[REDACTED\])/);
    } finally {
      llm.setResponder(reviewer);
    }
  });
});
