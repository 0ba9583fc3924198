// How a run (or one kind of subtask) concludes, given its results, its findings and `fail-on`.
// One rule set for the whole run, the step outcome and each check run, so they never disagree.
import type { Finding, Severity } from '../findings/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { CheckConclusion, Conclusion, FailOn } from './types.js';

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function findingsFail(counts: Record<Severity, number>, failOn: FailOn): boolean {
  if (failOn === 'error') return counts.error > 0;
  if (failOn === 'warning') return counts.error + counts.warning > 0;
  return false;
}

/** A subtask that failed or ran out of time: its checks did not run. Skipped ones (not installed) do not count. */
function subtasksFail(results: readonly SubtaskResult[]): boolean {
  return results.some((result) => result.status === 'failed' || result.status === 'timed-out');
}

/**
 * A failed subtask fails the run unless `fail-on` is `never`, which promises a job that is never red
 * for the review: then findings or failed checks make it neutral.
 */
export function decideConclusion(
  results: readonly SubtaskResult[],
  findings: readonly Finding[],
  failOn: FailOn,
): Conclusion {
  if (failOn === 'never')
    return findings.length > 0 || subtasksFail(results) || cancelled(results) ? 'neutral' : 'success';
  if (findingsFail(countBySeverity(findings), failOn) || subtasksFail(results)) return 'failure';
  // A cancelled subtask means the review is incomplete: do not claim success.
  if (cancelled(results)) return 'neutral';
  return 'success';
}

function cancelled(results: readonly SubtaskResult[]): boolean {
  return results.some((result) => result.status === 'cancelled');
}

/** The check-run flavour: the same decision, plus `skipped` and `cancelled`, which a check run can show. */
export function decideCheckConclusion(
  results: readonly SubtaskResult[],
  findings: readonly Finding[],
  failOn: FailOn,
): CheckConclusion {
  const overall = decideConclusion(results, findings, failOn);
  if (overall === 'failure') return 'failure';
  if (results.length > 0 && results.every((result) => result.status === 'skipped')) return 'skipped';
  if (results.some((result) => result.status === 'cancelled')) return 'cancelled';
  return overall === 'neutral' ? 'neutral' : 'success';
}
