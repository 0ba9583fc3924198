// "What was reviewed": the changed files, per ecosystem the tools that ran and the ones skipped (with
// the fix), the ecosystems no tool looked at, and the last output lines of commands that failed. A
// report must never leave unsaid that a language's tooling did not run.
import type { EcosystemCoverage } from '../ecosystems/detect.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import { codeSpan, escapeMarkdown, fenced, plural } from './format.js';
import type { ChangedFile } from '../context/types.js';
import type { ReviewReport, UnreadFiles } from './types.js';

const FILES_NAMED = 10;
/** Paths kept per reason of UnreadFiles. */
const UNREAD_KEPT = 10;

/** The changed files no check can read as text: binary, removed, or without a diff to read. */
export function unreadFiles(files: readonly ChangedFile[]): UnreadFiles {
  const group = (keep: (file: ChangedFile) => boolean) => {
    const matching = files.filter(keep);
    return { paths: matching.slice(0, UNREAD_KEPT).map((f) => f.path), total: matching.length };
  };
  return {
    binary: group((f) => f.binary),
    removed: group((f) => !f.binary && f.status === 'removed'),
    noText: group(
      (f) => !f.binary && f.status !== 'removed' && f.hunks.length === 0 && f.status !== 'renamed',
    ),
  };
}

/** One line per fact, as plain text (the terminal) or markdown (the summary). */
export function reviewedLines(report: ReviewReport, markdown: boolean): string[] {
  const scope = report.reviewed;
  if (scope === undefined) return [];
  const code = (text: string) => (markdown ? codeSpan(text, 200) : text);
  const text = (value: string) => (markdown ? escapeMarkdown(value, 500) : value);
  if (scope.total === 0) return ['Nothing to review: the range has no changed files.'];
  const named = scope.files.slice(0, FILES_NAMED).map(code).join(', ');
  const more = scope.total > FILES_NAMED ? ` and ${scope.total - FILES_NAMED} more` : '';
  const lines = [`${plural(scope.total, 'changed file')}: ${named}${more}`];
  for (const ecosystem of scope.ecosystems ?? []) lines.push(...ecosystemLines(ecosystem, code, text));
  const builtinOnly = readByBuiltinsOnly(report);
  if (builtinOnly.length > 0) {
    const shown = builtinOnly.slice(0, FILES_NAMED).map(code).join(', ');
    const rest = builtinOnly.length > FILES_NAMED ? ` and ${builtinOnly.length - FILES_NAMED} more` : '';
    lines.push(`read by the built-in checks only (no task's \`paths\` matched): ${shown}${rest}`);
  }
  if (scope.unread) lines.push(...unreadLines(scope.unread, scope.total, code));
  return lines;
}

/**
 * Text files of the PR that no configured task read (only the built-ins did), when some task ran:
 * a reviewer must not take "no findings" for "looked at by the linter".
 */
function readByBuiltinsOnly(report: ReviewReport): string[] {
  const ran = new Set(
    report.results.filter((r) => r.status === 'ok' || r.status === 'failed').map((r) => r.id),
  );
  const tasks = report.plan.subtasks.filter((s) => s.task.type !== 'builtin' && ran.has(s.id));
  if (tasks.length === 0 || tasks.some((s) => s.kind === 'test')) {
    // A test run reads the whole tree: every file counts as looked at.
    return [];
  }
  const read = new Set(tasks.flatMap((s) => s.files));
  const unread = new Set([
    ...(report.reviewed?.unread?.binary.paths ?? []),
    ...(report.reviewed?.unread?.removed.paths ?? []),
    ...(report.reviewed?.unread?.noText.paths ?? []),
  ]);
  return (report.reviewed?.files ?? []).filter((path) => !read.has(path) && !unread.has(path));
}

function unreadLines(unread: UnreadFiles, total: number, code: (text: string) => string): string[] {
  const list = (group: { paths: string[]; total: number }) =>
    `${group.paths.map(code).join(', ')}${group.total > group.paths.length ? ` and ${group.total - group.paths.length} more` : ''}`;
  const parts = [
    unread.binary.total > 0 ? `${plural(unread.binary.total, 'binary file')} (${list(unread.binary)})` : '',
    unread.removed.total > 0
      ? `${plural(unread.removed.total, 'removed file')} (${list(unread.removed)})`
      : '',
    unread.noText.total > 0
      ? `${plural(unread.noText.total, 'file')} without a diff to read, as GitHub sends none for a very large diff (${list(unread.noText)})`
      : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return [];
  const count = unread.binary.total + unread.removed.total + unread.noText.total;
  if (count >= total) return [`**nothing could be read as text**: ${parts.join('; ')}`];
  return [`not read as text: ${parts.join('; ')}`];
}

function ecosystemLines(
  coverage: EcosystemCoverage,
  code: (text: string) => string,
  text: (value: string) => string,
): string[] {
  const where = coverage.directories.filter((dir) => dir !== '.');
  const label = `${coverage.ecosystem}${where.length > 0 ? ` (${where.map(code).join(', ')})` : ''}`;
  const lines: string[] = [];
  if (coverage.tools.length > 0) lines.push(`${label}: ran ${coverage.tools.map(code).join(', ')}`);
  for (const skipped of coverage.skipped) {
    lines.push(`${label}: skipped ${code(`${skipped.kind} ${skipped.tool}`)}: ${text(skipped.reason)}`);
  }
  if (coverage.tools.length === 0 && coverage.skipped.length === 0) {
    lines.push(
      `no language tooling detected for ${coverage.ecosystem} (${plural(coverage.files, 'changed file')}): only the built-in analyzers read them`,
    );
  }
  return lines;
}

/** The summary's section, or undefined for reports without the scope (older traces). */
export function renderReviewed(report: ReviewReport): string | undefined {
  const lines = reviewedLines(report, true);
  if (lines.length === 0) return undefined;
  return ['#### What was reviewed', '', ...lines.map((line) => `- ${line}`)].join('\n');
}

const TAIL_SHOWN_CHARS = 2000;

/** Collapsed blocks with the last output lines of each command that failed or was skipped. */
export function renderOutputTails(report: ReviewReport): string | undefined {
  const blocks = report.results.filter(hasOutput).map((result) => {
    const tail =
      result.output.length > TAIL_SHOWN_CHARS ? `…${result.output.slice(-TAIL_SHOWN_CHARS)}` : result.output;
    return [
      `<details><summary>Last output of ${escapeMarkdown(result.id, 200)} (${result.status})</summary>`,
      '',
      fenced(tail, 'text'),
      '',
      '</details>',
    ].join('\n');
  });
  return blocks.length > 0 ? blocks.join('\n\n') : undefined;
}

function hasOutput(result: SubtaskResult): result is SubtaskResult & { output: string } {
  return result.output !== undefined && result.status !== 'ok';
}
