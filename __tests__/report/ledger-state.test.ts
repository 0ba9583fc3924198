import { describe, expect, it } from '@jest/globals';
import { buildLedger, ledgerItems } from '../../src/findings/ledger.js';
import type { Finding } from '../../src/findings/types.js';
import { renderLedger } from '../../src/report/ledger-section.js';
import {
  hasLedgerState,
  ledgerStateIn,
  parseLedgerState,
  renderLedgerState,
} from '../../src/report/ledger-state.js';
import type { ReviewReport } from '../../src/report/types.js';

const OLD = '1234567'.padEnd(40, '0');
const HEAD = 'abcdef1'.padEnd(40, 'f');

const finding = (fingerprint: string, message = 'Unexpected debugger statement.'): Finding => ({
  rule: 'no-debugger',
  severity: 'warning',
  message,
  path: 'src/app.js',
  line: 3,
  source: 'eslint',
  fingerprint,
});

const scope = { head: HEAD, paths: new Set(['src/app.js']), checked: new Set(['eslint']) };

describe('the ledger in the sticky comment', () => {
  it('round-trips, keeping what is still on the PR and dropping what is gone', () => {
    const prior = {
      head: OLD,
      entries: [{ ...ledgerItems([finding('gone')], [])[0]!, state: 'open' as const }],
    };
    const ledger = buildLedger(ledgerItems([finding('kept')], []), { prior, threads: [], notes: [] }, scope);
    const marker = renderLedgerState(HEAD, ledger, 10_000);
    expect(hasLedgerState(`text\n${marker}`)).toBe(true);
    expect(ledgerStateIn(`a\n${marker}\nb`)).toBe(marker);
    expect(parseLedgerState(`<!-- kilo-agent:summary -->\n…\n${marker}`)).toEqual({
      head: HEAD,
      entries: [{ ...ledgerItems([finding('kept')], [])[0], state: 'new' }],
    });
  });

  it('halves the entries until the marker fits, and reads a damaged marker as no earlier review', () => {
    const many = Array.from({ length: 400 }, (_, i) => finding(`f${i}`, 'x'.repeat(150)));
    const ledger = buildLedger(ledgerItems(many, []), undefined, scope);
    const marker = renderLedgerState(HEAD, ledger, 5_000);
    expect(marker.length).toBeLessThanOrEqual(5_000);
    const parsed = parseLedgerState(marker);
    expect(parsed?.entries.length).toBeGreaterThan(0);
    expect(parsed?.entries.length).toBeLessThan(400);
    expect(parseLedgerState(`${marker.slice(0, 300)} -->`)).toBeUndefined(); // cut short
    expect(parseLedgerState('<!-- kilo-agent:ledger bm90IGpzb24 -->')).toBeUndefined();
  });
});

describe('the "Since the last review" section', () => {
  const report = (ledger: ReviewReport['ledger']) =>
    ({ ledger, context: { event: 'local' } }) as unknown as ReviewReport;
  const locate = (path: string, line?: number) => `\`${path}:${line}\``;

  it('says "first review" the first time', () => {
    const ledger = buildLedger(ledgerItems([finding('a')], []), undefined, scope);
    expect(renderLedger(report(ledger), locate)).toBe(
      '#### Since the last review\n\nFirst review of this PR: 1 new.',
    );
  });

  it('tells the story since the last head: counts, the open table and the fixed ones collapsed', () => {
    const prior = {
      head: OLD,
      entries: [
        { ...ledgerItems([finding('kept')], [])[0]!, state: 'new' as const },
        { ...ledgerItems([finding('gone', 'Was <b>here</b>')], [])[0]!, state: 'open' as const },
      ],
    };
    const ledger = buildLedger(
      ledgerItems([finding('kept'), finding('added')], []),
      { prior, threads: [], notes: [] },
      scope,
    );
    expect(renderLedger(report(ledger), locate)).toBe(
      [
        '#### Since the last review',
        '',
        'Since the last review (`1234567` → `abcdef1`): 1 new, 1 still open, 1 fixed.',
        '',
        '| | state | finding | where |',
        '| --- | --- | --- | --- |',
        '| ⚠️ | still open | `no-debugger` Unexpected debugger statement. | `src/app.js:3` |',
        '| ⚠️ | new | `no-debugger` Unexpected debugger statement. | `src/app.js:3` |',
        '',
        '<details><summary>1 fixed</summary>',
        '',
        '- ✅ fixed: `no-debugger` Was &lt;b&gt;here&lt;/b&gt; — `src/app.js:3`',
        '',
        '</details>',
      ].join('\n'),
    );
  });
});
