// "What was reviewed": the changed files, per ecosystem the tools that ran and the ones skipped (with
// the fix), the ecosystems no tool looked at, and the last output lines of commands that failed. A
// report must never leave unsaid that a language's tooling did not run.
import type { EcosystemCoverage } from '../ecosystems/detect.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import { codeSpan, escapeMarkdown, fenced, plural } from './format.js';
import type { ReviewReport } from './types.js';

const FILES_NAMED = 10;

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
  return lines;
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
