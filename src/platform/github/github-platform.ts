// GitHub platform: the change comes from the event (and the API or git), the report goes to check
// runs, one review and one sticky comment — and always to the job summary. When the API refuses a
// write, or may not be used, the report falls back to the job summary and workflow annotations.
import * as core from '@actions/core';
import { buildPrContext, contextFromFiles } from '../../context/build.js';
import { diffRange, ensureCommit, hasCommit, readFileAtCommit, resolveCommit } from '../../context/git.js';
import type { PrContext, RepoId } from '../../context/types.js';
import type { Plan, SubtaskKind } from '../../plan/types.js';
import { renderTerminal } from '../../report/terminal.js';
import type { PostPlan, ReviewReport } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import { KiloError } from '../../util/errors.js';
import { readInside } from '../files.js';
import {
  BASE_FILE_MAX_BYTES,
  type ContextLoad,
  type Platform,
  type PostOptions,
  type PublishResult,
} from '../../pipeline/port.js';
import { readBaseFileFromApi } from './base-files.js';
import { emitAnnotations, writeJobSummary } from './fallback.js';
import { resolveEventTarget, type EventTarget } from './events.js';
import type { GitHubClient } from './octokit.js';
import { fetchPullRequest, loadPullRequestFiles } from './pr-loader.js';
import {
  createProgressReporter,
  endedWithoutSummaryBody,
  PROGRESS_INTERVAL_MS,
  type ProgressReporter,
} from './progress.js';
import { createPublisher, type Publisher } from './publisher.js';
import { guidanceCommit, loadRepositoryReview } from './repository-review.js';

/** About 10 s (DESIGN §6): a quick run posts each check run once, already completed. */
export const CHECKS_IN_PROGRESS_AFTER_MS = 10_000;

export interface GitHubPlatformOptions {
  eventName: string;
  /** The event's webhook payload (RunnerEnv.payload). */
  payload: unknown;
  workspace: string;
  /** GITHUB_REPOSITORY as owner/name; the payload's repository wins when present. */
  repository: string | undefined;
  prNumber: number | undefined;
  /** Absent without a token: the report goes to the job summary only. */
  octokit: GitHubClient | undefined;
  /** Least time between progress edits of the sticky comment (and before the first); default 10 s. */
  progressIntervalMs?: number;
  /**
   * A run still going after this long creates its check runs `in_progress` so the PR shows it working;
   * a shorter one creates each already completed, in one request (DESIGN §6). 0: at once.
   */
  checksInProgressAfterMs?: number;
}

export function createGitHubPlatform(options: GitHubPlatformOptions): Platform {
  let publisher: Publisher | undefined;
  let progress: ProgressReporter | undefined;
  // The in_progress check runs of a long run: the timer that creates them, and their creation.
  let checksPending: NodeJS.Timeout | undefined;
  let checksStarting: Promise<void> | undefined;
  /** Before the final word: a start not yet due is dropped, one under way is waited for. */
  const settleCheckStart = async (): Promise<void> => {
    clearTimeout(checksPending);
    checksPending = undefined;
    await checksStarting;
  };

  return {
    name: 'github',
    workspace: options.workspace,

    async loadContext(span): Promise<ContextLoad> {
      const { payload } = options;
      const target = resolveEventTarget(options.eventName, payload, options.prNumber);
      if (target.kind === 'skip') return { status: 'skipped', reason: target.reason };
      const repo = repoOf(payload, options.repository);
      const context = await loadTarget(target, repo, options, span);
      if (options.octokit) {
        publisher = createPublisher(options.octokit, {
          owner: repo.owner,
          repo: repo.name,
          number: context.number,
          headSha: context.head.sha,
        });
      }
      return { status: 'ready', context };
    },

    readTrustedFile: (path) => readInside(options.workspace, path),

    async readBaseFile(path, context) {
      const sha = guidanceCommit(context);
      // A shallow checkout (the default) lacks the base commit: then the API has the file at that commit.
      if ((await hasCommit(options.workspace, sha)) || !options.octokit) {
        return readFileAtCommit(options.workspace, sha, path, BASE_FILE_MAX_BYTES);
      }
      return readBaseFileFromApi(options.octokit, context, path);
    },

    async begin(plan: Plan, context, { dryRun, allowed, span }) {
      if (!publisher || dryRun) return;
      const sticky = publisher;
      if (allowed.comment && context.number > 0) {
        progress = createProgressReporter({
          intervalMs: options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
          headSha: context.head.sha,
          write: (body) => sticky.upsertSticky(body, span),
        });
      }
      if (!allowed.checkRuns) return;
      const kinds = [...new Set(plan.subtasks.map((s) => s.kind))] as SubtaskKind[];
      const after = options.checksInProgressAfterMs ?? CHECKS_IN_PROGRESS_AFTER_MS;
      if (after <= 0) return publisher.startCheckRuns(kinds, span);
      checksPending = setTimeout(() => {
        checksPending = undefined;
        checksStarting = sticky.startCheckRuns(kinds, span);
      }, after);
      // A pending start must never keep the process alive.
      checksPending.unref();
    },

    async loadPrior(context) {
      return publisher?.readPrior(context.comments === 0);
    },

    async loadHistory(_context, span) {
      return publisher?.readHistory(span);
    },

    progress(done, total) {
      progress?.update(done, total);
    },

    async publish(post: PostPlan, report: ReviewReport, postOptions: PostOptions): Promise<PublishResult> {
      await progress?.stop();
      await settleCheckStart();
      core.info(renderTerminal(report));
      const channels = ['log'];
      const notes =
        publisher && !postOptions.dryRun
          ? await postToApi(
              publisher,
              post,
              { ...postOptions, progressShown: progress?.shown === true },
              channels,
            )
          : [];
      if (!publisher && !postOptions.dryRun)
        notes.push('no github-token: the report is in the job summary only');
      if (!channels.includes('check-runs')) {
        // Check runs carry the annotations; without them, workflow commands are the fallback.
        const emitted = emitAnnotations(report.findings);
        channels.push('annotations');
        if (emitted < report.findings.length) {
          notes.push(
            `${report.findings.length - emitted} findings are in the job summary only (annotation cap)`,
          );
        }
      }
      for (const note of notes) core.warning(note);
      if (await writeJobSummary(post.summaryMarkdown, notes)) channels.push('job-summary');
      return { channels, notes };
    },

    async fail(message, context, { dryRun, allowed, span }) {
      await progress?.stop();
      await settleCheckStart();
      if (!publisher || dryRun) return;
      if (progress?.shown) {
        const why = `It stopped on an error of its own: ${message.slice(0, 2000)}`;
        await publisher.upsertSticky(endedWithoutSummaryBody(context.head.sha, why), span);
      }
      if (allowed.checkRuns) await publisher.failCheckRuns(message, span);
    },
  };
}

/** Posts through the API in GitHub's order of trust: checks, then (if head unmoved) review and comment. */
async function postToApi(
  publisher: Publisher,
  post: PostPlan,
  options: PostOptions & { progressShown: boolean },
  channels: string[],
): Promise<string[]> {
  const { allowed, span } = options;
  const denied = (Object.keys(allowed) as Array<keyof typeof allowed>).filter((key) => !allowed[key]);
  const notes = denied.length ? [`policy: not posting ${denied.join(', ')} (see the policy decisions)`] : [];
  if (allowed.checkRuns && (await publisher.completeCheckRuns(post.checkRuns, span)) > 0)
    channels.push('check-runs');
  if (allowed.review || allowed.comment) {
    const moved = await publisher.movedHead();
    if (moved !== undefined) {
      notes.push(
        `the PR head moved to ${moved.slice(0, 7)} during the run: no new review or comment was posted`,
      );
      // Our own progress comment must not say "running" forever: it gets a last word, nothing more.
      if (options.progressShown) {
        const why = `The PR head moved to \`${moved.slice(0, 7)}\` during the run, so this review was not posted.`;
        await publisher.upsertSticky(endedWithoutSummaryBody(post.headSha, why), span);
      }
    } else {
      if (allowed.review) {
        await publisher.postReview(post, span);
        await publisher.resolveThreads(post.resolveThreads ?? [], span);
      }
      if (allowed.comment) await publisher.upsertSticky(post.sticky.body, span);
      if (!publisher.refused) channels.push('pull-request');
    }
  }
  return [...notes, ...publisher.notes];
}

async function loadTarget(
  target: Exclude<EventTarget, { kind: 'skip' }>,
  repo: RepoId,
  options: GitHubPlatformOptions,
  span: Span,
): Promise<PrContext> {
  const { workspace, octokit } = options;
  if (target.kind === 'push') return loadPush(target, repo, workspace, span);
  if (target.kind === 'repository') return loadRepositoryReview(target.event, workspace, repo, span);
  const deps = octokit ? { octokit, owner: repo.owner, repo: repo.name, workspace, span } : undefined;
  let meta;
  if (target.kind === 'pull-request') meta = target.meta;
  else if (deps) meta = await fetchPullRequest(deps, target.number);
  else throw new KiloError('INPUT_INVALID', `input 'github-token' is needed to read PR #${target.number}`);
  if (target.kind === 'pull-number') await warnOnOtherCheckout(workspace, meta.head.sha, target.number);
  if (deps) {
    const loaded = await loadPullRequestFiles(deps, meta);
    for (const note of loaded.notes) core.warning(note);
    return contextFromFiles(target.event, meta, loaded.files);
  }
  await ensureCommit(workspace, meta.base.sha, 'base');
  await ensureCommit(workspace, meta.head.sha, 'head');
  const diff = await diffRange(workspace, meta.base.sha, meta.head.sha);
  span.event('context', 'git-diff', { base: meta.base.sha, head: meta.head.sha, bytes: diff.length });
  return buildPrContext(target.event, meta, diff);
}

/**
 * A PR named by number (a comment, a dispatch) is reviewed with the checkout's files, but those events
 * check out the default branch unless told otherwise: say so, with the fix, rather than review other code.
 */
async function warnOnOtherCheckout(workspace: string, headSha: string, number: number): Promise<void> {
  const checkedOut = await resolveCommit(workspace, 'HEAD').catch(() => undefined);
  if (checkedOut === undefined || checkedOut === headSha) return;
  core.warning(
    `the checkout is at ${checkedOut.slice(0, 7)}, not at the head ${headSha.slice(0, 7)} of PR #${number}: ` +
      `the tools run on the checked-out files. Check out 'refs/pull/${number}/head' (actions/checkout 'ref').`,
  );
}

async function loadPush(
  target: Extract<EventTarget, { kind: 'push' }>,
  repo: RepoId,
  workspace: string,
  span: Span,
): Promise<PrContext> {
  await ensureCommit(workspace, target.after, 'pushed');
  const before = target.before || (await resolveCommit(workspace, `${target.after}^`));
  await ensureCommit(workspace, before, 'previous');
  const diff = await diffRange(workspace, before, target.after);
  span.event('context', 'git-diff', { base: before, head: target.after, bytes: diff.length });
  return buildPrContext(
    'push',
    {
      repo,
      number: 0,
      title: target.title,
      base: { sha: before, ref: target.ref },
      head: { sha: target.after, ref: target.ref },
      author: target.author,
      association: 'NONE',
      draft: false,
      labels: [],
      fork: false,
    },
    diff,
  );
}

function repoOf(payload: unknown, repository: string | undefined): RepoId {
  const full = (payload as { repository?: { full_name?: unknown } } | null)?.repository?.full_name;
  const name = typeof full === 'string' ? full : repository;
  const [owner, repo] = (name ?? '').split('/');
  if (!owner || !repo)
    throw new KiloError('EVENT_INVALID', 'cannot tell the repository: GITHUB_REPOSITORY is not set');
  return { owner, name: repo };
}
