// The request pipeline of the fake: route → contract check → auth → scripted fault → read-only →
// token permissions → repository → GitHub's limits → 400 for contract breaks → handler. Contract
// breaks are recorded as violations whatever the answer, so a test sees them even when a fault or
// 403 was served instead. Git's smart HTTP passes auth, read-only and permissions the same way.
// `POST /graphql` is checked against GitHub's GraphQL schema instead, then meets auth and faults;
// read-only and permissions are refused per field, as GitHub does (see graphql-threads.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { FaultQueue, readOnlyReply } from './faults.js';
import { gitDenied, gitToken, gitUnauthenticated, type GitRefusal, type GitService } from './git-http.js';
import {
  checkGraphql,
  describe,
  executeGraphql,
  GRAPHQL_DOCS,
  GRAPHQL_PATH,
  GRAPHQL_ROUTE,
} from './graphql.js';
import { githubError, json, type Reply, type Route, type RouteContext, type RouteTable } from './http.js';
import type { OpenApiValidator } from './openapi-validator.js';
import { BOT_LOGIN, type Site } from './payloads-repo.js';
import {
  checkPermissions,
  GIT_PERMISSIONS,
  isPermitted,
  ROUTE_PERMISSIONS,
  withAcceptedPermissions,
} from './permissions.js';
import { checkRoutes } from './routes-checks.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repo.js';
import { reviewRoutes } from './routes-reviews.js';
import { REACTION_CONTENTS, Store } from './store.js';
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

export const ROUTES: RouteTable = {
  ...pullRoutes,
  ...reviewRoutes,
  ...issueRoutes,
  ...checkRoutes,
  ...repoRoutes,
};

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const REST_DOCS = 'https://docs.github.com/rest';

export interface IncomingCall {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  body: string;
}

export class FakeGitHubCore {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly concurrency = { max: 0, maxWrites: 0 };
  private store: Store;
  private readonly faults = new FaultQueue();
  private readOnly: boolean;
  private permissions: TokenPermissions | undefined;
  private delayMs: number;
  private inFlight = { all: 0, writes: 0 };

  constructor(
    readonly site: Site,
    private readonly options: FakeGitHubOptions,
    private readonly validator: OpenApiValidator,
  ) {
    // A route key that is not an operation of the description (a typo) would never be served.
    for (const key of Object.keys(ROUTES)) {
      validator.spec.operation(key);
      if (!ROUTE_PERMISSIONS[key]) throw new Error(`fake-github: no permission documented for ${key}`);
    }
    this.store = this.newStore();
    this.readOnly = options.readOnly ?? false;
    this.permissions = checkPermissions(options.permissions);
    this.delayMs = options.delayMs ?? 0;
  }

  get state(): FakeState {
    return this.store;
  }

  addPullRequest(seed: SeedPullRequest): PullRecord {
    return this.store.addPullRequest(seed);
  }

  /** An existing comment on the PR (a previous run's sticky comment, a human's question). */
  addIssueComment(issueNumber: number, body: string, user = BOT_LOGIN): IssueCommentRecord {
    return this.store.addIssueComment(issueNumber, body, user);
  }

  /** An existing review comment, placed by the same diff rules as a posted one (throws if off-diff). */
  addReviewComment(seed: SeedReviewComment): ReviewCommentRecord {
    return this.store.addReviewComment(seed);
  }

  /** A person resolves the thread of root comment `rootCommentId` in the UI. */
  resolveThread(rootCommentId: number, by: string): void {
    this.store.setResolution(rootCommentId, by);
  }

  /** `user` reacts to an issue or review comment (GraphQL's names: THUMBS_DOWN is 👎, REST's `-1`). */
  addReaction(commentId: number, content: GraphqlReactionContent, user: string): ReactionRecord {
    const rest = REACTION_CONTENTS[content];
    if (!rest) throw new Error(`addReaction: '${String(content)}' is not a GraphQL ReactionContent`);
    return this.store.addReaction(commentId, rest, user);
  }

  /** A file's content at `ref` (a branch name or SHA, exactly as the client will ask for it). */
  setFile(ref: string, path: string, content: string | Uint8Array): void {
    this.store.setFile(ref, path, content);
  }

  failNext(rule: FaultRule): void {
    this.faults.add(rule);
  }

  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }

  setPermissions(permissions: TokenPermissions | undefined): void {
    this.permissions = checkPermissions(permissions);
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  setRole(login: string, role: RepositoryRole): void {
    this.store.roles.set(login.toLowerCase(), role);
  }

  push(number: number, headSha: string, files: readonly SeedFile[]): void {
    this.store.push(number, headSha, files);
  }

  moveHeadAfter(number: number, newSha: string, reads: number): void {
    this.store.moveHeadAfter(number, newSha, reads);
  }

  /** Empties state, requests, violations and scripted faults; options stay. */
  reset(): void {
    this.store = this.newStore();
    this.requests.length = 0;
    this.violations.length = 0;
    this.faults.clear();
    this.readOnly = this.options.readOnly ?? false;
    this.permissions = checkPermissions(this.options.permissions);
    this.delayMs = this.options.delayMs ?? 0;
  }

  async serve(call: IncomingCall): Promise<Reply> {
    const write = WRITE_METHODS.has(call.method);
    this.inFlight.all++;
    if (write) this.inFlight.writes++;
    this.concurrency.max = Math.max(this.concurrency.max, this.inFlight.all);
    this.concurrency.maxWrites = Math.max(this.concurrency.maxWrites, this.inFlight.writes);
    try {
      const arrived = Date.now();
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const { reply, route, body } = this.answer(call);
      this.record({
        method: call.method,
        path: call.url.pathname,
        route,
        query: Object.fromEntries(call.url.searchParams),
        body,
        status: reply.status,
        timestamp: arrived,
      });
      return reply;
    } finally {
      this.inFlight.all--;
      if (write) this.inFlight.writes--;
    }
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
  }

  /** Why GitHub's git server would not serve this fetch or push; undefined to serve it. */
  gitRefusal(service: GitService, authorization: string | undefined): GitRefusal | undefined {
    const token = gitToken(authorization);
    if (!token || (this.options.token !== undefined && token !== this.options.token))
      return gitUnauthenticated();
    const denied = gitDenied(this.site.owner, this.site.repo);
    if (service === 'git-receive-pack' && this.readOnly) return denied;
    return isPermitted(this.permissions, GIT_PERMISSIONS[service]) ? undefined : denied;
  }

  private answer(call: IncomingCall): { reply: Reply; route: string | undefined; body: unknown } {
    const { method, url } = call;
    const violation = (kind: Violation['kind'], errors: string[]) =>
      this.violations.push({ kind, method, path: url.pathname + url.search, errors });
    let body: unknown;
    try {
      body = call.body.trim() === '' ? undefined : JSON.parse(call.body);
    } catch {
      violation('request', ['body is not valid JSON']);
      return {
        reply: githubError(400, 'Problems parsing JSON', REST_DOCS),
        route: this.isGraphql(call) ? GRAPHQL_ROUTE : undefined,
        body: call.body,
      };
    }
    if (this.isGraphql(call)) return { reply: this.answerGraphql(call, body), route: GRAPHQL_ROUTE, body };
    const match = this.validator.spec.match(method, url.pathname);
    if (!match) {
      violation('route', [`GitHub's REST API has no operation ${method} ${url.pathname}`]);
      return { reply: githubError(404, 'Not Found', REST_DOCS), route: undefined, body };
    }
    const { operation } = match;
    const route = ROUTES[operation.key];
    if (!route) {
      violation('unimplemented', [
        `${operation.key} (${operation.operationId}) is not implemented by the fake`,
      ]);
      const message = `fake-github does not implement ${operation.key}`;
      return { reply: githubError(404, message, operation.documentationUrl), route: operation.key, body };
    }
    const checked = this.validator.checkRequest(operation, {
      pathParams: match.pathParams,
      query: url.searchParams,
      body,
    });
    if (checked.errors.length > 0) violation('request', checked.errors);

    const ctx: RouteContext = {
      site: this.site,
      store: this.store,
      params: checked.params,
      body,
      url,
      accept: String(call.headers.accept ?? ''),
      headers: call.headers,
      template: operation.template,
      documentationUrl: operation.documentationUrl,
      actionsCanApprove: this.options.actionsCanApprove ?? false,
    };
    const answered =
      this.refusal(ctx, method, route, checked.errors, operation.operationId) ??
      this.handle(route.handle, ctx, method);
    const reply = withAcceptedPermissions(answered, this.routePermission(operation.key));

    if (
      this.options.validateResponses &&
      reply.status < 300 &&
      reply.text === undefined &&
      reply.body !== undefined
    ) {
      const errors = this.validator.checkResponse(operation, reply.status, reply.body);
      if (errors.length > 0) violation('response', errors);
    }
    return { reply, route: operation.key, body };
  }

  private isGraphql(call: IncomingCall): boolean {
    return call.method === 'POST' && call.url.pathname === GRAPHQL_PATH;
  }

  /**
   * GraphQL: a document that breaks the schema is a violation whatever the answer; then auth and
   * scripted faults as for REST; then execution, where read-only and permissions refuse per field.
   */
  private answerGraphql(call: IncomingCall, body: unknown): Reply {
    const problems = (kind: Violation['kind'], errors: string[]) =>
      this.violations.push({ kind, method: call.method, path: GRAPHQL_PATH, errors });
    const checked = checkGraphql(body);
    if ('errors' in checked) problems('request', checked.errors.map(describe));
    const refused =
      this.authenticate(call.headers.authorization, { documentationUrl: GRAPHQL_DOCS }, true) ??
      this.faults.take(call.method, GRAPHQL_PATH, GRAPHQL_PATH);
    if (refused) return refused;
    const headers = { 'x-ratelimit-resource': 'graphql' };
    if ('errors' in checked) return json(200, { errors: checked.errors }, headers);
    const access = { readOnly: this.readOnly, permissions: this.permissions };
    try {
      const outcome = executeGraphql(checked.request, { site: this.site, store: this.store, access });
      for (const problem of outcome.problems) problems(problem.kind, problem.errors);
      return json(200, outcome.body, headers);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems('response', [message]);
      return githubError(500, `fake-github failed: ${message}`, GRAPHQL_DOCS);
    }
  }

  /** Why GitHub would not serve this request, in the order GitHub checks; undefined to serve it. */
  private refusal(
    ctx: RouteContext,
    method: string,
    route: Route,
    contractErrors: string[],
    operationId: string,
  ): Reply | undefined {
    const auth = this.authenticate(ctx.headers.authorization, ctx);
    if (auth) return auth;
    const fault = this.faults.take(method, ctx.url.pathname, ctx.template);
    if (fault) return fault;
    if (this.readOnly && WRITE_METHODS.has(method)) return readOnlyReply(ctx.documentationUrl);
    // A token whose `permissions:` lack the route's scope: the same 403 as a read-only token's.
    if (!isPermitted(this.permissions, this.routePermission(`${method} ${ctx.template}`)))
      return readOnlyReply(ctx.documentationUrl);
    if (this.isOtherRepository(ctx.params)) return githubError(404, 'Not Found', ctx.documentationUrl);
    // GitHub's limits first: some overlap the schema (maxItems: 50) and GitHub answers those 422.
    const limited = route.limits?.(ctx);
    if (limited) return limited;
    if (contractErrors.length === 0) return undefined;
    const message = `Invalid request to ${operationId}: ${contractErrors.join('; ')}`;
    return githubError(400, message, ctx.documentationUrl, { errors: contractErrors });
  }

  /** A handler that throws is a bug in the fake: 500, and a `response` violation saying so. */
  private handle(handler: (ctx: RouteContext) => Reply, ctx: RouteContext, method: string): Reply {
    try {
      return handler(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.violations.push({ kind: 'response', method, path: ctx.url.pathname, errors: [message] });
      return githubError(500, `fake-github failed: ${message}`, ctx.documentationUrl);
    }
  }

  private authenticate(
    header: string | undefined,
    ctx: Pick<RouteContext, 'documentationUrl'>,
    graphql = false,
  ): Reply | undefined {
    if (!header) {
      // GraphQL has no anonymous access at all, and says so in other words.
      const message = graphql ? 'This endpoint requires you to be authenticated.' : 'Requires authentication';
      return githubError(401, message, ctx.documentationUrl);
    }
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
    if (!token || (this.options.token !== undefined && token !== this.options.token)) {
      return githubError(401, 'Bad credentials', ctx.documentationUrl);
    }
    return undefined;
  }

  private routePermission(key: string) {
    const permission = ROUTE_PERMISSIONS[key];
    if (!permission) throw new Error(`fake-github: no permission documented for ${key}`);
    return permission;
  }

  private isOtherRepository(params: Record<string, unknown>): boolean {
    const same = (a: unknown, b: string) => typeof a !== 'string' || a.toLowerCase() === b.toLowerCase();
    return !same(params.owner, this.site.owner) || !same(params.repo, this.site.repo);
  }

  private newStore(): Store {
    const store = new Store(this.site.owner, this.site.repo, this.site.defaultBranch);
    for (const [login, role] of Object.entries(this.options.roles ?? {}))
      store.roles.set(login.toLowerCase(), role);
    return store;
  }
}
