import { describe, expect, it } from '@jest/globals';
import { issueCommentPayloadIn } from '../../__fixtures__/webhooks.js';
import { parseCommentEvent } from '../../src/commands/event.js';
import { isKiloError } from '../../src/util/errors.js';

const base = { commentId: 901, login: 'maintainer', association: 'MEMBER' } as const;

function payload(options: Partial<Parameters<typeof issueCommentPayloadIn>[2]> = {}) {
  return issueCommentPayloadIn('octo/shop', 42, { ...base, body: '/kilo review', ...options });
}

/** The error parseCommentEvent throws for `input`, for its code and message. */
function thrown(input: unknown): unknown {
  try {
    parseCommentEvent(input);
  } catch (error) {
    return error;
  }
  throw new Error('parseCommentEvent did not throw');
}

describe('parseCommentEvent', () => {
  it('turns a new /kilo comment on a PR into a command with its repository, PR and comment', () => {
    const event = payload({ body: 'Could you?\n/kilo apply abcdef12' });
    event.comment.user.id = 5150;
    expect(parseCommentEvent(event)).toEqual({
      kind: 'command',
      repo: { owner: 'octo', name: 'shop' },
      pullNumber: 42,
      comment: {
        id: 901,
        url: 'https://github.com/octo/shop/pull/42#issuecomment-901',
        login: 'maintainer',
        userId: 5150,
        association: 'MEMBER',
      },
      command: { name: 'apply', ids: ['abcdef12'] },
    });
  });

  it.each(['edited', 'deleted'] as const)('ignores a comment that was %s', (action) => {
    expect(parseCommentEvent(payload({ action }))).toEqual({
      kind: 'ignore',
      reason: `the comment was ${action}, not created`,
    });
  });

  it('ignores a comment on an issue', () => {
    expect(parseCommentEvent(payload({ onPullRequest: false }))).toEqual({
      kind: 'ignore',
      reason: 'the comment is on an issue, not a pull request',
    });
  });

  it('ignores a comment whose pull_request field is null', () => {
    const event = payload();
    event.issue.pull_request = null;
    expect(parseCommentEvent(event)).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('issue'),
    });
  });

  it('ignores comments by bots, naming the bot', () => {
    expect(parseCommentEvent(payload({ login: 'renovate[bot]', userType: 'Bot' }))).toEqual({
      kind: 'ignore',
      reason: 'comments by bots are ignored (renovate[bot])',
    });
  });

  it('ignores a comment with no author (a deleted account)', () => {
    const event = payload();
    event.comment.user = null;
    expect(parseCommentEvent(event)).toEqual({
      kind: 'ignore',
      reason: 'the comment has no author (a deleted account)',
    });
  });

  it('ignores a comment without a command, and one with no body', () => {
    const ignored = { kind: 'ignore', reason: 'the comment holds no /kilo command' };
    expect(parseCommentEvent(payload({ body: 'Looks good to me' }))).toEqual(ignored);
    const empty = payload();
    empty.comment.body = null;
    expect(parseCommentEvent(empty)).toEqual(ignored);
  });

  it('ignores a command that is only quoted', () => {
    expect(parseCommentEvent(payload({ body: '> /kilo apply\nNo thanks' }))).toMatchObject({
      kind: 'ignore',
    });
  });

  it('throws EVENT_INVALID naming the path for a payload that is not an issue_comment event', () => {
    const error = thrown({});
    expect(isKiloError(error) && error.code).toBe('EVENT_INVALID');
    expect((error as Error).message).toMatch(/^the event payload is not an issue_comment event: action: \S/);
  });

  it('names the nested field at fault', () => {
    const event = payload();
    event.comment.id = 'nine';
    const error = thrown(event);
    expect(isKiloError(error) && error.code).toBe('EVENT_INVALID');
    expect((error as Error).message).toContain(': comment.id: ');
  });

  it('names the root for a payload that is not an object', () => {
    expect((thrown('hello') as Error).message).toContain(': (root): ');
  });
});
