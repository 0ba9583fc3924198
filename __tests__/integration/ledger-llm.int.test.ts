// Incremental by default (issue 22): after a push on top of the last reviewed head, the LLM reviewer
// reads only the hunks changed since; what it found in the other hunks stays open (not "fixed" because
// it was not looked at again). After a force push the whole PR is reviewed, and the summary says why.
// dist/index.js against the fake GitHub and the fake OpenAI-compatible LLM, with real git.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { fakeLlmInputs, runAction } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import {
  startFakeLlm,
  type ChatRequest,
  type FakeLlm,
  type Reply,
} from '../../__fixtures__/fake-llm/server.mjs';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { addedLinesOf, schemaNameOf } from '../../__fixtures__/llm-prompt.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'sinceToken'.repeat(4);
const LLM_KEY = 'sk-since-' + 'k'.repeat(24);
const PR = 22;

describe('the LLM reviewer across pushes: only what changed since the last review', () => {
  let fake: FakeGitHub;
  let llm: FakeLlm;
  let repo: TempRepo;
  let base: string;
  /** The added lines each review request of the current run showed the model. */
  let shown: string[] = [];
  const cleanup: string[] = [];

  /** As reviewer: a warning on every added line that says FIXME; as planner: run everything. */
  function model(request: ChatRequest): Reply {
    if (schemaNameOf(request) !== 'review')
      return { json: { order: [], skip: [], rationale: 'Run it all.' } };
    const added = addedLinesOf(request);
    shown.push(...added.map((a) => `${a.path}:${a.text}`));
    const findings = added
      .filter((a) => a.text.includes('FIXME'))
      .map(({ path, line }) => ({ path, line, endLine: null, replacement: null }))
      .map((at) => ({ ...at, severity: 'warning', message: 'Resolve the FIXME before merging.' }));
    return { json: { findings } };
  }

  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    llm = await startFakeLlm({ apiKey: LLM_KEY, respond: model });
    repo = createTempRepo('kilo-since-');
    cleanup.push(repo.dir);
    base = repo.commit('base', { 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 1;\n' });
  });
  afterAll(async () => {
    await Promise.all([fake.close(), llm.close()]);
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  async function review(head: string): Promise<string> {
    repo.git('checkout', '--quiet', '--detach', head);
    const files = prFilesFromGit(repo.dir, base, head);
    if (fake.state.pulls.some((p) => p.number === PR)) fake.push(PR, head, files);
    else fake.addPullRequest({ number: PR, baseSha: base, headSha: head, files });
    shown = [];
    const run = await runAction({
      eventName: 'pull_request',
      // As GitHub sends it on a push: the PR's comment count as it is now.
      payload: pullRequestPayloadIn('octo/shop', PR, {
        baseSha: base,
        headSha: head,
        comments: fake.state.issueComments.length,
      }),
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, ...fakeLlmInputs(llm, LLM_KEY) },
      env: { GITHUB_API_URL: fake.url, KILO_LLM_RETRY_BASE_MS: '5' },
    });
    cleanup.push(run.runnerTemp);
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    return fake.state.issueComments.find((c) => c.body.startsWith('<!-- kilo-agent:summary -->'))!.body;
  }

  let second: string;

  it('reads only the hunks changed since the last review, and keeps the rest open', async () => {
    const first = repo.commit('two FIXMEs', {
      'src/a.js': 'export const a = 1;\n// FIXME alpha\n',
      'src/b.js': 'export const b = 1;\n// FIXME beta\n',
    });
    expect(await review(first)).toContain('First review of this PR: 2 new.');
    expect(shown).toEqual(expect.arrayContaining(['src/a.js:// FIXME alpha', 'src/b.js:// FIXME beta']));

    second = repo.commit('touch a only', {
      'src/a.js': 'export const a = 1;\n// FIXME alpha\nexport const z = 2;\n',
    });
    const summary = await review(second);
    // b.js did not change since `first`: the model was not shown it again.
    expect(shown).toContain('src/a.js:export const z = 2;');
    expect(shown.filter((line) => line.startsWith('src/b.js'))).toEqual([]);
    expect(summary).toContain(
      `Since the last review (\`${first.slice(0, 7)}\` → \`${second.slice(0, 7)}\`): 2 still open.`,
    );
    expect(summary).toContain(
      `The LLM reviewer read only the hunks changed since \`${first.slice(0, 7)}\`; the tools and built-in checks ran on the whole PR.`,
    );
    expect(summary).toMatch(/llm-review .*1 hunk unchanged since the last review/);
  });

  it('after a force push reviews the whole PR again, and says why', async () => {
    repo.git('checkout', '--quiet', '--detach', base);
    const rewritten = repo.commit('squashed', {
      'src/a.js': 'export const a = 1;\n// FIXME alpha\nexport const z = 2;\n',
      'src/b.js': 'export const b = 1;\n// FIXME beta\n',
    });
    const summary = await review(rewritten);
    expect(shown).toEqual(expect.arrayContaining(['src/a.js:// FIXME alpha', 'src/b.js:// FIXME beta']));
    expect(summary).toContain(
      `The whole PR was reviewed again: \`${second.slice(0, 7)}\` is not an ancestor of this head (a force push or a rebase).`,
    );
    expect(summary).toContain('2 still open.');
  });
});
