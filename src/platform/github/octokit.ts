// The one Octokit factory: retries (5xx, never 400/401/403/404/410/422) and throttling (primary and
// secondary rate limits, honouring retry-after / x-ratelimit-reset; writes serialised). Every request
// is reported to `onRequest` so the trace can count and time API calls.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

export interface ApiCall {
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL (github.com, GHES, or a loopback server in tests). */
  baseUrl: string;
  userAgent: string;
  onRequest?: (call: ApiCall) => void;
  /** Called when a limit makes us wait: the log says why the run is slow. */
  onLimit?: (message: string) => void;
  /** Retries of a throttled or failed request before giving up. */
  maxRetries?: number;
  /** Multiplier (ms) for retry-after seconds and retry back-off; GitHub's guidance is 1000. */
  retryAfterBaseMs?: number;
  /** Pause between content-creating requests (GitHub asks for ≥ 1000 ms); 3× that for notifying ones. */
  writeIntervalMs?: number;
  /**
   * Longest wait for one HTTP attempt. GitHub ends a request it cannot serve in 10 s itself, so an
   * answer that takes far longer is a hung connection: the attempt fails and is retried like a 5xx.
   */
  requestTimeoutMs?: number;
}

/** Well past GitHub's own 10-second limit, so only a dead connection ever reaches it. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const RetryingOctokit = Octokit.plugin(retry, throttling);

export function createOctokit(options: OctokitOptions) {
  const maxRetries = options.maxRetries ?? 3;
  const retryAfterBaseMs = options.retryAfterBaseMs ?? 1000;
  const onLimit = options.onLimit ?? (() => undefined);
  const writeIntervalMs = options.writeIntervalMs ?? 1000;
  const octokit = new RetryingOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent,
    retry: { retries: maxRetries, retryAfterBaseValue: retryAfterBaseMs },
    throttle: {
      retryAfterBaseValue: retryAfterBaseMs,
      // Writes one at a time, spaced out: GitHub's secondary limits punish bursts of POSTs, and
      // writes that notify people (comments, reviews) three times as much (plugin-throttling's ratio).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeIntervalMs }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * writeIntervalMs }),
      onRateLimit: (retryAfter, request, _octokit, retryCount) => {
        onLimit(`rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
        return retryCount < maxRetries;
      },
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        onLimit(`secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
        return retryCount < maxRetries;
      },
    },
    // Counting at the fetch layer sees every HTTP attempt, retries included: that is what the
    // rate limit and the api-calls budget count.
    request: {
      fetch: countingFetch(options.onRequest, options.requestTimeoutMs || DEFAULT_REQUEST_TIMEOUT_MS),
    },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return octokit;
}

function countingFetch(onRequest: OctokitOptions['onRequest'], timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    const method = init?.method ?? 'GET';
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const route = new URL(url).pathname;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      // The timeout covers the body too: octokit reads it from this response after we return.
      const response = await fetch(input, { ...init, signal });
      onRequest?.({
        method,
        route,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
      });
      return response;
    } catch (error) {
      onRequest?.({ method, route, status: 0, durationMs: Math.round(performance.now() - started) });
      throw error;
    }
  };
}

export type GitHubClient = ReturnType<typeof createOctokit>;

/** Narrowing by shape, as octokit's own plugins do: RequestError carries a numeric status. */
export function isRequestError(error: unknown): error is Error & {
  status: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
} {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * A 403 (or 429) that is a rate limit, not a refusal: GitHub sends `retry-after` with a secondary limit
 * and `x-ratelimit-remaining: 0` with the primary one. Such a write may work later; a refusal will not.
 */
export function isRateLimit(error: unknown): boolean {
  if (!isRequestError(error) || (error.status !== 403 && error.status !== 429)) return false;
  const headers = error.response?.headers ?? {};
  return headers['retry-after'] !== undefined || String(headers['x-ratelimit-remaining']) === '0';
}

/** GitHub's own words for a failed request: `message`, plus each `errors[].message` (or the string). */
export function apiErrorMessage(error: unknown): string {
  if (!isRequestError(error)) return error instanceof Error ? error.message : String(error);
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  if (typeof data?.message !== 'string') return error.message.split(' - https://')[0] ?? error.message;
  const details = Array.isArray(data.errors)
    ? data.errors
        .map((e: unknown) => (typeof e === 'string' ? e : (e as { message?: unknown })?.message))
        .filter((m): m is string => typeof m === 'string')
    : [];
  return details.length ? `${data.message}: ${details.join('; ')}` : data.message;
}
