import { describe, expect, it, jest } from '@jest/globals';
import { makeDemoReport, makeDiffIndex, makeReport } from '../../__fixtures__/report.js';
import type { ApplyOutcome } from '../../src/commands/apply.js';
import { handleCommand, type CommandWork } from '../../src/commands/handle.js';
import { helpText, REPLY_MARKER } from '../../src/commands/help.js';
import type {
  CommandReaction,
  CommentChannel,
  CommentEvent,
  RepositoryRole,
  SlashCommand,
} from '../../src/commands/types.js';
import type { PipelineOutcome } from '../../src/pipeline/index.js';
import { renderPlanMarkdown } from '../../src/report/plan-markdown.js';
import { buildPostPlan } from '../../src/report/post-plan.js';
import type { StateSuggestion } from '../../src/report/review-state.js';

type Command = Extract<CommentEvent, { kind: 'command' }>;

interface RecordingChannel extends CommentChannel {
  reactions: CommandReaction[];
  replies: string[];
  lookups: string[];
}

/** A channel that records what it is asked and answers `role` for everyone. */
function channelWith(role: RepositoryRole = 'write'): RecordingChannel {
  const reactions: CommandReaction[] = [];
  const replies: string[] = [];
  const lookups: string[] = [];
  return {
    reactions,
    replies,
    lookups,
    react(content) {
      reactions.push(content);
      return Promise.resolve();
    },
    reply(body) {
      replies.push(body);
      return Promise.resolve(true);
    },
    role(login) {
      lookups.push(login);
      return Promise.resolve({ role });
    },
  };
}

function event(command: SlashCommand, association = 'MEMBER'): Command {
  return {
    kind: 'command',
    repo: { owner: 'octo', name: 'demo' },
    pullNumber: 12,
    comment: {
      id: 77,
      url: 'https://github.com/octo/demo/pull/12#issuecomment-77',
      login: 'mona',
      userId: 9,
      association,
    },
    command,
  };
}

const reviewed: PipelineOutcome = (() => {
  const report = makeReport();
  return {
    status: 'reviewed',
    report,
    post: buildPostPlan(report, makeDiffIndex(), { commentBudget: 30 }),
    published: { channels: ['check-runs'], notes: [] },
  };
})();

function workWith(outcomes: { review?: PipelineOutcome; plan?: PipelineOutcome; apply?: ApplyOutcome } = {}) {
  return {
    review: jest.fn<CommandWork['review']>(() => Promise.resolve(outcomes.review ?? reviewed)),
    plan: jest.fn<CommandWork['plan']>(() =>
      Promise.resolve(outcomes.plan ?? { status: 'planned', report: makeDemoReport() }),
    ),
    apply: jest.fn<CommandWork['apply']>(() =>
      Promise.resolve(outcomes.apply ?? { status: 'refused', reason: 'not set up' }),
    ),
    commitUrl: (sha: string) => `https://github.com/octo/demo/commit/${sha}`,
  } satisfies CommandWork;
}

function stored(fingerprint: string, overrides: Partial<StateSuggestion> = {}): StateSuggestion {
  return {
    path: 'src/a.ts',
    startLine: 2,
    endLine: 2,
    replacement: 'const b = 2;',
    source: 'prettier',
    validated: true,
    fingerprint,
    ...overrides,
  };
}

describe('handleCommand', () => {
  it('refuses someone without write access with one reply and 😕, running nothing', async () => {
    const channel = channelWith('read');
    const work = workWith();
    const result = await handleCommand(event({ name: 'review' }, 'CONTRIBUTOR'), channel, work);
    expect(channel.replies).toHaveLength(1);
    expect(channel.replies[0]).toContain(REPLY_MARKER);
    expect(channel.replies[0]).toContain('Thanks @mona! Only people with write access');
    expect(channel.replies[0]).toContain('ask Kilo Agent to run commands');
    expect(channel.reactions).toEqual(['confused']);
    expect(work.review).not.toHaveBeenCalled();
    expect(result).toEqual({
      conclusion: 'skipped',
      message:
        '/kilo review from mona refused: mona has the read role (association CONTRIBUTOR); commands need write access',
    });
  });

  it('refuses an apply by a member without write access, saying it would commit', async () => {
    const channel = channelWith('triage');
    const work = workWith();
    await handleCommand(event({ name: 'apply', ids: [] }, 'MEMBER'), channel, work);
    expect(channel.lookups).toEqual(['mona']);
    expect(channel.replies[0]).toContain('ask Kilo Agent to commit suggestions');
    expect(channel.reactions).toEqual(['confused']);
    expect(work.apply).not.toHaveBeenCalled();
  });

  it('answers help with the help table, 👀 then 🚀', async () => {
    const channel = channelWith();
    const result = await handleCommand(event({ name: 'help' }), channel, workWith());
    expect(channel.replies).toEqual([helpText()]);
    expect(channel.replies[0]).toContain('| `/kilo apply <id> …` |');
    expect(channel.reactions).toEqual(['eyes', 'rocket']);
    expect(result.conclusion).toBe('skipped');
    expect(channel.lookups).toEqual([]);
  });

  it('answers an unknown command with the problem and the help table, 👀 then 😕', async () => {
    const channel = channelWith();
    const problem = '`deploy` is not a Kilo Agent command';
    const result = await handleCommand(
      event({ name: 'unknown', word: 'deploy', problem }),
      channel,
      workWith(),
    );
    expect(channel.replies).toEqual([helpText(problem)]);
    expect(channel.replies[0]).toContain(`${problem}. These are the commands:`);
    expect(channel.reactions).toEqual(['eyes', 'confused']);
    expect(result).toEqual({
      conclusion: 'skipped',
      message: '/kilo deploy: not a command; answered with the help text',
    });
  });

  it('runs a review and reports its conclusion and outcome, leaving the replies to the review', async () => {
    const channel = channelWith();
    const work = workWith();
    const result = await handleCommand(event({ name: 'review' }), channel, work);
    expect(work.review).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ conclusion: 'success', message: '/kilo review: reviewed', outcome: reviewed });
    expect(channel.replies).toEqual([]);
    expect(channel.reactions).toEqual(['eyes', 'rocket']);
  });

  it('ends a review whose report fails with 🚀: finding errors is a review done', async () => {
    const channel = channelWith();
    const failing: PipelineOutcome = { status: 'planned', report: makeDemoReport() };
    const result = await handleCommand(event({ name: 'review' }), channel, workWith({ review: failing }));
    expect(result.conclusion).toBe('failure');
    expect(channel.reactions).toEqual(['eyes', 'rocket']);
  });

  it('replies to a plan with the plan markdown', async () => {
    const channel = channelWith();
    const report = makeDemoReport();
    const result = await handleCommand(
      event({ name: 'plan' }),
      channel,
      workWith({ plan: { status: 'planned', report } }),
    );
    expect(channel.replies).toEqual([`${REPLY_MARKER}\n@mona\n\n${renderPlanMarkdown(report)}`]);
    expect(result.message).toBe('/kilo plan: planned');
  });

  it('replies to a skipped plan with the reason', async () => {
    const channel = channelWith();
    const result = await handleCommand(
      event({ name: 'plan' }),
      channel,
      workWith({ plan: { status: 'skipped', reason: 'the PR is closed' } }),
    );
    expect(channel.replies[0]).toContain('Kilo Agent made no plan: the PR is closed');
    expect(result.conclusion).toBe('skipped');
    expect(channel.reactions).toEqual(['eyes', 'rocket']);
  });

  it('replies to a pushed apply with the commit link and each suggestion and its short id', async () => {
    const channel = channelWith();
    const commit = 'fedcba9876543210fedcba9876543210fedcba98';
    const applied = [
      stored('0123456789abcdef'),
      stored('abcdef0123456789', { path: 'src/b.ts', startLine: 4, endLine: 6, source: 'eslint' }),
    ];
    const work = workWith({ apply: { status: 'pushed', commit, applied, testCommands: 1 } });
    const result = await handleCommand(event({ name: 'apply', ids: ['012345', 'abcdef'] }), channel, work);
    expect(work.apply).toHaveBeenCalledWith(['012345', 'abcdef']);
    expect(channel.lookups).toEqual(['mona']);
    expect(channel.replies).toHaveLength(1);
    const reply = channel.replies[0]!;
    expect(reply).toContain(
      `@mona committed 2 suggestions as [\`fedcba9\`](https://github.com/octo/demo/commit/${commit})`,
    );
    expect(reply).toContain('(1 test command)');
    expect(reply).toContain('- `src/a.ts:2` from prettier (`01234567`)');
    expect(reply).toContain('- `src/b.ts:4-6` from eslint (`abcdef01`)');
    expect(channel.reactions).toEqual(['eyes', 'rocket']);
    expect(result).toEqual({ conclusion: 'success', message: `/kilo apply: pushed ${commit}` });
  });

  it('replies to a refused apply with why nothing was pushed, in one line', async () => {
    const channel = channelWith();
    const work = workWith({
      apply: { status: 'refused', reason: 'the PR head moved\n  since the review.' },
    });
    const result = await handleCommand(event({ name: 'apply', ids: [] }), channel, work);
    expect(channel.replies).toEqual([
      `${REPLY_MARKER}\n@mona nothing was pushed: the PR head moved since the review.`,
    ]);
    expect(channel.reactions).toEqual(['eyes', 'confused']);
    expect(result.conclusion).toBe('neutral');
  });

  it('ends a review that throws with 😕 and a reply, and rethrows the error', async () => {
    const channel = channelWith();
    const work = workWith();
    const error = new Error('the runner\ncrashed');
    work.review.mockRejectedValue(error);
    await expect(handleCommand(event({ name: 'review' }), channel, work)).rejects.toBe(error);
    expect(channel.reactions).toEqual(['eyes', 'confused']);
    expect(channel.replies).toEqual([
      `${REPLY_MARKER}\n@mona Kilo Agent could not finish \`/kilo review\`: the runner crashed`,
    ]);
  });
});
