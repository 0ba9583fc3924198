// GitHub platform (first version): the PR comes from the event payload and the diff from git in the
// workspace; the report goes to the job summary, workflow annotations and the log. Posting checks,
// the review and the sticky comment through the API comes next (issue 4) on this same port.
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { buildPrContext } from '../../context/build.js';
import { parsePullRequestEvent } from '../../context/event.js';
import { diffRange, ensureCommit } from '../../context/git.js';
import type { EventName } from '../../context/types.js';
import type { Finding } from '../../findings/types.js';
import { renderTerminal } from '../../report/terminal.js';
import type { PostPlan, ReviewReport } from '../../report/types.js';
import { KiloError, getErrorMessage } from '../../util/errors.js';
import { readInside } from '../local/local-platform.js';
import type { ContextLoad, Platform, PublishResult } from '../port.js';

const PR_EVENTS = ['pull_request', 'pull_request_target'] as const;
/** Workflow-command annotations are capped by GitHub at 10 errors and 10 warnings per step. */
const ANNOTATIONS_PER_LEVEL = 10;

export interface GitHubPlatformOptions {
  eventName: string;
  eventPath: string | undefined;
  workspace: string;
}

export function createGitHubPlatform(options: GitHubPlatformOptions): Platform {
  return {
    name: 'github',
    workspace: options.workspace,
    async loadContext(span): Promise<ContextLoad> {
      const event = PR_EVENTS.find((name) => name === options.eventName);
      if (!event) {
        return {
          status: 'skipped',
          reason: `event '${options.eventName || '(none)'}' is not supported yet; supported: ${PR_EVENTS.join(', ')}`,
        };
      }
      const meta = parsePullRequestEvent(await readEventPayload(options.eventPath));
      await ensureCommit(options.workspace, meta.base.sha, 'base');
      await ensureCommit(options.workspace, meta.head.sha, 'head');
      const diff = await diffRange(options.workspace, meta.base.sha, meta.head.sha);
      span.event('context', 'git-diff', { base: meta.base.sha, head: meta.head.sha, bytes: diff.length });
      return { status: 'ready', context: buildPrContext(event satisfies EventName, meta, diff) };
    },
    readTrustedFile: (path) => readInside(options.workspace, path),
    async publish(post: PostPlan, report: ReviewReport, { dryRun }): Promise<PublishResult> {
      const notes: string[] = [];
      core.info(renderTerminal(report));
      const annotated = emitAnnotations(report.findings);
      if (annotated < report.findings.length) {
        notes.push(
          `${report.findings.length - annotated} findings are in the job summary only (annotation cap)`,
        );
      }
      if (!dryRun)
        notes.push('checks, review and sticky comment are not posted by this version (job summary only)');
      await writeJobSummary(post.summaryMarkdown, notes);
      return { channels: ['log', 'annotations', 'job-summary'], notes };
    },
  };
}

async function readEventPayload(path: string | undefined): Promise<unknown> {
  if (!path) throw new KiloError('EVENT_INVALID', 'GITHUB_EVENT_PATH is not set: run inside GitHub Actions');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new KiloError('EVENT_INVALID', `cannot read the event payload ${path}: ${getErrorMessage(error)}`);
  }
}

function emitAnnotations(findings: readonly Finding[]): number {
  const used = { error: 0, warning: 0, notice: 0 };
  let emitted = 0;
  for (const finding of findings) {
    if (used[finding.severity] >= ANNOTATIONS_PER_LEVEL) continue;
    used[finding.severity]++;
    emitted++;
    const properties = {
      title: finding.rule,
      file: finding.path,
      startLine: finding.line,
      endLine: finding.endLine ?? finding.line,
    };
    if (finding.severity === 'error') core.error(finding.message, properties);
    else if (finding.severity === 'warning') core.warning(finding.message, properties);
    else core.notice(finding.message, properties);
  }
  return emitted;
}

async function writeJobSummary(markdown: string, notes: readonly string[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return; // outside Actions (local-action without a summary file)
  const text = notes.length ? `${markdown}\n\n${notes.map((n) => `> ${n}`).join('\n')}\n` : markdown;
  await core.summary.addRaw(text, true).write();
}
