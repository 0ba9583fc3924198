// The diff as the LLM reviewer shows it: each hunk rendered with head-side line numbers and quoted as
// data, then packed into calls of at most a token budget. A hunk larger than the budget is cut at line
// boundaries (a single line larger than it is cut short). Deterministic: changed-file order, hunk order.
import type { ChangedFile, DiffLine, Hunk } from '../context/types.js';
import { quoteUntrusted } from '../llm/quote.js';
import { estimateTokens } from '../llm/tokens.js';

/** A hunk, or one part of a hunk that was cut, quoted and ready for the prompt. */
export interface ReviewPiece {
  path: string;
  /** The hunk's index among its file's hunks. */
  hunk: number;
  /** 1-based; `parts` is 1 unless the hunk was cut. */
  part: number;
  parts: number;
  /** The quoted block (quoteUntrusted), as it goes into the prompt. */
  block: string;
  /** Estimated tokens of `block` plus its separator in the prompt. */
  tokens: number;
}

export interface ReviewBatch {
  pieces: ReviewPiece[];
  tokens: number;
}

/** Numbers wider than this still fit: the width grows with the hunk's largest line number. */
const MIN_NUMBER_WIDTH = 4;
/** Blocks are joined by a blank line. */
const SEPARATOR = '\n\n';
const CUT_MARK = '…';

/** `  12 + code`, `  13   context`, `     - deleted` (deleted lines have no head-side number). */
export function renderDiffLine(line: DiffLine, width: number = MIN_NUMBER_WIDTH): string {
  const number = line.type === 'del' || line.newLine === undefined ? '' : String(line.newLine);
  const marker = line.type === 'add' ? '+' : line.type === 'del' ? '-' : ' ';
  return `${number.padStart(width)} ${marker} ${line.content}`;
}

/** A whole hunk as the reviewer sees it: the file, the hunk header, then the numbered lines. */
export function renderHunk(path: string, hunk: Hunk): string {
  const width = numberWidth(hunk);
  return [`file: ${path}`, hunk.header, ...hunk.lines.map((line) => renderDiffLine(line, width))].join('\n');
}

/** The data block of a rendered hunk (or part of one). */
export function quoteHunk(path: string, text: string): string {
  return quoteUntrusted(`diff ${path}`, text);
}

/**
 * The hunks of `files` (binary and removed files have none to review) packed into batches of at most
 * `batchTokens` estimated tokens each, in order.
 */
export function batchHunks(files: readonly ChangedFile[], batchTokens: number): ReviewBatch[] {
  const batches: ReviewBatch[] = [];
  let current: ReviewBatch = { pieces: [], tokens: 0 };
  for (const piece of reviewPieces(files, batchTokens)) {
    if (current.pieces.length > 0 && current.tokens + piece.tokens > batchTokens) {
      batches.push(current);
      current = { pieces: [], tokens: 0 };
    }
    current.pieces.push(piece);
    current.tokens += piece.tokens;
  }
  if (current.pieces.length > 0) batches.push(current);
  return batches;
}

/** Every hunk of the reviewable files as one piece, or several when it is over the budget. */
export function reviewPieces(files: readonly ChangedFile[], batchTokens: number): ReviewPiece[] {
  const pieces: ReviewPiece[] = [];
  for (const file of files) {
    if (file.binary || file.status === 'removed') continue;
    file.hunks.forEach((hunk, index) => pieces.push(...hunkPieces(file.path, hunk, index, batchTokens)));
  }
  return pieces;
}

function hunkPieces(path: string, hunk: Hunk, index: number, batchTokens: number): ReviewPiece[] {
  const whole = quoteHunk(path, renderHunk(path, hunk));
  const tokens = blockTokens(whole);
  if (tokens <= batchTokens) {
    return [{ path, hunk: index, part: 1, parts: 1, block: whole, tokens }];
  }
  const width = numberWidth(hunk);
  const head = [`file: ${path}`, `${hunk.header} (continued)`].join('\n');
  // Summing per-line estimates over-counts (each rounds up), so a part never exceeds the budget.
  const room = batchTokens - blockTokens(quoteHunk(path, head));
  const parts: string[][] = [];
  let lines: string[] = [];
  let used = 0;
  for (const line of hunk.lines) {
    let rendered = renderDiffLine(line, width);
    let cost = estimateTokens(`\n${rendered}`);
    if (cost > room) {
      rendered = cutToTokens(rendered, room);
      cost = estimateTokens(`\n${rendered}`);
    }
    if (lines.length > 0 && used + cost > room) {
      parts.push(lines);
      lines = [];
      used = 0;
    }
    lines.push(rendered);
    used += cost;
  }
  if (lines.length > 0) parts.push(lines);
  return parts.map((partLines, i) => {
    const header = i === 0 ? hunk.header : `${hunk.header} (continued)`;
    const block = quoteHunk(path, [`file: ${path}`, header, ...partLines].join('\n'));
    return { path, hunk: index, part: i + 1, parts: parts.length, block, tokens: blockTokens(block) };
  });
}

function blockTokens(block: string): number {
  return estimateTokens(block + SEPARATOR);
}

function numberWidth(hunk: Hunk): number {
  const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
  return Math.max(MIN_NUMBER_WIDTH, String(last).length);
}

/** `text` shortened (at a character boundary) so that "\n" + it + "…" fits in `tokens`. */
function cutToTokens(text: string, tokens: number): string {
  const maxBytes = Math.max(0, tokens * 4 - Buffer.byteLength(`\n${CUT_MARK}`));
  // A multi-byte character cut in half decodes to U+FFFD: drop it.
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/u, '');
  return `${cut}${CUT_MARK}`;
}
