// An empty range (base and head the same commit, or no file differs): nothing is planned or run, the
// run is traced as skipped, and the report files are still written so a script reading --out never
// picks up an earlier run's findings. Limits: "no change" is git's view of the range, before any filter.
import { join } from 'node:path';
import { createDiffIndex } from '../context/diff-index.js';
import { parsedDiffRange, type ParsedDiff } from '../context/git.js';
import { writeReportFile } from '../platform/files.js';
import { codeSpan } from '../report/format.js';
import { renderRdjson } from '../report/rdjson.js';
import { renderSarif } from '../report/sarif.js';
import type { Tracer } from '../trace/types.js';

export interface RangeEnd {
  ref: string;
  sha: string;
}

export interface EmptyRange {
  base: RangeEnd;
  head: RangeEnd;
}

/**
 * The range's diff, as the review reads it (`git diff base...head`, two dots without a merge base),
 * parsed as git writes it: length 0 when head has no changes since base. Read once, here: the review
 * then takes these very files.
 */
export async function rangeDiff(repo: string, baseSha: string, headSha: string): Promise<ParsedDiff> {
  return baseSha === headSha
    ? { files: [], diffIndex: createDiffIndex([]), length: 0 }
    : parsedDiffRange(repo, baseSha, headSha);
}

export function nothingToReviewMessage({ base, head }: EmptyRange): string {
  return `nothing to review: ${base.ref} and ${head.ref} have no changes`;
}

export interface NothingToReviewOptions {
  tracer: Tracer;
  outDir: string;
  dryRun: boolean;
  toolVersion: string;
}

/** Traces the skipped run and writes kilo-report.md, kilo.sarif and kilo.rdjson with no findings. */
export async function recordNothingToReview(
  range: EmptyRange,
  options: NothingToReviewOptions,
): Promise<void> {
  const { tracer, outDir, dryRun, toolVersion } = options;
  const reason = nothingToReviewMessage(range);
  // The shape of the pipeline's own skip, so `kilo-agent trace` shows "report skipped: nothing to review…".
  await tracer.child('run', 'review', { platform: 'local', dryRun }, async (span) => {
    span.event('context', 'git-diff', { base: range.base.sha, head: range.head.sha, bytes: 0 });
    span.event('report', 'skipped', { reason });
  });
  await Promise.all([
    writeReportFile(join(outDir, 'kilo-report.md'), renderNothingToReview(range)),
    writeReportFile(join(outDir, 'kilo.sarif'), renderSarif([], toolVersion)),
    writeReportFile(join(outDir, 'kilo.rdjson'), renderRdjson([], toolVersion)),
  ]);
}

/** The `--json` answer: the reviewed run's keys that still mean something, with nothing in them. */
export function renderNothingToReviewJson(range: EmptyRange, runId: string, dryRun: boolean): string {
  const json = {
    runId,
    conclusion: 'skipped',
    skipReason: nothingToReviewMessage(range),
    dryRun,
    context: { base: range.base, head: range.head, files: 0, additions: 0, deletions: 0 },
    findings: [],
    suggestions: [],
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function renderNothingToReview({ base, head }: EmptyRange): string {
  const at = (end: RangeEnd) => `${codeSpan(end.ref)} (${codeSpan(end.sha.slice(0, 7))})`;
  return [
    '### Kilo Agent: nothing to review',
    '',
    `${at(base)} and ${at(head)} have no changes: no subtask was planned or run.`,
    '',
  ].join('\n');
}
