// PrContext builders for unit tests: a context from a unified diff, with overridable metadata.
import { buildPrContext } from '../src/context/build.js';
import type { PrContext } from '../src/context/types.js';

/** Unified diff text that adds `lines` as a new file at `path`. */
export function addedFileDiff(path: string, lines: readonly string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}

export function makeContext(
  diff: string,
  overrides: Partial<Omit<PrContext, 'files' | 'diffIndex'>> = {},
): PrContext {
  const { event = 'pull_request', ...meta } = overrides;
  return buildPrContext(
    event,
    {
      repo: { owner: 'octo', name: 'shop' },
      number: 7,
      title: 'Add things',
      base: { sha: 'a'.repeat(40), ref: 'main' },
      head: { sha: 'b'.repeat(40), ref: 'feature' },
      author: 'octocat',
      association: 'MEMBER',
      draft: false,
      labels: [],
      fork: false,
      ...meta,
    },
    diff,
  );
}
