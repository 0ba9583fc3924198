import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { codeSpan, escapeMarkdown, fenceFor, formatDuration, oneLine } from '../../src/report/format.js';

const withBackticks = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer({ min: 1, max: 12 }).map((n) => '`'.repeat(n)),
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

describe('fenceFor', () => {
  it('never lets the text contain the fence', () => {
    fc.assert(
      fc.property(withBackticks, (text) => {
        const { open, close } = fenceFor(text);
        expect(text.includes(close)).toBe(false);
        expect(open.startsWith(close)).toBe(true);
        expect(close.length).toBeGreaterThanOrEqual(3);
      }),
    );
  });

  it('puts a backtick-free info string after the opening fence', () => {
    expect(fenceFor('x ```` y', 'sugg`estion')).toEqual({ open: '`````suggestion', close: '`````' });
  });
});

describe('escapeMarkdown', () => {
  it('neutralises HTML, table pipes, code spans, comment ends and mentions on one line', () => {
    const escaped = escapeMarkdown('a | b <script>alert(1)</script>\n`x` --> @admins');
    expect(escaped).toBe('a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` --&gt; @\u200badmins');
    expect(escaped).not.toMatch(/[<>\n]/);
  });

  it('clips long text with an ellipsis', () => {
    expect(escapeMarkdown('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('codeSpan', () => {
  it('uses a delimiter longer than the backtick runs inside', () => {
    expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
  });
});

describe('oneLine', () => {
  it('drops terminal escape sequences and collapses newlines', () => {
    expect(oneLine('red\u001b[31m\r\nline')).toBe('red[31m line');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [400, '0.4 s'],
    [12_049, '12.0 s'],
    [63_400, '1 m 3 s'],
    [3_725_000, '1 h 2 m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
