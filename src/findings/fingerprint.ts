// Stable identities for findings and suggestions, so reruns and rebases do not post duplicates.
// Built from content, never from line numbers alone: a line that moves keeps its fingerprint.
import { createHash } from 'node:crypto';

/** sha256 of the parts (NUL-separated, so ("ab","c") ≠ ("a","bc")), first 16 hex chars. */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/** Trim and collapse whitespace, so re-indentation does not change a fingerprint. */
export function normalizeLineContent(content: string): string {
  return content.trim().replace(/\s+/g, ' ');
}

/**
 * rule + path + normalised line content. The line number is used only when the content is unknown
 * (e.g. a tool reported a line past the end of the file), because it changes on every rebase.
 */
export function findingFingerprint(
  rule: string,
  path: string,
  lineContent: string | undefined,
  line: number,
): string {
  if (lineContent === undefined) return fingerprint(rule, path, `#line:${line}`);
  return fingerprint(rule, path, normalizeLineContent(lineContent));
}

/** path + the replaced head lines + the replacement, both verbatim (whitespace is the point of many fixes). */
export function suggestionFingerprint(path: string, original: string, replacement: string): string {
  return fingerprint('suggestion', path, original, replacement);
}
