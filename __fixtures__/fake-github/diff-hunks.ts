// Where GitHub accepts a review comment: the hunks of a file's `patch` (as the files endpoint lists it),
// each line with its old/new line number and its diff `position`. RIGHT addresses added and context
// lines by new line number, LEFT addresses deleted lines by old line number (GitHub's documented
// rule); a range must stay inside one hunk and start before it ends.

export type Side = 'LEFT' | 'RIGHT';

export interface DiffLine {
  kind: 'add' | 'delete' | 'context' | 'meta';
  /** Old-file line number: delete and context lines. */
  oldLine?: number;
  /** New-file line number: add and context lines. */
  newLine?: number;
  /** 1-based line count below the file's first `@@` header; later headers count too. */
  position: number;
  text: string;
}

export interface Hunk {
  header: string;
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let position = 0;
  // A final newline ends the patch; it is not one more (empty) context line.
  for (const text of patch.replace(/\n$/, '').split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      if (current) position++;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      current = { header: text, oldStart: oldLine, newStart: newLine, lines: [] };
      hunks.push(current);
      continue;
    }
    if (!current) continue; // `diff --git`/`---`/`+++` preamble, if a test pasted a whole diff
    position++;
    const marker = text[0];
    if (marker === '+') current.lines.push({ kind: 'add', newLine: newLine++, position, text });
    else if (marker === '-') current.lines.push({ kind: 'delete', oldLine: oldLine++, position, text });
    else if (marker === '\\') current.lines.push({ kind: 'meta', position, text });
    else current.lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, position, text });
  }
  return hunks;
}

export interface Anchor {
  hunk: number;
  index: number;
  line: DiffLine;
}

/** One file's diff, answering where a comment would land. */
export class FileDiff {
  readonly hunks: Hunk[];

  constructor(patch: string | undefined) {
    this.hunks = patch ? parsePatch(patch) : [];
  }

  /** The diff line `line` addresses on `side`, if it is shown in a hunk. */
  find(line: number, side: Side): Anchor | undefined {
    return this.search((l) =>
      side === 'RIGHT'
        ? l.kind !== 'delete' && l.newLine === line
        : l.kind === 'delete' && l.oldLine === line,
    );
  }

  /** The diff line at a legacy `position`. */
  atPosition(position: number): Anchor | undefined {
    return this.search((l) => l.position === position && l.kind !== 'meta');
  }

  /** GitHub's `diff_hunk` of a comment: the hunk header through the commented line. */
  diffHunk(anchor: Anchor): string {
    const hunk = this.hunks[anchor.hunk];
    if (!hunk) return '';
    return [hunk.header, ...hunk.lines.slice(0, anchor.index + 1).map((l) => l.text)].join('\n');
  }

  private search(predicate: (line: DiffLine) => boolean): Anchor | undefined {
    for (const [h, hunk] of this.hunks.entries()) {
      const index = hunk.lines.findIndex(predicate);
      const line = hunk.lines[index];
      if (line) return { hunk: h, index, line };
    }
    return undefined;
  }
}

export interface ThreadRequest {
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

export interface ResolvedThread {
  line: number;
  side: Side;
  start_line: number | null;
  start_side: Side | null;
  position: number;
  diff_hunk: string;
}

/** Why GitHub refuses a thread: the field at fault and GitHub's wording after the field name. */
export interface ThreadError {
  field: 'path' | 'line' | 'start_line';
  problem: string;
}

export const NOT_IN_DIFF = 'must be part of the diff';
export const NOT_SAME_HUNK = 'must be part of the same hunk as the line.';
export const NOT_BEFORE_END = 'must precede the end line.';

/** Resolves a comment's `line`/`side` (+ `start_line`/`start_side`, or a legacy `position`). */
export function resolveThread(
  diff: FileDiff | undefined,
  request: ThreadRequest,
): ResolvedThread | ThreadError {
  if (!diff) return { field: 'path', problem: 'could not be resolved' };
  const side: Side = request.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  const end =
    request.line !== undefined
      ? diff.find(request.line, side)
      : request.position !== undefined
        ? diff.atPosition(request.position)
        : undefined;
  if (!end) return { field: 'line', problem: NOT_IN_DIFF };
  const endSide: Side = end.line.kind === 'delete' ? 'LEFT' : 'RIGHT';
  const resolved: ResolvedThread = {
    line: (endSide === 'LEFT' ? end.line.oldLine : end.line.newLine) ?? 0,
    side: endSide,
    start_line: null,
    start_side: null,
    position: end.line.position,
    diff_hunk: diff.diffHunk(end),
  };
  if (request.start_line === undefined) return resolved;
  const startSide: Side =
    request.start_side === 'LEFT' || request.start_side === 'RIGHT' ? request.start_side : side;
  const start = diff.find(request.start_line, startSide);
  if (!start || start.hunk !== end.hunk) return { field: 'start_line', problem: NOT_SAME_HUNK };
  if (start.index >= end.index) return { field: 'start_line', problem: NOT_BEFORE_END };
  return { ...resolved, start_line: request.start_line, start_side: startSide };
}

export function isThreadError(value: unknown): value is ThreadError {
  return typeof value === 'object' && value !== null && 'problem' in value;
}
