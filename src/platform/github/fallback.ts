// The channels that work with any token: workflow-command annotations and the job summary.
import * as core from '@actions/core';
import type { Finding } from '../../findings/types.js';

/** GitHub shows at most 10 error and 10 warning annotations per step from workflow commands. */
const ANNOTATIONS_PER_LEVEL = 10;
/** GITHUB_STEP_SUMMARY holds at most 1 MiB per step. */
const JOB_SUMMARY_MAX_CHARS = 1_000_000;

export function emitAnnotations(findings: readonly Finding[]): number {
  const used = { error: 0, warning: 0, notice: 0 };
  let emitted = 0;
  for (const finding of findings) {
    if (used[finding.severity] >= ANNOTATIONS_PER_LEVEL) continue;
    used[finding.severity]++;
    emitted++;
    const properties = {
      title: finding.rule,
      file: finding.path,
      startLine: finding.line,
      endLine: finding.endLine ?? finding.line,
    };
    if (finding.severity === 'error') core.error(finding.message, properties);
    else if (finding.severity === 'warning') core.warning(finding.message, properties);
    else core.notice(finding.message, properties);
  }
  return emitted;
}

/** Writes the job summary; false outside Actions (no GITHUB_STEP_SUMMARY) or when the write fails. */
export async function writeJobSummary(markdown: string, notes: readonly string[]): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  const tail = notes.length ? `\n\n${notes.map((note) => `> ${note}`).join('\n')}\n` : '';
  const text = `${markdown.slice(0, JOB_SUMMARY_MAX_CHARS - tail.length)}${tail}`;
  try {
    await core.summary.addRaw(text, true).write({ overwrite: true });
    return true;
  } catch (error) {
    core.warning(
      `could not write the job summary: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}
