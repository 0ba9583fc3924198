// The GitHub side of slash commands: reactions on the command's comment, replies on the PR, the
// commenter's role, and the last review's state from our sticky comment. Reactions and replies never
// fail the run: a refused write (read-only token) is a warning in the log, which carries the answer too.
import * as core from '@actions/core';
import type { CommandReaction, CommentChannel, RepositoryRole } from '../../commands/types.js';
import { COMMENT_BODY_MAX } from '../../report/post-plan.js';
import { parseReviewState, type ReviewState } from '../../report/review-state.js';
import { apiErrorMessage, isRequestError, type GitHubClient } from './octokit.js';
import { findStickyComment } from './publisher.js';

export interface CommentTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  commentId: number;
}

const ROLES = new Set<string>(['admin', 'maintain', 'write', 'triage', 'read', 'none']);

export function createCommentChannel(octokit: GitHubClient, target: CommentTarget): CommentChannel {
  const { owner, repo } = target;
  return {
    async react(content: CommandReaction) {
      try {
        await octokit.rest.reactions.createForIssueComment({
          owner,
          repo,
          comment_id: target.commentId,
          content,
        });
      } catch (error) {
        core.warning(`could not react ${content} to the command: ${apiErrorMessage(error)}`);
      }
    },

    async reply(text) {
      const body = fitComment(text);
      try {
        await octokit.rest.issues.createComment({ owner, repo, issue_number: target.pullNumber, body });
        return true;
      } catch (error) {
        core.warning(`could not reply to the command (${apiErrorMessage(error)}); the reply was:\n${body}`);
        return false;
      }
    },

    async role(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner,
          repo,
          username: login,
        });
        // A custom role has its own name; `permission` is the base role it extends then.
        const role = ROLES.has(data.role_name) ? data.role_name : data.permission;
        return { role: ROLES.has(role) ? (role as RepositoryRole) : 'read' };
      } catch (error) {
        // 404: not a collaborator GitHub knows of.
        if (isRequestError(error) && error.status === 404) return { role: 'none' };
        return { error: apiErrorMessage(error) };
      }
    },
  };
}

/** GitHub refuses longer comment bodies; a reply that long is cut, and says where the rest is. */
function fitComment(body: string): string {
  if (body.length <= COMMENT_BODY_MAX) return body;
  const note = '\n\n… (cut to fit a comment: the job summary of this run has all of it)';
  return `${body.slice(0, COMMENT_BODY_MAX - note.length)}${note}`;
}

/** The state of the last review, from our sticky comment; undefined when there is none (or unreadable). */
export async function readReviewState(
  octokit: GitHubClient,
  target: Omit<CommentTarget, 'commentId'>,
): Promise<ReviewState | undefined> {
  const sticky = await findStickyComment(octokit, {
    owner: target.owner,
    repo: target.repo,
    number: target.pullNumber,
  });
  return sticky === undefined ? undefined : parseReviewState(sticky.body);
}
