// Slash commands in PR comments: what was asked, by whom, and what came of it. Pure data.
import type { RepoId } from '../context/types.js';

export type CommandName = 'review' | 'plan' | 'apply' | 'help';

export type SlashCommand =
  | { name: 'review' | 'plan' | 'help' }
  /** `ids` empty means every validated suggestion (`/kilo apply` or `/kilo apply all`). */
  | { name: 'apply'; ids: string[] }
  /** `/kilo <word>` for a word we do not know, or arguments we cannot read: the help text answers. */
  | { name: 'unknown'; word: string; problem: string };

/** The comment that carries the command, as the issue_comment payload describes it. */
export interface CommandComment {
  id: number;
  /** The comment's page, for the reply and the commit message. */
  url: string;
  login: string;
  /** GitHub's numeric user id: the co-author trailer's noreply address needs it. */
  userId: number;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, … (the payload's author_association). */
  association: string;
}

export type CommentEvent =
  | { kind: 'ignore'; reason: string }
  | { kind: 'command'; repo: RepoId; pullNumber: number; comment: CommandComment; command: SlashCommand };

/** The reactions we leave on the command's comment: seen, done, could not. */
export type CommandReaction = 'eyes' | 'rocket' | 'confused';

/** A collaborator's role as GitHub's permission API names it (`role_name`). */
export type RepositoryRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export type Authorization = { allowed: true; via: string } | { allowed: false; reason: string };

/** Where a command's answers go: reactions on the comment, replies under it, and who may command. */
export interface CommentChannel {
  /** Never throws: a reaction that cannot be left is logged and forgotten. */
  react(content: CommandReaction): Promise<void>;
  /** Never throws; false when the reply could not be posted (it is in the log then). */
  reply(body: string): Promise<boolean>;
  role(login: string): Promise<{ role: RepositoryRole } | { error: string }>;
}
