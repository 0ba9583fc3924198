// What to post where, as data: check runs, one review with inline comments, the sticky comment and the
// job summary. Pure: the Platform carries the plan out (and skips what is already posted, by marker).
import { renderPostPreview } from './post-preview.js';
import type { DiffIndex } from '../context/types.js';
import type { Finding, Suggestion } from '../findings/types.js';
import { LLM_REVIEW_TASK_NAME } from '../policy/task-names.js';
import { planCheckRuns } from './check-runs.js';
import { countBySeverity } from './conclusion.js';
import { codeSpan, escapeMarkdown, fenced, formatCounts, lineRef, plural, SEVERITY_ICON } from './format.js';
import { renderSummaryMarkdown } from './markdown.js';
import { renderLedgerState } from './ledger-state.js';
import { renderReviewState, shortId } from './review-state.js';
import { sortFindings } from './summary-sections.js';
import type { PostPlan, ReviewCommentPlan, ReviewReport } from './types.js';

export { fenceFor } from './format.js';

export const SUMMARY_MARKER = '<!-- kilo-agent:summary -->';
/** GitHub's limit on a comment body. */
export const COMMENT_BODY_MAX = 65_536;
const STICKY_SUMMARY_MAX = 60_000;
/** Room for the hidden review state (`/kilo apply` reads it); what does not fit is counted, not kept. */
const STICKY_STATE_MAX = 20_000;
/** Room for the hidden finding ledger (the next review reads it), within the summary's share. */
const STICKY_LEDGER_MAX = 15_000;
/** The job summary may hold 1 MiB; leave room for what the platform appends. */
const JOB_SUMMARY_MAX = 1_000_000;
const JOB_SUMMARY_MAX_BYTES = 1_040_000;
const DETAILS_ITEM_MAX = 300;

export interface PostPlanOptions {
  /** At most this many inline comments (`budgets.comments`). */
  commentBudget: number;
  /** Of which at most this many from the LLM reviewer (`llm.max-comments`); default: no own limit. */
  llmCommentBudget?: number;
  /** Limit for `summaryMarkdown` (the job summary); default 1,000,000. */
  maxSummaryChars?: number;
}

type NotInline = PostPlan['notInline'];
type Candidate = { type: 'suggestion'; item: Suggestion } | { type: 'finding'; item: Finding };

/** The hidden marker that makes a posted item recognisable on the next run; encoded so it cannot end early. */
export function fingerprintMarker(fingerprint: string): string {
  // Hex fingerprints pass unchanged; anything that could end the comment (`>`, `!`) is percent-encoded.
  const safe = fingerprint.replace(/[^A-Za-z0-9._:/+=-]/gu, (char) => encodeURIComponent(char));
  return `<!-- kilo-agent:fp=${safe} -->`;
}

export function buildPostPlan(
  report: ReviewReport,
  diffIndex: DiffIndex,
  options: PostPlanOptions,
): PostPlan {
  const { comments, notInline } = planReviewComments(report, diffIndex, {
    total: options.commentBudget,
    llm: options.llmCommentBudget ?? Number.POSITIVE_INFINITY,
  });
  const post: PostPlan = {
    headSha: report.context.head.sha,
    summaryMarkdown: renderJobSummary(report, options.maxSummaryChars),
    sticky: { marker: SUMMARY_MARKER, body: stickyBody(report, notInline) },
    checkRuns: planCheckRuns(report),
    review: { body: reviewBody(report, notInline), comments },
    notInline,
    ...(report.ledger?.resolve.length ? { resolveThreads: report.ledger.resolve } : {}),
  };
  // A dry run posts nothing, so its summary says what would have been posted.
  if (report.dryRun) post.summaryMarkdown = `${post.summaryMarkdown}\n\n${renderPostPreview(post)}\n`;
  return post;
}

/**
 * The job summary (and kilo-report.md) before a dry run's post preview; `kilo-agent trace` rebuilds it
 * from the traced report with this very function.
 */
export function renderJobSummary(report: ReviewReport, maxChars = JOB_SUMMARY_MAX): string {
  // GitHub's job-summary limit is 1 MiB of bytes: non-ASCII text takes more bytes than characters.
  return renderSummaryMarkdown(report, { maxChars, maxBytes: JOB_SUMMARY_MAX_BYTES });
}

/** Suggestions first, then errors, then warnings; notices never go inline (they stay in the summary). */
function candidates(report: ReviewReport): Candidate[] {
  const findings = sortFindings(report.findings).filter((finding) => finding.severity !== 'notice');
  return [
    ...report.suggestions.map((item): Candidate => ({ type: 'suggestion', item })),
    ...findings.map((item): Candidate => ({ type: 'finding', item })),
  ];
}

function planReviewComments(
  report: ReviewReport,
  diffIndex: DiffIndex,
  budget: { total: number; llm: number },
): { comments: ReviewCommentPlan[]; notInline: NotInline } {
  const comments: ReviewCommentPlan[] = [];
  let llmComments = 0;
  const notInline: NotInline = { findings: [], suggestions: [], overBudget: 0 };
  // A person dismissed these on this PR: never commented on inline again (the summary still counts them).
  const dismissed = new Set(
    (report.ledger?.entries ?? []).filter((e) => e.state === 'dismissed').map((e) => e.fingerprint),
  );
  for (const candidate of candidates(report)) {
    if (dismissed.has(candidate.item.fingerprint)) continue;
    const comment = toComment(candidate, diffIndex);
    // The LLM reviewer's items carry its task's name as their source; its comments have their own cap.
    const fromLlm = candidate.item.source === LLM_REVIEW_TASK_NAME;
    if (comment !== undefined && comments.length < budget.total && (!fromLlm || llmComments < budget.llm)) {
      comments.push(comment);
      if (fromLlm) llmComments++;
      continue;
    }
    if (comment !== undefined) notInline.overBudget++;
    if (candidate.type === 'suggestion') notInline.suggestions.push(candidate.item);
    else notInline.findings.push(candidate.item);
  }
  return { comments, notInline };
}

/** The comment for a candidate, or undefined when GitHub would reject it (outside the diff, too long). */
function toComment(candidate: Candidate, diffIndex: DiffIndex): ReviewCommentPlan | undefined {
  const comment =
    candidate.type === 'suggestion'
      ? suggestionComment(candidate.item, diffIndex)
      : findingComment(candidate.item, diffIndex);
  return comment !== undefined && comment.body.length <= COMMENT_BODY_MAX ? comment : undefined;
}

function suggestionComment(suggestion: Suggestion, diffIndex: DiffIndex): ReviewCommentPlan | undefined {
  const { path, startLine, endLine } = suggestion;
  if (!diffIndex.isCommentableRange(path, startLine, endLine, 'RIGHT')) return undefined;
  const validated =
    suggestion.validated === true
      ? ` · ✅ validated: the tests pass with it applied · ${codeSpan(`/kilo apply ${shortId(suggestion.fingerprint)}`)}`
      : '';
  const lines = [`**Kilo Agent** suggestion from ${escapeMarkdown(suggestion.source, 100)}${validated}`];
  if (suggestion.message !== undefined) lines.push('', escapeMarkdown(suggestion.message, 2000));
  lines.push('', fenced(suggestion.replacement, 'suggestion'), '', fingerprintMarker(suggestion.fingerprint));
  const comment: ReviewCommentPlan = {
    path,
    line: endLine,
    side: 'RIGHT',
    body: lines.join('\n'),
    fingerprint: suggestion.fingerprint,
  };
  if (startLine < endLine) comment.startLine = startLine;
  return comment;
}

function findingComment(finding: Finding, diffIndex: DiffIndex): ReviewCommentPlan | undefined {
  if (!diffIndex.isCommentable(finding.path, finding.line, 'RIGHT')) return undefined;
  const heading = `${SEVERITY_ICON[finding.severity]} **${finding.severity}** ${codeSpan(finding.rule, 100)} from ${escapeMarkdown(finding.source, 100)}`;
  const body = [
    heading,
    '',
    escapeMarkdown(finding.message, 4000),
    '',
    fingerprintMarker(finding.fingerprint),
  ];
  return {
    path: finding.path,
    line: finding.line,
    side: 'RIGHT',
    body: body.join('\n'),
    fingerprint: finding.fingerprint,
  };
}

function notInlineCount(notInline: NotInline): number {
  return notInline.findings.length + notInline.suggestions.length;
}

function reviewBody(report: ReviewReport, notInline: NotInline): string {
  const found = formatCounts(countBySeverity(report.findings), report.suggestions.length);
  const rest = notInlineCount(notInline);
  return `Kilo Agent found ${found}${rest > 0 ? `; ${plural(rest, 'more item')} in the summary` : ''}.`;
}

function stickyBody(report: ReviewReport, notInline: NotInline): string {
  const state = renderReviewState(
    { runId: report.runId, head: report.context.head.sha, suggestions: report.suggestions },
    STICKY_STATE_MAX,
  );
  const ledger = report.ledger
    ? renderLedgerState(report.context.head.sha, report.ledger, STICKY_LEDGER_MAX)
    : '';
  const hidden = ledger.length > 0 ? `${ledger}\n${state}` : state;
  const summary = renderSummaryMarkdown(report, { maxChars: STICKY_SUMMARY_MAX - hidden.length });
  const head = `${SUMMARY_MARKER}\n${summary}${applyHint(report)}`;
  const details = renderNotInline(notInline, COMMENT_BODY_MAX - head.length - hidden.length - 2);
  return [head, ...(details === undefined ? [] : [details]), hidden].join('\n');
}

/** How to commit the validated suggestions, when there are any. */
function applyHint(report: ReviewReport): string {
  const count = report.suggestions.filter((s) => s.validated === true).length;
  if (count === 0) return '';
  const what = count === 1 ? 'the validated suggestion' : `the ${count} validated suggestions`;
  // Whether a comment workflow listens is the repository's choice: say so rather than promise.
  return `\n> Where Kilo Agent answers comments, reply \`/kilo apply\` to commit ${what} to this branch, or \`/kilo apply <id> …\` for some of them.\n`;
}

/** The collapsed list of what did not go inline, cut to `maxChars` with a count of what was left out. */
export function renderNotInline(notInline: NotInline, maxChars: number): string | undefined {
  const total = notInlineCount(notInline);
  if (total === 0) return undefined;
  const items = [
    ...notInline.suggestions.map(
      (s) =>
        `- ${codeSpan(lineRef(s.path, s.startLine, s.endLine))} — suggestion from ${escapeMarkdown(s.source, 100)}`,
    ),
    ...notInline.findings.map(
      (f) =>
        `- ${codeSpan(lineRef(f.path, f.line, f.endLine))} — ${f.severity} — ${codeSpan(f.rule, 100)} — ${escapeMarkdown(f.message, DETAILS_ITEM_MAX)}`,
    ),
  ];
  const open = `<details><summary>${plural(total, 'item')} outside the diff or over the comment budget</summary>\n\n`;
  const budgetNote =
    notInline.overBudget > 0 ? `${notInline.overBudget} of them did not fit the comment budget.\n\n` : '';
  const close = '\n\n</details>\n';
  const reserve = open.length + budgetNote.length + close.length + 80;
  const kept: string[] = [];
  let size = reserve;
  for (const item of items) {
    if (size + item.length + 1 > maxChars) break;
    kept.push(item);
    size += item.length + 1;
  }
  if (kept.length < items.length)
    kept.push(`- … and ${items.length - kept.length} more (see the job summary / trace)`);
  const text = `${open}${budgetNote}${kept.join('\n')}${close}`;
  return text.length <= maxChars ? text : undefined;
}
