// Unified diff text (git's `diff --git` format, or plain `---`/`+++` files) → ChangedFile[], in one pass
// over the text: each line is looked at once, by its first character, and becomes our DiffLine
// directly. A library parser (parse-diff) builds its own objects for every line first, which on a
// 100,000-line PR cost as much again as the parse (docs/decisions.md, issue 11); it stays the oracle of
// a differential test. Binary files are known from git's "Binary files … differ" and "GIT binary
// patch" lines (we never ask git for --binary). Paths git quotes ("a/t\303\251st") are unquoted.
import type { ChangedFile, DiffLine, FileStatus, Hunk } from './types.js';

const DEV_NULL = '/dev/null';
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface FileState {
  from: string;
  to: string;
  added: boolean;
  removed: boolean;
  copied: boolean;
  binary: boolean;
  /** Its `---` line or binary marker was read: another `---` starts the next file. */
  sealed: boolean;
  additions: number;
  deletions: number;
  hunks: Hunk[];
}

export function parseUnifiedDiff(text: string): ChangedFile[] {
  const parser = createDiffParser();
  parser.write(text);
  return parser.end();
}

export interface DiffParser {
  /** The next piece of the text, cut anywhere (a line may span pieces). */
  write(chunk: string): void;
  /** The changed files, once the whole text is written. */
  end(): ChangedFile[];
}

/**
 * parseUnifiedDiff as the text arrives: a diff read from git is parsed while git is still writing it
 * (on a 3,000-file PR that hides the parse behind git's own time, issue 24). Each line is handled when
 * its newline arrives; the same lines in the same order give the same files, however the text is cut.
 */
export function createDiffParser(onFile?: (file: ChangedFile) => void): DiffParser {
  const files: ChangedFile[] = [];
  const push = (state: FileState): void => {
    const changed = finish(state);
    files.push(changed);
    onFile?.(changed);
  };
  let file: FileState | undefined;
  let hunk: Hunk | undefined;
  // Lines the open hunk still has on each side; the hunk ends when both reach 0.
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  const open = (from = DEV_NULL, to = DEV_NULL): FileState => {
    if (file) push(file);
    return (file = {
      from,
      to,
      added: false,
      removed: false,
      copied: false,
      binary: false,
      sealed: false,
      additions: 0,
      deletions: 0,
      hunks: [],
    });
  };
  // A header line that follows hunks starts the next file (plain diffs have no `diff --git` line).
  const current = (): FileState => (file === undefined || file.hunks.length > 0 ? open() : file);

  // The last line's start, until its newline arrives.
  let pending = '';

  // The line is text.slice(start, end): a hunk's line is sliced once, for its content.
  const readLine = (text: string, start: number, end: number): void => {
    if (hunk !== undefined && (oldLeft > 0 || newLeft > 0)) {
      const first = start < end ? text.charCodeAt(start) : NaN;
      if (first === 92 /* \ */) return; // "\ No newline at end of file": a marker, not a line
      const content = start < end ? text.slice(start + 1, end) : '';
      let entry: DiffLine;
      if (first === 43 /* + */) {
        entry = { type: 'add', content, newLine: newLine++ };
        newLeft--;
        file!.additions++;
      } else if (first === 45 /* - */) {
        entry = { type: 'del', content, oldLine: oldLine++ };
        oldLeft--;
        file!.deletions++;
      } else {
        // A context line; an empty one (a stripped trailing space) counts as context too.
        entry = { type: 'context', content, oldLine: oldLine++, newLine: newLine++ };
        oldLeft--;
        newLeft--;
      }
      hunk.lines.push(entry);
      return;
    }
    hunk = undefined;
    const line = text.slice(start, end);
    switch (line.charCodeAt(0)) {
      case 100 /* d */:
        if (line.startsWith('diff --git ')) {
          const [from, to] = gitHeaderPaths(line.slice(11));
          open(from, to);
        } else if (line.startsWith('deleted file mode')) {
          const f = current();
          f.removed = true;
          f.to = DEV_NULL;
        }
        break;
      case 110 /* n */:
        if (line.startsWith('new file mode')) {
          const f = current();
          f.added = true;
          f.from = DEV_NULL;
        }
        break;
      case 114 /* r */:
        if (line.startsWith('rename from ')) current().from = unquote(line.slice(12));
        else if (line.startsWith('rename to ')) current().to = unquote(line.slice(10));
        break;
      case 99 /* c */:
        if (line.startsWith('copy from '))
          Object.assign(current(), { from: unquote(line.slice(10)), copied: true });
        else if (line.startsWith('copy to ')) current().to = unquote(line.slice(8));
        break;
      case 45 /* - */:
        if (line.startsWith('--- ')) {
          const f = file?.sealed ? open() : current();
          f.from = headerPath(line.slice(4));
          f.sealed = true;
        }
        break;
      case 43 /* + */:
        if (line.startsWith('+++ ')) current().to = headerPath(line.slice(4));
        break;
      case 66 /* B */:
        if (line.startsWith('Binary files ') && line.endsWith(' differ')) seal(current()).binary = true;
        break;
      case 71 /* G */:
        if (line === 'GIT binary patch') seal(current()).binary = true;
        break;
      case 64 /* @ */: {
        const match = HUNK_HEADER.exec(line);
        if (match === null) break;
        const f = file ?? open();
        const [, oldStart = '0', oldCount, newStart = '0', newCount] = match;
        // Counts past 2^53 are no real hunk: read as one, they would make every line number Infinity.
        if (
          ![oldStart, oldCount ?? '1', newStart, newCount ?? '1'].every((n) =>
            Number.isSafeInteger(Number(n)),
          )
        ) {
          hunk = undefined;
          oldLeft = newLeft = 0;
          break;
        }
        hunk = {
          header: line,
          oldStart: Number(oldStart),
          oldLines: oldCount === undefined ? 1 : Number(oldCount),
          newStart: Number(newStart),
          newLines: newCount === undefined ? 1 : Number(newCount),
          lines: [],
        };
        f.hunks.push(hunk);
        oldLeft = hunk.oldLines;
        newLeft = hunk.newLines;
        oldLine = hunk.oldStart;
        newLine = hunk.newStart;
        break;
      }
    }
  };

  return {
    write(chunk: string) {
      const text = pending + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        readLine(text, start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
        start = end + 1;
      }
      pending = text.slice(start);
    },
    end() {
      // A last line without a newline (an empty one is no line).
      if (pending !== '')
        readLine(
          pending,
          0,
          pending.charCodeAt(pending.length - 1) === 13 ? pending.length - 1 : pending.length,
        );
      pending = '';
      if (file) push(file);
      file = undefined;
      return files;
    },
  };
}

function seal(file: FileState): FileState {
  file.sealed = true;
  return file;
}

function finish(file: FileState): ChangedFile {
  const status = fileStatus(file);
  const changed: ChangedFile = {
    path: status === 'removed' ? file.from : file.to,
    status,
    additions: file.additions,
    deletions: file.deletions,
    hunks: file.hunks,
    binary: file.binary,
  };
  if (status === 'renamed' || status === 'copied') changed.previousPath = file.from;
  return changed;
}

function fileStatus(file: FileState): FileStatus {
  if (file.added || file.from === DEV_NULL) return 'added';
  if (file.removed || file.to === DEV_NULL) return 'removed';
  if (file.from !== file.to) return file.copied ? 'copied' : 'renamed';
  return 'modified';
}

/** `--- a/path`, `+++ b/path`, `--- /dev/null`, possibly quoted, possibly with a tab and a timestamp. */
function headerPath(raw: string): string {
  const value = raw.startsWith('"') ? unquote(raw) : raw.split('\t')[0]!;
  return value === DEV_NULL ? DEV_NULL : stripSide(value);
}

/**
 * The two paths of `diff --git a/x b/y`. Quoted ones are exact; unquoted ones with spaces are
 * ambiguous, so an equal pair (`a/p b/p`) is taken by length, else the split is at the last ` b/`.
 * `---`/`+++` and `rename` lines, when present, replace them.
 */
function gitHeaderPaths(rest: string): [string, string] {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    const from = unquote(rest.slice(0, end + 1));
    const tail = rest.slice(end + 2);
    return [stripSide(from), stripSide(tail.startsWith('"') ? unquote(tail) : tail)];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const from = rest.slice(0, half);
    const to = rest.slice(half + 1);
    if (stripSide(from) === stripSide(to)) return [stripSide(from), stripSide(to)];
  }
  const quoted = rest.indexOf(' "');
  if (quoted > 0) return [stripSide(rest.slice(0, quoted)), stripSide(unquote(rest.slice(quoted + 1)))];
  const at = rest.lastIndexOf(' b/');
  return at < 0 ? [rest, rest] : [stripSide(rest.slice(0, at)), stripSide(rest.slice(at + 1))];
}

function stripSide(path: string): string {
  return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting: `"a/t\303\251st \"x\""` → `a/tést "x"` (octal escapes are UTF-8 bytes). */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  const bytes: number[] = [];
  const end = closingQuote(value);
  for (let i = 1; i < end; i++) {
    const char = value[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = value[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(value.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
