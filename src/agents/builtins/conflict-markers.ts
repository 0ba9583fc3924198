// Built-in analyzer: merge-conflict markers left in added lines. `=======` alone is also a Markdown
// setext heading underline, so it counts only after an opening marker was added earlier in the file.
import { findingFingerprint } from '../../findings/fingerprint.js';
import type { Finding } from '../../findings/types.js';

// Built at runtime so this file never contains a marker line itself.
const OPEN = '<'.repeat(7);
const BASE = '|'.repeat(7);
const SEPARATOR = '='.repeat(7);
const CLOSE = '>'.repeat(7);

const RULE = 'conflict-marker';
const MARKER_START = new Set([OPEN, BASE, SEPARATOR, CLOSE].map((marker) => marker.charCodeAt(0)));

export function scanConflictMarkers(path: string, addedLines: ReadonlyMap<number, string>): Finding[] {
  const findings: Finding[] = [];
  let opened = false;
  for (const [line, content] of inLineOrder(addedLines)) {
    // Every marker starts with one of < | > =: the other lines (nearly all) need no closer look.
    if (!MARKER_START.has(content.charCodeAt(0))) continue;
    const marker = markerOf(content.replace(/\r$/, ''), opened);
    if (marker === undefined) continue;
    if (marker === OPEN) opened = true;
    findings.push({
      rule: RULE,
      severity: 'error',
      message: `Merge conflict marker \`${marker}\` added; resolve the conflict and remove the markers.`,
      path,
      line,
      source: 'conflict-markers',
      fingerprint: findingFingerprint(RULE, path, content, line),
    });
  }
  return findings;
}

/** The entries by line number; the diff index's maps already are, and are then not copied. */
function inLineOrder(lines: ReadonlyMap<number, string>): Iterable<[number, string]> {
  let previous = -Infinity;
  for (const line of lines.keys()) {
    if (line < previous) return [...lines].sort((a, b) => a[0] - b[0]);
    previous = line;
  }
  return lines;
}

function markerOf(content: string, opened: boolean): string | undefined {
  for (const marker of [OPEN, BASE, CLOSE]) {
    if (content === marker || content.startsWith(`${marker} `)) return marker;
  }
  if (opened && content === SEPARATOR) return SEPARATOR;
  return undefined;
}
