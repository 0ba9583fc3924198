// The life of each finding across the pushes of a PR: new, open (seen before, still there), fixed (gone
// from the code), outdated (its file left the PR), dismissed (a person resolved its thread, reacted 👎
// or replied `/kilo ignore`). Rebuilt on every run from what is on the PR — the last summary's hidden
// state and our review threads — so it needs no storage. Pure: the platform reads, this decides.
import { clip } from '../util/text.js';
import type { Finding, Severity, Suggestion } from './types.js';

export type LedgerState = 'new' | 'open' | 'fixed' | 'outdated' | 'dismissed';
export const LEDGER_STATES: readonly LedgerState[] = ['new', 'open', 'fixed', 'outdated', 'dismissed'];

/** How a person dismissed a finding; `earlier`: a previous review already knew it as dismissed. */
export type DismissReason = 'resolved' | 'thumbs-down' | 'ignore-reply' | 'earlier';

/** What the ledger keeps of a finding or a suggestion, enough to list it once it is gone. */
export interface LedgerItem {
  fingerprint: string;
  kind: 'finding' | 'suggestion';
  rule: string;
  /** The task that reported it (`eslint`, `secrets`, …): a gone item is fixed only if its task ran. */
  source: string;
  path: string;
  line: number;
  severity: Severity;
  message: string;
}

export interface LedgerEntry extends LedgerItem {
  state: LedgerState;
  dismissedBy?: DismissReason;
}

/** One review thread on the PR, as the ledger needs it. */
export interface ReviewThread {
  /** GraphQL node id (resolveReviewThread takes it). */
  id: string;
  path: string;
  /** Opened by our bot with a fingerprint marker; threads a person opened are never touched. */
  ours: boolean;
  fingerprints: string[];
  resolved: boolean;
  /** A person replied in it: resolving it then says why, in a short reply. */
  personReplied: boolean;
  dismissed?: Exclude<DismissReason, 'earlier'>;
}

/** What the last review left on the PR. */
export interface PriorReview {
  /** The head it reviewed. */
  head: string;
  entries: LedgerEntry[];
}

export interface ReviewHistory {
  prior?: PriorReview;
  threads: ReviewThread[];
  /** The threads could not be read (an error, a refusal): what awaits resolution is kept for later. */
  threadsUnknown?: boolean;
  /** Things a reader should know (threads not readable, a partial listing). */
  notes: string[];
}

export interface ThreadResolution {
  threadId: string;
  fingerprint: string;
  state: 'fixed' | 'outdated';
  /** Only when a person had replied in the thread. */
  reply?: string;
}

export interface Ledger {
  /** No earlier review of this PR is known. */
  first: boolean;
  /** The head of the last review and this one's. */
  since?: { from: string; to: string };
  /** Current items (new, open, dismissed) in report order, then gone ones (fixed, outdated). */
  entries: LedgerEntry[];
  counts: Record<LedgerState, number>;
  /** Our open threads whose finding is fixed or outdated. */
  resolve: ThreadResolution[];
  /**
   * The entries the next review needs (the hidden marker): those still on the PR, and gone ones whose
   * thread is being resolved (if GitHub refuses, the next run tries again).
   */
  persist: LedgerEntry[];
  /**
   * How much of the PR this run looked at again: only the hunks changed since the last review (the
   * LLM reviewer; tools and built-ins always see the whole PR), or the whole PR and why.
   */
  increment?: { kind: 'incremental' } | { kind: 'whole'; reason: string };
}

const MESSAGE_MAX = 200;

/** The report's findings and suggestions as ledger items. */
export function ledgerItems(findings: readonly Finding[], suggestions: readonly Suggestion[]): LedgerItem[] {
  return [
    ...findings.map((f): LedgerItem => ({
      fingerprint: f.fingerprint,
      kind: 'finding',
      rule: f.rule,
      source: f.source,
      path: f.path,
      line: f.line,
      severity: f.severity,
      message: clipMessage(f.message),
    })),
    ...suggestions.map((s): LedgerItem => ({
      fingerprint: s.fingerprint,
      kind: 'suggestion',
      rule: s.source,
      source: s.source,
      path: s.path,
      line: s.startLine,
      severity: 'notice',
      message: clipMessage(s.message ?? 'suggested change'),
    })),
  ];
}

export interface LedgerScope {
  head: string;
  /** Head-side paths of the PR's changed files: a gone item whose file is not here is outdated. */
  paths: ReadonlySet<string>;
  /**
   * Tasks that really checked the code this run (ran to an end); a gone item of a task that did not
   * (skipped, timed out, a missing tool) is still open, not fixed.
   */
  checked: ReadonlySet<string>;
  /**
   * False for a gone item its task did not look at again this run (the LLM reviewer reads only the
   * hunks changed since the last review): such an item stays open. Default: every item was looked at.
   */
  rechecked?: (item: LedgerItem) => boolean;
}

export function buildLedger(
  current: readonly LedgerItem[],
  history: ReviewHistory | undefined,
  scope: LedgerScope,
): Ledger {
  const prior = history?.prior;
  const threads = history?.threads.filter((t) => t.ours) ?? [];
  const dismissed = new Map<string, DismissReason>();
  for (const entry of prior?.entries ?? [])
    if (entry.state === 'dismissed') dismissed.set(entry.fingerprint, 'earlier');
  for (const thread of threads) {
    if (thread.dismissed) for (const fp of thread.fingerprints) dismissed.set(fp, thread.dismissed);
  }
  const known = new Set([
    ...(prior?.entries ?? []).map((e) => e.fingerprint),
    ...threads.flatMap((t) => t.fingerprints),
  ]);
  const entries: LedgerEntry[] = current.map((item) => {
    const by = dismissed.get(item.fingerprint);
    if (by) return { ...item, state: 'dismissed', dismissedBy: by };
    return { ...item, state: known.has(item.fingerprint) ? 'open' : 'new' };
  });
  const here = new Set(current.map((item) => item.fingerprint));
  for (const entry of prior?.entries ?? []) {
    if (here.has(entry.fingerprint) || entry.state === 'fixed' || entry.state === 'outdated') continue;
    here.add(entry.fingerprint);
    // Kept as dismissed (so the next review still knows), else fixed, outdated or not checked.
    entries.push(entry.state === 'dismissed' ? entry : { ...entry, state: goneState(entry, scope) });
  }
  const states = new Map(entries.map((e) => [e.fingerprint, e.state]));
  // Gone before this run, but their thread is still open (GitHub refused to resolve it): tried again.
  const goneBefore = new Map(
    (prior?.entries ?? [])
      .filter((e) => (e.state === 'fixed' || e.state === 'outdated') && !here.has(e.fingerprint))
      .map((e) => [e.fingerprint, e]),
  );
  const awaiting = new Set<string>();
  const resolve = threads.flatMap((thread): ThreadResolution[] => {
    if (thread.resolved || thread.dismissed || thread.fingerprints.length === 0) return [];
    // A thread stays open while any of its items is still there (or was not checked this run).
    const gone = thread.fingerprints.map(
      (fp) => states.get(fp) ?? goneBefore.get(fp)?.state ?? goneThreadState(thread, scope),
    );
    if (!gone.every((state) => state === 'fixed' || state === 'outdated')) return [];
    for (const fp of thread.fingerprints) awaiting.add(fp);
    const state = gone.includes('fixed') ? 'fixed' : 'outdated';
    return [
      {
        threadId: thread.id,
        fingerprint: thread.fingerprints[0]!,
        state,
        ...(thread.personReplied ? { reply: resolutionReply(state, scope.head) } : {}),
      },
    ];
  });
  const counts = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<LedgerState, number>;
  for (const entry of entries) counts[entry.state]++;
  const first = prior === undefined && threads.length === 0;
  // What the next review must know: all still on the PR, and the gone ones whose thread awaits resolution.
  const persist = [
    ...entries.filter((e) => (e.state !== 'fixed' && e.state !== 'outdated') || awaiting.has(e.fingerprint)),
    ...[...goneBefore.values()].filter(
      (e) => history?.threadsUnknown === true || awaiting.has(e.fingerprint),
    ),
  ];
  return {
    first,
    ...(prior && prior.head !== scope.head ? { since: { from: prior.head, to: scope.head } } : {}),
    entries,
    counts,
    resolve,
    persist,
  };
}

/** A gone item: outdated when its file left the PR, fixed when its task checked it, else still open. */
function goneState(entry: LedgerItem, scope: LedgerScope): LedgerState {
  if (!scope.paths.has(entry.path)) return 'outdated';
  if (!scope.checked.has(entry.source)) return 'open';
  return (scope.rechecked?.(entry) ?? true) ? 'fixed' : 'open';
}

/**
 * A thread of ours whose item the last summary did not list (its state was lost, or it was cut for
 * room): outdated when its file left the PR; otherwise left open — without the item's task we cannot
 * know that the check that found it ran again.
 */
function goneThreadState(thread: ReviewThread, scope: LedgerScope): LedgerState {
  return scope.paths.has(thread.path) ? 'open' : 'outdated';
}

function resolutionReply(state: 'fixed' | 'outdated', head: string): string {
  return state === 'fixed'
    ? `Kilo Agent no longer finds this at \`${head.slice(0, 7)}\`: resolving the thread.`
    : `This file is no longer part of the PR at \`${head.slice(0, 7)}\`: resolving the thread.`;
}

function clipMessage(message: string): string {
  return clip(message.split('\n')[0] ?? '', MESSAGE_MAX);
}
