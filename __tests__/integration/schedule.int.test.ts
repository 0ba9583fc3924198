// The bundled action on `schedule`: the whole repository at the checked-out commit is reviewed (a key
// committed long ago is found) and reported through check runs and the SARIF file only — there is no PR.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { runAction } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';

const TOKEN = 'ghs_' + 'fakeToken'.repeat(4);
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');

interface SarifLog {
  runs: Array<{
    results: Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
  }>;
}

describe('dist/index.js on schedule', () => {
  let fake: FakeGitHub;
  const cleanup: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(() => fake.reset());

  /** The key lands in the first commit; the last two never touch that file. */
  function makeRepo(config?: string): { repo: TempRepo; head: string } {
    const repo = createTempRepo('kilo-schedule-');
    cleanup.push(repo.dir);
    repo.commit('add the AWS client', {
      'src/aws.js': `export const region = 'eu-west-1';\nexport const key = '${AWS_KEY}';\n`,
      ...(config === undefined ? {} : { '.github/kilo.yml': config }),
    });
    repo.commit('docs', { 'README.md': '# shop\n' });
    const head = repo.commit('more code', { 'src/more.js': 'export const b = 2;\n' });
    return { repo, head };
  }

  it('reviews every file at the head commit and reports through check runs and SARIF only', async () => {
    const { repo, head } = makeRepo();
    const run = await runAction({
      eventName: 'schedule',
      payload: { schedule: '0 3 * * *' },
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: fake.url, GITHUB_SHA: head, GITHUB_REF: 'refs/heads/main' },
    });
    cleanup.push(run.runnerTemp);

    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(1); // the key is an error finding; fail-on: error
    expect(run.outputs.conclusion).toBe('failure');
    const runs = fake.state.checkRuns;
    expect(runs.map((r) => [r.name, r.status, r.conclusion, r.head_sha])).toEqual([
      ['Kilo Agent / analyze', 'completed', 'failure', head],
    ]);
    expect(runs[0]?.output.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['src/aws.js', 2, 'failure'],
    ]);
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.issueComments).toEqual([]);
    expect(fake.requests.some((r) => r.path.includes('/pulls') || r.path.includes('/issues'))).toBe(false);
    expect(run.summary).toContain(`Scheduled review of main at ${head.slice(0, 7)}`);
    expect(run.summary).toContain('3 files');

    const sarifText = readFileSync(run.outputs.sarif!, 'utf8');
    const sarif = JSON.parse(sarifText) as SarifLog;
    expect(
      sarif.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]),
    ).toEqual([['secrets/aws-access-key-id', 'src/aws.js']]);

    const bodies = JSON.stringify(fake.requests.map((r) => r.body));
    const log = run.stdout.replace(`::add-mask::${TOKEN}`, '');
    for (const text of [bodies, run.summary, log, run.stderr, sarifText]) {
      expect(text).not.toContain(AWS_KEY);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('runs without an event file, and a repository above max-files is skipped with the reason', async () => {
    const { repo } = makeRepo('policy:\n  max-files: 2\n');
    const run = await runAction({
      eventName: 'schedule',
      workspace: repo.dir,
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: fake.url, GITHUB_EVENT_PATH: '' },
    });
    cleanup.push(run.runnerTemp);
    expect(fake.violations).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/the review covers \d+ files, more than max-files \(2\)/);
    expect(run.outputs.conclusion).toBe('skipped');
    expect(run.summary).toContain('more than max-files (2) (max-files)');
    expect(fake.state.checkRuns).toEqual([]);
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.issueComments).toEqual([]);
  });
});
