import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import {
  primaryRateLimit,
  secondaryRateLimit,
  startFakeGitHub,
  type FakeGitHub,
} from '../../__fixtures__/fake-github/index.js';
import { BASE_SHA, client, failure, HEAD_SHA } from './helpers.js';

const pr = { owner: 'octo', repo: 'shop', pull_number: 1 };
const PULL_ROUTE = 'GET /repos/{owner}/{repo}/pulls/{pull_number}';
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub();
});
beforeEach(() => {
  fake.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: [] });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The production set-up (plugin-retry + plugin-throttling) with waits shrunk to milliseconds. */
function retryingClient(limits: string[]) {
  const Retrying = Octokit.plugin(retry, throttling);
  return new Retrying({
    auth: 'test-token',
    baseUrl: fake.url,
    log: silent,
    retry: { retryAfterBaseValue: 1 },
    throttle: {
      retryAfterBaseValue: 1,
      onRateLimit: (after: number, _options: unknown, _octokit: unknown, count: number) => {
        limits.push(`primary ${after}`);
        return count < 2;
      },
      onSecondaryRateLimit: (after: number, _options: unknown, _octokit: unknown, count: number) => {
        limits.push(`secondary ${after}`);
        return count < 2;
      },
    },
  });
}

describe('failNext', () => {
  it('fails the next two matching requests with 502, then serves', async () => {
    fake.failNext({ method: 'GET', path: '/repos/octo/shop/pulls/1', status: 502, times: 2 });
    const octokit = client(fake);
    const get = () => octokit.rest.pulls.get(pr);
    expect(await failure(get())).toMatchObject({ status: 502, data: { message: 'Bad Gateway' } });
    expect(await failure(get())).toMatchObject({ status: 502 });
    expect((await get()).data.head.sha).toBe(HEAD_SHA);
    expect(fake.requests.map((r) => [r.route, r.status])).toEqual([
      [PULL_ROUTE, 502],
      [PULL_ROUTE, 502],
      [PULL_ROUTE, 200],
    ]);
  });

  it('matches by template or RegExp and leaves other routes alone', async () => {
    fake.failNext({ path: '/repos/{owner}/{repo}/pulls/{pull_number}', status: 500 });
    fake.failNext({ path: /\/files$/, status: 503, body: { message: 'down' }, headers: { 'x-custom': '1' } });
    const octokit = client(fake);
    expect((await octokit.rest.repos.get({ owner: 'octo', repo: 'shop' })).status).toBe(200);
    expect((await failure(octokit.rest.pulls.get(pr))).status).toBe(500);
    expect(await failure(octokit.rest.pulls.listFiles(pr))).toMatchObject({
      status: 503,
      data: { message: 'down' },
    });
    expect((await octokit.rest.pulls.listFiles(pr)).status).toBe(200);
  });

  it('lets plugin-retry recover from 502s', async () => {
    fake.failNext({ path: '/repos/octo/shop/pulls/1', status: 502, times: 2 });
    const { data } = await retryingClient([]).rest.pulls.get(pr);
    expect(data.number).toBe(1);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it("serves GitHub's secondary and primary rate limits, which plugin-throttling honours", async () => {
    fake.failNext(secondaryRateLimit({ path: '/repos/octo/shop/pulls/1', retryAfter: 3 }));
    fake.failNext(primaryRateLimit({ path: '/repos/octo/shop/pulls/1/files' }));
    const limits: string[] = [];
    const octokit = retryingClient(limits);
    expect((await octokit.rest.pulls.get(pr)).status).toBe(200);
    expect((await octokit.rest.pulls.listFiles(pr)).status).toBe(200);
    expect(limits[0]).toBe('secondary 3');
    expect(limits[1]).toMatch(/^primary [23]$/); // reset is 1-2 s away, +1 s
    expect(fake.requests.map((r) => r.status)).toEqual([403, 200, 403, 200]);
  });

  it('answers 429 with retry-after when scripted so', async () => {
    fake.failNext(secondaryRateLimit({ status: 429, retryAfter: 1 }));
    const error = await client(fake)
      .rest.pulls.get(pr)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, response: { headers: { 'retry-after': '1' } } });
  });
});

describe('dropped connections', () => {
  it('resets the connection instead of answering, records status 0, then serves', async () => {
    fake.failNext({ method: 'GET', path: PULL_ROUTE.split(' ')[1], status: 0, drop: 'reset' });
    const octokit = client(fake);
    const error = await octokit.rest.pulls.get(pr).catch((e: unknown) => e as Error & { status: number });
    expect(error.status).toBe(500); // octokit's status for a request that got no answer
    expect((await octokit.rest.pulls.get(pr)).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('leaves a hung request unanswered until the client gives up', async () => {
    fake.failNext({ method: 'GET', status: 0, drop: 'hang' });
    const octokit = client(fake);
    const started = Date.now();
    const error = await octokit.rest.pulls
      .get({ ...pr, request: { signal: AbortSignal.timeout(300) } })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(error).toMatchObject({ status: 500 });
    expect(fake.requests.map((r) => r.status)).toEqual([0]);
    expect((await octokit.rest.pulls.get(pr)).status).toBe(200);
  });
});

describe('tokens', () => {
  it('answers 403 "Resource not accessible by integration" to writes in read-only mode; reads work', async () => {
    fake.setReadOnly(true);
    const octokit = client(fake);
    expect((await octokit.rest.pulls.get(pr)).status).toBe(200);
    const write = await failure(
      octokit.rest.issues.createComment({ owner: 'octo', repo: 'shop', issue_number: 1, body: 'hi' }),
    );
    expect(write).toMatchObject({
      status: 403,
      data: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      },
    });
    expect(
      (
        await failure(
          octokit.rest.checks.create({ owner: 'octo', repo: 'shop', name: 'x', head_sha: HEAD_SHA }),
        )
      ).status,
    ).toBe(403);
    expect(fake.state.issueComments).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('answers 401 without a token, and for a wrong one when a token is configured', async () => {
    const anonymous = new Octokit({ baseUrl: fake.url, log: silent });
    expect(await failure(anonymous.rest.pulls.get(pr))).toMatchObject({
      status: 401,
      data: { message: 'Requires authentication' },
    });
    const strict = await startFakeGitHub({ token: 'right' });
    try {
      strict.addPullRequest({ number: 1, baseSha: BASE_SHA, headSha: HEAD_SHA, files: [] });
      expect(await failure(client(strict, 'wrong').rest.pulls.get(pr))).toMatchObject({
        status: 401,
        data: { message: 'Bad credentials' },
      });
      expect((await client(strict, 'right').rest.pulls.get(pr)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('contract checks', () => {
  it('answers 404 for a route GitHub does not have and records it', async () => {
    const result = await failure(
      client(fake).request('GET /repos/{owner}/{repo}/pulls/{pull_number}/nope', pr),
    );
    expect(result.status).toBe(404);
    expect(fake.violations).toEqual([
      {
        kind: 'route',
        method: 'GET',
        path: '/repos/octo/shop/pulls/1/nope',
        errors: ["GitHub's REST API has no operation GET /repos/octo/shop/pulls/1/nope"],
      },
    ]);
  });

  it('records a misspelt query param and a route the fake does not implement', async () => {
    const octokit = client(fake);
    await octokit
      .request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...pr, perPage: 5 })
      .catch(() => undefined);
    await octokit.rest.pulls.list({ owner: 'octo', repo: 'shop' }).catch(() => undefined);
    expect(fake.violations.map((v) => [v.kind, v.errors])).toEqual([
      ['request', ["query has an unknown property 'perPage'"]],
      ['unimplemented', ['GET /repos/{owner}/{repo}/pulls (pulls/list) is not implemented by the fake']],
    ]);
  });
});

describe('latency', () => {
  it('delays every response and reports how many requests overlapped', async () => {
    fake.setDelay(40);
    const octokit = client(fake);
    const started = performance.now();
    await Promise.all([1, 2, 3].map(() => octokit.rest.pulls.get(pr)));
    await Promise.all(
      [1, 2].map((n) =>
        octokit.rest.issues.createComment({ owner: 'octo', repo: 'shop', issue_number: 1, body: `c${n}` }),
      ),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(fake.concurrency).toEqual({ max: 3, maxWrites: 2 });
  });
});
