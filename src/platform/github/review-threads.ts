// The PR's review threads through GitHub's GraphQL API: one query lists them (with our fingerprint
// markers, who resolved them, replies and 👎 reactions), one mutation resolves several at once with
// aliases and replies where a person had written in the thread. REST has no thread resolution.
import type { ReviewThread, ThreadResolution } from '../../findings/ledger.js';
import type { GitHubClient } from './octokit.js';

/** Threads per page; a PR with more than MAX_THREAD_PAGES pages is read in part (and says so). */
const THREADS_PER_PAGE = 100;
export const MAX_THREAD_PAGES = 5;
/** Comments read per thread: our root comment, and enough replies to see a person's. */
const COMMENTS_PER_THREAD = 20;

export const REVIEW_THREADS_QUERY = `query KiloReviewThreads($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          path
          resolvedBy { login }
          comments(first: ${COMMENTS_PER_THREAD}) {
            nodes {
              databaseId
              body
              author { login __typename }
              reactions(content: THUMBS_DOWN) { totalCount }
            }
          }
        }
      }
    }
  }
}`;

interface ThreadNode {
  id: string;
  isResolved: boolean;
  path: string;
  resolvedBy: { login: string } | null;
  comments: {
    nodes: Array<{
      databaseId: number | null;
      body: string;
      author: { login: string; __typename: string } | null;
      reactions: { totalCount: number };
    }>;
  };
}

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ThreadNode[] };
    } | null;
  } | null;
}

const FINGERPRINT_MARKER = /<!-- kilo-agent:fp=(\S+) -->/g;
const IGNORE_REPLY = /^\s*\/kilo\s+ignore\b/i;

/** A thread as the ledger needs it: ours or not, its fingerprints, and what people did with it. */
export function threadFrom(node: ThreadNode): ReviewThread {
  const [root, ...replies] = node.comments.nodes;
  const isBot = (c: ThreadNode['comments']['nodes'][number] | undefined) => c?.author?.__typename === 'Bot';
  const fingerprints =
    root !== undefined && isBot(root)
      ? [...root.body.matchAll(FINGERPRINT_MARKER)].flatMap((m) => decoded(m[1] ?? ''))
      : [];
  // Ours: a bot's comment carrying our (readable) fingerprint marker.
  const ours = fingerprints.length > 0;
  const people = replies.filter((c) => !isBot(c));
  const botLogin = root?.author?.login;
  // Resolved by someone other than us: a person closed it (GitHub names no one for an outdated thread).
  const resolvedByPerson = node.isResolved && node.resolvedBy !== null && node.resolvedBy.login !== botLogin;
  let dismissed: ReviewThread['dismissed'];
  if (ours && people.some((c) => IGNORE_REPLY.test(c.body))) dismissed = 'ignore-reply';
  else if (ours && (root?.reactions.totalCount ?? 0) > 0) dismissed = 'thumbs-down';
  else if (ours && resolvedByPerson) dismissed = 'resolved';
  return {
    id: node.id,
    path: node.path,
    ours,
    fingerprints,
    resolved: node.isResolved,
    personReplied: people.length > 0,
    ...(dismissed ? { dismissed } : {}),
  };
}

/** A marker's fingerprint as fingerprintMarker encoded it; a damaged one is no fingerprint. */
function decoded(text: string): string[] {
  try {
    return text === '' ? [] : [decodeURIComponent(text)];
  } catch {
    return [];
  }
}

/** Every review thread of the PR (up to MAX_THREAD_PAGES pages), and whether some were left unread. */
export async function listReviewThreads(
  octokit: GitHubClient,
  pr: { owner: string; repo: string; number: number },
): Promise<{ threads: ReviewThread[]; partial: boolean }> {
  const threads: ReviewThread[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(REVIEW_THREADS_QUERY, {
      owner: pr.owner,
      repo: pr.repo,
      number: pr.number,
      cursor,
    });
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) return { threads, partial: false };
    threads.push(...connection.nodes.map(threadFrom));
    if (!connection.pageInfo.hasNextPage) return { threads, partial: false };
    cursor = connection.pageInfo.endCursor;
  }
  return { threads, partial: true };
}

/**
 * One mutation for all resolutions: `rN: resolveReviewThread` per thread and, where a person had
 * replied, `cN: addPullRequestReviewThreadReply` saying why. Values travel as variables, never spliced.
 */
export function resolveThreadsMutation(resolutions: readonly ThreadResolution[]): {
  query: string;
  variables: Record<string, string>;
} {
  const declarations: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, string> = {};
  resolutions.forEach((resolution, i) => {
    declarations.push(`$t${i}: ID!`);
    variables[`t${i}`] = resolution.threadId;
    if (resolution.reply !== undefined) {
      declarations.push(`$b${i}: String!`);
      variables[`b${i}`] = resolution.reply;
      fields.push(
        `c${i}: addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: $t${i}, body: $b${i}}) { comment { id } }`,
      );
    }
    fields.push(`r${i}: resolveReviewThread(input: {threadId: $t${i}}) { thread { id isResolved } }`);
  });
  return {
    query: `mutation KiloResolveThreads(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables,
  };
}

export interface ResolveOutcome {
  resolved: number;
  /** GitHub refused the mutation (a read-only token, a fork): its words. */
  refused?: string;
  /** Other errors, one line each (a thread gone meanwhile, a server error). */
  errors: string[];
}

/** Runs the resolutions as one mutation; never throws (a refusal or an error is in the outcome). */
export async function resolveReviewThreads(
  octokit: GitHubClient,
  resolutions: readonly ThreadResolution[],
): Promise<ResolveOutcome> {
  if (resolutions.length === 0) return { resolved: 0, errors: [] };
  const { query, variables } = resolveThreadsMutation(resolutions);
  try {
    const data = await octokit.graphql<Record<string, unknown>>(query, variables);
    return { resolved: countResolved(data, resolutions.length), errors: [] };
  } catch (error) {
    const graphql = graphqlErrors(error);
    if (graphql === undefined) {
      const status = (error as { status?: unknown }).status;
      const message = error instanceof Error ? error.message.split(' - https://')[0]! : String(error);
      return status === 403
        ? { resolved: 0, refused: message, errors: [] }
        : { resolved: 0, errors: [message] };
    }
    const forbidden = graphql.errors.find((e) => e.type === 'FORBIDDEN');
    const others = graphql.errors.filter((e) => e.type !== 'FORBIDDEN').map((e) => e.message);
    return {
      resolved: countResolved(graphql.data, resolutions.length),
      ...(forbidden ? { refused: forbidden.message } : {}),
      errors: [...new Set(others)],
    };
  }
}

function countResolved(data: unknown, count: number): number {
  const fields = (data ?? {}) as Record<string, { thread?: { isResolved?: boolean } } | null>;
  let resolved = 0;
  for (let i = 0; i < count; i++) if (fields[`r${i}`]?.thread?.isResolved === true) resolved++;
  return resolved;
}

/** octokit's GraphqlResponseError (HTTP 200 with `errors`), by shape: its errors and partial data. */
function graphqlErrors(
  error: unknown,
): { errors: Array<{ type?: string; message: string }>; data: unknown } | undefined {
  const e = error as { name?: unknown; errors?: unknown; data?: unknown };
  if (e?.name !== 'GraphqlResponseError' || !Array.isArray(e.errors)) return undefined;
  const errors = e.errors.map((item: unknown) => {
    const { type, message } = (item ?? {}) as { type?: unknown; message?: unknown };
    return {
      ...(typeof type === 'string' ? { type } : {}),
      message: typeof message === 'string' ? message : 'error',
    };
  });
  return { errors, data: e.data };
}
