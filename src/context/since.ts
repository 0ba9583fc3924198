// What changed since the PR's last reviewed head: when that head is an ancestor of this one, the lines
// each push changed (both sides), so the LLM reviewer reads only hunks touched since; otherwise (a force
// push, a rebase, a history the checkout lacks) the whole PR, and the reason, for the summary.
import { git, hasCommit } from './git.js';
import { parseUnifiedDiff } from './diff.js';
import type { LineRange, ReviewIncrement, WholePr } from './types.js';

export type { ChangedSince, ReviewIncrement, WholePr } from './types.js';

export async function changesSince(workspace: string, from: string, head: string): Promise<ReviewIncrement> {
  const short = `\`${from.slice(0, 7)}\``;
  if (!(await hasCommit(workspace, from))) {
    // The checkout is shallow (actions/checkout's default): fetch the one commit, as for the base.
    await git(workspace, ['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', from]).catch(
      () => undefined,
    );
    if (!(await hasCommit(workspace, from))) {
      return whole(from, `the last reviewed commit ${short} is not in the checkout and could not be fetched`);
    }
  }
  const ancestor = await git(workspace, ['merge-base', '--is-ancestor', from, head]).then(
    () => true,
    () => false,
  );
  if (!ancestor) {
    const shallow = (await git(workspace, ['rev-parse', '--is-shallow-repository']).catch(() => '')).trim();
    return whole(
      from,
      shallow === 'true'
        ? `the checkout's history is shallow, so whether ${short} is an ancestor of this head is unknown ` +
            '(`fetch-depth: 0` on actions/checkout lets later pushes be reviewed incrementally)'
        : `${short} is not an ancestor of this head (a force push or a rebase)`,
    );
  }
  const diff = await git(workspace, [
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--find-renames',
    '--unified=0',
    from,
    head,
  ]);
  const headRanges = new Map<string, LineRange[]>();
  const beforeRanges = new Map<string, LineRange[]>();
  for (const file of parseUnifiedDiff(diff)) {
    const after: LineRange[] = [];
    const before: LineRange[] = [];
    for (const hunk of file.hunks) {
      // A pure deletion changes no head line but touches the place between two: count the line after.
      after.push(range(hunk.newStart, Math.max(1, hunk.newLines)));
      before.push(range(hunk.oldStart, Math.max(1, hunk.oldLines)));
    }
    headRanges.set(file.path, after);
    beforeRanges.set(file.previousPath ?? file.path, before);
  }
  return { kind: 'incremental', from, head: headRanges, before: beforeRanges };
}

export function touches(ranges: readonly LineRange[] | undefined, start: number, end: number): boolean {
  return ranges?.some((r) => r.start <= end && start <= r.end) ?? false;
}

function range(start: number, lines: number): LineRange {
  return { start: Math.max(1, start), end: Math.max(1, start) + lines - 1 };
}

function whole(from: string, reason: string): WholePr {
  return { kind: 'whole', from, reason };
}
