// The bundled action with LLM guidance, against the loopback fake GitHub and the fake OpenAI-compatible
// server: the LLM's suggestion posted, a provider that misbehaves (garbage, slow, 429, 500) never
// costs the review, answers cached across reruns, the openai provider, and a run without a key.
// Guidance from the base branch and prompt injection are in llm-guidance.int.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeLlmInputs, runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import {
  startFakeLlm,
  type ChatRequest,
  type FakeLlm,
  type Reply,
  confirmAll,
  isVerifyRequest,
} from '../../__fixtures__/fake-llm/server.mjs';
import { addedLinesOf, schemaNameOf } from '../../__fixtures__/llm-prompt.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'fakeToken'.repeat(4);
// Made at run time: a key no file holds, so any copy of it in what the run wrote is a leak.
const LLM_KEY = `sk-kilo-${randomBytes(16).toString('hex')}`;
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PR = 11;
const GREETING = 'export const greeting = "hello";';
const FIXED = "export const greeting = 'hello';";
const ANALYZE_CHECK = 'Kilo Agent / analyze';

interface Scenario {
  repo: TempRepo;
  base: string;
  head: string;
}

/** Head adds a double-quoted greeting (what the fake reviewer fixes) and, optionally, a secret. */
function makeRepo(options: { config?: string; secret?: boolean } = {}): Scenario {
  const repo = createTempRepo('kilo-llm-');
  const base = repo.commit('base', {
    ...(options.config ? { '.github/kilo.yml': options.config } : {}),
    'src/app.js': "export const a = 'x';\n",
  });
  const secret = options.secret ? `export const key = '${AWS_KEY}';\n` : '';
  const head = repo.commit('head', { 'src/app.js': `export const a = 'x';\n${GREETING}\n${secret}` });
  return { repo, base, head };
}

/**
 * A well-behaved model: as reviewer, it finds the greeting among the numbered added lines of the
 * prompt (`   2 + export const greeting = "hello";`) and proposes single quotes on that line.
 */
function goodAnswer(request: ChatRequest): Reply {
  if (schemaNameOf(request) !== 'review') return { json: { order: [], skip: [], rationale: 'Run it all.' } };
  const findings = addedLinesOf(request)
    .filter((added) => added.text === GREETING)
    .slice(0, 1)
    .map(({ path, line }) => ({
      path,
      line,
      endLine: null,
      severity: 'warning',
      message: 'Use single quotes, as the rest of the file does.',
      replacement: FIXED,
    }));
  return { json: { findings } };
}

describe('dist/index.js with an LLM provider, against the fake GitHub and the fake LLM', () => {
  let github: FakeGitHub;
  let llm: FakeLlm;
  const cleanup: string[] = [];
  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
  });
  afterAll(async () => {
    await github.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(async () => {
    github.reset();
    llm = await startFakeLlm({
      apiKey: LLM_KEY,
      respond: (r) => (isVerifyRequest(r) ? confirmAll(r) : goodAnswer(r)),
    });
  });
  afterEach(() => llm.close());

  async function review(
    { repo, base, head }: Scenario,
    options: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
  ): Promise<ActionRun> {
    cleanup.push(repo.dir);
    if (!github.state.pulls.some((p) => p.number === PR)) {
      github.addPullRequest({
        number: PR,
        baseSha: base,
        headSha: head,
        files: prFilesFromGit(repo.dir, base, head),
      });
    }
    const payload = pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head });
    const run = await runAction({
      eventName: 'pull_request',
      payload,
      workspace: repo.dir,
      inputs: {
        'github-token': TOKEN,
        ...fakeLlmInputs(llm, LLM_KEY),
        ...options.inputs,
      },
      env: { GITHUB_API_URL: github.url, KILO_LLM_RETRY_BASE_MS: '5', ...options.env },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  const checkRuns = () => github.state.checkRuns.map((r) => [r.name, r.status, r.conclusion]);
  const suggestionComments = () =>
    github.state.reviewComments.filter((c) => c.body.includes('```suggestion'));
  /** The row of the summary's subtask table for the LLM review: status and reason. */
  const llmReviewRow = (run: ActionRun) =>
    run.summary.split('\n').find((line) => line.startsWith('| analyze:llm-review |'));

  function expectKeyNowhere(run: ActionRun): void {
    const stdout = run.stdout
      .split('\n')
      .filter((line) => line !== `::add-mask::${LLM_KEY}`)
      .join('\n');
    const places = {
      trace: readFileSync(run.outputs.trace ?? '', 'utf8'),
      summary: run.summary,
      github: JSON.stringify(github.requests.map((r) => r.body)),
      stdout,
      stderr: run.stderr,
    };
    for (const [place, text] of Object.entries(places))
      expect({ place, leaks: text.includes(LLM_KEY) }).toEqual({ place, leaks: false });
  }

  it("posts the LLM's suggestion in the review, reports its usage, and never shows the key", async () => {
    const run = await review(makeRepo());

    expect(github.violations).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    expect(checkRuns()).toEqual([[ANALYZE_CHECK, 'completed', 'success']]);
    expect(github.state.reviews).toHaveLength(1);
    const [comment, ...others] = suggestionComments();
    expect(others).toEqual([]);
    expect(comment).toMatchObject({ path: 'src/app.js', line: 2, side: 'RIGHT' });
    expect(comment?.body).toContain(`\`\`\`suggestion\n${FIXED}\n\`\`\``);
    expect(comment?.body).toContain('Use single quotes, as the rest of the file does.');
    expect(llmReviewRow(run)).toContain('reviewed 1 of 1 hunk in 1 call: 0 findings, 1 suggestion');
    expect(run.summary).toMatch(
      /#### LLM\n\n- openai-compatible:fake-model: 2 calls, 0 cached answers, [1-9]\d* tokens in \/ [1-9]\d* out/,
    );

    // The review and its verify pass.
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${LLM_KEY}`,
      `Bearer ${LLM_KEY}`,
    ]);
    expect(run.stdout).toContain(`::add-mask::${LLM_KEY}`);
    expectKeyNowhere(run);
  });

  it.each([
    ['with a secret: the secret fails the step', true, 1, 'failure'],
    ['without one: the step passes', false, 0, 'success'],
  ])('a garbage (not JSON) answer skips the LLM review; %s', async (_, secret, status, conclusion) => {
    llm.setResponder(() => ({ text: 'Sure! This looks good to me, approve.' }));
    const run = await review(makeRepo({ secret }));

    expect(run.status).toBe(status);
    expect(run.outputs).toMatchObject({ conclusion, findings: secret ? '1' : '0', suggestions: '0' });
    if (secret) {
      // Only the findings count: no subtask failed.
      expect(run.stdout).toContain('::error::Kilo Agent: 1 error(s), 0 warning(s) (fail-on: error)');
    }
    expect(checkRuns()).toEqual([[ANALYZE_CHECK, 'completed', conclusion]]);
    expect(llmReviewRow(run)).toMatch(/\| ⏭️ skipped \|.*1 hunk not reviewed: 1 malformed answer \|$/);
    expect(run.summary).toContain('openai-compatible:fake-model: 1 call, 1 failed');
    expect(llm.requests).toHaveLength(1); // a malformed answer is not retried
    expect(suggestionComments()).toEqual([]);
  });

  it('an answer slower than llm.timeout-seconds is abandoned and retried; the run still concludes', async () => {
    const config = 'llm:\n  timeout-seconds: 1\n  retries: 1\n';
    llm.setResponder(() => ({ delayMs: 10_000, then: { json: { findings: [] } } }));
    const started = Date.now();
    const run = await review(makeRepo({ config }));

    expect(Date.now() - started).toBeLessThan(9000); // not even one delay was sat out
    expect(run.status).toBe(0);
    expect(run.outputs.conclusion).toBe('success');
    expect(llm.requests).toHaveLength(2);
    expect(llmReviewRow(run)).toMatch(/\| ⏭️ skipped \|/);
    expect(llmReviewRow(run)).toContain('the LLM provider did not answer within 1000 ms (2 attempts)');
    expect(github.state.checkRuns.length).toBeGreaterThan(0);
    expect(checkRuns().filter(([, status]) => status !== 'completed')).toEqual([]);
  });

  it('a 429 waits for retry-after, then the answer is used', async () => {
    llm.enqueue({ status: 429, retryAfter: 1 });
    const run = await review(makeRepo());

    expect(llm.requests.map((r) => r.status)).toEqual([429, 200, 200]);
    const [first, second] = llm.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(990);
    expect(run.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    expect(suggestionComments().map((c) => [c.path, c.line])).toEqual([['src/app.js', 2]]);
  });

  it('a provider that always answers 500 gets 1 + retries requests; the review completes without it', async () => {
    llm.setResponder(() => ({ status: 500 }));
    const run = await review(makeRepo({ config: 'llm:\n  retries: 2\n', secret: true }));

    expect(llm.requests.map((r) => r.status)).toEqual([500, 500, 500]);
    expect(run.status).toBe(1); // the secret, not the LLM
    expect(run.outputs).toMatchObject({ conclusion: 'failure', findings: '1' });
    expect(checkRuns()).toEqual([[ANALYZE_CHECK, 'completed', 'failure']]);
    expect(llmReviewRow(run)).toMatch(/\| ⏭️ skipped \|.*the LLM provider answered 500 \(3 attempts\)/);
    expect(run.summary).toContain('openai-compatible:fake-model: 3 calls, 1 failed');
    expect(github.state.issueComments).toHaveLength(1);
  });

  it('a rerun with the same cache makes no LLM request and posts no duplicate comment', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kilo-llm-cache-'));
    cleanup.push(cacheDir);
    const scenario = makeRepo();
    const env = { KILO_LLM_CACHE_DIR: cacheDir };
    await review(scenario, { env });
    expect(llm.requests).toHaveLength(2);
    const posted = { reviews: github.state.reviews.length, comments: github.state.reviewComments.length };
    expect(posted).toEqual({ reviews: 1, comments: 1 });

    const rerun = await review(scenario, { env });
    expect(github.violations).toEqual([]);
    expect(llm.requests).toHaveLength(2);
    expect(rerun.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    expect(rerun.summary).toContain('openai-compatible:fake-model: 0 calls, 2 cached answers');
    expect(llmReviewRow(rerun)).toContain('in 0 calls and 1 cached answer');
    expect({ reviews: github.state.reviews.length, comments: github.state.reviewComments.length }).toEqual(
      posted,
    );
    expect(rerun.summary).toContain('already posted by an earlier run');
    const cached = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.json'),
    );
    expect(cached).toHaveLength(2);
    for (const file of cached) expect(readFileSync(join(cacheDir, file), 'utf8')).not.toContain(LLM_KEY);
  });

  it('with tools, reads the file and is refused .env, then posts; every call is in the trace and the summary', async () => {
    llm.setResponder((request) => {
      if (isVerifyRequest(request)) return confirmAll(request);
      const { tools, messages, tool_choice } = request.body;
      const answered = messages.some((m) => m.role === 'tool');
      if (tools !== undefined && tool_choice !== 'none' && !answered)
        return {
          toolCalls: [
            { name: 'read_file', arguments: { path: 'src/app.js' } },
            { name: 'read_file', arguments: { path: '.env' } },
          ],
        };
      return goodAnswer(request);
    });
    const run = await review(makeRepo());

    expect(github.violations).toEqual([]);
    expect(run.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    // The tool turn, the answer, the verify pass.
    expect(llm.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    const results = (llm.requests[1]?.body as ChatRequest['body']).messages.filter((m) => m.role === 'tool');
    expect(String(results[0]?.content)).toContain(`2: ${GREETING}`);
    expect(String(results[1]?.content)).toContain(
      'read denied: .env looks like a secret (rule read.secret-path)',
    );
    expect(suggestionComments().map((c) => [c.path, c.line])).toEqual([['src/app.js', 2]]);
    expect(run.summary).toContain('<details><summary>2 tool calls (1 denied), ');
    expect(run.summary).toContain('- `read_file` `{"path":".env"}`: denied by `read.secret-path`');
    const trace = readFileSync(run.outputs.trace ?? '', 'utf8');
    const calls = trace.split('\n').filter((line) => line.includes('"kind":"tool-call"'));
    expect(calls).toHaveLength(2);
    expectKeyNowhere(run);
  });

  it('with llm.walkthrough, puts the model’s account at the top of the sticky summary, escaped', async () => {
    llm.setResponder((request) => {
      if (isVerifyRequest(request)) return confirmAll(request);
      if (schemaNameOf(request) === 'walkthrough')
        return {
          json: {
            groups: [
              {
                files: ['src/app.js'],
                summary: 'Adds a greeting <img src=x onerror=alert(1)> for @octocat.',
              },
            ],
          },
        };
      return goodAnswer(request);
    });
    const run = await review(makeRepo({ config: 'llm:\n  walkthrough: true\n' }));

    expect(github.violations).toEqual([]);
    expect(run.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    const names = llm.requests.map((r) => schemaNameOf(r as ChatRequest));
    expect(names.sort()).toEqual(['review', 'review-verify', 'walkthrough']);
    const [sticky] = github.state.issueComments;
    const body = sticky?.body ?? '';
    expect(body).toContain(
      '#### Walkthrough\n\n- `src/app.js`: Adds a greeting &lt;img src=x onerror=alert(1)&gt; for @\u200boctocat.',
    );
    expect(body).not.toContain('<img');
    expect(body.indexOf('#### Walkthrough')).toBeLessThan(body.indexOf('#### What was reviewed'));
    expectKeyNowhere(run);
  });

  it('llm-provider openai with llm-base-url talks to that server', async () => {
    const run = await review(makeRepo(), {
      inputs: { 'llm-provider': 'openai', 'llm-model': 'gpt-4o-mini' },
    });

    expect(llm.requests.map((r) => [r.path, r.status, r.headers.authorization])).toEqual([
      ['/v1/chat/completions', 200, `Bearer ${LLM_KEY}`],
      ['/v1/chat/completions', 200, `Bearer ${LLM_KEY}`],
    ]);
    expect((llm.requests[0]?.body as { model?: string }).model).toBe('gpt-4o-mini');
    expect(run.outputs).toMatchObject({ conclusion: 'success', suggestions: '1' });
    expect(suggestionComments().map((c) => [c.path, c.line])).toEqual([['src/app.js', 2]]);
    expect(run.summary).toContain('openai:gpt-4o-mini: 2 calls');
    expectKeyNowhere(run);
  });

  it('llm-provider openai without a key (a fork PR gets no secrets): one notice, no LLM, a full review', async () => {
    const run = await review(makeRepo({ secret: true }), {
      inputs: { 'llm-provider': 'openai', 'llm-model': 'gpt-4o-mini', 'llm-api-key': '' },
    });

    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice::'));
    expect(notices).toEqual([expect.stringContaining("input 'llm-api-key' is empty")]);
    expect(notices[0]).toContain('reviewing without an LLM');
    expect(llm.requests).toEqual([]);
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ conclusion: 'failure', findings: '1' });
    expect(JSON.parse(run.outputs.plan ?? '{}').subtasks.map((s: { id: string }) => s.id)).not.toContain(
      'analyze:llm-review',
    );
    expect(checkRuns()).toEqual([[ANALYZE_CHECK, 'completed', 'failure']]);
    expect(github.state.issueComments).toHaveLength(1);
    expect(run.summary).not.toContain('#### LLM');
  });
});
