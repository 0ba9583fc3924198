// The fake's GraphQL endpoint, driven by a real Octokit's `octokit.graphql`: review threads read and
// resolved with the action's own documents, checked against GitHub's GraphQL schema, with GitHub's
// partial-success answers for unknown ids, read-only tokens, missing permissions and faults.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BOT_LOGIN,
  GRAPHQL_ROUTE,
  startFakeGitHub,
  type FakeGitHub,
} from '../../__fixtures__/fake-github/index.js';
import {
  graphqlFailure,
  MARKER,
  RESOLVE_MUTATION,
  seedThreads,
  THREADS_QUERY,
  type ThreadsData,
} from './graphql-helpers.js';
import { BASE_SHA, client, failure, HEAD_SHA } from './helpers.js';

const pr = { owner: 'octo', repo: 'shop', pull_number: 1 };
const vars = { owner: 'octo', repo: 'shop', number: 1, cursor: null };
const FORBIDDEN = 'Resource not accessible by integration';
let fake: FakeGitHub;
/** Set by a test that expects (and asserts) violations; every other test must leave none. */
let violationsExpected = false;

beforeAll(async () => {
  fake = await startFakeGitHub({ token: 'test-token', validateResponses: true });
});
beforeEach(() => {
  violationsExpected = false;
  fake.addPullRequest({
    number: 1,
    baseSha: BASE_SHA,
    headSha: HEAD_SHA,
    files: [
      {
        filename: 'src/a.ts',
        status: 'added',
        patch: '@@ -0,0 +1,3 @@\n+const a = 1;\n+const b = 2;\n+const c = 3;',
      },
    ],
  });
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  if (!violationsExpected) expect(violations).toEqual([]);
});
afterAll(() => fake.close());

function lastRequest() {
  const request = fake.requests[fake.requests.length - 1];
  return request && { route: request.route, path: request.path, status: request.status };
}

describe('query KiloReviewThreads', () => {
  it('returns each thread with its comments, authors, 👎 counts and who resolved it', async () => {
    const { ours, reply, theirs } = seedThreads(fake);
    const data = await client(fake).graphql<ThreadsData>(THREADS_QUERY, vars);
    const [first, second] = fake.state.reviewThreads;
    expect(first).toEqual({
      id: expect.stringMatching(/^PRRT_kw/),
      pullNumber: 1,
      rootCommentId: ours.id,
      path: 'src/a.ts',
      isResolved: false,
      resolvedBy: null,
    });
    expect(data).toEqual({
      repository: {
        pullRequest: {
          reviewThreads: {
            pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
            nodes: [
              {
                id: first?.id,
                isResolved: false,
                path: 'src/a.ts',
                resolvedBy: null,
                comments: {
                  nodes: [
                    {
                      databaseId: ours.id,
                      body: `Bug. ${MARKER}`,
                      author: { login: 'github-actions', __typename: 'Bot' },
                      reactions: { totalCount: 1 },
                    },
                    {
                      databaseId: reply.id,
                      body: 'Intended.',
                      author: { login: 'octocat', __typename: 'User' },
                      reactions: { totalCount: 0 },
                    },
                  ],
                },
              },
              {
                id: second?.id,
                isResolved: true,
                path: 'src/a.ts',
                resolvedBy: { login: 'alice' },
                comments: {
                  nodes: [
                    {
                      databaseId: theirs.id,
                      body: 'Nit',
                      author: { login: 'alice', __typename: 'User' },
                      reactions: { totalCount: 0 },
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    });
    expect(lastRequest()).toEqual({ route: GRAPHQL_ROUTE, path: '/graphql', status: 200 });
    expect(fake.requests[0]?.body).toEqual({ query: THREADS_QUERY, variables: vars });
    // The REST listing sees the same reply chain and reactions.
    const { data: rest } = await client(fake).rest.pulls.listReviewComments(pr);
    expect(rest.map((c) => [c.id, c.in_reply_to_id, c.reactions?.['-1'], c.reactions?.heart])).toEqual([
      [ours.id, undefined, 1, 1],
      [reply.id, ours.id, 0, 0],
      [theirs.id, undefined, 0, 0],
    ]);
  });

  it('pages through more than 100 threads with an opaque cursor', async () => {
    for (let i = 0; i < 150; i++)
      fake.addReviewComment({ pullNumber: 1, path: 'src/a.ts', line: 2, body: `n${i}` });
    const octokit = client(fake);
    const page1 = await octokit.graphql<ThreadsData>(THREADS_QUERY, vars);
    const threads1 = page1.repository?.pullRequest?.reviewThreads;
    expect(threads1?.nodes).toHaveLength(100);
    expect(threads1?.pageInfo.hasNextPage).toBe(true);
    const cursor = threads1?.pageInfo.endCursor ?? null;
    expect(cursor).not.toMatch(/^\d+$/);
    const page2 = await octokit.graphql<ThreadsData>(THREADS_QUERY, { ...vars, cursor });
    const threads2 = page2.repository?.pullRequest?.reviewThreads;
    expect(threads2?.nodes).toHaveLength(50);
    expect(threads2?.pageInfo.hasNextPage).toBe(false);
    const ids = [...(threads1?.nodes ?? []), ...(threads2?.nodes ?? [])].map((n) => n.id);
    expect(ids).toEqual(fake.state.reviewThreads.map((t) => t.id));
    expect(await graphqlFailure(octokit.graphql(THREADS_QUERY, { ...vars, cursor: 'bm9wZQ==' }))).toEqual({
      // `reviewThreads` is non-null, so its error nulls the nearest nullable parent.
      data: { repository: { pullRequest: null } },
      errors: [
        {
          type: 'INVALID_CURSOR_ARGUMENTS',
          path: ['repository', 'pullRequest', 'reviewThreads'],
          extensions: { argument: 'after' },
          locations: [{ line: 4, column: 7 }],
          message: '`bm9wZQ==` does not appear to be a valid cursor.',
        },
      ],
    });
  });

  it('answers NOT_FOUND for a PR that does not exist, with the rest of the data null', async () => {
    expect(await graphqlFailure(client(fake).graphql(THREADS_QUERY, { ...vars, number: 9 }))).toEqual({
      data: { repository: { pullRequest: null } },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository', 'pullRequest'],
          locations: [{ line: 3, column: 5 }],
          message: 'Could not resolve to a PullRequest with the number of 9.',
        },
      ],
    });
  });
});

describe('mutation KiloResolveThreads', () => {
  it('replies in one thread and resolves two, in one request', async () => {
    const { ours, theirs } = seedThreads(fake);
    fake.setPermissions({ 'pull-requests': 'write', contents: 'write' });
    const [t0, t1] = fake.state.reviewThreads.map((t) => t.id);
    const octokit = client(fake);
    const data = await octokit.graphql(RESOLVE_MUTATION, { t0, b0: 'Fixed in abc.', t1 });
    const { data: rest } = await octokit.rest.pulls.listReviewComments(pr);
    const posted = rest[rest.length - 1];
    expect(posted).toMatchObject({
      body: 'Fixed in abc.',
      in_reply_to_id: ours.id,
      user: { login: BOT_LOGIN },
    });
    expect(data).toEqual({
      c0: { comment: { id: posted?.node_id } },
      r0: { thread: { id: t0, isResolved: true } },
      r1: { thread: { id: t1, isResolved: true } },
    });
    expect(fake.state.reviewThreads.map((t) => [t.rootCommentId, t.isResolved, t.resolvedBy])).toEqual([
      [ours.id, true, BOT_LOGIN],
      [theirs.id, true, BOT_LOGIN],
    ]);
    expect(fake.state.reviews.map((r) => [r.user, r.state])).toEqual([[BOT_LOGIN, 'COMMENTED']]);
    // `resolvedBy` is a User: the bot that resolved the threads is not named.
    const after = await octokit.graphql<ThreadsData>(THREADS_QUERY, vars);
    expect(after.repository?.pullRequest?.reviewThreads.nodes).toMatchObject([
      {
        isResolved: true,
        resolvedBy: null,
        comments: { nodes: [{}, {}, { author: { login: 'github-actions' } }] },
      },
      { isResolved: true, resolvedBy: null },
    ]);
  });

  it('answers NOT_FOUND for an unknown thread id and still runs the other fields', async () => {
    seedThreads(fake);
    const [t0] = fake.state.reviewThreads.map((t) => t.id);
    const answer = await graphqlFailure(
      client(fake).graphql(RESOLVE_MUTATION, { t0, b0: 'ok', t1: 'PRRT_kwDOnope' }),
    );
    expect(answer).toEqual({
      data: {
        c0: { comment: { id: expect.stringMatching(/^PRRC_/) } },
        r0: { thread: { id: t0, isResolved: true } },
        r1: null,
      },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['r1'],
          locations: [{ line: 4, column: 3 }],
          message: "Could not resolve to a node with the global id of 'PRRT_kwDOnope'",
        },
      ],
    });
    expect(fake.state.reviewThreads.map((t) => [t.isResolved, t.resolvedBy])).toEqual([
      [true, BOT_LOGIN],
      [true, 'alice'],
    ]);
  });
});

describe('documents that break GitHub’s schema', () => {
  it('refuses an unknown field with a violation and an errors-only answer', async () => {
    violationsExpected = true;
    const query = THREADS_QUERY.replace('isResolved\n', 'isResolved\n          isGreen\n');
    expect(await graphqlFailure(client(fake).graphql(query, vars))).toEqual({
      data: undefined,
      errors: [
        {
          extensions: { code: 'undefinedField', typeName: 'PullRequestReviewThread', fieldName: 'isGreen' },
          locations: [{ line: 9, column: 11 }],
          message: "Field 'isGreen' doesn't exist on type 'PullRequestReviewThread'",
        },
      ],
    });
    expect(lastRequest()).toEqual({ route: GRAPHQL_ROUTE, path: '/graphql', status: 200 });
    expect(fake.violations).toEqual([
      {
        kind: 'request',
        method: 'POST',
        path: '/graphql',
        errors: [
          "GraphQL: Field 'isGreen' doesn't exist on type 'PullRequestReviewThread' (line 9, column 11)",
        ],
      },
    ]);
  });

  it('refuses a variable of the wrong type', async () => {
    violationsExpected = true;
    const answer = await graphqlFailure(client(fake).graphql(THREADS_QUERY, { ...vars, number: 'one' }));
    const explanation =
      'Variable "$number" got invalid value "one"; Int cannot represent non-integer value: "one"';
    expect(answer).toEqual({
      data: undefined,
      errors: [
        {
          extensions: { value: 'one', problems: [{ path: [], explanation }] },
          locations: [{ line: 1, column: 58 }],
          message: 'Variable $number of type Int! was provided invalid value',
        },
      ],
    });
    expect(fake.violations).toEqual([
      {
        kind: 'request',
        method: 'POST',
        path: '/graphql',
        errors: [
          `GraphQL: Variable $number of type Int! was provided invalid value: ${explanation} (line 1, column 58)`,
        ],
      },
    ]);
    expect(fake.state.reviewThreads).toEqual([]);
  });

  it('records a valid field the fake does not model as unimplemented', async () => {
    violationsExpected = true;
    const query =
      'query { repository(owner: "octo", name: "shop") { pullRequest(number: 1) { headRefName } } }';
    const answer = await graphqlFailure(client(fake).graphql(query));
    expect(answer).toMatchObject({ data: { repository: { pullRequest: null } } });
    expect(fake.violations).toEqual([
      {
        kind: 'unimplemented',
        method: 'POST',
        path: '/graphql',
        errors: [
          'GraphQL: Cannot return null for non-nullable field PullRequest.headRefName.' +
            ' at repository.pullRequest.headRefName (line 1, column 76)',
        ],
      },
    ]);
  });

  it('refuses seeds that name no thread or no comment', () => {
    expect(() => fake.addReviewComment({ pullNumber: 1, inReplyTo: 999, body: 'x' })).toThrow(
      'addReviewComment: no review comment 999 on PR #1',
    );
    expect(() => fake.resolveThread(999, 'alice')).toThrow('999 is not the root comment of a review thread');
    expect(() => fake.addReaction(999, 'THUMBS_DOWN', 'bob')).toThrow('no issue or review comment 999');
  });
});

describe('tokens and faults', () => {
  const forbidden = (alias: string, line: number) => ({
    type: 'FORBIDDEN',
    path: [alias],
    extensions: { saml_failure: false },
    locations: [{ line, column: 3 }],
    message: FORBIDDEN,
  });

  it('lets a read-only token query but refuses every mutated field', async () => {
    seedThreads(fake);
    fake.setReadOnly(true);
    const octokit = client(fake);
    const threads = await octokit.graphql<ThreadsData>(THREADS_QUERY, vars);
    expect(threads.repository?.pullRequest?.reviewThreads.nodes).toHaveLength(2);
    const [t0, t1] = fake.state.reviewThreads.map((t) => t.id);
    expect(await graphqlFailure(octokit.graphql(RESOLVE_MUTATION, { t0, b0: 'x', t1 }))).toEqual({
      data: { c0: null, r0: null, r1: null },
      errors: [forbidden('c0', 2), forbidden('r0', 3), forbidden('r1', 4)],
    });
    expect(fake.state.reviewThreads.map((t) => [t.isResolved, t.resolvedBy])).toEqual([
      [false, null],
      [true, 'alice'],
    ]);
    expect(fake.state.reviewComments).toHaveLength(3);
  });

  it('follows the permissions: resolving also needs contents: write, reading needs pull-requests', async () => {
    seedThreads(fake);
    const octokit = client(fake);
    const [t0, t1] = fake.state.reviewThreads.map((t) => t.id);
    fake.setPermissions({ 'pull-requests': 'read', contents: 'write' });
    expect(await graphqlFailure(octokit.graphql(RESOLVE_MUTATION, { t0, b0: 'x', t1 }))).toMatchObject({
      data: { c0: null, r0: null, r1: null },
    });
    fake.setPermissions({ 'pull-requests': 'write', contents: 'read' });
    expect(await graphqlFailure(octokit.graphql(RESOLVE_MUTATION, { t0, b0: 'x', t1 }))).toEqual({
      data: { c0: { comment: { id: expect.stringMatching(/^PRRC_/) } }, r0: null, r1: null },
      errors: [forbidden('r0', 3), forbidden('r1', 4)],
    });
    fake.setPermissions({ contents: 'read' });
    expect(await graphqlFailure(octokit.graphql(THREADS_QUERY, vars))).toEqual({
      data: { repository: { pullRequest: null } },
      errors: [
        {
          ...forbidden('repository', 3),
          path: ['repository', 'pullRequest'],
          locations: [{ line: 3, column: 5 }],
        },
      ],
    });
    expect(fake.state.reviewThreads.map((t) => t.isResolved)).toEqual([false, true]);
  });

  it('serves a scripted 502 instead, then answers again', async () => {
    seedThreads(fake);
    fake.failNext({ method: 'POST', path: '/graphql', status: 502 });
    const octokit = client(fake);
    expect(await failure(octokit.graphql(THREADS_QUERY, vars))).toMatchObject({
      status: 502,
      data: { message: 'Bad Gateway' },
    });
    expect(lastRequest()).toEqual({ route: GRAPHQL_ROUTE, path: '/graphql', status: 502 });
    const threads = await octokit.graphql<ThreadsData>(THREADS_QUERY, vars);
    expect(threads.repository?.pullRequest?.reviewThreads.nodes).toHaveLength(2);
  });

  it('refuses a wrong token with 401', async () => {
    expect(await failure(client(fake, 'other').graphql(THREADS_QUERY, vars))).toMatchObject({
      status: 401,
      data: { message: 'Bad credentials' },
    });
  });
});
