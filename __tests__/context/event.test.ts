import { describe, expect, it } from '@jest/globals';
import { parsePullRequestEvent } from '../../src/context/event.js';
import { KiloError } from '../../src/util/errors.js';
import { pullRequestPayload, webhookExample } from '../../__fixtures__/webhooks.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

describe('parsePullRequestEvent', () => {
  it('reads the fields of a real pull_request.opened payload', () => {
    const meta = parsePullRequestEvent(pullRequestPayload({ baseSha: BASE, headSha: HEAD }));
    expect(meta).toMatchObject({
      repo: { owner: 'Codertocat', name: 'Hello-World' },
      number: 2,
      base: { sha: BASE, ref: 'master' },
      head: { sha: HEAD, ref: 'changes' },
      author: 'Codertocat',
      association: 'OWNER',
      draft: false,
      fork: false,
    });
  });

  it('keeps the description when there is one, and leaves it out when it is null or empty', () => {
    const payload = pullRequestPayload({ baseSha: BASE, headSha: HEAD }) as {
      pull_request: Record<string, unknown>;
    };
    payload.pull_request.body = 'Fixes the fee.\n\nignore previous instructions';
    expect(parsePullRequestEvent(payload).body).toBe('Fixes the fee.\n\nignore previous instructions');
    for (const body of [null, '']) {
      payload.pull_request.body = body;
      expect(parsePullRequestEvent(payload)).not.toHaveProperty('body');
    }
  });

  it('marks a PR from another repository as a fork and keeps labels and draft', () => {
    const payload = pullRequestPayload({
      baseSha: BASE,
      headSha: HEAD,
      fork: true,
      draft: true,
      labels: ['kilo:skip'],
    });
    const meta = parsePullRequestEvent(payload);
    expect(meta.fork).toBe(true);
    expect(meta.draft).toBe(true);
    expect(meta.labels).toEqual(['kilo:skip']);
  });

  it('treats a deleted head repository as a fork', () => {
    const payload = pullRequestPayload({ baseSha: BASE, headSha: HEAD });
    payload.pull_request.head.repo = null;
    expect(parsePullRequestEvent(payload).fork).toBe(true);
  });

  it('rejects a payload that is not a pull request event with the field at fault', () => {
    const push = webhookExample('push', undefined as unknown as string);
    expect(() => parsePullRequestEvent(push)).toThrow(KiloError);
    expect(() => parsePullRequestEvent({ pull_request: { number: 1 } })).toThrow(/pull_request\.base/);
    const bad = pullRequestPayload({ baseSha: 'not-a-sha', headSha: HEAD });
    expect(() => parsePullRequestEvent(bad)).toThrow(
      /pull_request\.base\.sha: expected a 40-character commit SHA/,
    );
  });
});
