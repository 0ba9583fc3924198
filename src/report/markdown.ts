// The trace summary people read (sticky comment, job summary, check runs), bounded in size.
// Truncation drops whole items from the end of the suggestion, then the finding list, and says how many
// and where the whole report is; if the fixed sections alone are too long, whole blocks are dropped, so a
// fence, a table row or a <details> section is never cut.
import { renderLedger } from './ledger-section.js';
import { renderOutputTails, renderReviewed } from './reviewed.js';
import {
  findingChunks,
  makeLocator,
  renderBudgets,
  renderAllDecisions,
  renderDenials,
  renderFooter,
  renderHeader,
  renderLlm,
  renderPlanGraph,
  renderRolledBack,
  renderSkipped,
  renderSubtaskTable,
  suggestionChunks,
} from './summary-sections.js';
import { renderWalkthrough } from './walkthrough-section.js';
import { renderReproduce } from './reproduce.js';
import type { ReviewReport } from './types.js';

export const DEFAULT_SUMMARY_MAX_CHARS = 65_000;

export interface SummaryOptions {
  /** Upper bound on the length of the result (UTF-16 code units, as GitHub counts comment bodies). */
  maxChars?: number;
  /** Upper bound in UTF-8 bytes too (the job summary's 1 MiB is counted in bytes). */
  maxBytes?: number;
  /** Heading text after the icon; check runs pass `Kilo Agent / analyze`. */
  title?: string;
}

const DEFAULT_POINTER = '(see the full report in the job summary / trace)';

interface ItemList {
  heading: string;
  noun: string;
  chunks: string[];
}

export function renderSummaryMarkdown(report: ReviewReport, options: SummaryOptions = {}): string {
  const limits: Limits = { chars: options.maxChars ?? DEFAULT_SUMMARY_MAX_CHARS };
  if (options.maxBytes !== undefined) limits.bytes = options.maxBytes;
  const title = options.title ?? 'Kilo Agent';
  const pointer = fullReportPointer(report);
  if (report.skipReason !== undefined) {
    const sections = [renderHeader(report, title), renderSkipped(report), renderReproduce(report)];
    return fitBlocks(joinSections([...sections, renderFooter(report)]), limits, pointer);
  }
  const locate = makeLocator(report.context);
  const before = [
    renderHeader(report, title),
    renderWalkthrough(report),
    renderLedger(report, locate),
    renderReviewed(report),
    renderPlanGraph(report),
    renderSubtaskTable(report),
    renderOutputTails(report),
  ];
  const after = [
    renderRolledBack(report),
    renderLlm(report),
    renderBudgets(report),
    renderDenials(report.decisions),
    report.dryRun ? renderAllDecisions(report.decisions) : undefined,
    renderReproduce(report),
    renderFooter(report),
  ];
  const findings: ItemList = {
    heading: '#### Findings',
    noun: 'finding',
    chunks: findingChunks(report.findings, locate),
  };
  const suggestions: ItemList = {
    heading: '#### Suggestions',
    noun: 'suggestion',
    chunks: suggestionChunks(report.suggestions, locate),
  };
  const render = (keptFindings: number, keptSuggestions: number): string =>
    joinSections([
      ...before,
      renderList(findings, keptFindings, pointer),
      renderList(suggestions, keptSuggestions, pointer),
      ...after,
    ]);
  return fitLists(render, findings.chunks, suggestions.chunks, limits, pointer);
}

/**
 * Where the whole report is when this one is cut: the workflow run (its job summary holds up to 1 MiB)
 * and the trace, from which `kilo-agent trace` rebuilds the summary; for a local run, the trace file.
 */
export function fullReportPointer(report: ReviewReport): string {
  if (report.context.event === 'local') return '(the whole report: `kilo-agent trace kilo-trace.jsonl`)';
  const { runUrl } = report;
  // A URL that could end the link or the emphasis early is left out rather than escaped.
  const summary =
    runUrl !== undefined && /^https?:\/\/[^\s()<>\\`_*[\]]+$/.test(runUrl)
      ? `[the job summary](${runUrl})`
      : "the workflow run's job summary";
  return `(the whole report: ${summary}, or \`kilo-agent trace trace.jsonl\` on the run's trace artifact)`;
}

function joinSections(sections: ReadonlyArray<string | undefined>): string {
  return `${sections.filter((section) => section !== undefined).join('\n\n')}\n`;
}

function renderList(list: ItemList, kept: number, pointer: string): string | undefined {
  if (list.chunks.length === 0) return undefined;
  let text = `${list.heading}\n\n${list.chunks.slice(0, kept).join('')}`.trimEnd();
  const omitted = list.chunks.length - kept;
  if (omitted > 0) {
    const noun = omitted === 1 ? list.noun : `${list.noun}s`;
    text += `\n\n_… and ${omitted} more ${noun} ${pointer}_`;
  }
  return text;
}

/**
 * Chooses how many findings and suggestions to keep: suggestions go first (the review carries them
 * inline), then findings from the end (notices before warnings before errors, as they are sorted).
 */
function fitLists(
  render: (keptFindings: number, keptSuggestions: number) => string,
  findingItems: readonly string[],
  suggestionItems: readonly string[],
  limits: Limits,
  pointer: string,
): string {
  let keptF = findingItems.length;
  let keptS = suggestionItems.length;
  let doc = render(keptF, keptS);
  if (overBy(doc, limits) <= 0) return doc;
  // Chunk sizes add up (each chunk carries the headings it opens), so one pass finds the cut, with room
  // for the two "… and N more" lines. Bytes are never fewer than UTF-16 units: freeing bytes frees both.
  const excess = overBy(doc, limits) + 2 * (pointer.length + 60);
  let freed = 0;
  while (freed < excess && keptS > 0) freed += utf8Length(suggestionItems[--keptS] ?? '');
  while (freed < excess && keptF > 0) freed += utf8Length(findingItems[--keptF] ?? '');
  doc = render(keptF, keptS);
  while (overBy(doc, limits) > 0 && keptF + keptS > 0) {
    if (keptS > 0) keptS--;
    else keptF--;
    doc = render(keptF, keptS);
  }
  return fitBlocks(doc, limits, pointer);
}

interface Limits {
  chars: number;
  bytes?: number;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** How far `text` is over the tighter of its limits (≤ 0 when it fits). */
function overBy(text: string, limits: Limits): number {
  const chars = text.length - limits.chars;
  return limits.bytes === undefined ? chars : Math.max(chars, utf8Length(text) - limits.bytes);
}

/** Last resort: keep whole blocks (paragraphs, tables, fences, details) from the top while they fit. */
export function fitBlocks(markdown: string, limit: number | Limits, pointer = DEFAULT_POINTER): string {
  const limits = typeof limit === 'number' ? { chars: limit } : limit;
  if (overBy(markdown, limits) <= 0) return markdown;
  const note = `\n_… truncated ${pointer}_\n`;
  const room = {
    chars: limits.chars - note.length - 1,
    bytes: (limits.bytes ?? Infinity) - utf8Length(note) - 1,
  };
  let out = '';
  let bytes = 0;
  for (const block of splitBlocks(markdown)) {
    const blockBytes = utf8Length(block);
    if (out.length + block.length > room.chars || bytes + blockBytes > room.bytes) break;
    out += block;
    bytes += blockBytes;
  }
  const result = `${out.trimEnd()}\n${note}`;
  if (overBy(result, limits) <= 0) return result;
  // Not even the note fits: as much of it as does (it is ASCII but for the ellipsis).
  let end = Math.min(note.length, limits.chars);
  while (end > 0 && overBy(note.slice(0, end), limits) > 0) end--;
  return note.slice(0, end);
}

/**
 * Splits at blank lines outside fenced code and outside `<details>` sections (ours open and close on
 * lines of their own); every block keeps its trailing newlines.
 */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current = '';
  let fence: string | undefined;
  let details = 0;
  for (const line of markdown.split(/(?<=\n)/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && isClosing(line, fence)) fence = undefined;
    else if (fence === undefined && line.startsWith('<details>')) details++;
    else if (fence === undefined && line.startsWith('</details>')) details = Math.max(0, details - 1);
    current += line;
    if (fence === undefined && details === 0 && line.trim() === '') {
      blocks.push(current);
      current = '';
    }
  }
  if (current !== '') blocks.push(current);
  return blocks;
}

function isClosing(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === (fence[0] ?? '`').repeat(trimmed.length);
}
