// What a route handler sees and answers, GitHub's error bodies, and GitHub-style pagination
// (`per_page` ≤ 100, `page` from 1, a `Link` header with prev/next/last/first).
import type { IncomingHttpHeaders } from 'node:http';
import type { Site } from './payloads-repo.js';
import type { Store } from './store.js';

export interface Reply {
  status: number;
  /** JSON body; ignored when `text` is set. */
  body?: unknown;
  /** A non-JSON body (diff media types), sent with `contentType`. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A scripted network fault instead of an answer (see FaultRule.drop). */
  drop?: 'reset' | 'hang';
}

export interface RouteContext {
  site: Site;
  store: Store;
  /** Path and query params, coerced to their declared types and validated. */
  params: Record<string, unknown>;
  /** The JSON body; it matched the operation's schema before the handler runs. */
  body: unknown;
  /** The full request URL, for pagination links. */
  url: URL;
  headers: IncomingHttpHeaders;
  accept: string;
  /** The operation's path template. */
  template: string;
  documentationUrl: string;
  actionsCanApprove: boolean;
}

export interface Route {
  handle: (ctx: RouteContext) => Reply;
  /** GitHub's limits on a write, answered 422 before the schema's 400 (they overlap for check runs). */
  limits?: (ctx: RouteContext) => Reply | undefined;
}

/** Routes by the operation's `METHOD template` in GitHub's OpenAPI description. */
export type RouteTable = Record<string, Route>;

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** GitHub's error body: `{ message, documentation_url, status }` plus extras such as `errors`. */
export function githubError(
  status: number,
  message: string,
  documentationUrl: string,
  extra: Record<string, unknown> = {},
): Reply {
  return json(status, { message, ...extra, documentation_url: documentationUrl, status: String(status) });
}

export function notFound(ctx: Pick<RouteContext, 'documentationUrl'>): Reply {
  return githubError(404, 'Not Found', ctx.documentationUrl);
}

/** The `Unprocessable Entity` form the reviews endpoint uses: `errors` is a list of sentences. */
export function unprocessable(ctx: RouteContext, errors: string[]): Reply {
  return githubError(422, 'Unprocessable Entity', ctx.documentationUrl, { errors });
}

export interface FieldError {
  resource: string;
  code: string;
  field: string;
  message?: string;
}

/** The `Validation Failed` form most write endpoints use: `errors` name resource, field and code. */
export function validationFailed(ctx: RouteContext, errors: FieldError[]): Reply {
  return githubError(422, 'Validation Failed', ctx.documentationUrl, { errors });
}

/** GitHub's cap on comment bodies (issue comments, reviews, review comments). */
export const MAX_BODY_CHARS = 65_536;

export function bodyTooLong(
  ctx: RouteContext,
  resource: string,
  body: string | undefined,
): Reply | undefined {
  if (body === undefined || body.length <= MAX_BODY_CHARS) return undefined;
  return validationFailed(ctx, [
    {
      resource,
      code: 'custom',
      field: 'body',
      message: `Body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
    },
  ]);
}

export function intParam(ctx: RouteContext, name: string): number {
  const value = ctx.params[name];
  if (typeof value !== 'number') throw new Error(`param ${name} is not a number after validation`);
  return value;
}

export function stringParam(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.params[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The body as the type its operation declares. Only called after the body matched the operation's
 * JSON schema, which is what makes the cast safe.
 */
export function validatedBody<T>(ctx: RouteContext): T {
  return (ctx.body ?? {}) as T;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** One page of `items`, with GitHub's `Link` header when there is more than one page. */
export function paginate<T>(ctx: RouteContext, items: readonly T[]): Page<T> {
  const requested = typeof ctx.params.per_page === 'number' ? Math.trunc(ctx.params.per_page) : 30;
  const perPage = requested < 1 ? 30 : Math.min(requested, 100);
  const page = Math.max(typeof ctx.params.page === 'number' ? Math.trunc(ctx.params.page) : 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const linkTo = (n: number, rel: string) => {
    const url = new URL(ctx.url.href);
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(linkTo(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(linkTo(page + 1, 'next'), linkTo(last, 'last'));
  if (page > 1) links.push(linkTo(1, 'first'));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

export function since(ctx: RouteContext): (updatedAt: string) => boolean {
  const value = stringParam(ctx, 'since');
  const threshold = value ? Date.parse(value) : Number.NEGATIVE_INFINITY;
  return (updatedAt) => Date.parse(updatedAt) >= threshold;
}
