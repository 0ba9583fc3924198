// Shared pieces of the fake's GraphQL tests: the action's two documents, a seed of two threads, and
// the `data`/`errors` of an answer octokit rejects because it carried `errors`.
import type { FakeGitHub, ReviewCommentRecord } from '../../__fixtures__/fake-github/index.js';
import { REVIEW_THREADS_QUERY, resolveThreadsMutation } from '../../src/platform/github/review-threads.js';

/** The action's query (src/platform/github/review-threads.ts): the fake must take the very document sent. */
export const THREADS_QUERY = REVIEW_THREADS_QUERY;

/** The action's mutation for two threads, the first with a reply. */
export const RESOLVE_MUTATION = resolveThreadsMutation([
  { threadId: 'PRRT_a', fingerprint: 'f1', state: 'fixed', reply: 'why' },
  { threadId: 'PRRT_b', fingerprint: 'f2', state: 'outdated' },
]).query;

export const MARKER = '<!-- kilo-agent:fp=abc123 -->';

export interface Seeded {
  ours: ReviewCommentRecord;
  reply: ReviewCommentRecord;
  theirs: ReviewCommentRecord;
}

/** Our finding (👎 by bob, answered by octocat) and alice's own thread, which she resolved. */
export function seedThreads(fake: FakeGitHub): Seeded {
  const ours = fake.addReviewComment({ pullNumber: 1, path: 'src/a.ts', line: 1, body: `Bug. ${MARKER}` });
  const reply = fake.addReviewComment({
    pullNumber: 1,
    inReplyTo: ours.id,
    body: 'Intended.',
    user: 'octocat',
  });
  const theirs = fake.addReviewComment({
    pullNumber: 1,
    path: 'src/a.ts',
    line: 3,
    body: 'Nit',
    user: 'alice',
  });
  fake.addReaction(ours.id, 'THUMBS_DOWN', 'bob');
  fake.addReaction(ours.id, 'THUMBS_DOWN', 'bob');
  fake.addReaction(ours.id, 'HEART', 'carol');
  fake.resolveThread(theirs.id, 'alice');
  return { ours, reply, theirs };
}

export interface ThreadsData {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ id: string }>;
      };
    } | null;
  } | null;
}

/** `data` and `errors` of an answer that carried `errors` (octokit throws GraphqlResponseError). */
export async function graphqlFailure(promise: Promise<unknown>): Promise<{ data: unknown; errors: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && error.name === 'GraphqlResponseError') {
      const { data, errors } = error as Error & { data?: unknown; errors?: unknown };
      return { data, errors };
    }
    throw error;
  }
  throw new Error('expected an answer with GraphQL errors');
}
