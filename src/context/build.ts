// Assembles the PrContext from PR metadata and the changed files (or the diff text they come from).
import { createDiffIndex } from './diff-index.js';
import { parseUnifiedDiff } from './diff.js';
import type { ChangedFile, EventName, PrContext, PullRequestMeta } from './types.js';

export function buildPrContext(event: EventName, meta: PullRequestMeta, diffText: string): PrContext {
  return contextFromFiles(event, meta, parseUnifiedDiff(diffText));
}

export function contextFromFiles(event: EventName, meta: PullRequestMeta, files: ChangedFile[]): PrContext {
  return { event, ...meta, files, diffIndex: createDiffIndex(files) };
}
