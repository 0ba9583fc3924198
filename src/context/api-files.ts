// Changed files from GitHub's GET /pulls/{n}/files → ChangedFile[], and the merge with git's diff for
// what the API leaves out (files without a patch, PRs past the 3,000-file cap). Pure: no I/O.
import { parseUnifiedDiff } from './diff.js';
import type { ChangedFile, FileStatus } from './types.js';

/** The fields we read from one entry of GET /repos/{owner}/{repo}/pulls/{n}/files. */
export interface ApiPullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  previous_filename?: string;
}

export interface ApiFiles {
  files: ChangedFile[];
  /** Paths the API gave no patch for although lines changed (too large; git can supply them). */
  incomplete: string[];
}

/** GitHub stops listing a PR's files at 3,000. */
export const API_FILES_CAP = 3000;

export function filesFromApi(apiFiles: readonly ApiPullFile[]): ApiFiles {
  const files: ChangedFile[] = [];
  const incomplete: string[] = [];
  for (const apiFile of apiFiles) {
    const file = toChangedFile(apiFile);
    if (isIncomplete(apiFile)) incomplete.push(file.path);
    files.push(file);
  }
  return { files, incomplete };
}

function toChangedFile(apiFile: ApiPullFile): ChangedFile {
  const file: ChangedFile = {
    path: apiFile.filename,
    status: fileStatus(apiFile.status),
    additions: apiFile.additions,
    deletions: apiFile.deletions,
    hunks: apiFile.patch ? hunksOf(apiFile.patch) : [],
    binary: looksBinary(apiFile),
  };
  if (apiFile.previous_filename !== undefined) file.previousPath = apiFile.previous_filename;
  return file;
}

function fileStatus(status: ApiPullFile['status']): FileStatus {
  // 'changed' is a mode/type change and 'unchanged' a file listed without edits: both keep the path.
  return status === 'changed' || status === 'unchanged' ? 'modified' : status;
}

/**
 * The API's `patch` is only the hunks. A fixed placeholder header turns it into a one-file unified
 * diff so the one hunk parser reads it; the real path and status come from the API, which spares us
 * quoting names with spaces, quotes or non-ASCII characters into a header.
 */
function hunksOf(patch: string): ChangedFile['hunks'] {
  const diff = `diff --git a/file b/file\n--- a/file\n+++ b/file\n${patch}\n`;
  return parseUnifiedDiff(diff)[0]?.hunks ?? [];
}

/** Lines changed but no patch: GitHub leaves the patch out of very large diffs. */
function isIncomplete(apiFile: ApiPullFile): boolean {
  return !apiFile.patch && apiFile.changes > 0 && apiFile.status !== 'removed';
}

/**
 * GitHub reports a binary file as added or modified with no patch and zero changes. An empty text file
 * looks the same; flagging it binary only keeps line-based tools off a file with no lines.
 */
function looksBinary(apiFile: ApiPullFile): boolean {
  return (
    !apiFile.patch && apiFile.changes === 0 && (apiFile.status === 'added' || apiFile.status === 'modified')
  );
}

/**
 * Fills the gaps of the API's list with git's diff. Incomplete files take git's version when git has
 * them (git also knows which are binary). When the API list was capped, git's list is the whole PR:
 * git's files in git's order, then any API file git does not know (neither as a path nor as a rename
 * source), so nothing the API reported is lost.
 */
export function mergeWithGitDiff(
  apiFiles: ChangedFile[],
  gitFiles: ChangedFile[],
  incomplete: readonly string[],
  capped: boolean,
): ChangedFile[] {
  if (capped) {
    const known = new Set(gitFiles.flatMap((file) => [file.path, file.previousPath ?? file.path]));
    return [...gitFiles, ...apiFiles.filter((file) => !known.has(file.path))];
  }
  const gitByPath = new Map(gitFiles.map((file) => [file.path, file]));
  const missing = new Set(incomplete);
  return apiFiles.map((file) => (missing.has(file.path) ? (gitByPath.get(file.path) ?? file) : file));
}

/** The incomplete paths git did not supply (they stay without hunks). */
export function unresolvedPaths(gitFiles: readonly ChangedFile[], incomplete: readonly string[]): string[] {
  const gitPaths = new Set(gitFiles.map((file) => file.path));
  return incomplete.filter((path) => !gitPaths.has(path));
}
