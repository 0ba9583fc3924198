import { describe, expect, it } from '@jest/globals';
import { buildPostPlan } from '../../src/report/post-plan.js';
import { renderPostPreview } from '../../src/report/post-preview.js';
import { makeDemoReport, makeDiffIndex } from '../../__fixtures__/report.js';

describe('dry-run post preview', () => {
  const post = buildPostPlan(makeDemoReport({ dryRun: true }), makeDiffIndex(), { commentBudget: 30 });

  it('lists every check run, every inline comment and the summary comment that a real run would post', () => {
    const preview = renderPostPreview(post);
    for (const run of post.checkRuns) expect(preview).toContain(`Check run \`${run.name}\``);
    expect(preview).toContain(`One review (COMMENT) with ${post.review.comments.length} inline comment`);
    for (const comment of post.review.comments) expect(preview).toContain(`${comment.path}:`);
    expect(preview).toContain('The summary comment');
  });

  it('is part of a dry run summary, and only of a dry run', () => {
    expect(post.summaryMarkdown).toContain('#### What would be posted');
    const real = buildPostPlan(makeDemoReport({ dryRun: false }), makeDiffIndex(), { commentBudget: 30 });
    expect(real.summaryMarkdown).not.toContain('What would be posted');
  });

  it('counts what falls outside the diff or over the comment budget', () => {
    const tight = buildPostPlan(makeDemoReport({ dryRun: true }), makeDiffIndex(), { commentBudget: 1 });
    expect(tight.review.comments).toHaveLength(1);
    expect(renderPostPreview(tight)).toMatch(/\d+ items? over the comment budget/);
  });

  it('renders the demo dry run the same way every time (snapshot)', () => {
    expect(post.summaryMarkdown).toMatchSnapshot();
  });
});
