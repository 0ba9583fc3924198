// The plan alone (phase: plan): what will run, in what order, and what the policy decided.
import { plural } from './format.js';
import { renderDenials, renderPlanGraph, renderSubtaskTable } from './summary-sections.js';
import type { ReviewReport } from './types.js';

export function renderPlanMarkdown(report: ReviewReport): string {
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
  const denials = renderDenials(report.decisions);
  if (denials) blocks.push(denials);
  return `${blocks.join('\n\n')}\n`;
}
