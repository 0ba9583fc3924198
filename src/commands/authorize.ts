// Who may give orders: the repository's owners, members and collaborators. The comment's
// author_association says so for most people; when it does not (CONTRIBUTOR, NONE, …: a collaborator
// through a team can look like that), the permission API decides. `/kilo apply` writes to the
// repository, so it always asks the API for write access, whatever the association says.
import type { Authorization, CommandComment, CommandName, RepositoryRole } from './types.js';

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const WRITE_ROLES = new Set<RepositoryRole>(['admin', 'maintain', 'write']);

/** The user's role, or undefined when GitHub would not say (the error goes in `reason`). */
export type RoleLookup = (login: string) => Promise<{ role: RepositoryRole } | { error: string }>;

export async function authorize(
  comment: CommandComment,
  command: CommandName,
  lookupRole: RoleLookup,
): Promise<Authorization> {
  const trusted = TRUSTED_ASSOCIATIONS.has(comment.association);
  if (trusted && command !== 'apply')
    return { allowed: true, via: `author association ${comment.association}` };
  const answer = await lookupRole(comment.login);
  if ('error' in answer) {
    return {
      allowed: false,
      reason: `GitHub could not tell ${comment.login}'s permission (${answer.error})`,
    };
  }
  if (WRITE_ROLES.has(answer.role)) return { allowed: true, via: `repository role ${answer.role}` };
  return {
    allowed: false,
    reason: `${comment.login} has the ${answer.role} role (association ${comment.association}); ${
      command === 'apply' ? 'applying suggestions needs write access' : 'commands need write access'
    }`,
  };
}
