// DiffIndex: for each file and side, the hunks' line ranges and which lines can carry a comment.
// GitHub accepts review comments on any line shown in a hunk (added, deleted or context).
import type { ChangedFile, DiffIndex, LineRange, Side } from './types.js';

interface FileIndex {
  ranges: Record<Side, LineRange[]>;
  /** Deleted lines (LEFT). The RIGHT side needs no set: a hunk shows every new line of its range. */
  deleted: Set<number>;
  added: Map<number, string>;
}

export function createDiffIndex(files: readonly ChangedFile[]): DiffIndex {
  const builder = createDiffIndexBuilder();
  for (const file of files) builder.add(file);
  return builder.index();
}

/** createDiffIndex a file at a time: a diff parsed as git writes it is indexed as it goes, too. */
export function createDiffIndexBuilder(): { add(file: ChangedFile): void; index(): DiffIndex } {
  const byPath = new Map<string, FileIndex>();
  return {
    add: (file) => byPath.set(file.path, indexFile(file)),
    index: () => indexOf(byPath),
  };
}

function indexOf(byPath: ReadonlyMap<string, FileIndex>): DiffIndex {
  const rangeOf = (path: string, line: number, side: Side): LineRange | undefined =>
    byPath.get(path)?.ranges[side].find((range) => line >= range.start && line <= range.end);
  const isCommentable = (path: string, line: number, side: Side): boolean =>
    side === 'LEFT'
      ? (byPath.get(path)?.deleted.has(line) ?? false)
      : rangeOf(path, line, side) !== undefined;

  return {
    paths: () => [...byPath.keys()],
    isCommentable,
    hunkRange: rangeOf,
    isCommentableRange(path, start, end, side) {
      if (end < start) return false;
      const range = rangeOf(path, start, side);
      return (
        range !== undefined &&
        end <= range.end &&
        isCommentable(path, start, side) &&
        isCommentable(path, end, side)
      );
    },
    addedLines: (path) => byPath.get(path)?.added ?? new Map<number, string>(),
  };
}

function indexFile(file: ChangedFile): FileIndex {
  const index: FileIndex = {
    ranges: { LEFT: [], RIGHT: [] },
    deleted: new Set(),
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
      if (line.type === 'del' && line.oldLine !== undefined) index.deleted.add(line.oldLine);
      else if (line.type === 'add' && line.newLine !== undefined) index.added.set(line.newLine, line.content);
    }
  }
  return index;
}
