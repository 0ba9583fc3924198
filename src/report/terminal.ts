// The report as plain ASCII-friendly text for the CLI: no markdown, no colours (the CLI adds those).
// Hostile text (messages, reasons, replacements) is stripped of control characters so it cannot
// smuggle terminal escape sequences.
import type { Finding, Suggestion } from '../findings/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { Subtask } from '../plan/types.js';
import type { PolicyRequest } from '../policy/types.js';
import { countBySeverity } from './conclusion.js';
import { clip, formatCounts, formatDuration, lineRef, oneLine, plural, stripControl } from './format.js';
import { describeLlm } from './llm-usage.js';
import { toolCallsHeadline } from './tool-calls.js';
import { walkthroughLines } from './walkthrough-section.js';
import { configFromText, reasonText, resultsById, sortFindings } from './summary-sections.js';
import { reviewedLines } from './reviewed.js';
import type { ReviewReport } from './types.js';

const INDENT = '  ';

export function renderTerminal(report: ReviewReport): string {
  const sections =
    report.skipReason !== undefined
      ? [header(report)]
      : [
          header(report),
          walkthroughSection(report),
          reviewedSection(report),
          planSection(report.plan.subtasks),
          subtaskSection(report),
          outputSection(report),
          findingSection(report.findings),
          suggestionSection(report.suggestions),
          rolledBackSection(report),
          llmSection(report),
          budgetSection(report),
          denialSection(report),
        ];
  sections.push(`Run ${oneLine(report.runId)}, ${formatDuration(report.durationMs)}`);
  return `${sections.filter((section) => section !== undefined).join('\n\n')}\n`;
}

function header(report: ReviewReport): string {
  const { repo, number, head, title } = report.context;
  const slug = `${repo.owner}/${repo.name}${number > 0 ? `#${number}` : ''}`;
  const what =
    report.skipReason !== undefined
      ? `skipped: ${oneLine(report.skipReason)}`
      : formatCounts(countBySeverity(report.findings), report.suggestions.length);
  const lines = [
    `Kilo Agent: ${report.conclusion.toUpperCase()} - ${what}`,
    `${oneLine(slug)} at ${oneLine(head.sha.slice(0, 7))}${title.trim() === '' ? '' : ` "${clip(oneLine(title), 200)}"`}`,
  ];
  if (report.dryRun) lines.push('Dry run: nothing was posted.');
  if (report.configFrom) lines.push(stripMarkdownTicks(configFromText(report.configFrom)));
  return lines.join('\n');
}

/** Each subtask indented one level deeper than its deepest dependency, so the DAG reads top-down. */
function planSection(subtasks: readonly Subtask[]): string {
  if (subtasks.length === 0) return 'Plan: no subtasks.';
  const depths = planDepths(subtasks);
  const lines = subtasks.map((subtask) => {
    const indent = INDENT.repeat(1 + (depths.get(subtask.id) ?? 0));
    const needs = subtask.dependsOn.length > 0 ? `  needs ${subtask.dependsOn.map(oneLine).join(', ')}` : '';
    const after = subtask.after?.length ? `  after ${subtask.after.map(oneLine).join(', ')}` : '';
    return `${indent}- ${oneLine(subtask.id)} (${subtask.agent}, ${plural(subtask.files.length, 'file')})${needs}${after}`;
  });
  return [`Plan (${plural(subtasks.length, 'subtask')}):`, ...lines].join('\n');
}

function planDepths(subtasks: readonly Subtask[]): Map<string, number> {
  const byId = new Map(subtasks.map((subtask) => [subtask.id, subtask]));
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const subtask = byId.get(id);
    // Unknown dependencies and cycles (rejected by the plan invariants anyway) count as roots.
    if (subtask === undefined || visiting.has(id)) return -1;
    visiting.add(id);
    const depth = 1 + Math.max(-1, ...[...subtask.dependsOn, ...(subtask.after ?? [])].map(depthOf));
    visiting.delete(id);
    depths.set(id, depth);
    return depth;
  };
  for (const subtask of subtasks) depthOf(subtask.id);
  return depths;
}

function subtaskSection(report: ReviewReport): string | undefined {
  if (report.plan.subtasks.length === 0) return undefined;
  const results = resultsById(report.results);
  const lines = report.plan.subtasks.map((subtask) => subtaskLine(subtask, results.get(subtask.id)));
  const reused = report.results.filter((result) => result.reused !== undefined).length;
  const title =
    reused > 0 ? `Subtasks (${reused} reused from an earlier run, inputs unchanged):` : 'Subtasks:';
  return [title, ...lines].join('\n');
}

function reviewedSection(report: ReviewReport): string | undefined {
  const lines = reviewedLines(report, false);
  if (lines.length === 0) return undefined;
  return ['Reviewed:', ...lines.map((line) => `${INDENT}${stripControl(line)}`)].join('\n');
}

/** The last output lines of commands that failed or were skipped, indented under their subtask. */
function outputSection(report: ReviewReport): string | undefined {
  const blocks = report.results.flatMap((result) =>
    result.output === undefined || result.status === 'ok'
      ? []
      : [
          [
            `Last output of ${oneLine(result.id)}:`,
            ...result.output.split('\n').map((line) => `${INDENT}${stripControl(line)}`),
          ].join('\n'),
        ],
  );
  return blocks.length > 0 ? blocks.join('\n\n') : undefined;
}

function subtaskLine(subtask: Subtask, result: SubtaskResult | undefined): string {
  const status = (result?.status ?? 'not run').padEnd(9);
  const time = (result === undefined ? '-' : formatDuration(result.durationMs)).padStart(9);
  const why = reasonText(result);
  const reason = why === undefined ? '' : `  ${oneLine(why)}`;
  return `${INDENT}${status} ${time}  ${oneLine(subtask.id)}${reason}`;
}

function findingSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'Findings: none.';
  const lines = sortFindings(findings).map((finding) =>
    [
      lineRef(oneLine(finding.path), finding.line, finding.endLine),
      finding.severity.padEnd(7),
      oneLine(finding.rule),
      oneLine(finding.message),
    ].join('  '),
  );
  return [`Findings (${findings.length}):`, ...lines.map((line) => INDENT + line)].join('\n');
}

function suggestionSection(suggestions: readonly Suggestion[]): string | undefined {
  if (suggestions.length === 0) return undefined;
  const blocks = suggestions.map((suggestion) => {
    const where = lineRef(oneLine(suggestion.path), suggestion.startLine, suggestion.endLine);
    const state = suggestion.validated === true ? 'validated' : 'not validated';
    const lines = [`${INDENT}${where}  ${oneLine(suggestion.source)}  ${state}`];
    if (suggestion.message !== undefined) lines.push(`${INDENT.repeat(2)}${oneLine(suggestion.message)}`);
    const replacement =
      suggestion.replacement === '' ? ['(delete these lines)'] : suggestion.replacement.split('\n');
    lines.push(...replacement.map((line) => `${INDENT.repeat(3)}${stripControl(line).trimEnd()}`));
    return lines.join('\n');
  });
  return [`Suggestions (${suggestions.length}):`, ...blocks].join('\n');
}

function rolledBackSection(report: ReviewReport): string | undefined {
  if (report.rolledBack.length === 0) return undefined;
  const lines = report.rolledBack.map(({ suggestion, reason }) => {
    const where = lineRef(oneLine(suggestion.path), suggestion.startLine, suggestion.endLine);
    return `${INDENT}${where}  ${oneLine(suggestion.source)}  ${oneLine(reason)}`;
  });
  return [`Rolled back (${report.rolledBack.length}):`, ...lines].join('\n');
}

function walkthroughSection(report: ReviewReport): string | undefined {
  const lines = walkthroughLines(report);
  return lines === undefined
    ? undefined
    : ['Walkthrough:', ...lines.map((line) => `${INDENT}${oneLine(line)}`)].join('\n');
}

function llmSection(report: ReviewReport): string | undefined {
  if (!report.llm) return undefined;
  const lines = describeLlm(report.llm);
  // One line here; every call is in `kilo-agent trace`.
  if (report.llm.tools && report.llm.tools.calls.length > 0)
    lines.push(`Tools: ${toolCallsHeadline(report.llm.tools)}`);
  return ['LLM:', ...lines.map((line) => `${INDENT}${oneLine(line)}`)].join('\n');
}

function budgetSection(report: ReviewReport): string | undefined {
  if (report.budgets.length === 0) return undefined;
  const width = Math.max(...report.budgets.map((budget) => budget.name.length));
  const lines = report.budgets.map((budget) => {
    const exhausted = budget.used > 0 && budget.used >= budget.limit ? '  (exhausted)' : '';
    return `${INDENT}${budget.name.padEnd(width)}  ${budget.used} / ${budget.limit}${exhausted}`;
  });
  return ['Budgets:', ...lines].join('\n');
}

function denialSection(report: ReviewReport): string | undefined {
  const denied = report.decisions.filter((decision) => !decision.allow);
  if (denied.length === 0) return undefined;
  const lines = denied.map(
    (decision) =>
      `${INDENT}denied ${describeRequest(decision.request)}  ${oneLine(decision.rule)}  ${oneLine(decision.reason)}`,
  );
  return ['Policy:', ...lines].join('\n');
}

function describeRequest(request: PolicyRequest): string {
  switch (request.kind) {
    case 'gate':
      return 'review gate';
    case 'command':
      return `command "${oneLine(request.command)}"`;
    case 'write':
      return `write ${oneLine(request.path)}`;
    case 'read':
      return `read ${oneLine(request.path)}`;
    case 'post':
      return `post ${request.what}`;
    case 'budget':
      return `budget ${request.budget} (${request.spent ? 'spent ' : ''}+${request.amount})`;
    case 'llm-call':
      return `LLM ${request.purpose} call (up to ${request.tokens} tokens)`;
  }
}

function stripMarkdownTicks(text: string): string {
  return text.replace(/`/g, '');
}
