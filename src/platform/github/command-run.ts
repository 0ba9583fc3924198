// An issue_comment event on GitHub: the slash command in it, carried out with the review and apply
// work main.ts hands in. Comments that hold no command (or come from bots, or were edited) end here
// with the reason; so does a run without a token, which could neither check the commenter nor answer.
import * as core from '@actions/core';
import type { ApplyOutcome } from '../../commands/apply.js';
import { runApply, type ApplyRunDeps } from '../../commands/apply-run.js';
import { parseCommentEvent } from '../../commands/event.js';
import { handleCommand, type CommandResult } from '../../commands/handle.js';
import type { CommentChannel } from '../../commands/types.js';
import type { PipelineOutcome } from '../../pipeline/index.js';
import { createCommentChannel, readReviewState } from './comment-channel.js';
import type { GitHubClient } from './octokit.js';
import { pushCommit } from './push.js';

export interface SlashCommandRun {
  /** The issue_comment event's webhook payload. */
  payload: unknown;
  octokit: GitHubClient | undefined;
  token: string | undefined;
  /** GITHUB_SERVER_URL: where the branch is pushed and the commit is linked. */
  serverUrl: string;
  dryRun: boolean;
  configPath: string;
  review(): Promise<PipelineOutcome>;
  plan(): Promise<PipelineOutcome>;
  /** The apply's platform, runner, tracer and signal (the state and push are GitHub's, added here). */
  applyDeps: Omit<ApplyRunDeps, 'readState' | 'push'>;
}

export type SlashCommandResult = { kind: 'ignored'; reason: string } | ({ kind: 'handled' } & CommandResult);

export async function runSlashCommand(run: SlashCommandRun): Promise<SlashCommandResult> {
  const event = parseCommentEvent(run.payload);
  if (event.kind === 'ignore') return { kind: 'ignored', reason: event.reason };
  const { octokit } = run;
  if (!octokit) {
    return {
      kind: 'ignored',
      reason: "slash commands need the 'github-token' input (to check who asked, and to answer)",
    };
  }
  const target = {
    owner: event.repo.owner,
    repo: event.repo.name,
    pullNumber: event.pullNumber,
    commentId: event.comment.id,
  };
  const api = redacted(createCommentChannel(octokit, target), (text) => run.applyDeps.tracer.redact(text));
  // A dry run posts nothing: the answers go to the log, and nothing is pushed.
  const channel: CommentChannel = run.dryRun ? logChannel(api) : api;
  const repoUrl = `${run.serverUrl.replace(/\/+$/, '')}/${event.repo.owner}/${event.repo.name}`;
  const result = await handleCommand(event, channel, {
    review: run.review,
    plan: run.plan,
    commitUrl: (sha) => `${repoUrl}/commit/${sha}`,
    apply: (ids): Promise<ApplyOutcome> =>
      run.dryRun
        ? Promise.resolve({ status: 'refused', reason: 'dry-run: nothing is committed or pushed' })
        : runApply(
            {
              ...run.applyDeps,
              readState: () => readReviewState(octokit, target),
              push: (dir, commit, branch) =>
                pushCommit(dir, commit, {
                  serverUrl: run.serverUrl,
                  repo: event.repo,
                  branch,
                  token: run.token,
                }),
            },
            { configPath: run.configPath, ids, requester: event.comment },
          ),
  });
  return { kind: 'handled', ...result };
}

/** Replies carry tool output and git's words: masked like everything else we write. */
function redacted(api: CommentChannel, redact: (text: string) => string): CommentChannel {
  return { ...api, reply: (body) => api.reply(redact(body)) };
}

function logChannel(api: CommentChannel): CommentChannel {
  return {
    react: async (content) => core.info(`dry-run: would react ${content}`),
    reply: async (body) => {
      core.info(`dry-run: would reply:\n${body}`);
      return true;
    },
    role: (login) => api.role(login),
  };
}
