// A review of the whole repository at the checked-out commit (the nightly `schedule` event): the diff
// from the empty tree makes every tracked file's lines "added" lines, so the pipeline needs nothing
// new. There is no PR (number 0): the report goes to check runs on that commit and to the SARIF file.
import { buildPrContext } from '../../context/build.js';
import { isEmptyTree } from '../../context/empty-tree.js';
import { currentBranch, diffRange, emptyTree, resolveCommit } from '../../context/git.js';
import type { PrContext, RepoId } from '../../context/types.js';
import type { Span } from '../../trace/types.js';

/**
 * The workspace's HEAD, not GITHUB_SHA: the repository's own tools run on the checked-out files, so the
 * findings belong to that commit (the two are the same unless the workflow checks out another ref).
 */
export async function loadRepositoryReview(
  event: 'schedule' | 'workflow_dispatch',
  workspace: string,
  repo: RepoId,
  span: Span,
): Promise<PrContext> {
  const head = await resolveCommit(workspace, 'HEAD');
  const base = await emptyTree(workspace);
  const branch = await currentBranch(workspace);
  const diff = await diffRange(workspace, base, head);
  span.event('context', 'git-diff', { base, head, bytes: diff.length });
  const what = event === 'schedule' ? 'Scheduled review' : 'Review';
  return buildPrContext(
    event,
    {
      repo,
      number: 0,
      title: `${what} of ${branch ? `${branch} at ` : ''}${head.slice(0, 7)}`,
      base: { sha: base, ref: '' },
      head: { sha: head, ref: branch },
      author: event,
      association: 'NONE',
      draft: false,
      labels: [],
      fork: false,
    },
    diff,
  );
}

/**
 * The commit whose files guide the review (AGENTS.md, the config): the base, or — when the base is the
 * empty tree of a repository review — the reviewed commit itself, which is already on the branch.
 */
export function guidanceCommit(context: PrContext): string {
  return isEmptyTree(context.base.sha) ? context.head.sha : context.base.sha;
}
