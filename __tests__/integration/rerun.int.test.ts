// Incremental reruns end to end: dist/index.js reviews the same PR twice against the fake GitHub with
// one results cache directory (what actions/cache restores between runs). The second run runs no
// subtask, posts no new comment, and says in the sticky summary what it reused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { QUOTE_FIXER } from '../../__fixtures__/quote-fixer.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'rerunToken'.repeat(4);
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PR = 12;

describe('a rerun on an unchanged PR', () => {
  let fake: FakeGitHub;
  let repo: TempRepo;
  let base: string;
  let head: string;
  let counter: string;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    const scratch = mkdtempSync(join(tmpdir(), 'kilo-rerun-'));
    cleanup.push(scratch);
    // Every test run leaves a line here, outside the checkout (a file inside would change the tree).
    counter = join(scratch, 'test-runs');
    writeFileSync(counter, '');
    repo = createTempRepo('kilo-rerun-repo-');
    cleanup.push(repo.dir);
    base = repo.commit('base', {
      'package.json': '{ "type": "module" }\n',
      '.github/kilo.yml': `policy:
  commands: { allow: ['node fix.mjs*', 'node test.mjs'] }
tasks:
  refactor: [{ name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }]
  test: [{ name: unit, run: 'node test.mjs' }]
`,
      'fix.mjs': QUOTE_FIXER,
      'test.mjs': `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counter)}, 'run\\n');\nawait import('./src/app.js');\n`,
      'src/app.js': "export const a = 'x';\n",
    });
    head = repo.commit('head', {
      'src/app.js': `export const a = 'x';\nexport const greeting = "hello";\nexport const key = '${AWS_KEY}';\n`,
    });
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  const testRuns = () => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;

  async function review(cacheDir: string, inputs: Record<string, string> = {}) {
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN, ...inputs },
      env: { GITHUB_API_URL: fake.url, KILO_RESULTS_CACHE_DIR: cacheDir },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  it('runs 0 subtasks, posts no new comment and says what it reused; reuse-results: false runs everything', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kilo-results-cache-'));
    cleanup.push(cacheDir);

    const first = await review(cacheDir);
    expect(first.status).toBe(1); // the planted key fails the review (fail-on error)
    const ranFirst = testRuns();
    expect(ranFirst).toBe(2); // the test task, and the validation of the quote fix
    const comments = {
      issue: fake.state.issueComments.length,
      review: fake.state.reviewComments.length,
    };
    expect(comments.review).toBeGreaterThan(0);
    const conclusions = fake.state.checkRuns.map((r) => [r.name, r.conclusion]);

    const second = await review(cacheDir);
    expect(fake.violations).toEqual([]);
    expect(second.status).toBe(1); // same findings, same verdict
    expect(testRuns()).toBe(ranFirst); // nothing ran again
    expect(second.outputs.findings).toBe(first.outputs.findings);
    expect(second.outputs.suggestions).toBe(first.outputs.suggestions);
    expect(fake.state.issueComments).toHaveLength(comments.issue);
    expect(fake.state.reviewComments).toHaveLength(comments.review);
    const sticky = fake.state.issueComments[0]?.body ?? '';
    expect(sticky).toMatch(/\d+ reused from an earlier run \(inputs unchanged\)/);
    expect(sticky).toContain(`reused: inputs unchanged since the run on ${head.slice(0, 7)}`);
    // This run's check runs conclude as the first run's did.
    expect(fake.state.checkRuns.slice(conclusions.length).map((r) => [r.name, r.conclusion])).toEqual(
      conclusions,
    );
    const trace = readFileSync(second.outputs.trace ?? '', 'utf8');
    expect(trace).toContain('"kind":"cache","name":"reused"');

    await review(cacheDir, { 'reuse-results': 'false' });
    expect(testRuns()).toBe(ranFirst + 2);
    for (const text of [second.stdout.replace(`::add-mask::${TOKEN}`, ''), ...readCache(cacheDir)])
      expect(text).not.toContain(TOKEN);
    const cached = readCache(cacheDir);
    expect(cached.length).toBeGreaterThan(0);
    for (const text of cached) expect(text).not.toContain(AWS_KEY);
  });
});

/** Every file of the cache directory, as text. */
function readCache(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}
