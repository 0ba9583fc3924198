// The ledger step of the pipeline: read what earlier reviews left on the PR, decide each finding's
// state, trace one event per finding, and hand the report its ledger (the summary and the post plan
// read it from there).
import { changesSince, touches, type ReviewIncrement } from '../context/since.js';
import type { PrContext } from '../context/types.js';
import { getErrorMessage } from '../util/errors.js';
import { buildLedger, ledgerItems, type Ledger } from '../findings/ledger.js';
import { LLM_REVIEW_RULE } from '../agents/review-answer.js';
import type { Platform } from './port.js';
import type { ReviewReport } from '../report/types.js';
import type { Span } from '../trace/types.js';

/** The context with what changed since the PR's last reviewed head (see context/since.ts). */
export async function withIncrement(context: PrContext, platform: Platform, span: Span): Promise<PrContext> {
  if (platform.loadPrior === undefined || context.number === 0) return context;
  const load = platform.loadPrior.bind(platform);
  const prior = await span.child('context', 'load-prior', {}, (s) => load(context, s));
  if (prior === undefined || prior.head === context.head.sha) return context;
  const since = await changesSince(platform.workspace, prior.head, context.head.sha).catch(
    (error: unknown): ReviewIncrement => ({
      kind: 'whole',
      from: prior.head,
      reason: `what changed since \`${prior.head.slice(0, 7)}\` could not be read (${getErrorMessage(error)})`,
    }),
  );
  span.event('context', 'since', {
    from: prior.head,
    kind: since.kind,
    ...(since.kind === 'whole' ? { reason: since.reason } : { paths: [...since.head.keys()] }),
  });
  return { ...context, since };
}

export async function withLedger(
  report: ReviewReport,
  context: PrContext,
  platform: Platform,
  span: Span,
): Promise<ReviewReport> {
  if (platform.loadHistory === undefined || report.skipReason !== undefined) return report;
  const load = platform.loadHistory.bind(platform);
  const history = await span.child('post', 'load-history', {}, (s) => load(context, s));
  if (history === undefined) return report;
  const since = context.since;
  const incremental = new Set([
    LLM_REVIEW_RULE,
    ...report.plan.subtasks.filter((s) => s.task.type === 'llm-review').map((s) => s.task.name),
  ]);
  const built = buildLedger(ledgerItems(report.findings, report.suggestions), history, {
    head: context.head.sha,
    paths: new Set(context.files.filter((f) => f.status !== 'removed').map((f) => f.path)),
    checked: checkedTasks(report),
    // The LLM reviewer read only the hunks changed since: what it found elsewhere is not fixed.
    rechecked: (item) =>
      since?.kind !== 'incremental' ||
      !incremental.has(item.source) ||
      touches(since.before.get(item.path), item.line, item.line),
  });
  const ledger: Ledger = since
    ? {
        ...built,
        increment:
          since.kind === 'incremental' ? { kind: 'incremental' } : { kind: 'whole', reason: since.reason },
      }
    : built;
  traceLedger(ledger, span);
  return { ...report, ledger };
}

/**
 * The tasks that really looked at the code this run: ended ok, or failed with findings (a linter that
 * exits non-zero on problems). A missing tool, a timeout or a skip checked nothing.
 */
function checkedTasks(report: ReviewReport): Set<string> {
  const names = new Map(report.plan.subtasks.map((s) => [s.id, s.task.name]));
  const checked = new Set<string>();
  for (const result of report.results) {
    if (result.status !== 'ok' && !(result.status === 'failed' && result.findings.length > 0)) continue;
    const name = names.get(result.id);
    if (name !== undefined) checked.add(name);
    for (const item of [...result.findings, ...result.suggestions]) checked.add(item.source);
  }
  return checked;
}

function traceLedger(ledger: Ledger, span: Span): void {
  for (const entry of ledger.entries) {
    span.event('ledger', entry.state, {
      fingerprint: entry.fingerprint,
      kind: entry.kind,
      rule: entry.rule,
      path: entry.path,
      line: entry.line,
      ...(entry.dismissedBy ? { dismissedBy: entry.dismissedBy } : {}),
    });
  }
  for (const resolution of ledger.resolve) {
    span.event('ledger', 'resolve-thread', {
      fingerprint: resolution.fingerprint,
      state: resolution.state,
      reply: resolution.reply !== undefined,
    });
  }
}
