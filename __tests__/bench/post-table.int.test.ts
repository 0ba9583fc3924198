// bench/post-table.mjs (the `bench` label workflow's last step) against the fake GitHub: the table of
// bench/results.json lands in one comment with its own marker, edited in place on the next run, and the
// review's summary comment is left alone. The script loads the publisher compiled from src/, as after
// `npm run bench`; here it is compiled into a temp dir.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'benchPost'.repeat(4);
const HEAD = 'c'.repeat(40);

describe('bench/post-table.mjs', () => {
  let fake: FakeGitHub;
  let dir: string;
  let build: string;
  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop', validateResponses: true });
    // Inside the project, so the compiled modules find node_modules.
    mkdirSync(resolve('.tmp'), { recursive: true });
    dir = mkdtempSync(join(resolve('.tmp'), 'bench-post-'));
    build = join(dir, 'build');
    execFileSync(
      process.execPath,
      [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', build],
      { stdio: 'inherit' },
    );
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(eventPath: string) {
    return new Promise<{ code: number; out: string }>((done) => {
      execFile(
        process.execPath,
        ['bench/post-table.mjs', '--build', build],
        {
          env: {
            PATH: process.env.PATH ?? '',
            GITHUB_TOKEN: TOKEN,
            GITHUB_REPOSITORY: 'octo/shop',
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_API_URL: fake.url,
            KILO_API_WRITE_INTERVAL_MS: '0',
          },
        },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      );
    });
  }

  it('posts the table once, edits it on the next run, and never touches the review summary', async () => {
    fake.addPullRequest({ number: 5, baseSha: 'b'.repeat(40), headSha: HEAD, files: [] });
    const summary = fake.addIssueComment(5, '<!-- kilo-agent:summary -->\nthe review');
    const eventPath = join(dir, 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify(pullRequestPayloadIn('octo/shop', 5, { baseSha: 'b'.repeat(40), headSha: HEAD })),
    );

    const first = await post(eventPath);
    expect(first).toMatchObject({ code: 0 });
    const second = await post(eventPath);
    expect(second).toMatchObject({ code: 0 });
    expect(fake.violations).toEqual([]);

    const comments = fake.state.issueComments;
    expect(comments).toHaveLength(2);
    expect(comments.find((c) => c.id === summary.id)?.body).toBe('<!-- kilo-agent:summary -->\nthe review');
    const table = comments.find((c) => c.id !== summary.id)?.body ?? '';
    expect(table.startsWith('<!-- kilo-agent:bench -->\n### ⏱️ Kilo Agent benchmarks at `ccccccc`')).toBe(
      true,
    );
    const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { results: { name: string }[] };
    for (const row of results.results) expect(table).toContain(`| ${row.name.replace(/\|/g, '\\|')} |`);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1); // the second run edited
    expect(JSON.stringify(fake.requests)).not.toContain(TOKEN);
  }, 30_000);

  it('fails with a clear line outside a pull_request event', async () => {
    const eventPath = join(dir, 'push.json');
    writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main' }));
    const run = await post(eventPath);
    expect(run.code).toBe(1);
    expect(run.out).toContain('bench/post-table: the event has no pull request');
  });
});
