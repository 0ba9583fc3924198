// read_file: lines of one file of the checkout, numbered `12: text`, streamed so that a large file is
// never loaded whole, and cut at the byte cap on a line boundary with a note saying where to go on.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { resolveReadable } from './checkout-path.js';
import type { ReadFileArgs } from './schemas.js';
import { createLineCollector } from './text-bytes.js';
import type { ToolEnv, ToolOutcome } from './types.js';

interface Range {
  start: number;
  end: number;
}

interface Scan {
  lines: readonly string[];
  /** Lines seen in the file: all of them unless the scan stopped early. */
  seen: number;
  /** The first line not shown when the cap cut the range. */
  cutBefore?: number;
  binary: boolean;
}

export async function readFileTool(env: ToolEnv, args: ReadFileArgs): Promise<ToolOutcome> {
  const range = { start: args.start_line ?? 1, end: args.end_line ?? Number.POSITIVE_INFINITY };
  if (range.end < range.start) {
    return { ok: false, error: `end_line ${range.end} is before start_line ${range.start}` };
  }
  const file = await resolveReadable(env, args.path, 'file');
  if (!file.ok) return file;
  const scan = await scanLines(file.real, file.size ?? Number.POSITIVE_INFINITY, range, env);
  if (scan.binary) return { ok: false, error: `${file.path} looks binary (it has NUL bytes)` };
  if (scan.lines.length === 0) {
    if (scan.seen === 0 && range.start === 1) return { ok: true, text: '(empty file)' };
    return {
      ok: false,
      error: `start_line ${range.start} is past the end of ${file.path} (${scan.seen} lines)`,
    };
  }
  const note =
    scan.cutBefore === undefined
      ? []
      : [`… (cut at ${env.maxBytes} bytes; ask for start_line ${scan.cutBefore})`];
  return { ok: true, text: [...scan.lines, ...note].join('\n') };
}

/** Files up to this size are read whole; larger ones are streamed, so one is never loaded entire. */
const WHOLE_FILE_BYTES = 1024 * 1024;

/** Each line is redacted before it is measured, so a cut never splits a secret the redactor knows. */
async function scanLines(path: string, size: number, range: Range, env: ToolEnv): Promise<Scan> {
  if (size <= WHOLE_FILE_BYTES) return collectLines(linesOf(await readFile(path, 'utf8')), range, env);
  const stream = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    return await collectLines(reader, range, env);
  } finally {
    reader.close();
    stream.destroy();
  }
}

/** Lines as readline gives them: split at \n or \r\n, no empty last line after a final newline. */
function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

async function collectLines(
  lines: Iterable<string> | AsyncIterable<string>,
  range: Range,
  env: ToolEnv,
): Promise<Scan> {
  const collector = createLineCollector(env.maxBytes);
  let seen = 0;
  for await (const line of lines) {
    seen += 1;
    if (line.includes('\0')) return { lines: [], seen, binary: true };
    if (seen < range.start) continue;
    if (seen > range.end) break;
    if (!collector.add(`${seen}: ${env.redact(line)}`)) {
      const cutBefore = collector.cutInsideLine ? seen + 1 : seen;
      return { lines: collector.lines, seen, cutBefore, binary: false };
    }
  }
  return { lines: collector.lines, seen, binary: false };
}
