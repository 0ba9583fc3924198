// DiffIndex: for each file and side, the hunks' line ranges and which lines can carry a comment.
// GitHub accepts review comments on any line shown in a hunk (added, deleted or context).
import type { ChangedFile, DiffIndex, LineRange, Side } from './types.js';

interface FileIndex {
  ranges: Record<Side, LineRange[]>;
  lines: Record<Side, Set<number>>;
  added: Map<number, string>;
}

export function createDiffIndex(files: readonly ChangedFile[]): DiffIndex {
  const byPath = new Map<string, FileIndex>();
  for (const file of files) byPath.set(file.path, indexFile(file));

  const rangeOf = (path: string, line: number, side: Side): LineRange | undefined =>
    byPath.get(path)?.ranges[side].find((range) => line >= range.start && line <= range.end);

  return {
    paths: () => [...byPath.keys()],
    isCommentable: (path, line, side) => byPath.get(path)?.lines[side].has(line) ?? false,
    hunkRange: rangeOf,
    isCommentableRange(path, start, end, side) {
      if (end < start) return false;
      const range = rangeOf(path, start, side);
      const index = byPath.get(path);
      return (
        range !== undefined &&
        end <= range.end &&
        index !== undefined &&
        index.lines[side].has(start) &&
        index.lines[side].has(end)
      );
    },
    addedLines: (path) => byPath.get(path)?.added ?? new Map<number, string>(),
  };
}

function indexFile(file: ChangedFile): FileIndex {
  const index: FileIndex = {
    ranges: { LEFT: [], RIGHT: [] },
    lines: { LEFT: new Set(), RIGHT: new Set() },
    added: new Map(),
  };
  for (const hunk of file.hunks) {
    if (hunk.newLines > 0) {
      index.ranges.RIGHT.push({ start: hunk.newStart, end: hunk.newStart + hunk.newLines - 1 });
    }
    if (hunk.oldLines > 0) {
      index.ranges.LEFT.push({ start: hunk.oldStart, end: hunk.oldStart + hunk.oldLines - 1 });
    }
    for (const line of hunk.lines) {
      if (line.newLine !== undefined) index.lines.RIGHT.add(line.newLine);
      if (line.oldLine !== undefined && line.type !== 'context') index.lines.LEFT.add(line.oldLine);
      if (line.type === 'add' && line.newLine !== undefined) index.added.set(line.newLine, line.content);
    }
  }
  return index;
}
