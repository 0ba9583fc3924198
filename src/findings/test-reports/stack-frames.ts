// Source locations in failure texts: V8 stack frames (with or without `at`, as node:test's TAP prints
// them), V8/babel syntax-error headers, and Python tracebacks. Paths are returned as written; callers
// decide what is in the workspace. Java and Go frames name a file without its folder: not read.

export interface StackFrame {
  /** As written: absolute, relative, `file://` URL or `node:internal/…`. */
  file: string;
  line: number;
}

const MAX_FRAMES = 200;
const MAX_LINE_CHARS = 2000;

// V8's header of a syntax error: `file:///abs/broken.mjs:4` alone on its line.
const V8_HEADER = /^\s*((?:file:\/\/)?\/[^\s()]*):(\d+)\s*$/;
// Python: `  File "src/cart.py", line 10, in total` and pytest's `tests/test_cart.py:9: AssertionError`
// (outermost first, unlike V8).
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PYTEST_LOCATION = /^([^\s:]+\.py):(\d+):(?:\s|$)/;

/** Every location in `text`, in order of appearance (innermost call first for V8). */
export function stackFrames(text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const raw of text.split(/\r?\n/, 10_000)) {
    const line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
    const frame = v8Frame(line) ?? babelSyntaxError(line) ?? matchFrame(line, V8_HEADER);
    const found = frame ?? matchFrame(line, PYTHON_FRAME) ?? matchFrame(line, PYTEST_LOCATION);
    if (found) frames.push(found);
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames;
}

/** `node:fs`, `internal/…`, `<anonymous>`, `webpack://…`: not a file of the repository. */
export function isInternalFrame(file: string): boolean {
  if (file.startsWith('file://')) return false;
  return /^[a-z][a-z0-9+.-]+:/i.test(file) || file.startsWith('internal/') || file.startsWith('<');
}

/** `    at fn (/abs/file.js:10:5)`, `    at /abs/file.js:10:5`, node:test's `fn (file:///abs/f.mjs:10:5)`. */
function v8Frame(line: string): StackFrame | undefined {
  let text = line.trim();
  let location: string;
  if (text.endsWith(')')) {
    text = text.slice(0, -1);
    location = text.slice(text.lastIndexOf('(') + 1);
  } else if (text.startsWith('at ')) {
    location = text.slice(3).trim();
  } else {
    return undefined; // a message line that happens to end in `x.js:1:2` is not a frame
  }
  return frameOf(/^(.+):(\d+):\d+$/.exec(location));
}

/** jest (babel): `SyntaxError: /abs/broken.test.js: Unexpected token, expected "," (4:3)`. */
function babelSyntaxError(line: string): StackFrame | undefined {
  const at = line.indexOf('SyntaxError: ');
  if (at === -1) return undefined;
  const file = /^SyntaxError: ([^\s()]+?): /.exec(line.slice(at))?.[1];
  const position = /\((\d+):\d+\)\s*$/.exec(line);
  return file === undefined || position === null ? undefined : frameOf([file, file, position[1]]);
}

function matchFrame(line: string, pattern: RegExp): StackFrame | undefined {
  return frameOf(pattern.exec(line));
}

function frameOf(match: ArrayLike<string | undefined> | null): StackFrame | undefined {
  const file = match?.[1];
  const line = Number(match?.[2]);
  if (file === undefined || file === '' || !Number.isSafeInteger(line) || line < 1) return undefined;
  return { file, line };
}
