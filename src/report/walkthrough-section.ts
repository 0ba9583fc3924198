// The walkthrough at the top of the summary: the LLM's account of the PR, escaped as untrusted text
// (no HTML, links, mentions or code spans of its own), each group with its files, and who wrote it.
import { codeSpan, escapeMarkdown } from './format.js';
import type { ReviewReport } from './types.js';

const MAX_FILES_SHOWN = 6;

export function renderWalkthrough(report: ReviewReport): string | undefined {
  const walkthrough = report.walkthrough;
  if (walkthrough === undefined) return undefined;
  if ('unavailable' in walkthrough)
    return `#### Walkthrough\n\nNot written: ${escapeMarkdown(walkthrough.unavailable, 300)}`;
  const items = walkthrough.groups.map((group) => {
    const shown = group.files.slice(0, MAX_FILES_SHOWN).map((path) => codeSpan(path, 200));
    const more = group.files.length - shown.length;
    const files = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return `- ${files}: ${escapeMarkdown(group.summary, 500)}`;
  });
  const who = report.llm ? ` by ${escapeMarkdown(report.llm.model, 100)}` : '';
  return [
    '#### Walkthrough',
    '',
    ...items,
    '',
    `<sub>Written${who}: the model's account of the change, not a review.</sub>`,
  ].join('\n');
}

/** The terminal's lines: the same groups, plain. */
export function walkthroughLines(report: ReviewReport): string[] | undefined {
  const walkthrough = report.walkthrough;
  if (walkthrough === undefined) return undefined;
  if ('unavailable' in walkthrough) return [`not written: ${walkthrough.unavailable}`];
  return walkthrough.groups.map((group) => `${group.files.join(', ')}: ${group.summary}`);
}
