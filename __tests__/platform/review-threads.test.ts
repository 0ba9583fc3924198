import { describe, expect, it } from '@jest/globals';
import { fingerprintMarker } from '../../src/report/post-plan.js';
import { resolveThreadsMutation, threadFrom } from '../../src/platform/github/review-threads.js';

type Node = Parameters<typeof threadFrom>[0];
const bot = { login: 'github-actions', __typename: 'Bot' };
const person = { login: 'octocat', __typename: 'User' };
const comment = (author: typeof bot, body: string, thumbsDown = 0) => ({
  databaseId: 1,
  body,
  author,
  reactions: { totalCount: thumbsDown },
});
const node = (comments: Node['comments']['nodes'], overrides: Partial<Node> = {}): Node => ({
  id: 'PRRT_1',
  isResolved: false,
  path: 'src/app.js',
  resolvedBy: null,
  comments: { nodes: comments },
  ...overrides,
});
const OURS = `⚠️ no-debugger\n\n${fingerprintMarker('0123456789abcdef')}`;

describe('review threads as the ledger reads them', () => {
  it('knows our thread by the bot author and the marker, and takes its fingerprints', () => {
    expect(threadFrom(node([comment(bot, OURS)]))).toEqual({
      id: 'PRRT_1',
      path: 'src/app.js',
      ours: true,
      fingerprints: ['0123456789abcdef'],
      resolved: false,
      personReplied: false,
    });
  });

  it('is not ours when a person wrote it, even with our marker pasted in', () => {
    const thread = threadFrom(node([comment(person, OURS)]));
    expect(thread.ours).toBe(false);
    expect(thread.fingerprints).toEqual([]);
  });

  it('reads a dismissal: resolved by a person, a 👎 on our comment, a /kilo ignore reply', () => {
    const resolved = node([comment(bot, OURS)], { isResolved: true, resolvedBy: { login: 'octocat' } });
    expect(threadFrom(resolved).dismissed).toBe('resolved');
    const ourResolve = node([comment(bot, OURS)], {
      isResolved: true,
      resolvedBy: { login: 'github-actions' },
    });
    expect(threadFrom(ourResolve).dismissed).toBeUndefined();
    expect(threadFrom(node([comment(bot, OURS, 1)])).dismissed).toBe('thumbs-down');
    const ignore = threadFrom(node([comment(bot, OURS), comment(person, '  /kilo ignore — intended')]));
    expect(ignore).toMatchObject({ dismissed: 'ignore-reply', personReplied: true });
    // Only a person's reply counts; the words elsewhere do not.
    expect(
      threadFrom(node([comment(bot, OURS), comment(person, 'please /kilo ignore')])).dismissed,
    ).toBeUndefined();
  });

  it('ignores a damaged marker instead of failing on it', () => {
    expect(threadFrom(node([comment(bot, '<!-- kilo-agent:fp=%E0%A4%A -->')])).fingerprints).toEqual([]);
  });
});

describe('the resolve mutation', () => {
  it('aliases one field per thread, a reply only where asked, values as variables', () => {
    const { query, variables } = resolveThreadsMutation([
      { threadId: 'PRRT_a', fingerprint: 'f1', state: 'fixed', reply: 'Fixed "here" }' },
      { threadId: 'PRRT_b', fingerprint: 'f2', state: 'outdated' },
    ]);
    expect(query).toBe(
      [
        'mutation KiloResolveThreads($t0: ID!, $b0: String!, $t1: ID!) {',
        '  c0: addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: $t0, body: $b0}) { comment { id } }',
        '  r0: resolveReviewThread(input: {threadId: $t0}) { thread { id isResolved } }',
        '  r1: resolveReviewThread(input: {threadId: $t1}) { thread { id isResolved } }',
        '}',
      ].join('\n'),
    );
    expect(variables).toEqual({ t0: 'PRRT_a', b0: 'Fixed "here" }', t1: 'PRRT_b' });
  });
});
