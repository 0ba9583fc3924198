// Assembles the PrContext from PR metadata and the changed files (or the diff text they come from).
import { createDiffIndex } from './diff-index.js';
import { parseUnifiedDiff } from './diff.js';
import type { ChangedFile, DiffIndex, EventName, PrContext, PullRequestMeta } from './types.js';

export function buildPrContext(event: EventName, meta: PullRequestMeta, diffText: string): PrContext {
  return contextFromFiles(event, meta, parseUnifiedDiff(diffText));
}

/** `diffIndex`, when given, is the index of these very files (built as they were parsed). */
export function contextFromFiles(
  event: EventName,
  meta: PullRequestMeta,
  files: ChangedFile[],
  diffIndex: DiffIndex = createDiffIndex(files),
): PrContext {
  return { event, ...meta, files, diffIndex };
}
