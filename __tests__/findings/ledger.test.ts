import { describe, expect, it } from '@jest/globals';
import {
  buildLedger,
  ledgerItems,
  type LedgerEntry,
  type LedgerItem,
  type ReviewHistory,
  type ReviewThread,
} from '../../src/findings/ledger.js';
import type { Finding } from '../../src/findings/types.js';

const OLD = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

function finding(fingerprint: string, overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'no-debugger',
    severity: 'warning',
    message: 'Unexpected debugger statement.',
    path: 'src/app.js',
    line: 3,
    source: 'eslint',
    fingerprint,
    ...overrides,
  };
}

const items = (...findings: Finding[]): LedgerItem[] => ledgerItems(findings, []);
const entry = (f: Finding, state: LedgerEntry['state']): LedgerEntry => ({ ...items(f)[0]!, state });

function thread(id: string, fingerprints: string[], overrides: Partial<ReviewThread> = {}): ReviewThread {
  return {
    id,
    path: 'src/app.js',
    ours: true,
    fingerprints,
    resolved: false,
    personReplied: false,
    ...overrides,
  };
}

const scope = {
  head: HEAD,
  paths: new Set(['src/app.js', 'src/other.js']),
  checked: new Set(['eslint']),
};

describe('buildLedger', () => {
  it('calls everything new on a first review, and resolves nothing', () => {
    const ledger = buildLedger(items(finding('f1'), finding('f2')), { threads: [], notes: [] }, scope);
    expect(ledger.first).toBe(true);
    expect(ledger.since).toBeUndefined();
    expect(ledger.entries.map((e) => [e.fingerprint, e.state])).toEqual([
      ['f1', 'new'],
      ['f2', 'new'],
    ]);
    expect(ledger.counts).toEqual({ new: 2, open: 0, fixed: 0, outdated: 0, dismissed: 0 });
    expect(ledger.resolve).toEqual([]);
  });

  it('tells new from still open and fixed from outdated, since the last reviewed head', () => {
    const kept = finding('kept', { line: 23 }); // moved by 20 lines: same fingerprint
    const fixed = finding('fixed');
    const gone = finding('gone', { path: 'src/removed-from-pr.js' });
    const history: ReviewHistory = {
      prior: { head: OLD, entries: [entry(kept, 'new'), entry(fixed, 'new'), entry(gone, 'open')] },
      threads: [thread('T1', ['kept']), thread('T2', ['fixed'], { personReplied: true })],
      notes: [],
    };
    const ledger = buildLedger(items(kept, finding('added')), history, scope);
    expect(ledger.first).toBe(false);
    expect(ledger.since).toEqual({ from: OLD, to: HEAD });
    expect(ledger.entries.map((e) => [e.fingerprint, e.state, e.line])).toEqual([
      ['kept', 'open', 23],
      ['added', 'new', 3],
      ['fixed', 'fixed', 3],
      ['gone', 'outdated', 3],
    ]);
    expect(ledger.counts).toEqual({ new: 1, open: 1, fixed: 1, outdated: 1, dismissed: 0 });
    // T2's finding is gone and a person had replied: resolved with a word; T1 stays open.
    expect(ledger.resolve).toEqual([
      {
        threadId: 'T2',
        fingerprint: 'fixed',
        state: 'fixed',
        reply: 'Kilo Agent no longer finds this at `bbbbbbb`: resolving the thread.',
      },
    ]);
  });

  it('keeps a gone finding open when its task did not check the code this run', () => {
    const history: ReviewHistory = {
      prior: { head: OLD, entries: [entry(finding('f1'), 'open')] },
      threads: [thread('T1', ['f1'])],
      notes: [],
    };
    const ledger = buildLedger([], history, { ...scope, checked: new Set() });
    expect(ledger.entries.map((e) => e.state)).toEqual(['open']);
    expect(ledger.resolve).toEqual([]);
  });

  it('marks dismissed what a person resolved, 👎-ed or answered /kilo ignore, and remembers it', () => {
    const history: ReviewHistory = {
      prior: { head: OLD, entries: [entry(finding('earlier'), 'dismissed')] },
      threads: [
        thread('T1', ['r'], { resolved: true, dismissed: 'resolved' }),
        thread('T2', ['t'], { dismissed: 'thumbs-down' }),
        thread('T3', ['i'], { dismissed: 'ignore-reply' }),
      ],
      notes: [],
    };
    const ledger = buildLedger(
      items(finding('r'), finding('t'), finding('i'), finding('earlier')),
      history,
      scope,
    );
    expect(ledger.entries.map((e) => [e.fingerprint, e.state, e.dismissedBy])).toEqual([
      ['r', 'dismissed', 'resolved'],
      ['t', 'dismissed', 'thumbs-down'],
      ['i', 'dismissed', 'ignore-reply'],
      ['earlier', 'dismissed', 'earlier'],
    ]);
    expect(ledger.resolve).toEqual([]); // a dismissed thread is a person's: never touched
  });

  it('never resolves a thread a person opened, and resolves ours once all its findings are gone', () => {
    const history: ReviewHistory = {
      prior: { head: OLD, entries: [entry(finding('a'), 'open'), entry(finding('b'), 'open')] },
      threads: [
        thread('PERSON', [], { ours: false }),
        thread('BOTH', ['a', 'b']),
        thread('OUTDATED', ['lost'], { path: 'src/not-in-pr.js' }),
        thread('UNKNOWN', ['lost2']),
      ],
      notes: [],
    };
    expect(buildLedger(items(finding('b')), history, scope).resolve).toEqual([
      { threadId: 'OUTDATED', fingerprint: 'lost', state: 'outdated' },
    ]);
    expect(buildLedger([], history, scope).resolve.map((r) => [r.threadId, r.state])).toEqual([
      ['BOTH', 'fixed'],
      ['OUTDATED', 'outdated'],
    ]);
  });

  it('tries again to resolve a thread GitHub refused earlier, and keeps its entry until it is resolved', () => {
    const fixedBefore = entry(finding('x'), 'fixed');
    const history: ReviewHistory = {
      prior: { head: OLD, entries: [fixedBefore, entry(finding('kept'), 'open')] },
      threads: [thread('T', ['x']), thread('DONE', ['y'], { resolved: true })],
      notes: [],
    };
    const ledger = buildLedger(items(finding('kept')), history, scope);
    expect(ledger.resolve.map((r) => [r.threadId, r.state])).toEqual([['T', 'fixed']]);
    // Not listed again as fixed (it was, last time), but remembered for the next try.
    expect(ledger.entries.map((e) => e.fingerprint)).toEqual(['kept']);
    expect(ledger.persist.map((e) => [e.fingerprint, e.state])).toEqual([
      ['kept', 'open'],
      ['x', 'fixed'],
    ]);
    const resolved = { ...history, threads: [thread('T', ['x'], { resolved: true })] };
    expect(buildLedger(items(finding('kept')), resolved, scope).persist.map((e) => e.fingerprint)).toEqual([
      'kept',
    ]);
  });

  it('reads a rerun on the same head as "same head", not as a first review', () => {
    const f = finding('f1');
    const ledger = buildLedger(
      items(f),
      { prior: { head: HEAD, entries: [entry(f, 'new')] }, threads: [], notes: [] },
      scope,
    );
    expect(ledger.first).toBe(false);
    expect(ledger.since).toBeUndefined();
    expect(ledger.entries.map((e) => e.state)).toEqual(['open']);
  });
});
