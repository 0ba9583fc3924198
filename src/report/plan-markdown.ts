// The plan alone (phase: plan): what will run, in what order, and what the policy decided.
import type { Shard } from '../plan/shards.js';
import { codeSpan, plural, tableCell } from './format.js';
import { renderDenials, renderPlanGraph, renderSubtaskTable } from './summary-sections.js';
import type { ReviewReport } from './types.js';

/** With `shards`, a table of which matrix job runs which subtasks. */
export function renderPlanMarkdown(report: ReviewReport, shards?: readonly Shard[]): string {
  const { repo, number, head } = report.context;
  const where = `${repo.owner}/${repo.name}${number ? `#${number}` : ''} · head \`${head.sha.slice(0, 7)}\``;
  const blocks = [
    `### 🗺️ Kilo Agent plan: ${plural(report.plan.subtasks.length, 'subtask')}`,
    `${where} · phase \`plan\`: nothing was run or posted`,
  ];
  if (report.skipReason) blocks.push(`Skipped: ${report.skipReason}`);
  if (report.plan.subtasks.length > 0) {
    blocks.push(renderPlanGraph(report));
    const table = renderSubtaskTable(report);
    if (table) blocks.push(table);
  }
  if (shards !== undefined && shards.length > 1) blocks.push(renderShards(shards));
  const denials = renderDenials(report.decisions);
  if (denials) blocks.push(denials);
  return `${blocks.join('\n\n')}\n`;
}

function renderShards(shards: readonly Shard[]): string {
  const rows = shards.map(
    (s) =>
      `| ${s.shard} | ${s.subtasks.length} | ${s.cost} | ${tableCell(s.subtasks.map((id) => codeSpan(id, 100)).join(', '))} |`,
  );
  return ['#### Shards', '', '| Shard | Subtasks | Est. cost | Ids |', '|---|--:|--:|---|', ...rows].join(
    '\n',
  );
}
