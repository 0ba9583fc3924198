// The progress comment of a long run, end to end: dist/index.js against the fake GitHub with a slow
// test command and a short progress interval (KILO_PROGRESS_INTERVAL_MS) standing in for GitHub's 10 s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { runAction } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const PR = 3;
const INTERVAL_MS = 400;
const CONFIG = `policy:
  commands: { allow: ['node slow.mjs*'] }
tasks:
  test:
    - { name: first, run: 'node slow.mjs 1500' }
    - { name: second, run: 'node slow.mjs 1500' }
  analyze: [{ name: slow-lint, run: 'node slow.mjs 1500' }]
`;
const SLOW = 'setTimeout(() => process.exit(0), Number(process.argv[2]));\n';

describe('progress in the sticky comment of a long run', () => {
  let fake: FakeGitHub;
  let repo: TempRepo;
  let base: string;
  let head: string;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    repo = createTempRepo('kilo-progress-');
    base = repo.commit('base', { '.github/kilo.yml': CONFIG, 'slow.mjs': SLOW, 'src/a.js': 'export {};\n' });
    head = repo.commit('head', { 'src/a.js': 'export const a = 1;\n' });
    cleanup.push(repo.dir);
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(() => fake.reset());

  /** `movedHead`: the PR's head moves there as soon as the run starts reading the PR. */
  async function review(movedHead?: string) {
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
    if (movedHead !== undefined) fake.moveHeadAfter(PR, movedHead, 0);
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'github-token': 'ghs_' + 'progressToken'.repeat(3) },
      env: { GITHUB_API_URL: fake.url, KILO_PROGRESS_INTERVAL_MS: String(INTERVAL_MS) },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  /** Every body written to the PR's issue comments, in order, with its time. */
  const commentWrites = () =>
    fake.requests
      .filter((r) => r.method !== 'GET' && /\/issues\/(?:\d+\/comments|comments\/\d+)$/.test(r.path))
      .map((r) => ({ body: (r.body as { body: string }).body, at: r.timestamp, method: r.method }));

  it('shows "running: n/N" no more often than the interval, then the summary replaces it', async () => {
    const run = await review();
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    const writes = commentWrites();
    const progress = writes.filter((w) => w.body.includes('Kilo Agent is reviewing'));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]?.method).toBe('POST');
    expect(progress[0]?.body).toMatch(/running: \d+\/8 subtasks done/);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
    }
    // One comment, edited in place, whose last word is the summary.
    expect(writes.filter((w) => w.method === 'POST')).toHaveLength(1);
    expect(writes.at(-1)?.body).toMatch(/^<!-- kilo-agent:summary -->\n### ✅ Kilo Agent:/);
    expect(fake.state.issueComments).toHaveLength(1);
    expect(fake.state.issueComments[0]?.body).not.toContain('running:');
  });

  it('gives the progress comment a last word when the head moved and no summary is posted', async () => {
    await review('e'.repeat(40));
    expect(fake.violations).toEqual([]);
    expect(fake.state.issueComments).toHaveLength(1);
    const body = fake.state.issueComments[0]?.body ?? '';
    expect(body).toContain(`Kilo Agent did not finish the review of \`${head.slice(0, 7)}\``);
    expect(body).toContain('The PR head moved to `eeeeeee` during the run');
    expect(fake.state.reviews).toEqual([]);
  });
});
