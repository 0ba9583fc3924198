// Text helpers shared by the renderers: escaping, fences, counts, durations.
// Everything that comes from the PR or a tool (messages, paths, reasons) is hostile text here.
import { clip } from '../util/text.js';
import type { Severity } from '../findings/types.js';
import type { SubtaskStatus } from '../orchestrator/types.js';

/** C0/C1 controls (ANSI escapes included) and bidi overrides ("trojan source"); tab and newline survive. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function stripControl(text: string): string {
  return text.replace(UNSAFE_CHARS, '');
}

/** One line: every whitespace run (newlines included) becomes one space. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\s+/g, ' ').trim();
}

export { clip };

/**
 * Hostile text → one line of inert markdown, safe in a table cell, a list item or next to an HTML comment:
 * HTML is entity-escaped (no `<script>`, no `-->`), markdown punctuation is backslash-escaped (no code
 * spans, links, emphasis or cell breaks), and @mentions are broken so a message cannot ping anyone.
 */
export function escapeMarkdown(text: string, max = 1000): string {
  return clip(oneLine(text), max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/** A backtick fence longer than any backtick run in `text`, so the text can never close it early. */
export function fenceFor(text: string, info = ''): { open: string; close: string } {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  // An info string of a backtick fence may not contain backticks (CommonMark), nor span lines.
  return { open: fence + oneLine(info).replace(/`/g, ''), close: fence };
}

/** Text in a fenced block; the fence adapts to the content. */
export function fenced(text: string, info = ''): string {
  const { open, close } = fenceFor(text, info);
  return text === '' ? `${open}\n${close}` : `${open}\n${text}\n${close}`;
}

/** An inline code span that survives backticks, newlines and edge spaces in the text. */
export function codeSpan(text: string, max = 300): string {
  const flat = clip(oneLine(text), max);
  const ticks = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** `0.4 s`, `12.0 s`, `1 m 3 s`, `2 h 5 m`. */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 59_950) return `${(safe / 1000).toFixed(1)} s`;
  const seconds = Math.round(safe / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} m`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `0 errors, 2 warnings, 1 suggestion`; notices only when there are some. */
export function formatCounts(counts: Record<Severity, number>, suggestions?: number): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.notice > 0) parts.push(plural(counts.notice, 'notice'));
  if (suggestions !== undefined) parts.push(plural(suggestions, 'suggestion'));
  return parts.join(', ');
}

export const STATUS_ICON: Record<SubtaskStatus, string> = {
  ok: '✅',
  failed: '❌',
  skipped: '⏭️',
  'timed-out': '⏱️',
  cancelled: '🚫',
};

export const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
export const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  notice: 'Notices',
};

/** `path:3` or `path:3-5`. */
export function lineRef(path: string, start: number, end?: number): string {
  return end !== undefined && end > start ? `${path}:${start}-${end}` : `${path}:${start}`;
}

/** Makes already-escaped inline markdown safe in a table cell: a bare `|` (as in a code span) would end it. */
export function tableCell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|');
}

/** Files GitHub renders (markup, notebooks, tables): their line anchors only work on the plain view. */
const RENDERED_FILE = /\.(md|markdown|mdown|mkd|mdx|rst|adoc|asciidoc|org|textile|ipynb|csv|tsv|svg)$/i;

/** Percent-encodes a URL path segment, parentheses too: an unbalanced one would end a markdown link early. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[()]/g, (ch) => (ch === '(' ? '%28' : '%29'));
}

/**
 * `https://github.com/o/r/blob/<sha>/<path>#L3` (or `#L3-L5`): lines at a commit, on github.com or the
 * GitHub Enterprise server at `serverUrl`. No anchor for line 0 (a finding about the whole file).
 */
export function blobUrl(
  location: { serverUrl: string; owner: string; repo: string; sha: string },
  path: string,
  start?: number,
  end?: number,
): string {
  const server = location.serverUrl.replace(/\/+$/, '');
  const repo = `${encodeSegment(location.owner)}/${encodeSegment(location.repo)}`;
  const file = path.split('/').map(encodeSegment).join('/');
  const plain = RENDERED_FILE.test(path) ? '?plain=1' : '';
  let anchor = '';
  if (start !== undefined && start >= 1)
    anchor = end !== undefined && end > start ? `#L${start}-L${end}` : `#L${start}`;
  return `${server}/${repo}/blob/${encodeSegment(location.sha)}/${file}${plain}${anchor}`;
}
