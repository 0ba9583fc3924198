// The sections of the markdown trace summary, each a pure function of the report.
// Lists (findings, suggestions) come back as chunks so that markdown.ts can drop them from the end.
import type { Finding, Suggestion } from '../findings/types.js';
import type { SubtaskResult, SubtaskStatus } from '../orchestrator/types.js';
import type { Subtask } from '../plan/types.js';
import type { PolicyRequest, RecordedDecision } from '../policy/types.js';
import { countBySeverity } from './conclusion.js';
import { shortId } from './review-state.js';
import {
  blobUrl,
  clip,
  codeSpan,
  escapeMarkdown,
  fenced,
  formatCounts,
  formatDuration,
  lineRef,
  plural,
  SEVERITY_ICON,
  SEVERITY_LABEL,
  STATUS_ICON,
  tableCell,
} from './format.js';
import { describeLlm } from './llm-usage.js';
import { renderToolCalls } from './tool-calls.js';
import type { Conclusion, ContextSummary, ReviewReport } from './types.js';
import { SEVERITY_ORDER } from './types.js';

const CONCLUSION_ICON: Record<Conclusion, string> = {
  success: '✅',
  neutral: '⚠️',
  failure: '❌',
  skipped: '⏭️',
};

/** Long replacements are cut in the summary; the inline suggestion carries the whole text. */
const MAX_REPLACEMENT_LINES = 40;
const MAX_REPLACEMENT_CHARS = 4000;
const MAX_DECISIONS = 50;

export function renderHeader(report: ReviewReport, title: string): string {
  const counts = countBySeverity(report.findings);
  const what = report.skipReason !== undefined ? 'skipped' : formatCounts(counts, report.suggestions.length);
  const lines = [`### ${CONCLUSION_ICON[report.conclusion]} ${title}: ${what}`, '', describePr(report)];
  if (report.skipReason === undefined) lines.push('', describeOutcome(report));
  if (report.dryRun) lines.push('', '> **Dry run**: nothing was posted');
  if (report.configFrom) lines.push('', `> ${configFromText(report.configFrom)}`);
  const warning = incompleteWarning(report);
  if (warning !== undefined) lines.push('', warning);
  return lines.join('\n');
}

/** `Conclusion: **failure** (fail-on `error`) · 4 subtasks: 3 ok, 1 failed · 1 m 11 s`. */
function describeOutcome(report: ReviewReport): string {
  const byStatus = new Map<SubtaskStatus, number>();
  for (const result of report.results) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
  const notRun = report.plan.subtasks.length - report.results.length;
  const parts = [...byStatus].map(([status, count]) => `${count} ${status}`);
  if (notRun > 0) parts.push(`${notRun} not run`);
  const subtasks =
    plural(report.plan.subtasks.length, 'subtask') + (parts.length ? `: ${parts.join(', ')}` : '');
  const conclusion = `Conclusion: **${report.conclusion}** (fail-on ${codeSpan(report.failOn)})`;
  const reused = report.results.filter((result) => result.reused !== undefined).length;
  const reuse = reused > 0 ? [`${reused} reused from an earlier run (inputs unchanged)`] : [];
  return [conclusion, subtasks, ...reuse, formatDuration(report.durationMs)].join(' · ');
}

/** A review that did not run everything must not read like a clean one. */
function incompleteWarning(report: ReviewReport): string | undefined {
  const { results } = report;
  const cancelled = results.filter((result) => result.status === 'cancelled').length;
  if (cancelled > 0) {
    return `> **Cancelled**: ${plural(cancelled, 'subtask')} did not finish; the review is incomplete.`;
  }
  if (results.length > 0 && results.every((result) => result.status === 'skipped')) {
    return '> **Nothing ran**: every subtask was skipped (see the reasons below); nothing was checked.';
  }
  return undefined;
}

function describePr(report: ReviewReport): string {
  const { repo, number, head, title, files, additions, deletions } = report.context;
  const slug = `${repo.owner}/${repo.name}`;
  const parts = [
    escapeMarkdown(number > 0 ? `${slug}#${number}` : slug),
    `head ${codeSpan(head.sha.slice(0, 7))}`,
  ];
  if (title.trim() !== '') parts.push(escapeMarkdown(title, 200));
  parts.push(`${files} files (+${additions} −${deletions})`);
  return parts.join(' · ');
}

export function renderSkipped(report: ReviewReport): string {
  return `Skipped: ${escapeMarkdown(report.skipReason ?? '', 500)}`;
}

const STATUS_CLASS: Record<SubtaskStatus, string> = {
  ok: 'ok',
  failed: 'failed',
  skipped: 'skipped',
  'timed-out': 'timedOut',
  cancelled: 'cancelled',
};

const CLASS_DEFS = [
  'classDef ok fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  'classDef failed fill:#ffebe9,stroke:#cf222e,color:#1f2328',
  'classDef skipped fill:#f6f8fa,stroke:#8c959f,color:#57606a',
  'classDef timedOut fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  'classDef cancelled fill:#f6f8fa,stroke:#57606a,stroke-dasharray:4 2,color:#57606a',
  'classDef pending fill:#ffffff,stroke:#8c959f,color:#57606a',
];

/** Quoted mermaid label text: anything outside a plain set becomes a `#code;` entity (quotes, `#`, backticks). */
export function mermaidLabel(text: string): string {
  return [...escapeMermaidInput(text)]
    .map((ch) => (/[A-Za-z0-9 _.:/@+=,()-]/.test(ch) ? ch : `#${ch.codePointAt(0) ?? 63};`))
    .join('');
}

function escapeMermaidInput(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function renderPlanGraph(report: ReviewReport): string {
  const { subtasks } = report.plan;
  if (subtasks.length === 0) return '#### Plan\n\nNo subtasks were planned.';
  // Node ids are positional: subtask ids contain `:` and other characters mermaid would parse.
  const nodeIds = new Map(subtasks.map((subtask, index) => [subtask.id, `s${index}`]));
  const results = resultsById(report.results);
  const lines = ['#### Plan', '', '```mermaid', 'graph LR'];
  subtasks.forEach((subtask, index) => {
    const status = results.get(subtask.id)?.status;
    const cls = status === undefined ? 'pending' : STATUS_CLASS[status];
    lines.push(`  s${index}["${mermaidLabel(subtask.id)}"]:::${cls}`);
  });
  subtasks.forEach((subtask, index) => {
    for (const dependency of subtask.dependsOn) {
      const from = nodeIds.get(dependency);
      if (from !== undefined) lines.push(`  ${from} --> s${index}`);
    }
    // `after` edges are dotted: the subtask waits for them but runs however they end.
    for (const dependency of subtask.after ?? []) {
      const from = nodeIds.get(dependency);
      if (from !== undefined) lines.push(`  ${from} -.-> s${index}`);
    }
  });
  lines.push(...CLASS_DEFS.map((def) => `  ${def}`), '```');
  return lines.join('\n');
}

export function resultsById(results: readonly SubtaskResult[]): Map<string, SubtaskResult> {
  return new Map(results.map((result) => [result.id, result]));
}

export function renderSubtaskTable(report: ReviewReport): string | undefined {
  if (report.plan.subtasks.length === 0) return undefined;
  const results = resultsById(report.results);
  const rows = report.plan.subtasks.map((subtask) => subtaskRow(subtask, results.get(subtask.id)));
  return [
    '#### Subtasks',
    '',
    '| Subtask | Agent | Task | Files | Status | Time | Reason |',
    '|---|---|---|--:|---|--:|---|',
  ]
    .concat(rows)
    .join('\n');
}

function subtaskRow(subtask: Subtask, result: SubtaskResult | undefined): string {
  const status =
    result === undefined
      ? '➖ not run'
      : `${STATUS_ICON[result.status]} ${result.status}${result.reused ? ' (reused)' : ''}`;
  const time = result === undefined ? '—' : formatDuration(result.durationMs);
  const reason = escapeMarkdown(reasonText(result) ?? '', 300);
  const cells = [
    escapeMarkdown(subtask.id),
    escapeMarkdown(subtask.agent),
    describeTask(subtask),
    String(subtask.files.length),
  ];
  return `| ${cells.concat(status, time, reason).join(' | ')} |`;
}

/** "Policy from the base commit `abc1234`, not from this PR: …". */
export function configFromText(from: NonNullable<ReviewReport['configFrom']>): string {
  const text = `Policy and tasks from the base commit \`${from.sha.slice(0, 7)}\`, not from this PR: ${from.reason}.`;
  if (from.unreadable === undefined) return text;
  return `${text} Its files could not be read (${from.unreadable}), so only the built-in analyzers ran and no command.`;
}

/** Why it ended as it did; for a reused result, where it came from. */
export function reasonText(result: SubtaskResult | undefined): string | undefined {
  if (result?.reused === undefined) return result?.reason;
  const from = `reused: inputs unchanged since the run on ${result.reused.head.slice(0, 7)} (took ${formatDuration(result.reused.durationMs)})`;
  return result.reason === undefined ? from : `${from}; ${result.reason}`;
}

/** What the subtask runs, as a table cell: the command line, or which built-in job. */
function describeTask(subtask: Subtask): string {
  const { task } = subtask;
  switch (task.type) {
    case 'command':
      return tableCell(codeSpan(task.run, 80));
    case 'builtin':
      return `built-in ${escapeMarkdown(task.name)}`;
    case 'validate':
      return `re-runs ${plural(task.tests.length, 'test command')} with the suggestions applied`;
    case 'llm-review':
      return 'LLM review of the diff';
  }
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line,
  );
}

/** Markdown for a place in a file: a link to those lines at the head commit, or plain text. */
export type Locator = (path: string, start?: number, end?: number) => string;

/**
 * Links to `<server>/<owner>/<repo>/blob/<head sha>/<path>#L<n>` for a GitHub repository; a local run
 * (whose repository GitHub does not know) gets plain `path:line`.
 */
export function makeLocator(context: ContextSummary): Locator {
  if (context.event === 'local') return plainLocator;
  const location = {
    serverUrl: context.serverUrl ?? 'https://github.com',
    owner: context.repo.owner,
    repo: context.repo.name,
    sha: context.head.sha,
  };
  return (path, start, end) => `[${plainLocator(path, start, end)}](${blobUrl(location, path, start, end)})`;
}

function plainLocator(path: string, start?: number, end?: number): string {
  return codeSpan(start === undefined ? path : lineRef(path, start, end));
}

/** One chunk per finding, carrying the severity and file headings it opens. */
export function findingChunks(findings: readonly Finding[], locate: Locator = plainLocator): string[] {
  const sorted = sortFindings(findings);
  const counts = countBySeverity(sorted);
  return sorted.map((finding, index) => {
    const previous = sorted[index - 1];
    let chunk = '';
    const newSeverity = previous?.severity !== finding.severity;
    if (newSeverity) {
      const { severity } = finding;
      chunk += `${index > 0 ? '\n' : ''}##### ${SEVERITY_ICON[severity]} ${SEVERITY_LABEL[severity]} (${counts[severity]})\n`;
    }
    // A blank line before the file heading: otherwise it would continue the previous list item.
    if (newSeverity || previous?.path !== finding.path) chunk += `\n**${locate(finding.path)}**\n\n`;
    const where = locate(finding.path, finding.line, finding.endLine);
    return `${chunk}- ${where} — ${codeSpan(finding.rule, 100)} — ${escapeMarkdown(finding.message)}\n`;
  });
}

export function suggestionChunks(suggestions: readonly Suggestion[], locate = plainLocator): string[] {
  return suggestions.map((suggestion) => {
    const where = locate(suggestion.path, suggestion.startLine, suggestion.endLine);
    const state =
      suggestion.validated === true
        ? `✅ validated · id ${codeSpan(shortId(suggestion.fingerprint))}`
        : 'not validated';
    const lines = [`**${where}** · from ${escapeMarkdown(suggestion.source, 100)} · ${state}`];
    if (suggestion.message !== undefined) lines.push(escapeMarkdown(suggestion.message));
    lines.push('', ...replacementBlock(suggestion.replacement));
    return `${lines.join('\n')}\n\n`;
  });
}

function replacementBlock(replacement: string): string[] {
  if (replacement === '') return ['_Deletes these lines._'];
  const all = replacement.split('\n');
  const shown = clip(all.slice(0, MAX_REPLACEMENT_LINES).join('\n'), MAX_REPLACEMENT_CHARS);
  const hidden = all.length - shown.split('\n').length;
  const block = [fenced(shown)];
  if (shown !== replacement) block.push(`_… cut here${hidden > 0 ? ` (${hidden} more lines)` : ''}._`);
  return block;
}

/** Suggestions the validation took back: where, from which tool, why; collapsed, never as suggestion blocks. */
export function renderRolledBack(report: ReviewReport): string | undefined {
  if (report.rolledBack.length === 0) return undefined;
  const locate = makeLocator(report.context);
  const items = report.rolledBack.slice(0, MAX_ROLLED_BACK).map(({ suggestion, reason }) => {
    const where = locate(suggestion.path, suggestion.startLine, suggestion.endLine);
    return `- ${where} from ${escapeMarkdown(suggestion.source, 100)}: ${escapeMarkdown(reason)}`;
  });
  const more = report.rolledBack.length - items.length;
  if (more > 0) items.push(`- … and ${more} more`);
  const count = report.rolledBack.length;
  return [
    `<details><summary>Rolled back: ${count} suggestion${count === 1 ? '' : 's'} that broke the tests</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ].join('\n');
}

const MAX_ROLLED_BACK = 50;

export function renderLlm(report: ReviewReport): string | undefined {
  if (!report.llm) return undefined;
  const lines = describeLlm(report.llm).map((line) => `- ${escapeMarkdown(line, 600)}`);
  const tools = renderToolCalls(report.llm.tools);
  return ['#### LLM', '', ...lines, ...(tools === undefined ? [] : ['', tools])].join('\n');
}

export function renderBudgets(report: ReviewReport): string | undefined {
  if (report.budgets.length === 0) return undefined;
  const rows = report.budgets.map((budget) => {
    const exhausted = budget.used > 0 && budget.used >= budget.limit ? ' ⚠️' : '';
    return `| ${escapeMarkdown(budget.name)} | ${budget.used}${exhausted} | ${budget.limit} |`;
  });
  return ['#### Budgets', '', '| Budget | Used | Limit |', '|---|--:|--:|', ...rows].join('\n');
}

export function renderDenials(decisions: readonly RecordedDecision[]): string | undefined {
  const denied = decisions.filter((decision) => !decision.allow);
  if (denied.length === 0) return undefined;
  const lines = denied
    .slice(0, MAX_DECISIONS)
    .map(
      (d) =>
        `- ⛔ ${describeRequest(d.request)} — ${codeSpan(d.rule, 100)}: ${escapeMarkdown(d.reason, 300)}`,
    );
  if (denied.length > MAX_DECISIONS) lines.push(`- … and ${denied.length - MAX_DECISIONS} more in the trace`);
  return ['#### Policy decisions', '', ...lines].join('\n');
}

/** A dry run shows every decision, allowed or not: it is how a policy is checked before it is trusted. */
export function renderAllDecisions(decisions: readonly RecordedDecision[]): string | undefined {
  if (decisions.length === 0) return undefined;
  const rows = decisions
    .slice(0, MAX_DECISIONS)
    .map(
      (d) =>
        `| ${d.allow ? '✅' : '⛔'} | ${tableCell(describeRequest(d.request))} | ${tableCell(codeSpan(d.rule, 100))} | ${escapeMarkdown(d.reason, 300)} |`,
    );
  if (decisions.length > MAX_DECISIONS)
    rows.push(`| | … and ${decisions.length - MAX_DECISIONS} more in the trace | | |`);
  return [
    `<details><summary>Every policy decision (${decisions.length})</summary>`,
    '',
    '| | Request | Rule | Reason |',
    '|---|---|---|---|',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

export function describeRequest(request: PolicyRequest): string {
  switch (request.kind) {
    case 'gate':
      return 'review gate';
    case 'command':
      return `command ${codeSpan(request.command, 200)}`;
    case 'write':
      return `write ${codeSpan(request.path)}`;
    case 'read':
      return `read ${codeSpan(request.path)}`;
    case 'post':
      return `post ${escapeMarkdown(request.what)}`;
    case 'budget':
      return `budget ${escapeMarkdown(request.budget)} (${request.spent ? 'spent ' : ''}+${request.amount})`;
    case 'llm-call':
      return `LLM ${escapeMarkdown(request.purpose)} call (up to ${request.tokens} tokens)`;
  }
}

export function renderFooter(report: ReviewReport): string {
  return `<sub>Kilo Agent · run ${escapeMarkdown(report.runId, 100)} · ${formatDuration(report.durationMs)}</sub>`;
}
