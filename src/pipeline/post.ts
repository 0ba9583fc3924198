// The post phase: the post plan built from the report (within the comment budgets), redacted, and
// carried out by the platform; the platform's answer (channels, notes) is traced.
import { buildPostPlan } from '../report/post-plan.js';
import type { PostPlan, ReviewReport } from '../report/types.js';
import type { Tracer } from '../trace/types.js';
import type { PipelineDeps, PipelineOptions, PipelineOutcome, PlannedRun } from './types.js';

export async function postReport(
  deps: Pick<PipelineDeps, 'platform' | 'tracer'>,
  options: Pick<PipelineOptions, 'dryRun'>,
  run: PlannedRun,
  report: ReviewReport,
): Promise<Extract<PipelineOutcome, { status: 'reviewed' }>> {
  const { span, effective, postOptions } = run;
  const post = redactPostPlan(
    buildPostPlan(report, run.context.diffIndex, {
      commentBudget: effective.config.policy.budgets.comments,
      llmCommentBudget: effective.config.llm['max-comments'],
    }),
    deps.tracer,
  );
  const published = await span.child('post', 'publish', { dryRun: options.dryRun }, async (s) => {
    const result = await deps.platform.publish(post, report, { ...postOptions, span: s });
    s.event('post', 'published', { channels: result.channels, notes: result.notes });
    return result;
  });
  const { findings, suggestions } = report;
  span.event('report', report.conclusion, { findings: findings.length, suggestions: suggestions.length });
  return { status: 'reviewed', report, post, published };
}

function redactPostPlan(post: PostPlan, tracer: Tracer): PostPlan {
  const r = (text: string) => tracer.redact(text);
  return {
    ...post,
    summaryMarkdown: r(post.summaryMarkdown),
    sticky: { ...post.sticky, body: r(post.sticky.body) },
    checkRuns: post.checkRuns.map((c) => ({
      ...c,
      title: r(c.title),
      summary: r(c.summary),
      annotations: c.annotations.map((a) => ({ ...a, message: r(a.message) })),
    })),
    review: {
      body: r(post.review.body),
      comments: post.review.comments.map((c) => ({ ...c, body: r(c.body) })),
    },
  };
}
