// What `/kilo apply` needs from the last review, carried in the sticky comment itself as a hidden
// marker: the head the review saw and its suggestions. base64url JSON, so no text of a suggestion can
// end the HTML comment early. Only a comment written by a bot is read back (see the publisher), and the
// marker is checked against a schema, so a hand-made or damaged one reads as "no review".
import { z } from 'zod';
import type { Suggestion } from '../findings/types.js';
import { decodeMarker, encodeMarker } from './hidden-marker.js';

const PREFIX = '<!-- kilo-agent:state ';
/** Characters of a suggestion id as the summary shows it; any unique prefix of 6 or more works too. */
export const SHORT_ID_LENGTH = 8;

const suggestionSchema = z.object({
  path: z.string().min(1),
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  replacement: z.string(),
  source: z.string(),
  validated: z.boolean(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});

const stateSchema = z.object({
  v: z.literal(1),
  runId: z.string(),
  head: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/),
  suggestions: z.array(suggestionSchema),
  /** Suggestions left out because the comment had no room for them. */
  omitted: z.number().int().nonnegative(),
});

export type ReviewState = z.output<typeof stateSchema>;
export type StateSuggestion = ReviewState['suggestions'][number];

export function shortId(fingerprint: string): string {
  return fingerprint.slice(0, SHORT_ID_LENGTH);
}

/** The marker for `suggestions` reviewed at `head`, keeping as many as fit in `maxChars`. */
export function renderReviewState(
  state: { runId: string; head: string; suggestions: readonly Suggestion[] },
  maxChars: number,
): string {
  const all = state.suggestions.map((s): StateSuggestion => ({
    path: s.path,
    startLine: s.startLine,
    endLine: s.endLine,
    replacement: s.replacement,
    source: s.source,
    validated: s.validated === true,
    fingerprint: s.fingerprint,
  }));
  // Validated ones first: they are the ones `/kilo apply` can use.
  const ordered = [...all.filter((s) => s.validated), ...all.filter((s) => !s.validated)];
  for (let kept = ordered.length; ; kept = Math.floor(kept / 2)) {
    const marker = encode({
      v: 1,
      runId: state.runId,
      head: state.head,
      suggestions: ordered.slice(0, kept),
      omitted: ordered.length - kept,
    });
    if (marker.length <= maxChars || kept === 0) return marker;
  }
}

/** The state in a comment body, or undefined when it has none or it is not one of ours. */
export function parseReviewState(body: string): ReviewState | undefined {
  return decodeMarker(body, PREFIX, stateSchema);
}

function encode(state: ReviewState): string {
  return encodeMarker(PREFIX, state);
}
