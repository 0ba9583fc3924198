import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseSlashCommand } from '../../src/commands/parse.js';

describe('parseSlashCommand', () => {
  it.each(['review', 'plan', 'help'] as const)('reads `/kilo %s`', (name) => {
    expect(parseSlashCommand(`/kilo ${name}`)).toEqual({ name });
  });

  it('answers `/kilo` alone with help', () => {
    expect(parseSlashCommand('/kilo')).toEqual({ name: 'help' });
    expect(parseSlashCommand('/kilo   ')).toEqual({ name: 'help' });
  });

  it('reads the command whatever its case', () => {
    expect(parseSlashCommand('/KILO Review')).toEqual({ name: 'review' });
    expect(parseSlashCommand('/Kilo PLAN')).toEqual({ name: 'plan' });
  });

  it('ignores words after a command that takes no arguments', () => {
    expect(parseSlashCommand('/kilo review please, thanks')).toEqual({ name: 'review' });
  });

  describe('apply', () => {
    it('means every validated suggestion with no arguments or `all`', () => {
      expect(parseSlashCommand('/kilo apply')).toEqual({ name: 'apply', ids: [] });
      expect(parseSlashCommand('/kilo apply all')).toEqual({ name: 'apply', ids: [] });
      expect(parseSlashCommand('/kilo apply ALL')).toEqual({ name: 'apply', ids: [] });
    });

    it('reads ids separated by spaces and commas, lowercased and de-duplicated in order', () => {
      expect(parseSlashCommand('/kilo apply 0a1b2c3d, DEADBEEF,0a1b2c3d   abcdef')).toEqual({
        name: 'apply',
        ids: ['0a1b2c3d', 'deadbeef', 'abcdef'],
      });
    });

    it('accepts full 16-character fingerprints', () => {
      expect(parseSlashCommand('/kilo apply 0123456789abcdef')).toEqual({
        name: 'apply',
        ids: ['0123456789abcdef'],
      });
    });

    it.each([
      ['not hex', 'zzzzzzzz', 'zzzzzzzz'],
      ['too short', 'abc12', 'abc12'],
      ['too long', '0123456789abcdef0', '0123456789abcdef0'],
      ['`all` among ids', 'all abcdef12', 'all'],
    ])('refuses an argument that is %s, naming it', (_what, args, bad) => {
      const command = parseSlashCommand(`/kilo apply ${args}`);
      expect(command).toEqual({
        name: 'unknown',
        word: 'apply',
        problem: `\`/kilo apply\` takes \`all\` or suggestion ids (6 to 16 hex characters), not \`${bad}\``,
      });
    });

    it('strips backticks from the bad argument it quotes', () => {
      const command = parseSlashCommand('/kilo apply ab`cd`ef');
      expect(command).toMatchObject({ name: 'unknown', word: 'apply' });
      expect(command?.name === 'unknown' && command.problem).toMatch(/not `abcdef`$/);
    });
  });

  it('answers an unknown word with unknown and the problem, lowercased', () => {
    expect(parseSlashCommand('/kilo Deploy now')).toEqual({
      name: 'unknown',
      word: 'deploy',
      problem: '`deploy` is not a Kilo Agent command',
    });
  });

  it('cuts a long unknown word to 40 characters', () => {
    const command = parseSlashCommand(`/kilo ${'x'.repeat(100)}`);
    expect(command).toMatchObject({ name: 'unknown', word: 'x'.repeat(40) });
  });

  it('returns undefined when no line is a command', () => {
    expect(parseSlashCommand('')).toBeUndefined();
    expect(parseSlashCommand('LGTM, please run /kilo review')).toBeUndefined();
  });

  it('does not take `/kilobyte` or `/kilo-review` for a command', () => {
    expect(parseSlashCommand('/kilobyte')).toBeUndefined();
    expect(parseSlashCommand('/kilo-review')).toBeUndefined();
  });

  it('takes the first command line and ignores later ones', () => {
    expect(parseSlashCommand('Thanks!\n/kilo plan\n/kilo apply')).toEqual({ name: 'plan' });
  });

  it('reads a command with leading whitespace', () => {
    expect(parseSlashCommand('   \t/kilo review')).toEqual({ name: 'review' });
  });

  it('reads CRLF bodies', () => {
    expect(parseSlashCommand('hello\r\n/kilo apply abcdef12\r\nbye\r\n')).toEqual({
      name: 'apply',
      ids: ['abcdef12'],
    });
  });

  it.each([
    ['backtick', '```'],
    ['tilde', '~~~'],
    ['backtick with an info string', '```sh'],
  ])('ignores commands inside a %s fence', (_what, open) => {
    const close = open.slice(0, 3);
    expect(parseSlashCommand(`${open}\n/kilo apply\n${close}`)).toBeUndefined();
  });

  it('counts commands again after the fence closes', () => {
    expect(parseSlashCommand('```\n/kilo apply\n```\n/kilo review')).toEqual({ name: 'review' });
    expect(parseSlashCommand('~~~\n/kilo apply\n~~~\n/kilo plan')).toEqual({ name: 'plan' });
  });

  it('does not close a fence with the other fence character or a shorter run', () => {
    expect(parseSlashCommand('```\n~~~\n/kilo apply\n```')).toBeUndefined();
    expect(parseSlashCommand('````\n```\n/kilo apply\n````\n/kilo plan')).toEqual({ name: 'plan' });
  });

  it('does not close a fence with a line that has an info string', () => {
    expect(parseSlashCommand('```\n```js\n/kilo apply\n```\n/kilo plan')).toEqual({ name: 'plan' });
  });

  it('ignores commands in quotes', () => {
    expect(parseSlashCommand('> /kilo apply\nI would rather not')).toBeUndefined();
    expect(parseSlashCommand('>/kilo apply\n/kilo review')).toEqual({ name: 'review' });
  });

  describe('on arbitrary text', () => {
    const NAMES = ['review', 'plan', 'apply', 'help', 'unknown'];
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('```', '~~~', '> /kilo apply', '/kilo', '/KILO apply', '/kilo apply abcdef, 123456'),
      fc.string().map((s) => `/kilo ${s}`),
      fc.string().map((s) => `/kilo apply ${s}`),
    );
    const body = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(line).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol))),
    );

    it('never throws and names only known commands', () => {
      fc.assert(
        fc.property(body, (text) => {
          const command = parseSlashCommand(text);
          if (command === undefined) return;
          expect(NAMES).toContain(command.name);
          if (command.name === 'apply') {
            for (const id of command.ids) expect(id).toMatch(/^[0-9a-f]{6,16}$/);
            expect(new Set(command.ids).size).toBe(command.ids.length);
          }
          if (command.name === 'unknown') {
            expect(command.word.length).toBeLessThanOrEqual(40);
            expect(command.problem.length).toBeGreaterThan(0);
          }
        }),
      );
    });

    it('finds nothing in a body with no `/kilo` in it', () => {
      fc.assert(
        fc.property(
          body.filter((text) => !text.toLowerCase().includes('/kilo')),
          (text) => {
            expect(parseSlashCommand(text)).toBeUndefined();
          },
        ),
      );
    });

    it('finds nothing inside a fence whose content has no fence line', () => {
      fc.assert(
        fc.property(fc.array(line.filter((l) => !/^\s*(```|~~~)/m.test(l))), (lines) => {
          expect(parseSlashCommand(['```', ...lines, '```'].join('\n'))).toBeUndefined();
        }),
      );
    });
  });
});
