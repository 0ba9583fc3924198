// Reading a pull request: the PR itself (JSON, or the diff media type with GitHub's 406 over 300 files
// or 20,000 lines) and its changed files (paginated, never more than 3,000, as on GitHub).
import {
  githubError,
  intParam,
  json,
  notFound,
  paginate,
  type RouteContext,
  type RouteTable,
} from './http.js';
import { diffEntry, issue, pullCommits, pullRequest } from './payloads-pulls.js';
import type { FileRecord, PullRecord } from './types.js';

/** GitHub lists at most this many files of a PR, whatever the paging. */
export const MAX_LISTED_FILES = 3000;
const MAX_DIFF_FILES = 300;
const MAX_DIFF_LINES = 20_000;

export function findPull(ctx: RouteContext): PullRecord | undefined {
  const number = ctx.params.pull_number ?? ctx.params.issue_number;
  return typeof number === 'number' ? ctx.store.pull(number) : undefined;
}

export const pullRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      // Answer with the head as it is now; a scripted push lands after this read.
      const reply = /\.(diff|patch)\b/.test(ctx.accept) ? diffReply(ctx, pull) : pullJson(ctx, pull);
      ctx.store.countRead(pull);
      return reply;
    },
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const page = paginate(ctx, pull.files.slice(0, MAX_LISTED_FILES));
      return json(
        200,
        page.items.map((file) => diffEntry(ctx.site, pull, file)),
        page.headers,
      );
    },
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const page = paginate(ctx, pullCommits(ctx.site, pull));
      return json(200, page.items, page.headers);
    },
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': {
    handle(ctx) {
      return findPull(ctx) ? json(200, { users: [], teams: [] }) : notFound(ctx);
    },
  },

  // A PR is an issue too: Danger reads its labels here.
  'GET /repos/{owner}/{repo}/issues/{issue_number}': {
    handle(ctx) {
      const pull = findPull(ctx);
      if (!pull) return notFound(ctx);
      const comments = ctx.store.issueComments.filter((c) => c.issue_number === pull.number).length;
      return json(200, issue(ctx.site, pull, comments));
    },
  },
};

function pullJson(ctx: RouteContext, pull: PullRecord) {
  const number = intParam(ctx, 'pull_number');
  return json(
    200,
    pullRequest(ctx.site, pull, {
      comments: ctx.store.issueComments.filter((c) => c.issue_number === number).length,
      reviewComments: ctx.store.reviewComments.filter((c) => c.pull_number === number).length,
    }),
  );
}

function diffReply(ctx: RouteContext, pull: PullRecord) {
  const tooLarge = (message: string) =>
    githubError(406, message, ctx.documentationUrl, {
      errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
    });
  if (pull.files.length > MAX_DIFF_FILES) {
    return tooLarge(
      `Sorry, the diff exceeded the maximum number of files (${MAX_DIFF_FILES}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
    );
  }
  const text = pull.files.map(fileDiff).join('');
  if (text.split('\n').length > MAX_DIFF_LINES) {
    return tooLarge(
      `Sorry, the diff exceeded the maximum number of lines (${MAX_DIFF_LINES}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
    );
  }
  const format = ctx.accept.includes('.patch') ? 'patch' : 'diff';
  return { status: 200, text, contentType: `application/vnd.github.${format}; charset=utf-8` };
}

function fileDiff(file: FileRecord): string {
  const oldPath = file.previous_filename ?? file.filename;
  const header = [`diff --git a/${oldPath} b/${file.filename}`];
  if (file.status === 'added') header.push('new file mode 100644');
  if (file.status === 'removed') header.push('deleted file mode 100644');
  if (file.previous_filename) header.push(`rename from ${oldPath}`, `rename to ${file.filename}`);
  if (file.patch === undefined) {
    return [...header, `Binary files a/${oldPath} and b/${file.filename} differ`, ''].join('\n');
  }
  header.push(
    file.status === 'added' ? '--- /dev/null' : `--- a/${oldPath}`,
    file.status === 'removed' ? '+++ /dev/null' : `+++ b/${file.filename}`,
  );
  return [...header, file.patch.replace(/\n$/, ''), ''].join('\n');
}
