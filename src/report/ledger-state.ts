// The finding ledger carried in the sticky comment as a hidden marker, so the next review knows what
// this one saw (the PR is the storage). base64url JSON, entries as compact tuples, checked against a
// schema on the way back: a hand-made or damaged marker reads as "no earlier review".
import { z } from 'zod';
import type { Ledger, LedgerEntry, PriorReview } from '../findings/ledger.js';
import { decodeMarker, encodeMarker, markerIn } from './hidden-marker.js';

const PREFIX = '<!-- kilo-agent:ledger ';

const entrySchema = z.tuple([
  z.string().min(1).max(200), // fingerprint
  z.enum(['f', 's']), // finding, suggestion
  z.enum(['new', 'open', 'fixed', 'outdated', 'dismissed']),
  z.string().max(300), // rule
  z.string().max(300), // source
  z.string().min(1).max(4096), // path
  z.number().int().nonnegative(), // line
  z.enum(['error', 'warning', 'notice']),
  z.string().max(1000), // message
  z.enum(['resolved', 'thumbs-down', 'ignore-reply', 'earlier']).nullable(),
]);
type EntryTuple = z.output<typeof entrySchema>;

const stateSchema = z.object({
  v: z.literal(1),
  head: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/),
  entries: z.array(entrySchema),
  /** Entries left out for room: the next review cannot call those fixed. */
  omitted: z.number().int().nonnegative(),
});

/**
 * The marker for this review's ledger, within `maxChars`: what the next review needs (items still on
 * the PR first, then gone ones whose thread is being resolved), halved until it fits.
 */
export function renderLedgerState(head: string, ledger: Ledger, maxChars: number): string {
  // Still-open ones first: they decide what the next review calls fixed.
  const gone = (e: LedgerEntry) => e.state === 'fixed' || e.state === 'outdated';
  const kept = [...ledger.persist.filter((e) => !gone(e)), ...ledger.persist.filter(gone)];
  for (let count = kept.length; ; count = Math.floor(count / 2)) {
    const marker = encode({
      v: 1,
      head,
      entries: kept.slice(0, count).map(toTuple),
      omitted: kept.length - count,
    });
    if (marker.length <= maxChars || count === 0) return marker;
  }
}

export function hasLedgerState(body: string): boolean {
  return body.includes(PREFIX);
}

/** The ledger marker of a comment body, verbatim, to carry it into another body; undefined if none. */
export function ledgerStateIn(body: string): string | undefined {
  return markerIn(body, PREFIX);
}

/** The earlier review's ledger in a comment body; undefined when it has none or it is damaged. */
export function parseLedgerState(body: string): PriorReview | undefined {
  const state = decodeMarker(body, PREFIX, stateSchema);
  return state === undefined ? undefined : { head: state.head, entries: state.entries.map(fromTuple) };
}

function toTuple(e: LedgerEntry): EntryTuple {
  const kind = e.kind === 'finding' ? 'f' : 's';
  return [
    e.fingerprint,
    kind,
    e.state,
    e.rule,
    e.source,
    e.path,
    e.line,
    e.severity,
    e.message,
    e.dismissedBy ?? null,
  ];
}

function fromTuple([
  fingerprint,
  kind,
  state,
  rule,
  source,
  path,
  line,
  severity,
  message,
  by,
]: EntryTuple): LedgerEntry {
  return {
    fingerprint,
    kind: kind === 'f' ? 'finding' : 'suggestion',
    state,
    rule,
    source,
    path,
    line,
    severity,
    message,
    ...(by === null ? {} : { dismissedBy: by }),
  };
}

function encode(state: z.input<typeof stateSchema>): string {
  return encodeMarker(PREFIX, state);
}
