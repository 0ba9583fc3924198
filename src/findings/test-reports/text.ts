// Text clean-up shared by the test-report parsers: ANSI codes, clipping, splitting a failure from its stack.
import { clip } from '../../util/text.js';
import { getErrorMessage } from '../../util/errors.js';
import { oneLine } from '../parsers/common.js';
import type { TestReport } from './types.js';

export const MAX_MESSAGE_CHARS = 500;
export const MAX_STACK_CHARS = 4000;

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks), as jest writes with --colors.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export { clip };

/** Lines where a failure's explanation ends: stack frames and jest/babel code frames (`> 12 | …`). */
const STACK_OR_FRAME = /^\s*(?:at\s|>?\s*\d+\s*\|)/;

/**
 * The explanation at the head of a failure text: the lines before its first stack or code frame,
 * without ANSI codes, common indentation, blank edges and a bare `Error: ` prefix (it adds nothing),
 * clipped to 500 chars; undefined when empty.
 */
export function failureMessage(text: string): string | undefined {
  const lines: string[] = [];
  let length = 0;
  for (const line of stripAnsi(text).split(/\r?\n/, 1000)) {
    if (STACK_OR_FRAME.test(line) || length > 2 * MAX_MESSAGE_CHARS) break;
    if (lines.length === 0 && line.trim() === '') continue;
    lines.push(line.trimEnd());
    length += line.length + 1;
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let indent = Infinity;
  for (const line of lines) if (line !== '') indent = Math.min(indent, line.length - line.trimStart().length);
  const message = lines
    .map((line) => line.slice(Number.isFinite(indent) ? indent : 0))
    .join('\n')
    .replace(/^Error: /, '');
  return message === '' ? undefined : clip(message, MAX_MESSAGE_CHARS);
}

/** A failure text as stored in `TestCase.stack`: ANSI codes stripped, trimmed, clipped; undefined when empty. */
export function failureStack(text: string): string | undefined {
  const stack = stripAnsi(text).trim();
  return stack === '' ? undefined : clip(stack, MAX_STACK_CHARS);
}

/** A non-negative finite number of milliseconds, rounded to microseconds, else undefined. */
export function durationMs(value: unknown, scale = 1): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  const ms = Math.round(n * scale * 1000) / 1000;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Runs a parser's body; whatever it throws (a library bug, a stack overflow) becomes the report's error. */
export function readSafely(what: string, read: () => TestReport): TestReport {
  try {
    return read();
  } catch (error) {
    return { tests: [], error: oneLine(`${what} could not be read: ${getErrorMessage(error)}`) };
  }
}
