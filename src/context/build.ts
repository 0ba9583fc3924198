// Assembles the PrContext from PR metadata and the diff between base and head.
import { createDiffIndex } from './diff-index.js';
import { parseUnifiedDiff } from './diff.js';
import type { EventName, PrContext, PullRequestMeta } from './types.js';

export function buildPrContext(event: EventName, meta: PullRequestMeta, diffText: string): PrContext {
  const files = parseUnifiedDiff(diffText);
  return { event, ...meta, files, diffIndex: createDiffIndex(files) };
}
