import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import { loadOpenApiSpec } from '../../__fixtures__/fake-github/openapi-spec.js';
import { BASE_SHA, client, failure, HEAD_SHA } from './helpers.js';

const repo = { owner: 'octo', repo: 'shop' };
const POLICY = 'rules:\n  - id: no-secrets\n    severity: error\n';
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ validateResponses: true, token: 'test-token' });
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  expect(violations).toEqual([]);
});
afterAll(() => fake.close());

describe('GET /repos/{owner}/{repo}/contents/{path}', () => {
  it('answers a file at a ref as GitHub does: base64 in 60-column lines, blob SHA, links', async () => {
    // 135 bytes: 180 base64 characters, three full lines.
    const long = 'x'.repeat(135 - POLICY.length);
    fake.setFile(BASE_SHA, '.github/kilo.yml', POLICY + long);

    const { data, status } = await client(fake).rest.repos.getContent({
      ...repo,
      path: '.github/kilo.yml',
      ref: BASE_SHA,
    });

    expect(status).toBe(200);
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    const text = POLICY + long;
    const blobSha = createHash('sha1').update(`blob ${text.length}\0${text}`).digest('hex');
    expect(data).toMatchObject({
      type: 'file',
      encoding: 'base64',
      name: 'kilo.yml',
      path: '.github/kilo.yml',
      size: text.length,
      sha: blobSha,
      url: `${fake.url}/repos/octo/shop/contents/.github/kilo.yml?ref=${BASE_SHA}`,
      git_url: `${fake.url}/repos/octo/shop/git/blobs/${blobSha}`,
      html_url: `https://github.com/octo/shop/blob/${BASE_SHA}/.github/kilo.yml`,
    });
    expect(data.content.split('\n').map((line) => line.length)).toEqual([60, 60, 60, 0]);
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(text);
    expect(fake.requests.at(-1)).toMatchObject({
      route: 'GET /repos/{owner}/{repo}/contents/{path}',
      query: { ref: BASE_SHA },
      status: 200,
    });
  });

  it('answers the raw file for the raw media types', async () => {
    fake.setFile(BASE_SHA, 'AGENTS.md', '# Guidance\nBe careful.\n');
    const octokit = client(fake);

    const answers = await Promise.all(
      ['application/vnd.github.raw+json', 'application/vnd.github.raw'].map((accept) =>
        octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          ...repo,
          path: 'AGENTS.md',
          ref: BASE_SHA,
          headers: { accept },
        }),
      ),
    );
    const viaMediaType = await octokit.rest.repos.getContent({
      ...repo,
      path: 'AGENTS.md',
      ref: BASE_SHA,
      mediaType: { format: 'raw' },
    });

    for (const answer of [...answers, viaMediaType]) {
      expect(answer.status).toBe(200);
      expect(answer.data).toBe('# Guidance\nBe careful.\n');
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('keeps refs apart and uses the default branch without a ref', async () => {
    fake.setFile('main', 'src/a.ts', 'export const a = 1;\n');
    fake.setFile(HEAD_SHA, 'src/a.ts', 'export const a = 2;\n');
    const octokit = client(fake);
    const read = async (ref?: string) => {
      const { data } = await octokit.rest.repos.getContent({ ...repo, path: 'src/a.ts', ref });
      if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
      return Buffer.from(data.content, 'base64').toString('utf8');
    };

    expect(await read()).toBe('export const a = 1;\n');
    expect(await read('main')).toBe('export const a = 1;\n');
    expect(await read(HEAD_SHA)).toBe('export const a = 2;\n');
  });

  it('answers 404 for a missing file and for a ref with no files', async () => {
    fake.setFile(BASE_SHA, 'src/a.ts', 'a');
    const octokit = client(fake);

    const missing = await failure(
      octokit.rest.repos.getContent({ ...repo, path: 'src/b.ts', ref: BASE_SHA }),
    );
    const noRef = await failure(octokit.rest.repos.getContent({ ...repo, path: 'src/a.ts', ref: HEAD_SHA }));

    expect(missing).toMatchObject({ status: 404, data: { message: 'Not Found' } });
    expect(noRef).toMatchObject({
      status: 404,
      data: { message: `No commit found for the ref ${HEAD_SHA}` },
    });
  });

  it('serves a path sent with unencoded slashes, as GitHub does', async () => {
    fake.setFile(BASE_SHA, 'src/deep/dir/a b.ts', 'deep');

    const response = await fetch(
      `${fake.url}/repos/octo/shop/contents/src/deep/dir/a%20b.ts?ref=${BASE_SHA}`,
      {
        headers: { authorization: 'token test-token', accept: 'application/vnd.github.raw' },
      },
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('deep');
    expect(loadOpenApiSpec().match('GET', '/repos/octo/shop/contents/src/a.ts')?.pathParams).toEqual({
      owner: 'octo',
      repo: 'shop',
      path: 'src/a.ts',
    });
  });

  it('inlines binary files as base64 and leaves files over 1 MB out, as GitHub does', async () => {
    const binary = Uint8Array.from([0, 255, 1, 254, 10]);
    fake.setFile(BASE_SHA, 'logo.png', binary);
    fake.setFile(BASE_SHA, 'big.txt', 'y'.repeat(1024 * 1024 + 1));
    const octokit = client(fake);

    const small = (await octokit.rest.repos.getContent({ ...repo, path: 'logo.png', ref: BASE_SHA })).data;
    const big = (await octokit.rest.repos.getContent({ ...repo, path: 'big.txt', ref: BASE_SHA })).data;

    if (Array.isArray(small) || small.type !== 'file') throw new Error('expected a file');
    if (Array.isArray(big) || big.type !== 'file') throw new Error('expected a file');
    expect([...Buffer.from(small.content, 'base64')]).toEqual([...binary]);
    expect(big).toMatchObject({ encoding: 'none', content: '', size: 1024 * 1024 + 1 });
  });

  it('requires the token like every other route', async () => {
    fake.setFile(BASE_SHA, 'src/a.ts', 'a');

    const answer = await failure(
      client(fake, 'wrong-token').rest.repos.getContent({ ...repo, path: 'src/a.ts', ref: BASE_SHA }),
    );

    expect(answer).toMatchObject({ status: 401, data: { message: 'Bad credentials' } });
  });
});
