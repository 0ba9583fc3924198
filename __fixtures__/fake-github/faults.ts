// Scripted failures: the next matching request(s) get a given status, headers and body instead of
// being served. Helpers build GitHub's own rate-limit answers.
import { STATUS_CODES } from 'node:http';
import type { Reply } from './http.js';
import type { FaultRule } from './types.js';

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

interface PendingFault extends FaultRule {
  remaining: number;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer`);
    this.pending.push({ ...rule, remaining: times });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The injected reply for this request, consuming one use of the first matching rule. */
  take(method: string, path: string, template: string): Reply | undefined {
    const index = this.pending.findIndex((rule) => matches(rule, method, path, template));
    const rule = this.pending[index];
    if (!rule) return undefined;
    if (--rule.remaining === 0) this.pending.splice(index, 1);
    if (rule.drop) return { status: 0, drop: rule.drop };
    return {
      status: rule.status,
      body: rule.body ?? { message: STATUS_CODES[rule.status] ?? 'Error' },
      headers: rule.headers ?? {},
    };
  }
}

function matches(rule: FaultRule, method: string, path: string, template: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === path || rule.path === template;
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

type Match = Pick<FaultRule, 'method' | 'path' | 'times'>;

/**
 * GitHub's secondary rate limit: 403 (or 429) with `retry-after`. @octokit/plugin-throttling
 * recognises it by the words "secondary rate" in the message.
 */
export function secondaryRateLimit(
  options: Match & { retryAfter?: number; status?: 403 | 429 } = {},
): FaultRule {
  const { retryAfter = 1, status = 403, ...match } = options;
  return {
    ...match,
    status,
    headers: { 'retry-after': String(retryAfter) },
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
      status: String(status),
    },
  };
}

/** GitHub's primary rate limit: 403 with `x-ratelimit-remaining: 0` and the reset time. */
export function primaryRateLimit(options: Match & { resetInSeconds?: number } = {}): FaultRule {
  const { resetInSeconds = 1, ...match } = options;
  const reset = Math.ceil(Date.now() / 1000) + resetInSeconds;
  return {
    ...match,
    status: 403,
    headers: {
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '1000',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url: `${RATE_LIMIT_DOCS}#about-rate-limits`,
      status: '403',
    },
  };
}

/** What a read-only GITHUB_TOKEN (fork PRs, Dependabot) gets for any write. */
export function readOnlyReply(documentationUrl: string): Reply {
  return {
    status: 403,
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: documentationUrl,
      status: '403',
    },
  };
}
