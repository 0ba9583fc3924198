// The report phase: the ReviewReport from what ran (conclusion, reviewed files, budgets, decisions),
// redacted once, with the LLM's part and the ledger of earlier reviews.
import { scanAddedLineSecrets, type AddedLineSecrets } from '../trace/secret-patterns.js';
import type { PrContext } from '../context/types.js';
import { dedupeByFingerprint, sortFindings } from '../findings/filter.js';
import type { Suggestion, SuggestionValidation } from '../findings/types.js';
import type { SubtaskResult } from '../orchestrator/types.js';
import type { Plan } from '../plan/types.js';
import type { Decision } from '../policy/types.js';
import type { PolicyEngine } from '../policy/engine.js';
import { decideConclusion } from '../report/conclusion.js';
import { unreadFiles } from '../report/reviewed.js';
import type { LlmReport, ReviewReport } from '../report/types.js';
import { redactDeep } from '../trace/redact.js';
import { REPORT_EVENT, type Tracer } from '../trace/types.js';
import type { EcosystemCoverage } from '../ecosystems/detect.js';
import type { Walkthrough } from '../agents/types.js';
import { withLedger } from './ledger.js';
import { reportLlm, withLlm, withWalkthrough } from './llm.js';
import type { PipelineDeps, PipelineOptions, PlannedRun } from './types.js';

interface ReportInput {
  tracer: Tracer;
  options: PipelineOptions;
  context: PrContext;
  plan: Plan;
  results: SubtaskResult[];
  policy: PolicyEngine;
  started: number;
  now: () => number;
  gate: Decision;
  configFrom: ReviewReport['configFrom'];
  coverage: EcosystemCoverage[] | undefined;
}

const REVIEWED_FILES_SHOWN = 50;

/**
 * The report of a review: the run's last budgets charged, the report made from the results and
 * redacted once (before any renderer escapes a secret into a form its mask no longer matches), the
 * ledger of earlier reviews added; traced whole before anything is posted.
 */
export async function finishReport(
  deps: Pick<PipelineDeps, 'platform' | 'tracer'>,
  options: PipelineOptions,
  run: PlannedRun,
  results: SubtaskResult[],
  walkthrough: Promise<Walkthrough | undefined>,
): Promise<ReviewReport> {
  const { tracer } = deps;
  const { policy, now, started } = run;
  // Accounting only: the deadline is enforced by the orchestrator, API calls by the client's limits.
  policy.decide({ kind: 'budget', budget: 'wall-seconds', amount: Math.ceil((now() - started) / 1000) });
  const apiCalls = tracer.events().filter((event) => event.kind === 'api-call').length;
  if (apiCalls > 0) policy.decide({ kind: 'budget', budget: 'api-calls', amount: apiCalls });
  const made = redactDeep(
    {
      ...makeReport({ ...reportInput(run, tracer, options), results }),
      ...withLlm(llmReportOf(run)),
      ...withWalkthrough(await walkthrough),
    },
    (text) => tracer.redact(text),
  );
  // What became of each finding since the PR's last review (the summary and the post plan read it).
  const report = await withLedger(made, run.context, deps.platform, run.span);
  // The whole report, before anything is posted: `kilo-agent trace` rebuilds the summary from it.
  run.span.event('report', REPORT_EVENT, { report });
  return report;
}

/** What every report of this run is made from, but for the results. */
export function reportInput(
  run: PlannedRun,
  tracer: Tracer,
  options: PipelineOptions,
): Omit<ReportInput, 'results'> {
  const { context, plan, policy, started, now, gate, configFrom } = run;
  return {
    tracer,
    options,
    context,
    plan,
    policy,
    started,
    now,
    gate,
    configFrom,
    coverage: run.effective.coverage,
  };
}

/** The LLM's part of the report as the client counts it at this moment; undefined without an LLM. */
export function llmReportOf(run: PlannedRun): LlmReport | undefined {
  return run.llm ? reportLlm(run.llm, run.planner) : undefined;
}

export function makeReport({
  tracer,
  options,
  context,
  plan,
  results,
  policy,
  started,
  now,
  gate,
  configFrom,
  coverage,
}: ReportInput): ReviewReport {
  const findings = sortFindings(dedupeByFingerprint(results.flatMap((r) => r.findings)));
  return {
    runId: tracer.runId,
    conclusion: gate.allow ? decideConclusion(results, findings, options.failOn) : 'skipped',
    dryRun: options.dryRun,
    failOn: options.failOn,
    context: summariseContext(context, options.links?.serverUrl),
    configPath: options.configPath,
    ...(options.links?.runUrl ? { runUrl: options.links.runUrl } : {}),
    ...(options.reproduceCommand ? { reproduceCommand: options.reproduceCommand } : {}),
    plan,
    results,
    findings,
    ...applyValidation(
      dedupeByFingerprint(results.flatMap((r) => r.suggestions)),
      results.flatMap((r) => (r.validation ? [r.validation] : [])),
    ),
    // A dry run reports every decision (it is how a policy is checked); a real run the notable ones.
    decisions: options.dryRun
      ? [...policy.decisions()]
      : policy.decisions().filter((d) => !d.allow || d.request.kind === 'gate'),
    budgets: policy.budgets(),
    durationMs: Math.round(now() - started),
    ...(gate.allow ? {} : { skipReason: `${gate.reason} (${gate.rule})` }),
    ...(configFrom ? { configFrom } : {}),
    reviewed: {
      files: context.files.slice(0, REVIEWED_FILES_SHOWN).map((file) => file.path),
      total: context.files.length,
      ...(coverage === undefined ? {} : { ecosystems: coverage }),
      unread: unreadFiles(context.files),
    },
  };
}

/**
 * Secrets added by the PR are masked everywhere the tracer and the renderers write. The scan is the
 * run's only one: the secrets analyzer reports from it.
 */
export function registerDetectedSecrets(context: PrContext, tracer: Tracer): AddedLineSecrets {
  const secrets = scanAddedLineSecrets(
    context.files.map((file) => file.path),
    (path) => context.diffIndex.addedLines(path),
  );
  for (const value of secrets.values) tracer.addSecret(value);
  return secrets;
}

function summariseContext(context: PrContext, serverUrl: string | undefined): ReviewReport['context'] {
  return {
    ...(serverUrl ? { serverUrl } : {}),
    event: context.event,
    repo: context.repo,
    number: context.number,
    title: context.title,
    base: context.base,
    head: context.head,
    author: context.author,
    files: context.files.length,
    additions: context.files.reduce((sum, f) => sum + f.additions, 0),
    deletions: context.files.reduce((sum, f) => sum + f.deletions, 0),
  };
}

/** Marks validated suggestions and takes out the rolled-back ones. */
function applyValidation(
  suggestions: Suggestion[],
  validations: readonly SuggestionValidation[],
): Pick<ReviewReport, 'suggestions' | 'rolledBack'> {
  const validated = new Set(validations.flatMap((v) => v.validated));
  const dropped = new Map(
    validations.flatMap((v) => v.dropped.map((d) => [d.fingerprint, d.reason] as const)),
  );
  const kept: Suggestion[] = [];
  const rolledBack: ReviewReport['rolledBack'] = [];
  for (const suggestion of suggestions) {
    const reason = dropped.get(suggestion.fingerprint);
    if (reason !== undefined) rolledBack.push({ suggestion, reason });
    else kept.push(validated.has(suggestion.fingerprint) ? { ...suggestion, validated: true } : suggestion);
  }
  return { suggestions: kept, rolledBack };
}
