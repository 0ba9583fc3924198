// "Since the last review": what became of each finding since the previous push's review — new, still
// open, fixed, outdated, dismissed — for the sticky comment, the job summary and the check runs.
import type { Ledger, LedgerEntry, LedgerState } from '../findings/ledger.js';
import { codeSpan, escapeMarkdown, oneLine, plural, SEVERITY_ICON, tableCell } from './format.js';
import type { Locator } from './summary-sections.js';
import type { ReviewReport } from './types.js';

/** Rows of the open-findings table, and items of the fixed list, before "… and N more". */
const ROWS_SHOWN = 30;

const STATE_WORDS: Record<LedgerState, string> = {
  new: 'new',
  open: 'still open',
  fixed: 'fixed',
  outdated: 'outdated',
  dismissed: 'dismissed',
};

/** `2 new, 3 still open, 4 fixed, 1 dismissed` (states with none left out; `nothing` when all are). */
export function describeLedgerCounts(ledger: Ledger): string {
  const parts = (Object.keys(STATE_WORDS) as LedgerState[])
    .filter((state) => ledger.counts[state] > 0)
    .map((state) => `${ledger.counts[state]} ${STATE_WORDS[state]}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing found';
}

/** The one line heading the section (and the check runs' summaries). */
export function describeLedger(ledger: Ledger): string {
  if (ledger.first) return `First review of this PR: ${describeLedgerCounts(ledger)}.`;
  const since = ledger.since
    ? `Since the last review (${codeSpan(ledger.since.from.slice(0, 7))} → ${codeSpan(ledger.since.to.slice(0, 7))})`
    : 'Since the last review (same head)';
  return `${since}: ${describeLedgerCounts(ledger)}.`;
}

export function renderLedger(report: ReviewReport, locate: Locator): string | undefined {
  const ledger = report.ledger;
  if (ledger === undefined) return undefined;
  const lines = ['#### Since the last review', '', describeLedger(ledger)];
  const scope = incrementText(report, ledger);
  if (scope !== undefined) lines.push('', scope);
  const open = ledger.entries.filter((e) => e.state === 'new' || e.state === 'open');
  if (open.length > 0 && !ledger.first) {
    lines.push('', '| | state | finding | where |', '| --- | --- | --- | --- |');
    for (const entry of open.slice(0, ROWS_SHOWN)) {
      const what = `${codeSpan(entry.rule, 80)} ${escapeMarkdown(entry.message, 200)}`;
      lines.push(
        `| ${SEVERITY_ICON[entry.severity]} | ${STATE_WORDS[entry.state]} | ${tableCell(what)} | ${tableCell(locate(entry.path, entry.line))} |`,
      );
    }
    if (open.length > ROWS_SHOWN)
      lines.push('', `… and ${open.length - ROWS_SHOWN} more in the findings below.`);
  }
  const gone = ledger.entries.filter((e) => e.state === 'fixed' || e.state === 'outdated');
  if (gone.length > 0) lines.push('', goneList(gone, locate));
  const dismissed = ledger.entries.filter((e) => e.state === 'dismissed');
  if (dismissed.length > 0) {
    lines.push(
      '',
      `${plural(dismissed.length, 'finding')} dismissed on this PR (a resolved thread, a 👎 or \`/kilo ignore\`): not commented on again.`,
    );
  }
  return lines.join('\n');
}

/** How much of the PR was looked at again: said after a force push, and when the LLM read only some. */
function incrementText(report: ReviewReport, ledger: Ledger): string | undefined {
  const increment = ledger.increment;
  if (increment === undefined) return undefined;
  if (increment.kind === 'whole')
    // Our own words (commit ids in code spans), not PR text: kept as written.
    return `The whole PR was reviewed again: ${oneLine(increment.reason)}.`;
  if (!report.plan.subtasks.some((s) => s.task.type === 'llm-review')) return undefined;
  const from = ledger.since ? ` since ${codeSpan(ledger.since.from.slice(0, 7))}` : '';
  return `The LLM reviewer read only the hunks changed${from}; the tools and built-in checks ran on the whole PR.`;
}

function goneList(gone: readonly LedgerEntry[], locate: Locator): string {
  const items = gone.slice(0, ROWS_SHOWN).map((entry) => {
    const why = entry.state === 'fixed' ? '✅ fixed' : '➖ outdated (file left the PR)';
    return `- ${why}: ${codeSpan(entry.rule, 80)} ${escapeMarkdown(entry.message, 200)} — ${locate(entry.path, entry.line)}`;
  });
  if (gone.length > ROWS_SHOWN) items.push(`- … and ${gone.length - ROWS_SHOWN} more`);
  const fixed = gone.filter((e) => e.state === 'fixed').length;
  const summary = [
    fixed ? `${fixed} fixed` : '',
    gone.length - fixed ? `${gone.length - fixed} outdated` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return ['<details><summary>' + summary + '</summary>', '', ...items, '', '</details>'].join('\n');
}
