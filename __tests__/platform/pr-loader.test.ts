// The PR loader against a loopback fake GitHub and real temp git repositories.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeGitHub, startFakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { createTempRepo } from '../../__fixtures__/git.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import type { PullRequestMeta } from '../../src/context/types.js';
import { createOctokit } from '../../src/platform/github/octokit.js';
import {
  fetchPullRequest,
  loadPullRequestFiles,
  type PrLoaderDeps,
} from '../../src/platform/github/pr-loader.js';
import { KiloError } from '../../src/util/errors.js';

const OWNER = 'octo-org';
const REPO = 'widgets';
const MANY = 3050;

const A_PATCH = '@@ -1,3 +1,4 @@\n one\n-two\n+2\n+2b\n three';
const BIG_JSON = '{\n  "a": 1,\n  "b": 2\n}\n';

describe('PR loader', () => {
  const repo = createTempRepo();
  const notARepo = mkdtempSync(join(tmpdir(), 'kilo-not-a-repo-'));
  const base = repo.commit('base', { 'a.ts': 'one\ntwo\nthree\n' });
  repo.git('checkout', '--quiet', '-b', 'feature');
  const head = repo.commit('head', { 'a.ts': 'one\n2\n2b\nthree\n', 'big.json': BIG_JSON });
  repo.git('checkout', '--quiet', '-b', 'many', base);
  const generated = Array.from({ length: MANY }, (_, i) => `gen/f${String(i).padStart(4, '0')}.ts`);
  const manyHead = repo.commit(
    'many files',
    Object.fromEntries(generated.map((path, i) => [path, `export const n = ${i};\n`])),
  );
  let fake: FakeGitHub;

  beforeAll(async () => {
    fake = await startFakeGitHub({ owner: OWNER, repo: REPO });
    const aFile = { filename: 'a.ts', status: 'modified', patch: A_PATCH, additions: 2, deletions: 1 };
    const bigNoPatch = { filename: 'big.json', status: 'added', additions: 4, deletions: 0 };
    const bigPatched = { ...bigNoPatch, patch: '@@ -0,0 +1,4 @@\n+{\n+  "a": 1,\n+  "b": 2\n+}' };
    // GitHub lists a binary file with no patch and no line counts.
    const logo = { filename: 'logo.png', status: 'added' };
    fake.addPullRequest({ number: 1, baseSha: base, headSha: head, files: [aFile, bigPatched, logo] });
    fake.addPullRequest({ number: 2, baseSha: base, headSha: head, files: [aFile, bigNoPatch] });
    fake.addPullRequest({
      number: 3,
      baseSha: base,
      headSha: manyHead,
      files: generated.map((filename, i) => ({
        filename,
        status: 'added',
        patch: `@@ -0,0 +1 @@\n+export const n = ${i};`,
        additions: 1,
        deletions: 0,
      })),
    });
  });

  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    repo.remove();
    rmSync(notARepo, { recursive: true, force: true });
  });

  function deps(workspace = repo.dir): PrLoaderDeps & { span: ReturnType<typeof createRecordingSpan> } {
    const octokit = createOctokit({
      token: 'test-token',
      baseUrl: fake.url,
      userAgent: 'kilo-test',
      retryAfterBaseMs: 1,
    });
    return { octokit, owner: OWNER, repo: REPO, workspace, span: createRecordingSpan() };
  }

  function meta(number: number, headSha = head): PullRequestMeta {
    return {
      repo: { owner: OWNER, name: REPO },
      number,
      title: 'test',
      base: { sha: base, ref: 'main' },
      head: { sha: headSha, ref: 'feature' },
      author: 'octocat',
      association: 'MEMBER',
      draft: false,
      labels: [],
      fork: false,
    };
  }

  function filesEvent(span: ReturnType<typeof createRecordingSpan>) {
    return span.events.find((event) => event.kind === 'context' && event.name === 'pr-files')?.attrs;
  }

  it('reads the PR metadata from GET /pulls/{n}', async () => {
    const loaded = await fetchPullRequest(deps(), 1);
    expect(loaded).toMatchObject({
      repo: { owner: OWNER, name: REPO },
      number: 1,
      base: { sha: base },
      head: { sha: head },
    });
  });

  it('takes files and hunks from the API when every file has a patch', async () => {
    const d = deps();
    const result = await loadPullRequestFiles(d, meta(1));
    expect(result.source).toBe('api');
    expect(result.notes).toEqual([]);
    expect(result.files.map((f) => [f.path, f.status, f.additions, f.deletions, f.binary])).toEqual([
      ['a.ts', 'modified', 2, 1, false],
      ['big.json', 'added', 4, 0, false],
      ['logo.png', 'added', 0, 0, true],
    ]);
    const added = result.files[0]!.hunks[0]!.lines.filter((l) => l.type === 'add');
    expect(added).toEqual([
      { type: 'add', content: '2', newLine: 2 },
      { type: 'add', content: '2b', newLine: 3 },
    ]);
    expect(filesEvent(d.span)).toEqual({ count: 3, source: 'api', pages: 1, notes: 0 });
  });

  it('lets git supply a file the API lists without a patch', async () => {
    const d = deps();
    const result = await loadPullRequestFiles(d, meta(2));
    expect(result.source).toBe('api+git');
    expect(result.notes).toEqual([]);
    const big = result.files.find((f) => f.path === 'big.json');
    expect(big?.hunks[0]?.lines.map((l) => l.content)).toEqual(['{', '  "a": 1,', '  "b": 2', '}']);
    expect(result.files.map((f) => f.path)).toEqual(['a.ts', 'big.json']);
  });

  it("uses git's full list when the API stops at 3,000 files", async () => {
    const d = deps();
    const result = await loadPullRequestFiles(d, meta(3, manyHead));
    expect(result.source).toBe('api+git');
    expect(result.files).toHaveLength(MANY);
    expect(result.files.map((f) => f.path)).toEqual(generated);
    expect(result.files[MANY - 1]!.hunks[0]!.lines[0]).toEqual({
      type: 'add',
      content: `export const n = ${MANY - 1};`,
      newLine: 1,
    });
    expect(filesEvent(d.span)).toMatchObject({ count: MANY, source: 'api+git', pages: 30 });
  });

  it('keeps the API files with an actionable note when git cannot fill the gap', async () => {
    const result = await loadPullRequestFiles(deps(notARepo), meta(2));
    expect(result.source).toBe('api');
    expect(result.files.find((f) => f.path === 'big.json')).toMatchObject({ hunks: [], binary: false });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^no patch from the API .* for 1 file \(big\.json\).*fetch-depth: 0/);
  });

  it('keeps the first 3,000 API files with a note when git cannot supply the rest', async () => {
    const result = await loadPullRequestFiles(deps(notARepo), meta(3, manyHead));
    expect(result.source).toBe('api');
    expect(result.files.map((f) => f.path)).toEqual(generated.slice(0, 3000));
    expect(result.notes).toEqual([
      expect.stringMatching(/^GitHub lists only the first 3,000 files .*fetch-depth: 0/),
    ]);
  });

  it('reads the files from git alone when the API answers 404', async () => {
    const d = deps();
    const result = await loadPullRequestFiles(d, meta(404));
    expect(result.source).toBe('git');
    expect(result.files.map((f) => [f.path, f.status])).toEqual([
      ['a.ts', 'modified'],
      ['big.json', 'added'],
    ]);
    expect(result.notes).toEqual([expect.stringMatching(/HTTP 404.*pull-requests: read.*from git/)]);
    expect(filesEvent(d.span)).toMatchObject({ source: 'git', pages: 0 });
  });

  it('falls back to git when the token may not read the files (403)', async () => {
    fake.failNext({ method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/files', status: 403 });
    const result = await loadPullRequestFiles(deps(), meta(2));
    expect(result.source).toBe('git');
    expect(result.files.map((f) => f.path)).toEqual(['a.ts', 'big.json']);
    expect(result.notes).toEqual([expect.stringMatching(/HTTP 403/)]);
  });

  it('falls back to git when the API cannot be reached', async () => {
    const offline = createOctokit({
      token: 'test-token',
      baseUrl: 'http://127.0.0.1:9', // discard port: nothing listens there
      userAgent: 'kilo-test',
      retryAfterBaseMs: 1,
      maxRetries: 0,
    });
    const result = await loadPullRequestFiles({ ...deps(), octokit: offline }, meta(2));
    expect(result.source).toBe('git');
    expect(result.notes).toEqual([expect.stringMatching(/network error/)]);
  });

  it('names the PR and the status when GET /pulls/{n} fails', async () => {
    await expect(fetchPullRequest(deps(), 404)).rejects.toThrow(
      /^cannot read pull request #404 of octo-org\/widgets: HTTP 404/,
    );
  });

  it('fails with one line when neither the API nor git can list the files', async () => {
    const promise = loadPullRequestFiles(deps(notARepo), meta(404));
    await expect(promise).rejects.toThrow(KiloError);
    await expect(promise).rejects.toMatchObject({ code: 'API_FAILED' });
    await expect(promise).rejects.toThrow(
      /^cannot load the files of PR #404: the GitHub API failed \(HTTP 404[^\n]*$/,
    );
  });
});
