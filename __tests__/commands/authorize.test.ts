import { describe, expect, it, jest } from '@jest/globals';
import { authorize, type RoleLookup } from '../../src/commands/authorize.js';
import type { CommandComment, CommandName, RepositoryRole } from '../../src/commands/types.js';

function comment(association: string): CommandComment {
  return {
    id: 1,
    url: 'https://github.com/o/r/pull/1#issuecomment-1',
    login: 'mona',
    userId: 7,
    association,
  };
}

function lookupOf(answer: Awaited<ReturnType<RoleLookup>>) {
  return jest.fn<RoleLookup>(() => Promise.resolve(answer));
}

describe('authorize', () => {
  it.each(['OWNER', 'MEMBER', 'COLLABORATOR'])(
    'allows %s to review, plan and ask for help without asking GitHub',
    async (association) => {
      for (const command of ['review', 'plan', 'help'] as const) {
        const lookup = lookupOf({ role: 'none' });
        await expect(authorize(comment(association), command, lookup)).resolves.toEqual({
          allowed: true,
          via: `author association ${association}`,
        });
        expect(lookup).not.toHaveBeenCalled();
      }
    },
  );

  it.each(['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'NONE'])(
    'asks GitHub for the role of %s before an apply',
    async (association) => {
      const lookup = lookupOf({ role: 'write' });
      await expect(authorize(comment(association), 'apply', lookup)).resolves.toEqual({
        allowed: true,
        via: 'repository role write',
      });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(lookup).toHaveBeenCalledWith('mona');
    },
  );

  it('refuses an apply by an OWNER association whose role is read', async () => {
    const result = await authorize(comment('OWNER'), 'apply', lookupOf({ role: 'read' }));
    expect(result).toEqual({
      allowed: false,
      reason: 'mona has the read role (association OWNER); applying suggestions needs write access',
    });
  });

  const commands: CommandName[] = ['review', 'plan', 'apply', 'help'];

  it.each(['admin', 'maintain', 'write'] as const)('allows the %s role any command', async (role) => {
    for (const command of commands) {
      const lookup = lookupOf({ role });
      await expect(authorize(comment('CONTRIBUTOR'), command, lookup)).resolves.toEqual({
        allowed: true,
        via: `repository role ${role}`,
      });
      expect(lookup).toHaveBeenCalledWith('mona');
    }
  });

  it.each(['triage', 'read', 'none'] as const)(
    'refuses the %s role, naming the role',
    async (role: RepositoryRole) => {
      await expect(authorize(comment('CONTRIBUTOR'), 'review', lookupOf({ role }))).resolves.toEqual({
        allowed: false,
        reason: `mona has the ${role} role (association CONTRIBUTOR); commands need write access`,
      });
      await expect(authorize(comment('NONE'), 'apply', lookupOf({ role }))).resolves.toEqual({
        allowed: false,
        reason: `mona has the ${role} role (association NONE); applying suggestions needs write access`,
      });
    },
  );

  it('refuses with the error text when GitHub cannot tell the role', async () => {
    const lookup = lookupOf({ error: 'HTTP 502 Bad Gateway' });
    await expect(authorize(comment('NONE'), 'plan', lookup)).resolves.toEqual({
      allowed: false,
      reason: "GitHub could not tell mona's permission (HTTP 502 Bad Gateway)",
    });
  });

  it('does not trust a lower-case association', async () => {
    const lookup = lookupOf({ role: 'read' });
    const result = await authorize(comment('member'), 'review', lookup);
    expect(result.allowed).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(1);
  });
});
