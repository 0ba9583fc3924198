// Which change an event asks us to review: a PR given in the payload, a PR given by number, a pushed
// range, the whole repository (schedule), or nothing (with the reason). Pure: the platform does the loading.
import { parsePullRequestEvent } from '../../context/event.js';
import type { PullRequestMeta } from '../../context/types.js';

export type EventTarget =
  | { kind: 'pull-request'; event: 'pull_request' | 'pull_request_target'; meta: PullRequestMeta }
  | { kind: 'pull-number'; event: 'workflow_dispatch' | 'issue_comment' | 'schedule'; number: number }
  | { kind: 'push'; before: string; after: string; ref: string; title: string; author: string }
  /** The whole repository at the checked-out commit (no PR): a report through check runs only. */
  | { kind: 'repository'; event: 'schedule' | 'workflow_dispatch' }
  | { kind: 'skip'; reason: string };

const ZERO_SHA = /^0{40}$/;
const SHA = /^[0-9a-f]{40}$/;
export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'workflow_dispatch',
  'issue_comment',
  'push',
  'schedule',
];

export function resolveEventTarget(
  eventName: string,
  payload: unknown,
  prNumber: number | undefined,
): EventTarget {
  const data = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return { kind: 'pull-request', event: eventName, meta: parsePullRequestEvent(payload) };
    case 'workflow_dispatch': {
      const number = prNumber ?? positiveInt(record(data.inputs)['pr-number']);
      // Without a PR, "Run workflow" reviews the whole repository, as the nightly schedule does.
      return number === undefined
        ? { kind: 'repository', event: eventName }
        : { kind: 'pull-number', event: eventName, number };
    }
    case 'issue_comment': {
      const issue = record(data.issue);
      const number = positiveInt(issue.number);
      if (issue.pull_request === undefined || number === undefined) {
        return { kind: 'skip', reason: 'the comment is on an issue, not a pull request' };
      }
      return { kind: 'pull-number', event: eventName, number };
    }
    case 'push':
      return pushTarget(data);
    case 'schedule':
      // The payload carries only the cron line: the `pr-number` input is the one way to name a PR.
      return prNumber === undefined
        ? { kind: 'repository', event: eventName }
        : { kind: 'pull-number', event: eventName, number: prNumber };
    default:
      return {
        kind: 'skip',
        reason: `event '${eventName || '(none)'}' is not supported; supported: ${SUPPORTED_EVENTS.join(', ')}`,
      };
  }
}

function pushTarget(data: Record<string, unknown>): EventTarget {
  const before = typeof data.before === 'string' ? data.before : '';
  const after = typeof data.after === 'string' ? data.after : '';
  if (!SHA.test(after) || ZERO_SHA.test(after))
    return { kind: 'skip', reason: 'the push deleted the branch' };
  const head = record(data.head_commit);
  return {
    kind: 'push',
    // A new branch has no "before": the platform reviews the pushed commit against its parent.
    before: SHA.test(before) && !ZERO_SHA.test(before) ? before : '',
    after,
    ref: typeof data.ref === 'string' ? data.ref.replace(/^refs\/heads\//, '') : '',
    title: typeof head.message === 'string' ? (head.message.split('\n')[0] ?? '') : '',
    author: typeof record(data.pusher).name === 'string' ? String(record(data.pusher).name) : 'unknown',
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function positiveInt(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}
