// Carries out one slash command: checks who asked, acknowledges with 👀, runs it, answers in a reply,
// and ends with 🚀 (done) or 😕 (refused, failed, or not a command we know). The work itself (a
// review, a plan, an apply) is passed in, so this module knows the order of things and nothing else.
import type { ApplyOutcome } from './apply.js';
import { authorize } from './authorize.js';
import { helpText, REPLY_MARKER } from './help.js';
import type { CommandComment, CommentChannel, CommentEvent, SlashCommand } from './types.js';
import type { PipelineOutcome } from '../pipeline/index.js';
import { renderPlanMarkdown } from '../report/plan-markdown.js';
import { shortId } from '../report/review-state.js';
import { getErrorMessage } from '../util/errors.js';

export interface CommandWork {
  review(): Promise<PipelineOutcome>;
  plan(): Promise<PipelineOutcome>;
  apply(ids: readonly string[]): Promise<ApplyOutcome>;
  /** `https://github.com/owner/repo/commit/<sha>` for the apply reply. */
  commitUrl(sha: string): string;
}

export interface CommandResult {
  /** What the step reports: `skipped` when nothing ran (refused, help), else how the work ended. */
  conclusion: 'success' | 'failure' | 'neutral' | 'skipped';
  /** One line for the log. */
  message: string;
  /** The review's or plan's outcome, for the action's outputs. */
  outcome?: PipelineOutcome;
}

type Command = Extract<CommentEvent, { kind: 'command' }>;

export async function handleCommand(
  event: Command,
  channel: CommentChannel,
  work: CommandWork,
): Promise<CommandResult> {
  const { comment, command } = event;
  const name = command.name === 'unknown' ? 'help' : command.name;
  const auth = await authorize(comment, name, (login) => channel.role(login));
  if (!auth.allowed) {
    await channel.reply(refusal(comment, command));
    await channel.react('confused');
    return { conclusion: 'skipped', message: `/kilo ${name} from ${comment.login} refused: ${auth.reason}` };
  }
  await channel.react('eyes');
  try {
    const result = await carryOut(event, channel, work);
    // 🚀 when it did what was asked (a review that finds errors did its job); 😕 for an apply that pushed
    // nothing and for a command we do not know.
    const done = command.name === 'apply' ? result.conclusion === 'success' : command.name !== 'unknown';
    await channel.react(done ? 'rocket' : 'confused');
    return result;
  } catch (error) {
    await channel.react('confused');
    await channel.reply(
      `${REPLY_MARKER}\n@${comment.login} Kilo Agent could not finish \`/kilo ${name}\`: ${oneLine(getErrorMessage(error))}`,
    );
    throw error;
  }
}

async function carryOut(event: Command, channel: CommentChannel, work: CommandWork): Promise<CommandResult> {
  const { comment, command } = event;
  switch (command.name) {
    case 'help':
      await channel.reply(helpText());
      return { conclusion: 'skipped', message: '/kilo help: answered with the help text' };
    case 'unknown':
      await channel.reply(helpText(command.problem));
      return {
        conclusion: 'skipped',
        message: `/kilo ${command.word}: not a command; answered with the help text`,
      };
    case 'review': {
      const outcome = await work.review();
      return { conclusion: conclusionOf(outcome), message: `/kilo review: ${outcome.status}`, outcome };
    }
    case 'plan': {
      const outcome = await work.plan();
      const body =
        outcome.status === 'planned' || outcome.status === 'reviewed'
          ? renderPlanMarkdown(outcome.report)
          : `Kilo Agent made no plan: ${outcome.status === 'skipped' ? outcome.reason : 'no plan came back'}`;
      await channel.reply(`${REPLY_MARKER}\n@${comment.login}\n\n${body}`);
      return { conclusion: conclusionOf(outcome), message: `/kilo plan: ${outcome.status}`, outcome };
    }
    case 'apply': {
      const applied = await work.apply(command.ids);
      await channel.reply(applyReply(comment, applied, work));
      return applied.status === 'pushed'
        ? { conclusion: 'success', message: `/kilo apply: pushed ${applied.commit}` }
        : { conclusion: 'neutral', message: `/kilo apply: nothing pushed: ${applied.reason}` };
    }
  }
}

function conclusionOf(outcome: PipelineOutcome): CommandResult['conclusion'] {
  if (outcome.status === 'skipped') return 'skipped';
  return outcome.status === 'executed' ? 'neutral' : outcome.report.conclusion;
}

function refusal(comment: CommandComment, command: SlashCommand): string {
  const what = command.name === 'apply' ? 'commit suggestions' : 'run commands';
  return [
    REPLY_MARKER,
    `Thanks @${comment.login}! Only people with write access to this repository can ask Kilo Agent to ${what}, ` +
      'so nothing was run. A maintainer can comment the same command for you.',
  ].join('\n');
}

function applyReply(comment: CommandComment, applied: ApplyOutcome, work: CommandWork): string {
  if (applied.status === 'refused') {
    return `${REPLY_MARKER}\n@${comment.login} nothing was pushed: ${oneLine(applied.reason)}.`;
  }
  const count = applied.applied.length;
  const items = applied.applied.map(
    (s) =>
      `- \`${s.path}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`}\` from ${s.source} (\`${shortId(s.fingerprint)}\`)`,
  );
  return [
    REPLY_MARKER,
    `@${comment.login} committed ${count === 1 ? '1 suggestion' : `${count} suggestions`} as ` +
      `[\`${applied.commit.slice(0, 7)}\`](${work.commitUrl(applied.commit)}); the tests passed with it ` +
      `(${applied.testCommands === 1 ? '1 test command' : `${applied.testCommands} test commands`}).`,
    '',
    ...items,
    '',
    'A push made with the workflow token starts no new workflow run: push again, or re-run the checks, ' +
      'for CI to see this commit.',
  ].join('\n');
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 999)}…` : line.replace(/\.$/, '');
}
