// "What would be posted": the post plan of a dry run, rendered for the job summary and the report
// file, so a dry run shows every check run, inline comment and the summary comment it held back.
import { codeSpan, escapeMarkdown, lineRef, plural } from './format.js';
import type { PostPlan } from './types.js';

const MAX_LISTED_COMMENTS = 50;

export function renderPostPreview(post: PostPlan): string {
  const lines = ['#### What would be posted', ''];
  if (post.checkRuns.length === 0) lines.push('- No check runs (nothing was planned).');
  for (const run of post.checkRuns) {
    lines.push(
      `- Check run ${codeSpan(run.name)} on ${codeSpan(post.headSha.slice(0, 7))}: **${run.conclusion}** — ` +
        `${escapeMarkdown(run.title, 255)}, ${plural(run.annotations.length, 'annotation')}`,
    );
  }
  const comments = post.review.comments;
  lines.push(
    comments.length === 0
      ? '- No review: nothing to comment on inside the diff.'
      : `- One review (COMMENT) with ${plural(comments.length, 'inline comment')}:`,
  );
  for (const comment of comments.slice(0, MAX_LISTED_COMMENTS)) {
    const kind = comment.body.includes('```suggestion') ? 'suggestion' : 'comment';
    lines.push(
      `  - ${codeSpan(lineRef(comment.path, comment.startLine ?? comment.line, comment.line))} (${kind})`,
    );
  }
  if (comments.length > MAX_LISTED_COMMENTS)
    lines.push(`  - … and ${comments.length - MAX_LISTED_COMMENTS} more`);
  const { findings, suggestions, overBudget } = post.notInline;
  const outside = findings.length + suggestions.length - overBudget;
  if (outside > 0)
    lines.push(`- ${plural(outside, 'item')} outside the diff: listed in the summary comment only.`);
  if (overBudget > 0)
    lines.push(
      `- ${plural(overBudget, 'item')} over the comment budget: listed in the summary comment only.`,
    );
  lines.push('- The summary comment (created, or edited in place if one exists).');
  return lines.join('\n');
}
