// Reads a PR's metadata and changed files through the REST API. Git in the workspace fills what the
// API cannot give: patches of very large files, PRs past the 3,000-file cap, or no API access at all.
// Read-only: nothing here posts to GitHub.
import {
  API_FILES_CAP,
  type ApiPullFile,
  filesFromApi,
  mergeWithGitDiff,
  unresolvedPaths,
} from '../../context/api-files.js';
import { parseUnifiedDiff } from '../../context/diff.js';
import { parsePullRequest } from '../../context/event.js';
import { diffRange, ensureCommit } from '../../context/git.js';
import type { ChangedFile, PullRequestMeta } from '../../context/types.js';
import type { Span } from '../../trace/types.js';
import { KiloError, getErrorMessage } from '../../util/errors.js';
import { type GitHubClient, isRequestError } from './octokit.js';

export interface PrLoaderDeps {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** Checkout of the repository (any depth): the git fallback fetches the commits it lacks. */
  workspace: string;
  span: Span;
}

export type PrFilesSource = 'api' | 'api+git' | 'git';

export interface PrFiles {
  files: ChangedFile[];
  source: PrFilesSource;
  /** One line each, for the summary: what is missing and how to fix it. */
  notes: string[];
}

/** What `isRequestError` narrows to (a failed connection is one too, with status 500). */
type RequestFailure = Error & { status: number; response?: unknown };

const PER_PAGE = 100;

export async function fetchPullRequest(deps: PrLoaderDeps, number: number): Promise<PullRequestMeta> {
  let data: unknown;
  try {
    ({ data } = await deps.octokit.rest.pulls.get({
      owner: deps.owner,
      repo: deps.repo,
      pull_number: number,
    }));
  } catch (error) {
    if (!isRequestError(error)) throw error;
    throw new KiloError(
      'API_FAILED',
      `cannot read pull request #${number} of ${deps.owner}/${deps.repo}: ${describeApiError(error)}`,
      { cause: error },
    );
  }
  const meta = parsePullRequest(data, { owner: deps.owner, name: deps.repo });
  deps.span.event('context', 'pr-meta', { number, base: meta.base.sha, head: meta.head.sha });
  return meta;
}

export async function loadPullRequestFiles(deps: PrLoaderDeps, meta: PullRequestMeta): Promise<PrFiles> {
  let listing: { files: ApiPullFile[]; pages: number };
  try {
    listing = await listFiles(deps, meta.number);
  } catch (error) {
    if (!isRequestError(error)) throw error;
    const result = await fromGitOnly(deps, meta, error);
    recordLoad(deps.span, result, 0);
    return result;
  }
  const result = await completeWithGit(deps, meta, listing.files);
  recordLoad(deps.span, result, listing.pages);
  return result;
}

async function listFiles(
  deps: PrLoaderDeps,
  number: number,
): Promise<{ files: ApiPullFile[]; pages: number }> {
  let pages = 0;
  let listed = 0;
  const files = await deps.octokit.paginate(
    deps.octokit.rest.pulls.listFiles,
    { owner: deps.owner, repo: deps.repo, pull_number: number, per_page: PER_PAGE },
    (response, done) => {
      pages++;
      listed += response.data.length;
      // GitHub serves no file past the cap; stopping here also spares the requests for empty pages.
      if (listed >= API_FILES_CAP) done();
      return response.data;
    },
  );
  return { files: files.slice(0, API_FILES_CAP), pages };
}

/** API files as they are when complete; otherwise merged with git's diff, or kept with a note. */
async function completeWithGit(
  deps: PrLoaderDeps,
  meta: PullRequestMeta,
  apiFiles: ApiPullFile[],
): Promise<PrFiles> {
  const { files, incomplete } = filesFromApi(apiFiles);
  const capped = apiFiles.length >= API_FILES_CAP;
  if (incomplete.length === 0 && !capped) return { files, source: 'api', notes: [] };

  let gitFiles: ChangedFile[];
  try {
    gitFiles = await filesFromGit(deps.workspace, meta);
  } catch (error) {
    return { files, source: 'api', notes: gapNotes(incomplete, capped, getErrorMessage(error)) };
  }
  const unresolved = unresolvedPaths(gitFiles, incomplete);
  const notes = unresolved.length
    ? [
        `git's diff lacks ${countFiles(unresolved)} the API gave no patch for, so no inline comments ` +
          `there: ${listPaths(unresolved)}`,
      ]
    : [];
  return { files: mergeWithGitDiff(files, gitFiles, incomplete, capped), source: 'api+git', notes };
}

async function fromGitOnly(
  deps: PrLoaderDeps,
  meta: PullRequestMeta,
  apiError: RequestFailure,
): Promise<PrFiles> {
  const why = describeApiError(apiError);
  try {
    const files = await filesFromGit(deps.workspace, meta);
    return {
      files,
      source: 'git',
      notes: [`the GitHub API could not list the PR's files (${why}); they come from git in the workspace`],
    };
  } catch (error) {
    throw new KiloError(
      'API_FAILED',
      `cannot load the files of PR #${meta.number}: the GitHub API failed (${why}) and git failed too: ${getErrorMessage(error)}`,
      { cause: error },
    );
  }
}

/** `git diff base...head` in the workspace, fetching the two commits when the clone lacks them. */
async function filesFromGit(workspace: string, meta: PullRequestMeta): Promise<ChangedFile[]> {
  await ensureCommit(workspace, meta.base.sha, 'base');
  await ensureCommit(workspace, meta.head.sha, 'head');
  return parseUnifiedDiff(await diffRange(workspace, meta.base.sha, meta.head.sha));
}

function gapNotes(incomplete: readonly string[], capped: boolean, gitError: string): string[] {
  const notes: string[] = [];
  if (incomplete.length > 0) {
    notes.push(
      `no patch from the API (too large) and none from git for ${countFiles(incomplete)} ` +
        `(${listPaths(incomplete)}), so no inline comments there: ${gitError}`,
    );
  }
  if (capped) {
    notes.push(
      `GitHub lists only the first ${API_FILES_CAP.toLocaleString('en-US')} files of a PR and git could ` +
        `not supply the rest, so only those are reviewed: ${gitError}`,
    );
  }
  return notes;
}

function describeApiError(error: RequestFailure): string {
  // Octokit reports a failed connection as status 500 without a response.
  if (error.response === undefined) return `network error: ${error.message}`;
  const hint =
    error.status === 403 || error.status === 404
      ? '; can the token read pull requests (permissions: pull-requests: read)?'
      : '';
  return `HTTP ${error.status}: ${error.message}${hint}`;
}

function recordLoad(span: Span, result: PrFiles, pages: number): void {
  span.event('context', 'pr-files', {
    count: result.files.length,
    source: result.source,
    pages,
    notes: result.notes.length,
  });
}

function countFiles(paths: readonly string[]): string {
  return paths.length === 1 ? '1 file' : `${paths.length} files`;
}

function listPaths(paths: readonly string[], shown = 3): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${head}, and ${paths.length - shown} more` : head;
}
