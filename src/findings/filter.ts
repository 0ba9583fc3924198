// Pure list operations on findings: keep what the PR added, drop duplicates, order for reading.
import type { ChangedFile, DiffIndex } from '../context/types.js';
import type { FilterMode } from '../policy/schema.js';
import type { Finding, Severity } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Findings whose line range [line, endLine ?? line] touches at least one line the PR added. */
export function filterToAddedLines(findings: readonly Finding[], diffIndex: DiffIndex): Finding[] {
  return findings.filter((finding) => {
    const end = Math.max(finding.line, finding.endLine ?? finding.line);
    return touchesAddedLine(diffIndex.addedLines(finding.path), finding.line, end);
  });
}

/**
 * The findings a task's `filter` keeps (reviewdog's filter modes): `added` — touching a line the PR
 * added; `diff-context` — touching a hunk of the PR's diff, context lines included; `file` — in a file
 * the PR changed; `all` — everything, including files the PR did not touch (those can only go to the
 * summary and annotations, never inline).
 */
export function filterByMode(
  findings: readonly Finding[],
  mode: FilterMode,
  files: readonly ChangedFile[],
  diffIndex: DiffIndex,
): Finding[] {
  switch (mode) {
    case 'added':
      return filterToAddedLines(findings, diffIndex);
    case 'diff-context': {
      const hunks = new Map(files.map((file) => [file.path, file.hunks] as const));
      return findings.filter((finding) => {
        const end = Math.max(finding.line, finding.endLine ?? finding.line);
        return (hunks.get(finding.path) ?? []).some(
          (hunk) => hunk.newLines > 0 && finding.line < hunk.newStart + hunk.newLines && end >= hunk.newStart,
        );
      });
    }
    case 'file': {
      const present = new Set(files.filter((file) => file.status !== 'removed').map((file) => file.path));
      return findings.filter((finding) => present.has(finding.path));
    }
    case 'all':
      return [...findings];
  }
}

/** True when some added line number lies in start..end (inclusive). */
export function touchesAddedLine(added: ReadonlyMap<number, string>, start: number, end: number): boolean {
  // Walk whichever is shorter: the range or the file's added lines (a whole-file finding vs a big file).
  if (end - start + 1 <= added.size) {
    for (let line = start; line <= end; line++) if (added.has(line)) return true;
    return false;
  }
  for (const line of added.keys()) if (line >= start && line <= end) return true;
  return false;
}

/** Keeps the first of each fingerprint (findings and suggestions alike), in order. */
export function dedupeByFingerprint<T extends { fingerprint: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.fingerprint)) return false;
    seen.add(item.fingerprint);
    return true;
  });
}

export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  return dedupeByFingerprint(findings);
}

/** errors first, then warnings, then notices; within a severity by path, then line. Returns a copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareStrings(a.path, b.path) ||
      a.line - b.line,
  );
}

// Code-unit order, not localeCompare: the same on every machine and locale.
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
