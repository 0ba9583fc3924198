// The trace summary people read (sticky comment, job summary, check runs), bounded in size.
// Truncation drops whole items from the end of the suggestion, then the finding list, and says how many;
// if the fixed sections alone are too long, whole blocks are dropped, so a fence or table row is never cut.
import {
  findingChunks,
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
import type { ReviewReport } from './types.js';

export const DEFAULT_SUMMARY_MAX_CHARS = 65_000;

export interface SummaryOptions {
  /** Upper bound on the length of the result (UTF-16 code units, as GitHub counts). */
  maxChars?: number;
  /** Heading text after the icon; check runs pass `Kilo Agent / analyze`. */
  title?: string;
}

const POINTER = '(see the full report in the job summary / trace)';
/** Room kept for the two "… and N more" lines when choosing how many items fit. */
const MORE_LINES_RESERVE = 240;

interface ItemList {
  heading: string;
  noun: string;
  chunks: string[];
}

export function renderSummaryMarkdown(report: ReviewReport, options: SummaryOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_SUMMARY_MAX_CHARS;
  const title = options.title ?? 'Kilo Agent';
  if (report.skipReason !== undefined) {
    return fitBlocks(
      joinSections([renderHeader(report, title), renderSkipped(report), renderFooter(report)]),
      maxChars,
    );
  }
  const before = [renderHeader(report, title), renderPlanGraph(report), renderSubtaskTable(report)];
  const after = [
    renderRolledBack(report),
    renderLlm(report),
    renderBudgets(report),
    renderDenials(report.decisions),
    report.dryRun ? renderAllDecisions(report.decisions) : undefined,
    renderFooter(report),
  ];
  const findings: ItemList = {
    heading: '#### Findings',
    noun: 'finding',
    chunks: findingChunks(report.findings),
  };
  const suggestions: ItemList = {
    heading: '#### Suggestions',
    noun: 'suggestion',
    chunks: suggestionChunks(report.suggestions),
  };
  const render = (keptFindings: number, keptSuggestions: number): string =>
    joinSections([
      ...before,
      renderList(findings, keptFindings),
      renderList(suggestions, keptSuggestions),
      ...after,
    ]);
  return fitLists(render, findings.chunks, suggestions.chunks, maxChars);
}

function joinSections(sections: ReadonlyArray<string | undefined>): string {
  return `${sections.filter((section) => section !== undefined).join('\n\n')}\n`;
}

function renderList(list: ItemList, kept: number): string | undefined {
  if (list.chunks.length === 0) return undefined;
  let text = `${list.heading}\n\n${list.chunks.slice(0, kept).join('')}`;
  const omitted = list.chunks.length - kept;
  if (omitted > 0) {
    const noun = omitted === 1 ? list.noun : `${list.noun}s`;
    text += `\n_… and ${omitted} more ${noun} ${POINTER}_`;
  }
  return text.trimEnd();
}

/**
 * Chooses how many findings and suggestions to keep: suggestions go first (the review carries them
 * inline), then findings from the end (notices before warnings before errors, as they are sorted).
 */
function fitLists(
  render: (keptFindings: number, keptSuggestions: number) => string,
  findingItems: readonly string[],
  suggestionItems: readonly string[],
  maxChars: number,
): string {
  let keptF = findingItems.length;
  let keptS = suggestionItems.length;
  let doc = render(keptF, keptS);
  if (doc.length <= maxChars) return doc;
  // Chunk lengths add up (each chunk carries the headings it opens), so one pass finds the cut.
  const excess = doc.length - maxChars + MORE_LINES_RESERVE;
  let freed = 0;
  while (freed < excess && keptS > 0) freed += suggestionItems[--keptS]?.length ?? 0;
  while (freed < excess && keptF > 0) freed += findingItems[--keptF]?.length ?? 0;
  doc = render(keptF, keptS);
  while (doc.length > maxChars && keptF + keptS > 0) {
    if (keptS > 0) keptS--;
    else keptF--;
    doc = render(keptF, keptS);
  }
  return fitBlocks(doc, maxChars);
}

/** Last resort: keep whole blocks (paragraphs, tables, fences) from the top while they fit. */
export function fitBlocks(markdown: string, maxChars: number): string {
  if (markdown.length <= maxChars) return markdown;
  const note = `\n_… truncated ${POINTER}_\n`;
  let out = '';
  for (const block of splitBlocks(markdown)) {
    if (out.length + block.length + note.length > maxChars) break;
    out += block;
  }
  const result = `${out.trimEnd()}\n${note}`;
  return result.length <= maxChars ? result : note.slice(0, maxChars);
}

/** Splits at blank lines outside fenced code; every block keeps its trailing newlines. */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current = '';
  let fence: string | undefined;
  for (const line of markdown.split(/(?<=\n)/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && isClosing(line, fence)) fence = undefined;
    current += line;
    if (fence === undefined && line.trim() === '') {
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
