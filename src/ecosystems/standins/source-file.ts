// Reading a file a stand-in was asked to check: UTF-8 or nothing, as the real tools insist, with a
// leading byte-order mark set aside (columns on line 1 count from the text, and format keeps the mark).
import { readFileSync } from 'node:fs';

export type SourceText = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

const REASONS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
};

export function readSourceText(file: string): SourceText {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { ok: false, reason: REASONS[code] ?? `Cannot read the file (${code || 'unknown error'})` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'stream did not contain valid UTF-8' };
  }
  const bom = text.startsWith('\ufeff');
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}

/** How a stand-in talks to its caller; the entry passes the process's, tests collect. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}
