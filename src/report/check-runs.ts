// One check run per subtask kind (`Kilo Agent / analyze`, `/ refactor`, `/ test`): conclusion, title,
// summary and every annotation (the platform sends them in batches of 50).
import type { Finding, Severity } from '../findings/types.js';
import type { Plan, SubtaskKind } from '../plan/types.js';
import { countBySeverity, decideCheckConclusion } from './conclusion.js';
import { clip, formatCounts, oneLine, plural, stripControl } from './format.js';
import { renderSummaryMarkdown } from './markdown.js';
import type {
  Annotation,
  AnnotationLevel,
  CheckConclusion,
  CheckRunPlan,
  Conclusion,
  ReviewReport,
} from './types.js';

export const CHECK_TITLE_MAX = 255;
export const CHECK_SUMMARY_MAX = 65_535;
const ANNOTATION_MESSAGE_MAX = 4000;
const KINDS: readonly SubtaskKind[] = ['analyze', 'refactor', 'test'];

const LEVEL: Record<Severity, AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' };

/** Which kind produced an item: its source is a task name (or subtask id); anything else counts as analysis. */
export function kindResolver(plan: Plan): (source: string) => SubtaskKind {
  const kinds = new Map<string, SubtaskKind>();
  for (const subtask of plan.subtasks) {
    if (!kinds.has(subtask.task.name)) kinds.set(subtask.task.name, subtask.kind);
    if (!kinds.has(subtask.id)) kinds.set(subtask.id, subtask.kind);
  }
  return (source) => kinds.get(source) ?? 'analyze';
}

export function planCheckRuns(report: ReviewReport): CheckRunPlan[] {
  const kindOf = kindResolver(report.plan);
  // Analyze also gets a run when only unattributed findings (e.g. an LLM review) would land there.
  const present = (kind: SubtaskKind): boolean =>
    report.plan.subtasks.some((subtask) => subtask.kind === kind) ||
    (kind === 'analyze' && report.findings.some((finding) => kindOf(finding.source) === kind));
  return KINDS.filter(present).map((kind) => checkRunFor(report, kind, kindOf));
}

function checkRunFor(
  report: ReviewReport,
  kind: SubtaskKind,
  kindOf: (source: string) => SubtaskKind,
): CheckRunPlan {
  const subtasks = report.plan.subtasks.filter((subtask) => subtask.kind === kind);
  const ids = new Set(subtasks.map((subtask) => subtask.id));
  const results = report.results.filter((result) => ids.has(result.id));
  const findings = report.findings.filter((finding) => kindOf(finding.source) === kind);
  const suggestions = report.suggestions.filter((suggestion) => kindOf(suggestion.source) === kind);
  const conclusion: CheckConclusion =
    report.skipReason !== undefined ? 'skipped' : decideCheckConclusion(results, findings, report.failOn);
  const name = `Kilo Agent / ${kind}`;
  // The kind's slice of the report, rendered by the same summary renderer (budgets and policy stay global).
  const slice: ReviewReport = {
    ...report,
    conclusion: toConclusion(conclusion),
    plan: { ...report.plan, subtasks },
    results,
    findings,
    suggestions,
    budgets: [],
    decisions: [],
  };
  const broken = results.filter(
    (result) => result.status === 'failed' || result.status === 'timed-out',
  ).length;
  return {
    name,
    kind,
    conclusion,
    title: checkTitle(conclusion, findings, suggestions.length, broken),
    summary: renderSummaryMarkdown(slice, { maxChars: CHECK_SUMMARY_MAX, title: name }),
    annotations: findings.map(toAnnotation),
  };
}

function toConclusion(conclusion: CheckConclusion): Conclusion {
  if (conclusion === 'failure' || conclusion === 'success' || conclusion === 'skipped') return conclusion;
  return 'neutral';
}

export function checkTitle(
  conclusion: CheckConclusion,
  findings: readonly Finding[],
  suggestions: number,
  brokenSubtasks: number,
): string {
  if (conclusion === 'skipped') return 'Skipped';
  let title = formatCounts(countBySeverity(findings), suggestions > 0 ? suggestions : undefined);
  if (brokenSubtasks > 0) title += `; ${plural(brokenSubtasks, 'subtask')} failed`;
  if (conclusion === 'cancelled') title += '; cancelled';
  return clip(title, CHECK_TITLE_MAX);
}

export function toAnnotation(finding: Finding): Annotation {
  const start = Math.max(1, finding.line);
  const message = oneLine(finding.message) === '' ? finding.rule : finding.message;
  return {
    path: finding.path,
    start_line: start,
    end_line: Math.max(start, finding.endLine ?? start),
    annotation_level: LEVEL[finding.severity],
    // Annotations are plain text: no markdown escaping, only a length cap.
    message: clip(stripControl(message), ANNOTATION_MESSAGE_MAX),
    title: clip(oneLine(`${finding.rule} (${finding.source})`), CHECK_TITLE_MAX),
  };
}
