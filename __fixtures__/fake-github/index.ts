// A loopback fake of GitHub's REST API for one repository, for integration tests: every request is
// checked against GitHub's OpenAPI description, PRs are seeded by the test, reviews follow GitHub's
// diff rules, and faults (5xx, rate limits, read-only tokens, a token's `permissions:`, a push
// mid-run) are scriptable. It can also serve a bare repository over git's smart HTTP, so pushes
// meet the same token, and GitHub's GraphQL endpoint for review threads (`POST /graphql`, checked
// against GitHub's GraphQL schema). Listens on 127.0.0.1 only. See __tests__/fake-github/ for usage.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitHubCore } from './fake-github.js';
import { gitTarget, runHttpBackend, sendGitRefusal, type GitTarget } from './git-http.js';
import type { Reply } from './http.js';
import { loadOpenApiValidator } from './openapi-validator.js';
import type {
  FakeGitHubOptions,
  FakeState,
  FaultRule,
  GraphqlReactionContent,
  IssueCommentRecord,
  PullRecord,
  ReactionRecord,
  RecordedRequest,
  RepositoryRole,
  ReviewCommentRecord,
  SeedFile,
  SeedPullRequest,
  SeedReviewComment,
  TokenPermissions,
  Violation,
} from './types.js';

export type * from './types.js';
export { primaryRateLimit, secondaryRateLimit } from './faults.js';
export { BOT_LOGIN } from './payloads-repo.js';
export { MAX_LISTED_FILES } from './routes-pulls.js';
export { GRAPHQL_PERMISSIONS, PERMISSION_SCOPES, ROUTE_PERMISSIONS } from './permissions.js';
export { GRAPHQL_ROUTE } from './graphql.js';

export interface FakeGitHub {
  /** Base URL for GITHUB_API_URL / octokit's baseUrl, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly state: FakeState;
  /** Every request answered, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Requests that broke GitHub's OpenAPI description (or reached a route the fake lacks), and GraphQL
   * documents or variables that broke GitHub's GraphQL schema (kind `request`, path `/graphql`).
   */
  readonly violations: readonly Violation[];
  /** Most requests in flight at once: all of them, and writes only (DESIGN §6 serialises writes). */
  readonly concurrency: { readonly max: number; readonly maxWrites: number };
  addPullRequest(seed: SeedPullRequest): PullRecord;
  addIssueComment(issueNumber: number, body: string, user?: string): IssueCommentRecord;
  /**
   * An existing review comment: a thread's root on a diff line, or (with `inReplyTo`) a reply in the
   * thread of that comment, e.g. a person answering our finding.
   */
  addReviewComment(seed: SeedReviewComment): ReviewCommentRecord;
  /**
   * A person resolves the thread whose root comment is `rootCommentId` in the UI: GraphQL then reads
   * `isResolved: true` and `resolvedBy { login: by }`. Throws if the id is not a thread's root.
   */
  resolveThread(rootCommentId: number, by: string): void;
  /**
   * `user` reacts to an issue or review comment, e.g. 👎 (`THUMBS_DOWN`) on a finding; GraphQL's
   * `reactions(content: THUMBS_DOWN) { totalCount }` and REST's `reactions` rollup count it. A repeat
   * of the same reaction by the same user is kept once, as on GitHub.
   */
  addReaction(commentId: number, content: GraphqlReactionContent, user: string): ReactionRecord;
  /**
   * A file for `GET …/contents/{path}?ref=…`. Refs are literal: set the file under the branch name or
   * SHA the client will ask for (no `ref` means the default branch). Cleared by `reset()`.
   */
  setFile(ref: string, path: string, content: string | Uint8Array): void;
  /** The next matching request(s) get this answer instead of being served (`path: '/graphql'` too). */
  failNext(rule: FaultRule): void;
  /**
   * Every write answers 403 "Resource not accessible by integration", as for a fork PR's token; each
   * GraphQL mutation field is null with a FORBIDDEN error of that message (queries still work).
   */
  setReadOnly(readOnly: boolean): void;
  /**
   * The token's `permissions:` block: a scope it does not list is `none`, `read` allows GETs only, and
   * a request without its route's permission answers 403 "Resource not accessible by integration"
   * (git pushes: "Permission to … denied"; GraphQL: a FORBIDDEN error on the field, see
   * GRAPHQL_PERMISSIONS). `undefined` allows everything. Cleared by `reset()`.
   */
  setPermissions(permissions: TokenPermissions | undefined): void;
  /**
   * Serves this bare repository at `<url>/<owner>/<repo>.git` over git's smart HTTP (undefined: no git
   * server). Kept by `reset()`, like the url.
   */
  serveGit(bareRepository: string | undefined): void;
  setRole(login: string, role: RepositoryRole): void;
  /** PR `number`'s head becomes `newSha` right after its `reads`-th GET from now (0: at once). */
  moveHeadAfter(number: number, newSha: string, reads: number): void;
  /** A push to the PR (or a force push): its head becomes `headSha` and its files are `files`. */
  push(number: number, headSha: string, files: readonly SeedFile[]): void;
  /** Latency added to every response from now on. */
  setDelay(ms: number): void;
  /** Empties state, requests, violations and faults; options stay. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const validator = loadOpenApiValidator();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const owner = options.owner ?? 'octo';
  const repo = options.repo ?? 'shop';
  const site = { apiUrl: url, owner, repo, defaultBranch: options.defaultBranch ?? 'main' };
  const core = new FakeGitHubCore(site, options, validator);
  let served = 0;
  let gitRepository = options.gitRepository;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? '/', url);
    const git = gitRepository === undefined ? undefined : gitTarget(requestUrl, owner, repo);
    if (git && gitRepository !== undefined) {
      serveGitRequest(core, req, res, requestUrl, git, gitRepository);
      return;
    }
    readBody(req)
      .then((body) =>
        core.serve({
          method: (req.method ?? 'GET').toUpperCase(),
          url: requestUrl,
          headers: req.headers,
          body,
        }),
      )
      .then((reply) => send(res, reply, ++served))
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-github: ${error instanceof Error ? error.message : String(error)}`);
      });
  });

  return {
    url,
    owner,
    repo,
    get state() {
      return core.state;
    },
    requests: core.requests,
    violations: core.violations,
    concurrency: core.concurrency,
    addPullRequest: (seed) => core.addPullRequest(seed),
    addIssueComment: (issueNumber, body, user) => core.addIssueComment(issueNumber, body, user),
    addReviewComment: (seed) => core.addReviewComment(seed),
    resolveThread: (rootCommentId, by) => core.resolveThread(rootCommentId, by),
    addReaction: (commentId, content, user) => core.addReaction(commentId, content, user),
    setFile: (ref, path, content) => core.setFile(ref, path, content),
    failNext: (rule) => core.failNext(rule),
    setReadOnly: (readOnly) => core.setReadOnly(readOnly),
    setPermissions: (permissions) => core.setPermissions(permissions),
    serveGit: (bareRepository) => {
      gitRepository = bareRepository;
    },
    setRole: (login, role) => core.setRole(login, role),
    moveHeadAfter: (number, newSha, reads) => core.moveHeadAfter(number, newSha, reads),
    push: (number, headSha, files) => core.push(number, headSha, files),
    setDelay: (ms) => core.setDelay(ms),
    reset: () => core.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Git's smart HTTP: refused like GitHub refuses the token, else http-backend; recorded like a REST call. */
function serveGitRequest(
  core: FakeGitHubCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  target: GitTarget,
  repository: string,
): void {
  const arrived = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const refusal = core.gitRefusal(target.service, req.headers.authorization);
  // Pack data is binary and may be large: streamed to http-backend, never read as text here.
  const answered = refusal
    ? Promise.resolve(sendGitRefusal(res, refusal)).then(() => refusal.status)
    : runHttpBackend(req, res, url, repository, target.suffix);
  answered
    .then((status) =>
      core.record({
        method,
        path: url.pathname,
        route: target.service,
        query: Object.fromEntries(url.searchParams),
        body: undefined,
        status,
        timestamp: arrived,
      }),
    )
    .catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake-github: ${error instanceof Error ? error.message : String(error)}`);
    });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a reply with the headers GitHub puts on every response; a reply's own headers win. */
function send(res: ServerResponse, reply: Reply, served: number): void {
  if (reply.drop === 'reset') {
    res.socket?.destroy();
    return;
  }
  // A hung answer: the socket stays open until the client gives up or close() ends every connection.
  if (reply.drop === 'hang') return;
  const headers: Record<string, string> = {
    'content-type': reply.contentType ?? 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': `FAKE:${served}`,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(Math.max(1, 5000 - served)),
    'x-ratelimit-used': String(served),
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  };
  const payload =
    reply.text ?? (reply.body === undefined || reply.status === 204 ? '' : JSON.stringify(reply.body));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
