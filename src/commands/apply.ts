// `/kilo apply`: commits the review's validated suggestions to the PR branch. Only on a branch of
// this repository, only while the PR head is still the commit the review saw, only suggestions the
// tests validated, only outside protected paths; the tests run once more with exactly the commit's
// files, and anything that goes wrong pushes nothing and says why.
import { ensureCommit } from '../context/git.js';
import type { PrContext } from '../context/types.js';
import type { AgentInput } from '../agents/types.js';
import { applySuggestions, partitionOverlapping } from '../agents/validation/apply.js';
import { runValidationTests } from '../agents/validation/validate.js';
import type { Suggestion } from '../findings/types.js';
import type { Subtask, ValidationTest } from '../plan/types.js';
import type { Decision, PolicyRequest } from '../policy/types.js';
import { shortId, type ReviewState, type StateSuggestion } from '../report/review-state.js';
import type { CommandRunner } from '../sandbox/types.js';
import { commitWorktree, createWorktree } from '../sandbox/worktree.js';
import type { Span } from '../trace/types.js';
import { getErrorMessage } from '../util/errors.js';
import type { CommandComment } from './types.js';

/** The identity GitHub shows for commits and comments made with the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export type PushResult = { ok: true } | { ok: false; reason: string };

export interface ApplyDeps {
  runner: CommandRunner;
  /** Checkout holding the PR head (never written to: the commit is made in a throwaway checkout). */
  workspace: string;
  span: Span;
  signal: AbortSignal;
  decide(request: PolicyRequest): Decision;
  /** Pushes `commit` (made in `dir`) to the PR's branch, never forced. */
  push(dir: string, commit: string): Promise<PushResult>;
}

export interface ApplyRequest {
  context: PrContext;
  /** The last review's state from the sticky comment; undefined when there is none. */
  state: ReviewState | undefined;
  /** Suggestion ids (prefixes of fingerprints); empty for every validated suggestion. */
  ids: readonly string[];
  /** The configured test commands, re-run on the commit before it is pushed. */
  tests: readonly ValidationTest[];
  requester: CommandComment;
}

export type ApplyOutcome =
  | { status: 'pushed'; commit: string; applied: StateSuggestion[]; testCommands: number }
  | { status: 'refused'; reason: string };

export async function applyToPullRequest(deps: ApplyDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  const { context, state } = request;
  const refuse = (reason: string): ApplyOutcome => ({ status: 'refused', reason });
  if (context.fork) {
    return refuse(
      'the branch is in a fork, and the workflow token cannot push there; use the suggestion buttons of the review instead',
    );
  }
  if (state === undefined) {
    return refuse(
      'there is no Kilo Agent review on this PR to apply (or one is running): run `/kilo review` first',
    );
  }
  if (state.head !== context.head.sha) {
    return refuse(
      `the PR head moved since the review (reviewed ${state.head.slice(0, 7)}, now ${context.head.sha.slice(0, 7)}): ` +
        'run `/kilo review`, then `/kilo apply` again',
    );
  }
  const selection = selectSuggestions(state, request.ids);
  if ('problem' in selection) return refuse(selection.problem);
  const denied = selection.selected.filter((s) => !deps.decide({ kind: 'write', path: s.path }).allow);
  if (denied.length > 0) {
    return refuse(
      `policy: ${denied.map((s) => s.path).join(', ')} ${denied.length === 1 ? 'is a' : 'are'} protected path`,
    );
  }
  if (request.tests.length === 0) {
    return refuse('no test task is configured, so the suggestions cannot be checked again before the commit');
  }
  const { overlapping } = partitionOverlapping(selection.selected);
  if (overlapping.length > 0) {
    return refuse(`these suggestions overlap others and cannot be applied together: ${ids(overlapping)}`);
  }
  return commitAndPush(deps, request, selection.selected);
}

async function commitAndPush(
  deps: ApplyDeps,
  request: ApplyRequest,
  selected: StateSuggestion[],
): Promise<ApplyOutcome> {
  const { span } = deps;
  let worktree;
  try {
    // A shallow checkout of another commit (the default branch) may lack the head: fetch it.
    await ensureCommit(deps.workspace, request.context.head.sha, 'head');
    worktree = await createWorktree(deps.runner, deps.workspace, request.context.head.sha, deps.signal);
  } catch (error) {
    return {
      status: 'refused',
      reason: `could not make a checkout of the PR head: ${getErrorMessage(error)}`,
    };
  }
  try {
    try {
      await applySuggestions(worktree.dir, selected);
    } catch (error) {
      return {
        status: 'refused',
        reason: `the suggestions do not apply to the head: ${getErrorMessage(error)}`,
      };
    }
    const paths = [...new Set(selected.map((s) => s.path))];
    // Every test must really run: a test the policy now denies is no reason to believe the commit is good.
    const failed = await runValidationTests(testInput(deps, request), request.tests, worktree.dir, paths, {
      everyTestMustRun: true,
    });
    span.event('validate', 'apply-tests', { applied: selected.length, passed: failed === undefined });
    if (failed !== undefined) {
      return { status: 'refused', reason: `the tests failed with the suggestions applied: ${failed}` };
    }
    const commit = await commitWorktree(deps.runner, worktree.dir, {
      paths,
      message: commitMessage(request, selected),
      identity: ACTIONS_BOT,
      signal: deps.signal,
    });
    const pushed = await deps.push(worktree.dir, commit);
    span.event('post', 'push', { commit, ok: pushed.ok, ...(pushed.ok ? {} : { reason: pushed.reason }) });
    if (!pushed.ok) return { status: 'refused', reason: `the push was rejected: ${pushed.reason}` };
    return { status: 'pushed', commit, applied: selected, testCommands: request.tests.length };
  } catch (error) {
    return { status: 'refused', reason: getErrorMessage(error) };
  } finally {
    await worktree.remove();
  }
}

/** The suggestions the ids name (every validated one without ids), or why they cannot be applied. */
export function selectSuggestions(
  state: ReviewState,
  ids: readonly string[],
): { selected: StateSuggestion[] } | { problem: string } {
  const head = state.head.slice(0, 7);
  if (ids.length === 0) {
    const selected = state.suggestions.filter((s) => s.validated);
    if (selected.length > 0) return { selected };
    const others = state.suggestions.length;
    return {
      problem: `the review of ${head} has no validated suggestion to apply${
        others > 0 ? ` (${others} not validated: only suggestions the tests checked are applied)` : ''
      }`,
    };
  }
  const problems: string[] = [];
  const selected: StateSuggestion[] = [];
  for (const id of ids) {
    const matches = state.suggestions.filter((s) => s.fingerprint.startsWith(id));
    if (matches.length === 0) {
      const omitted = state.omitted > 0 ? ` (${state.omitted} suggestions did not fit in the comment)` : '';
      problems.push(`\`${id}\` is not a suggestion of the review of ${head}${omitted}`);
    } else if (matches.length > 1)
      problems.push(`\`${id}\` matches ${matches.length} suggestions: give more of it`);
    else if (!matches[0]!.validated) problems.push(`\`${id}\` was not validated by the tests`);
    else if (!selected.includes(matches[0]!)) selected.push(matches[0]!);
  }
  return problems.length > 0 ? { problem: problems.join('; ') } : { selected };
}

function commitMessage(request: ApplyRequest, selected: readonly StateSuggestion[]): string {
  const { requester, context } = request;
  const count = selected.length;
  const title = `Apply ${count === 1 ? 'a Kilo Agent suggestion' : `${count} Kilo Agent suggestions`}`;
  const items = selected.map(
    (s) =>
      `- ${s.path}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`} (${s.source}, ${shortId(s.fingerprint)})`,
  );
  return [
    title,
    '',
    `Requested by @${requester.login}${requester.url ? ` in ${requester.url}` : ''}.`,
    `The review of ${context.head.sha.slice(0, 12)} validated ${count === 1 ? 'it' : 'each of them'}, and the tests`,
    'passed again with exactly this commit before it was pushed.',
    '',
    ...items,
    '',
    `Co-authored-by: ${requester.login} <${requester.userId}+${requester.login}@users.noreply.github.com>`,
    '',
  ].join('\n');
}

/** What the test commands need of an agent's input: the policy, the runner, the trace. */
function testInput(deps: ApplyDeps, request: ApplyRequest): AgentInput {
  const subtask: Subtask = {
    id: 'test:apply',
    kind: 'test',
    agent: 'tester',
    task: { type: 'validate', name: 'validate-suggestions', tests: [...request.tests] },
    files: [],
    dependsOn: [],
    budget: { wallSeconds: 0 },
  };
  return {
    subtask,
    context: request.context,
    workspace: deps.workspace,
    runner: deps.runner,
    decide: deps.decide,
    span: deps.span,
    signal: deps.signal,
    dryRun: false,
    upstream: () => undefined,
  };
}

function ids(suggestions: readonly Suggestion[]): string {
  return suggestions.map((s) => `\`${shortId(s.fingerprint)}\``).join(', ');
}
