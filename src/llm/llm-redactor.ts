// Everything sent to a model passes through here: registered secrets (the tracer's list: tokens, keys)
// and anything shaped like a secret, whatever its origin. Masking too much costs a little context;
// missing one sends a credential to a third party.
import { findSecretMatches } from '../trace/secret-patterns.js';

export const REDACTED = '[REDACTED]';

/** `known` masks the registered secrets; the result also masks every secret-shaped span on every line. */
export function createLlmRedactor(known: (text: string) => string): (text: string) => string {
  return (text) => known(text).split('\n').map(maskSecretSpans).join('\n');
}

function maskSecretSpans(line: string): string {
  const matches = findSecretMatches(line);
  if (matches.length === 0) return line;
  let masked = '';
  let cursor = 0;
  for (const match of matches) {
    // Matches are sorted by start and do not overlap, but stay safe if they ever do.
    if (match.end <= cursor) continue;
    masked += line.slice(cursor, Math.max(cursor, match.start)) + REDACTED;
    cursor = match.end;
  }
  return masked + line.slice(cursor);
}
