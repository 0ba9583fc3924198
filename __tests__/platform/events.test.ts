import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolveEventTarget, SUPPORTED_EVENTS } from '../../src/platform/github/events.js';
import { pullRequestPayload, webhookExample } from '../../__fixtures__/webhooks.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

describe('resolveEventTarget', () => {
  it('reads the PR from pull_request and pull_request_target payloads', () => {
    const payload = pullRequestPayload({ baseSha: SHA_A, headSha: SHA_B });
    for (const event of ['pull_request', 'pull_request_target'] as const) {
      const target = resolveEventTarget(event, payload, undefined);
      expect(target).toMatchObject({
        kind: 'pull-request',
        event,
        meta: { number: 2, head: { sha: SHA_B } },
      });
    }
  });

  it('takes workflow_dispatch PR numbers from the input, else from the dispatch inputs', () => {
    const payload = webhookExample('workflow_dispatch', undefined as unknown as string);
    expect(resolveEventTarget('workflow_dispatch', payload, 12)).toEqual({
      kind: 'pull-number',
      event: 'workflow_dispatch',
      number: 12,
    });
    expect(
      resolveEventTarget('workflow_dispatch', { inputs: { 'pr-number': '34' } }, undefined),
    ).toMatchObject({
      number: 34,
    });
    // No PR: "Run workflow" reviews the whole repository, like the nightly schedule.
    expect(resolveEventTarget('workflow_dispatch', payload, undefined)).toEqual({
      kind: 'repository',
      event: 'workflow_dispatch',
    });
  });

  it('loads the PR of a PR comment and skips comments on issues', () => {
    const comment = webhookExample('issue_comment', 'created');
    comment.issue.pull_request = { url: 'https://api.github.com/repos/o/r/pulls/9' };
    comment.issue.number = 9;
    expect(resolveEventTarget('issue_comment', comment, undefined)).toEqual({
      kind: 'pull-number',
      event: 'issue_comment',
      number: 9,
    });
    delete comment.issue.pull_request;
    expect(resolveEventTarget('issue_comment', comment, undefined)).toMatchObject({ kind: 'skip' });
  });

  it('reviews the pushed range, and a new branch against its first commit', () => {
    const push = webhookExample('push', undefined as unknown as string);
    push.before = SHA_A;
    push.after = SHA_B;
    expect(resolveEventTarget('push', push, undefined)).toMatchObject({
      kind: 'push',
      before: SHA_A,
      after: SHA_B,
      ref: expect.any(String),
    });
    push.before = '0'.repeat(40);
    expect(resolveEventTarget('push', push, undefined)).toMatchObject({ kind: 'push', before: '' });
    push.after = '0'.repeat(40);
    expect(resolveEventTarget('push', push, undefined)).toEqual({
      kind: 'skip',
      reason: 'the push deleted the branch',
    });
  });

  it('reviews the whole repository on schedule, whatever the payload holds', () => {
    for (const payload of [{ schedule: '0 3 * * *' }, {}, undefined, null]) {
      expect(resolveEventTarget('schedule', payload, undefined)).toEqual({
        kind: 'repository',
        event: 'schedule',
      });
    }
  });

  it('reviews the PR named by the pr-number input on schedule', () => {
    expect(resolveEventTarget('schedule', { schedule: '0 3 * * *' }, 5)).toEqual({
      kind: 'pull-number',
      event: 'schedule',
      number: 5,
    });
  });

  it('names the supported events when skipping another', () => {
    expect(resolveEventTarget('release', {}, undefined)).toEqual({
      kind: 'skip',
      reason:
        "event 'release' is not supported; supported: pull_request, pull_request_target, workflow_dispatch, issue_comment, push, schedule",
    });
  });
});

describe('the entry point', () => {
  it('lets through exactly the events the platform reviews (it skips the others before loading the bundle)', () => {
    // src/index.ts runs on import, so its list is read as text.
    const source = readFileSync(new URL('../../src/index.ts', import.meta.url), 'utf8');
    const list = /const ENTRY_EVENTS = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    expect([...list.matchAll(/'([^']+)'/g)].map((m) => m[1])).toEqual(SUPPORTED_EVENTS);
  });
});
