// A PR's life across pushes (issue 22), end to end: dist/index.js reviews each push of a real git
// repository against the fake GitHub (REST checked against GitHub's OpenAPI description, GraphQL against
// its published schema). Findings keep their identity when lines move, fixed ones get their thread
// resolved, a thread a person resolved is dismissed for good, and each summary tells the story.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'ledgerToken'.repeat(4);
const PR = 21;
// A linter of our own, in GNU format: one warning per line that still says TODO.
const LINT = `import { readFileSync } from 'node:fs';
for (const file of process.argv.slice(2)) {
  readFileSync(file, 'utf8').split('\\n').forEach((text, i) => {
    if (text.includes('TODO')) console.log(\`\${file}:\${i + 1}: warning: \${text.trim()} left behind [todo]\`);
  });
}
`;
const CONFIG = `policy:
  commands: { allow: ['node lint.mjs*'] }
tasks:
  analyze: [{ name: todo, run: 'node lint.mjs {files}', format: gnu, paths: ['src/**'] }]
`;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n');

describe('a PR across pushes: new, still open, fixed, dismissed', () => {
  let fake: FakeGitHub;
  let repo: TempRepo;
  let base: string;
  const cleanup: string[] = [];

  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    repo = createTempRepo('kilo-ledger-');
    cleanup.push(repo.dir);
    base = repo.commit('base', {
      '.github/kilo.yml': CONFIG,
      'lint.mjs': LINT,
      'src/a.js': 'export const a = 1;\n',
      'src/b.js': 'export const b = 1;\n',
    });
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** Pushes `head` to the PR (the first time: opens it) and reviews it; returns the run and its requests. */
  async function review(head: string): Promise<{ run: ActionRun; requests: string[] }> {
    repo.git('checkout', '--quiet', '--detach', head);
    const files = prFilesFromGit(repo.dir, base, head);
    if (fake.state.pulls.some((p) => p.number === PR)) fake.push(PR, head, files);
    else fake.addPullRequest({ number: PR, baseSha: base, headSha: head, files });
    const before = fake.requests.length;
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    expect(fake.violations).toEqual([]);
    expect(run.stdout).not.toContain('::error::Kilo Agent: ');
    return { run, requests: fake.requests.slice(before).map((r) => r.route ?? r.path) };
  }

  const sticky = () =>
    fake.state.issueComments.find((c) => c.body.startsWith('<!-- kilo-agent:summary -->'))!;
  const rootComments = () => fake.state.reviewComments.filter((c) => c.in_reply_to_id === null);
  const commentOn = (text: string) => rootComments().find((c) => c.body.includes(text))!;
  const threadOf = (text: string) =>
    fake.state.reviewThreads.find((t) => t.rootCommentId === commentOn(text).id)!;
  const ledgerEvents = (run: ActionRun) =>
    readFileSync(run.outputs.trace!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; name: string; attrs: Record<string, unknown> })
      .filter((e) => e.kind === 'ledger');

  let first: string;
  let second: string;

  it('first review: every finding new, one comment each, the summary says "first review"', async () => {
    first = repo.commit('add TODOs', {
      'src/a.js': 'export const a = 1;\n// TODO one\n// TODO two\n',
      'src/b.js': 'export const b = 1;\n// TODO three\n',
    });
    const { run, requests } = await review(first);
    expect(rootComments()).toHaveLength(3);
    expect(sticky().body).toContain('First review of this PR: 3 new.');
    expect(ledgerEvents(run).map((e) => [e.name, e.attrs.path, e.attrs.line])).toEqual([
      ['new', 'src/a.js', 2],
      ['new', 'src/a.js', 3],
      ['new', 'src/b.js', 2],
    ]);
    // No history to read on a first review: files, the head re-read, a check run, the review, the comment.
    expect(requests).toHaveLength(5);
    expect(requests).not.toContain('POST /graphql');
  });

  it('a push fixing one, moving one by 20 lines and adding one: 1 new, 2 still open, 1 fixed', async () => {
    second = repo.commit('fix one, move one, add one', {
      'src/a.js': `export const a = 1;\n${filler(20)}\n// TODO two\n// TODO four\n`,
    });
    const { run, requests } = await review(second);
    // Only the new finding got a comment: the moved one kept its fingerprint.
    expect(rootComments()).toHaveLength(4);
    expect(commentOn('TODO four').line).toBe(23);
    const body = sticky().body;
    expect(body).toContain(
      `Since the last review (\`${first.slice(0, 7)}\` → \`${second.slice(0, 7)}\`): 1 new, 2 still open, 1 fixed.`,
    );
    expect(body).toMatch(
      /<details><summary>1 fixed<\/summary>\n\n- ✅ fixed: `todo` \/\/ TODO one left behind/,
    );
    // The fixed one's thread is resolved; nobody had replied, so without a word.
    expect(threadOf('TODO one').isResolved).toBe(true);
    expect(threadOf('TODO two').isResolved).toBe(false);
    expect(fake.state.reviewComments.filter((c) => c.in_reply_to_id !== null)).toHaveLength(0);
    expect(ledgerEvents(run).map((e) => [e.name, e.attrs.line])).toEqual([
      ['open', 22],
      ['new', 23],
      ['open', 2],
      ['fixed', 2],
      ['resolve-thread', undefined],
    ]);
    // Issue 22's budget for a fixing push: at most 10 (thread lookups and resolves included).
    expect(requests.length).toBeLessThanOrEqual(10);
    expect(requests.filter((r) => r === 'POST /graphql')).toHaveLength(2); // the threads, the resolves
  });

  it('a person resolves a thread and replies in another: dismissed for good, the fix answered', async () => {
    fake.resolveThread(commentOn('TODO three').id, 'octocat');
    fake.addReviewComment({
      pullNumber: PR,
      inReplyTo: commentOn('TODO four').id,
      body: 'Will do.',
      user: 'octocat',
    });
    const third = repo.commit('remove four', {
      'src/a.js': `export const a = 1;\n${filler(20)}\n// TODO two\n`,
    });
    const { run } = await review(third);
    expect(rootComments()).toHaveLength(4);
    expect(sticky().body).toContain('1 still open, 1 fixed, 1 dismissed.');
    expect(ledgerEvents(run).find((e) => e.name === 'dismissed')?.attrs).toMatchObject({
      path: 'src/b.js',
      dismissedBy: 'resolved',
    });
    // A person had written in the thread: resolving it says why.
    expect(threadOf('TODO four').isResolved).toBe(true);
    const replies = fake.state.reviewComments.filter((c) => c.in_reply_to_id === commentOn('TODO four').id);
    expect(replies.map((c) => [c.user, c.body])).toEqual([
      ['octocat', 'Will do.'],
      [
        'github-actions[bot]',
        `Kilo Agent no longer finds this at \`${third.slice(0, 7)}\`: resolving the thread.`,
      ],
    ]);
    // The person's own resolution stands: we never touch a dismissed thread.
    expect(threadOf('TODO three').resolvedBy).toBe('octocat');
  });

  it('without contents: write GitHub refuses to resolve: the thread stays open, a note says why, job green', async () => {
    const fourth = repo.commit('fix two', { 'src/a.js': `export const a = 1;\n${filler(20)}\n` });
    fake.setPermissions({ 'pull-requests': 'write', checks: 'write', issues: 'write', contents: 'read' });
    const { run } = await review(fourth);
    fake.setPermissions(undefined);
    expect(run.status).toBe(0);
    expect(threadOf('TODO two').isResolved).toBe(false);
    expect(run.stdout).toContain(
      '::warning::GitHub refused to resolve 1 review thread(s) (Resource not accessible by integration): ' +
        'the token needs `pull-requests: write` and `contents: write`',
    );
    expect(sticky().body).toContain('1 fixed, 1 dismissed.');
  });

  it('a 403 on the threads query: a note, no duplicate comment, nothing lost, job green', async () => {
    const comments = fake.state.reviewComments.length;
    const fifth = repo.commit('one more', {
      'src/b.js': 'export const b = 1;\n// TODO three\n// TODO five\n',
    });
    fake.failNext({
      method: 'POST',
      path: '/graphql',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const { run } = await review(fifth);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /::warning::could not read the PR's review threads \(.*Resource not accessible by integration/,
    );
    // Without the threads, the REST listing still keeps every earlier comment from being posted again.
    expect(fake.state.reviewComments.length).toBe(comments + 1);
    expect(commentOn('TODO five').path).toBe('src/b.js');
    expect(sticky().body).toContain('1 new');
  });

  it('once the token may, the thread GitHub refused to resolve earlier is resolved on the next push', async () => {
    expect(threadOf('TODO two').isResolved).toBe(false);
    const sixth = repo.commit('touch', {
      'src/b.js': 'export const b = 1;\n// TODO three\n// TODO five\n\n',
    });
    const { run } = await review(sixth);
    expect(run.status).toBe(0);
    expect(threadOf('TODO two').isResolved).toBe(true);
    expect(threadOf('TODO five').isResolved).toBe(false);
  });
});
