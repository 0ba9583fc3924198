// The oracle of the diff parser's differential test: how src/context/diff.ts read diffs on top of
// parse-diff before it became a one-pass parser of its own (issue 11). Known differences, on purpose:
// this one strips an `a/` or `b/` directory off paths twice and does not unquote git's C-quoted paths.
import parseDiff from 'parse-diff';
import type { ChangedFile, DiffLine, FileStatus, Hunk } from '../src/context/types.js';

const DEV_NULL = '/dev/null';

export function parseWithParseDiff(text: string): ChangedFile[] {
  if (text.trim() === '') return [];
  // Copying 10 MB of diff costs more than looking for a carriage return first.
  const normalised = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  const binaryPaths = findBinaryPaths(normalised);
  return parseDiff(normalised).map((file) => toChangedFile(file, binaryPaths));
}

function toChangedFile(file: parseDiff.File, binaryPaths: Set<string>): ChangedFile {
  const from = stripPrefix(file.from);
  const to = stripPrefix(file.to);
  const status = fileStatus(file, from, to);
  const path = status === 'removed' ? from : to;
  const hunks = file.chunks.map(toHunk);
  const changed: ChangedFile = {
    path,
    status,
    additions: countLines(hunks, 'add'),
    deletions: countLines(hunks, 'del'),
    hunks,
    binary: binaryPaths.has(path) || binaryPaths.has(from),
  };
  if (status === 'renamed') changed.previousPath = from;
  return changed;
}

function fileStatus(file: parseDiff.File, from: string, to: string): FileStatus {
  if (file.new || from === DEV_NULL) return 'added';
  if (file.deleted || to === DEV_NULL) return 'removed';
  if (from !== to) return 'renamed';
  return 'modified';
}

function toHunk(chunk: parseDiff.Chunk): Hunk {
  const lines: DiffLine[] = [];
  for (const change of chunk.changes) {
    // "\ No newline at end of file" is a marker, not a line of either file.
    if (change.content.startsWith('\\')) continue;
    const content = change.content.slice(1);
    if (change.type === 'add') lines.push({ type: 'add', content, newLine: change.ln });
    else if (change.type === 'del') lines.push({ type: 'del', content, oldLine: change.ln });
    else lines.push({ type: 'context', content, oldLine: change.ln1, newLine: change.ln2 });
  }
  return {
    header: chunk.content,
    oldStart: chunk.oldStart,
    oldLines: chunk.oldLines,
    newStart: chunk.newStart,
    newLines: chunk.newLines,
    lines,
  };
}

function countLines(hunks: Hunk[], type: DiffLine['type']): number {
  let count = 0;
  for (const hunk of hunks) for (const line of hunk.lines) if (line.type === type) count++;
  return count;
}

function stripPrefix(path: string | undefined): string {
  if (path === undefined || path === DEV_NULL) return DEV_NULL;
  return path.replace(/^"?[ab]\//, '').replace(/"$/, '');
}

/** Paths whose section of the diff says the file is binary. */
function findBinaryPaths(text: string): Set<string> {
  const paths = new Set<string>();
  const marker = 'Binary files ';
  // indexOf to each marker, the regex on that one line: a multiline regex over a huge diff is slow.
  for (let at = text.startsWith(marker) ? 0 : text.indexOf(`\n${marker}`); at >= 0;) {
    const start = text[at] === '\n' ? at + 1 : at;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? undefined : end);
    const match = /^Binary files (?:a\/)?(.+?) and (?:b\/)?(.+?) differ$/.exec(line);
    for (const side of [match?.[1], match?.[2]]) if (side && side !== DEV_NULL) paths.add(side);
    at = end < 0 ? -1 : text.indexOf(`\n${marker}`, end);
  }
  return paths;
}
