// The action: parse inputs once, pick the platform, run the pipeline, set outputs, and report failure
// in this one place. Our own errors fail the step with one actionable line; findings fail it per fail-on.
import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createResultsStore } from './cache/results-cache.js';
import { actionReproduceCommand } from './cli/reproduce-command.js';
import { runPipeline, type PipelineOptions, type PipelineOutcome } from './pipeline/index.js';
import { createProbe } from './ecosystems/probe.js';
import { createStandins } from './ecosystems/standins/index.js';
import { moduleDir } from './util/bundle-dir.js';
import { registerSourceMaps } from './util/source-maps.js';
import { formatShard, parseShard, parseShardResults, type ShardResults } from './pipeline/shards.js';
import { uploadReportArtifact } from './platform/github/artifact.js';
import { createGitHubPlatform } from './platform/github/github-platform.js';
import { persistedCredentialsWarning } from './platform/github/persisted-credentials.js';
import { readRunnerEnv, type RunnerEnv } from './platform/github/runner-env.js';
import { runSlashCommand } from './platform/github/command-run.js';
import { createOctokit, type GitHubClient } from './platform/github/octokit.js';
import { writeJobSummary } from './platform/github/fallback.js';
import { writeReportFile } from './platform/files.js';
import { estimateCost, planShards } from './plan/shards.js';
import { renderPlanMarkdown } from './report/plan-markdown.js';
import { renderRdjson } from './report/rdjson.js';
import { renderSarif } from './report/sarif.js';
import { llmSecrets, setUpLlm, type LlmInputs } from './llm/setup.js';
import { secretEnvValues } from './sandbox/env.js';
import { createProcessRunner } from './sandbox/runner.js';
import { parseSettings, type Settings } from './settings.js';
import { errorRedactor, maskKeyFragments } from './trace/redact.js';
import { createTracer } from './trace/tracer.js';
import type { Tracer } from './trace/types.js';
import { KiloError, getErrorMessage, isKiloError } from './util/errors.js';
import { VERSION } from './version.js';

type Outputs = Partial<
  Record<
    | 'conclusion'
    | 'findings'
    | 'suggestions'
    | 'subtasks'
    | 'plan'
    | 'shards'
    | 'results'
    | 'trace'
    | 'sarif'
    | 'summary',
    string
  >
>;

export async function run(): Promise<void> {
  // Debug lines (shown only with step debug logging) name the compiled sources: the bundle's source
  // maps are registered for such a run, before anything can throw.
  if (core.isDebug()) registerSourceMaps(import.meta.url);
  const outputs: Outputs = {};
  const runId = randomUUID();
  const controller = new AbortController();
  const onTerm = () => controller.abort();
  // A cancelled workflow sends SIGINT, then SIGTERM 7.5 s later: either one ends the run with a report.
  process.once('SIGINT', onTerm);
  process.once('SIGTERM', onTerm);
  // Until the tracer knows the run's secrets, the failure path masks what the environment holds.
  let redact = errorRedactor([...secretEnvValues(process.env), ...rawSecretInputs()]);
  try {
    const settings = parseSettings((name) => core.getInput(name));
    maskSecrets(settings);
    const env = await readRunnerEnv();
    const outDir = join(env.temp, 'kilo-agent', runId);
    outputs.trace = join(outDir, 'trace.jsonl');
    const tracer = createTracer({ path: outputs.trace, runId });
    for (const secret of secretInputs(settings)) tracer.addSecret(secret);
    for (const secret of secretEnvValues(process.env)) tracer.addSecret(secret);
    // The tracer holds the same secrets and those registered later (a key in llm-base-url, …).
    redact = (text) => maskKeyFragments(tracer.redact(text));
    const { knobs } = env;
    const llm = setUpLlm(llmInputs(settings), {
      cacheDir: knobs.llmCacheDir ?? join(env.temp, 'kilo-agent', 'llm-cache'),
      redact: (text) => tracer.redact(text),
      ...(knobs.llmRetryBaseMs !== undefined ? { retryBaseMs: knobs.llmRetryBaseMs } : {}),
    });
    if (llm.status === 'off') core.notice(llm.notice);
    else core.info(`LLM guidance: ${llm.id.provider} ${llm.id.model}`);
    const octokit = settings['github-token']
      ? githubClient(settings['github-token'], tracer, env)
      : undefined;
    const platform = createGitHubPlatform({
      eventName: env.eventName,
      payload: env.payload,
      workspace: env.workspace,
      repository: env.repository,
      prNumber: settings['pr-number'],
      octokit,
      ...pick(knobs, 'progressIntervalMs', 'checksInProgressAfterMs'),
    });
    const deps = {
      platform,
      runner: createProcessRunner(),
      tracer,
      probe: createProbe(env.workspace, process.env.PATH),
      standins: createStandins(moduleDir(import.meta.url)),
      signal: controller.signal,
      ...(llm.status === 'on' ? { llm: llm.factory } : {}),
      ...(settings['reuse-results']
        ? {
            results: createResultsStore(
              knobs.resultsCacheDir ?? join(env.temp, 'kilo-agent', 'results-cache'),
            ),
          }
        : {}),
    };
    const options: PipelineOptions = {
      configPath: settings.config,
      dryRun: settings['dry-run'],
      failOn: settings['fail-on'],
      phase: settings.phase,
      shard: parseShard(settings.shard),
      ...(settings.phase === 'report' ? { shardResults: await readShardResults(settings.results) } : {}),
      links: {
        ...(env.serverUrl ? { serverUrl: env.serverUrl } : {}),
        ...(env.runUrl ? { runUrl: env.runUrl } : {}),
      },
      // The summary's "Reproduce locally" runs this action's own repository at its ref with npx.
      reproduceCommand: actionReproduceCommand(process.env, process.argv[1]),
      // Asked for by hand: a draft or a `kilo:skip` label does not stop a review somebody asked for.
      requested: ['issue_comment', 'workflow_dispatch'].includes(env.eventName),
    };
    // Events whose checkout may hold a PR's code that the configured tools will run.
    if (['pull_request', 'issue_comment', 'workflow_dispatch'].includes(env.eventName)) {
      const persisted = persistedCredentialsWarning(env.workspace);
      if (persisted) core.warning(persisted);
    }
    const review = (overrides: Partial<PipelineOptions> = {}) =>
      core.group('Kilo Agent review', () => runPipeline(deps, { ...options, ...overrides }));
    let outcome: PipelineOutcome | undefined;
    if (env.eventName === 'issue_comment') {
      const command = await runSlashCommand({
        payload: env.payload,
        octokit,
        token: settings['github-token'],
        serverUrl: env.serverUrl ?? 'https://github.com',
        dryRun: settings['dry-run'],
        configPath: settings.config,
        review: () => review(),
        plan: () => review({ phase: 'plan', dryRun: true }),
        applyDeps: deps,
      });
      if (command.kind === 'ignored') outcome = { status: 'skipped', reason: command.reason };
      else {
        core.info(command.message);
        outcome = command.outcome;
        outputs.conclusion = command.conclusion;
      }
    } else outcome = await review();
    await tracer.flush();
    if (outcome === undefined) return;
    await collectOutputs(outcome, outDir, outputs, settings.shards);
    if (settings['upload-artifacts'] && outcome.status !== 'skipped')
      await uploadArtifact(outcome, outDir, env);
    failOnFindings(outcome, settings);
  } catch (error) {
    outputs.conclusion = 'failure';
    // An error may quote a provider's answer or a URL: never a key, whole or half-masked.
    core.setFailed(`Kilo Agent: ${redact(getErrorMessage(error))}`);
    if (!isKiloError(error) && error instanceof Error && error.stack) core.debug(redact(error.stack));
  } finally {
    process.removeListener('SIGINT', onTerm);
    process.removeListener('SIGTERM', onTerm);
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  }
}

/** The API client; every HTTP attempt is an `api-call` trace event (the pipeline counts them). */
function githubClient(token: string, tracer: Tracer, env: RunnerEnv): GitHubClient {
  const { apiRetryBaseMs, apiWriteIntervalMs, apiTimeoutMs } = env.knobs;
  return createOctokit({
    token,
    baseUrl: env.apiUrl,
    userAgent: `kilo-agent/${VERSION}`,
    onRequest: (call) =>
      tracer.event('api-call', `${call.method} ${call.route}`, {
        status: call.status,
        durationMs: call.durationMs,
      }),
    onLimit: (message) => core.info(message),
    // Tuning knobs for GitHub Enterprise Server and for tests; the defaults follow GitHub's guidance.
    ...(apiRetryBaseMs !== undefined ? { retryAfterBaseMs: apiRetryBaseMs } : {}),
    ...(apiWriteIntervalMs !== undefined ? { writeIntervalMs: apiWriteIntervalMs } : {}),
    ...(apiTimeoutMs !== undefined ? { requestTimeoutMs: apiTimeoutMs } : {}),
  });
}

/** The knobs named, those that are set. */
function pick<K extends keyof RunnerEnv['knobs']>(
  knobs: RunnerEnv['knobs'],
  ...keys: K[]
): Pick<RunnerEnv['knobs'], K> {
  return Object.fromEntries(
    keys.flatMap((key) => (knobs[key] === undefined ? [] : [[key, knobs[key]]])),
  ) as Pick<RunnerEnv['knobs'], K>;
}

function llmInputs(settings: Settings): LlmInputs {
  const { 'llm-provider': provider, 'llm-model': model, 'llm-base-url': baseUrl } = settings;
  const apiKey = settings['llm-api-key'];
  return {
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

/** The inputs that hold credentials: masked in the log and in the trace. */
function secretInputs(settings: Settings): string[] {
  const token = settings['github-token'];
  return [...(token ? [token] : []), ...llmSecrets(llmInputs(settings))];
}

/** The secret inputs as the runner passed them, before any parsing that might fail. */
function rawSecretInputs(): string[] {
  return ['llm-api-key', 'github-token'].flatMap((name) => {
    const value = core.getInput(name).trim();
    return value ? [value] : [];
  });
}

function maskSecrets(settings: Settings): void {
  for (const secret of secretInputs(settings)) core.setSecret(secret);
}

async function collectOutputs(
  outcome: PipelineOutcome,
  outDir: string,
  outputs: Outputs,
  shardCount: number,
): Promise<void> {
  if (outcome.status === 'skipped') {
    core.notice(`Kilo Agent skipped: ${outcome.reason}`);
    outputs.conclusion = 'skipped';
    Object.assign(outputs, { findings: '0', suggestions: '0', subtasks: '0' });
    return;
  }
  if (outcome.status === 'executed') {
    // phase: execute — this shard's results, for the workflow to upload and the report job to merge.
    const { results } = outcome;
    outputs.results = join(outDir, `kilo-results-${results.shard.replace('/', '-of-')}.json`);
    await writeReportFile(outputs.results, `${JSON.stringify(results)}\n`);
    const findings = results.results.reduce((sum, r) => sum + r.findings.length, 0);
    Object.assign(outputs, {
      conclusion: 'neutral',
      findings: String(findings),
      suggestions: String(results.results.reduce((sum, r) => sum + r.suggestions.length, 0)),
      subtasks: String(results.results.length),
    });
    core.info(
      `shard ${results.shard}: ${results.results.length} subtasks run, results in ${outputs.results}`,
    );
    return;
  }
  if (outcome.status === 'planned') {
    // phase: plan — the plan is the product: as an output, a file for the next jobs, and the summary.
    // The matrix list for the execute jobs: `strategy.matrix.shard: ${{ fromJSON(…outputs.shards) }}`.
    // Past durations from the results cache where known, else estimates; the matrix value carries
    // the split (`2/4:0-3,9`), so every execute job runs what this job chose.
    const { costs = {} } = outcome;
    const shards = planShards(outcome.report.plan, shardCount, (s) => costs[s.id] ?? estimateCost(s));
    const plan = { ...outcome.report.plan, shards };
    const markdown = renderPlanMarkdown(outcome.report, shards);
    outputs.summary = join(outDir, 'summary.md');
    await writeReportFile(outputs.summary, markdown);
    await writeReportFile(join(outDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
    await writeJobSummary(markdown, []);
    Object.assign(outputs, {
      conclusion: outcome.report.conclusion,
      findings: '0',
      suggestions: '0',
      subtasks: String(outcome.report.plan.subtasks.length),
      plan: JSON.stringify(plan),
      shards: JSON.stringify(shards.map((s) => formatShard(s, outcome.report.plan))),
    });
    core.info(markdown);
    return;
  }
  const { report, post } = outcome;
  outputs.summary = join(outDir, 'summary.md');
  outputs.sarif = join(outDir, 'kilo.sarif');
  await writeReportFile(outputs.summary, post.summaryMarkdown);
  await writeReportFile(outputs.sarif, renderSarif(report.findings, VERSION));
  // reviewdog's format, beside the SARIF (no output of its own: the artifact carries it).
  await writeReportFile(join(outDir, 'kilo.rdjson'), renderRdjson(report.findings, VERSION));
  Object.assign(outputs, {
    conclusion: report.conclusion,
    findings: String(report.findings.length),
    suggestions: String(report.suggestions.length),
    subtasks: String(report.plan.subtasks.length),
    plan: JSON.stringify(report.plan),
  });
  for (const note of outcome.published.notes) core.info(note);
}

/** The trace and report files as one artifact; a failed upload is a warning, never a failed step. */
async function uploadArtifact(outcome: PipelineOutcome, outDir: string, env: RunnerEnv): Promise<void> {
  const files = (await readdir(outDir).catch(() => [] as string[])).map((file) => join(outDir, file));
  const pr =
    outcome.status === 'skipped' || outcome.status === 'executed' ? 0 : outcome.report.context.number;
  // Unique per job attempt: a rerun keeps the earlier attempt's artifact, and names may not repeat.
  const name = ['kilo-agent', pr || 'run', env.job, env.runAttempt || '1']
    .filter(Boolean)
    .join('-')
    .replace(/[/\\":<>|*?]/g, '_');
  const result = await uploadReportArtifact({ name, files, rootDirectory: outDir });
  if (result.status === 'uploaded')
    core.info(`Artifact ${name}: ${files.length} files, ${result.size} bytes`);
  else if (result.status === 'failed') core.warning(result.reason);
  else core.info(result.reason);
}

/** Every execute job's results file in `dir` (actions/download-artifact puts them there). */
async function readShardResults(dir: string): Promise<ShardResults[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /^kilo-results-.*\.json$/.test(name)).sort();
  } catch (error) {
    throw new KiloError('INPUT_INVALID', `input 'results': cannot read ${dir}: ${getErrorMessage(error)}`);
  }
  if (names.length === 0) {
    throw new KiloError(
      'INPUT_INVALID',
      `input 'results': no kilo-results-*.json in ${dir}; download the execute jobs' artifacts there`,
    );
  }
  return Promise.all(
    names.map(async (name) => parseShardResults(await readFile(join(dir, name), 'utf8'), name)),
  );
}

function failOnFindings(outcome: PipelineOutcome, settings: Settings): void {
  if (outcome.status !== 'reviewed' || outcome.report.conclusion !== 'failure') return;
  const { findings, results } = outcome.report;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const broken = results.filter((r) => r.status === 'failed' || r.status === 'timed-out').map((r) => r.id);
  const parts = [`${errors} error(s)`, `${warnings} warning(s)`];
  if (broken.length) parts.push(`failed subtasks: ${broken.join(', ')}`);
  core.setFailed(`Kilo Agent: ${parts.join(', ')} (fail-on: ${settings['fail-on']})`);
}
