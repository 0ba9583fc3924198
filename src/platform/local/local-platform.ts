// Local platform: the PR is a git range of a repository on disk; the report goes to the terminal and
// to files in the output directory (never into the reviewed repository).
import { basename, join, resolve } from 'node:path';
import { contextFromFiles } from '../../context/build.js';
import { git, parsedDiffRange, readFileAtCommit, type ParsedDiff } from '../../context/git.js';
import { renderRdjson } from '../../report/rdjson.js';
import { renderSarif } from '../../report/sarif.js';
import { renderTerminal } from '../../report/terminal.js';
import type { PostPlan, ReviewReport } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import {
  BASE_FILE_MAX_BYTES,
  type ContextLoad,
  type Platform,
  type PublishResult,
} from '../../pipeline/port.js';
import { readInside, writeReportFile } from '../files.js';

export interface LocalPlatformOptions {
  /** Repository whose history holds base and head. */
  repo: string;
  /** Checkout of head in which commands run (the repo itself, or a worktree of head). */
  workspace: string;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** The range as the CLI already read it (the diff, the head's subject and author); else read here. */
  range?: LocalRange;
  outDir: string;
  json: boolean;
  toolVersion: string;
  print: (text: string) => void;
}

export interface LocalRange {
  /** The range's diff, parsed (parsedDiffRange). */
  diff: ParsedDiff;
  subject: string;
  author: string;
}

/** The head commit's subject and author, in one git call (NUL cannot occur in either). */
export async function readHeadMeta(
  repo: string,
  headSha: string,
): Promise<{ subject: string; author: string }> {
  const meta = await git(repo, ['log', '-1', '--format=%s%x00%an', headSha]);
  const [subject = '', author = ''] = meta.trimEnd().split('\0');
  return { subject: subject.trim(), author: author.trim() };
}

async function readRange(options: LocalPlatformOptions): Promise<LocalRange> {
  const [diff, meta] = await Promise.all([
    parsedDiffRange(options.repo, options.baseSha, options.headSha),
    readHeadMeta(options.repo, options.headSha),
  ]);
  return { diff, ...meta };
}

export function createLocalPlatform(options: LocalPlatformOptions): Platform {
  return {
    name: 'local',
    workspace: options.workspace,
    async loadContext(span: Span): Promise<ContextLoad> {
      const { diff, subject, author } = options.range ?? (await readRange(options));
      span.event('context', 'git-diff', { base: options.baseSha, head: options.headSha, bytes: diff.length });
      const context = contextFromFiles(
        'local',
        {
          repo: { owner: 'local', name: basename(resolve(options.repo)) },
          number: 0,
          title: subject,
          base: { sha: options.baseSha, ref: options.baseRef },
          head: { sha: options.headSha, ref: options.headRef },
          author,
          association: 'OWNER',
          draft: false,
          labels: [],
          fork: false,
        },
        diff.files,
        diff.diffIndex,
      );
      return { status: 'ready', context };
    },
    readTrustedFile: (path) => readInside(options.workspace, path),
    readBaseFile: (path) => readFileAtCommit(options.repo, options.baseSha, path, BASE_FILE_MAX_BYTES),
    // Progress is the CLI's live output; failures are the CLI's exit status and message.
    begin: async () => undefined,
    // The CLI prints each subtask's start and end from the trace as they happen.
    progress: () => undefined,
    fail: async () => undefined,
    async publish(post: PostPlan, report: ReviewReport): Promise<PublishResult> {
      const files = {
        report: join(options.outDir, 'kilo-report.md'),
        sarif: join(options.outDir, 'kilo.sarif'),
        rdjson: join(options.outDir, 'kilo.rdjson'),
      };
      await writeReportFile(files.report, post.summaryMarkdown);
      await writeReportFile(files.sarif, renderSarif(report.findings, options.toolVersion));
      await writeReportFile(files.rdjson, renderRdjson(report.findings, options.toolVersion));
      options.print(options.json ? renderJson(report, post) : renderTerminal(report));
      return {
        channels: [
          options.json ? 'stdout-json' : 'terminal',
          `file:${files.report}`,
          `file:${files.sarif}`,
          `file:${files.rdjson}`,
        ],
        notes: [],
      };
    },
  };
}

function renderJson(report: ReviewReport, post: PostPlan): string {
  const { runId, conclusion, dryRun, context, plan, results, findings, suggestions, budgets, durationMs } =
    report;
  const json = {
    runId,
    conclusion,
    dryRun,
    context,
    plan,
    results,
    findings,
    suggestions,
    budgets,
    durationMs,
    ...(report.reviewed ? { reviewed: report.reviewed } : {}),
  };
  // A dry run also says what it would have posted, and every policy decision behind it.
  const extra = dryRun
    ? { decisions: report.decisions, wouldPost: { checkRuns: post.checkRuns, review: post.review } }
    : {};
  return `${JSON.stringify({ ...json, ...extra }, null, 2)}\n`;
}
