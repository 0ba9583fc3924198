// The CLI's commands (review, config --print); src/cli.ts is the bin entry that calls main().
import { mkdtemp, realpath } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { git, resolveCommit } from '../context/git.js';
import { createResultsStore } from '../cache/results-cache.js';
import { runPipeline } from '../pipeline/index.js';
import { createProbe } from '../ecosystems/probe.js';
import { createStandins } from '../ecosystems/standins/index.js';
import { moduleDir } from '../util/bundle-dir.js';
import { readInside } from '../platform/files.js';
import { createLocalPlatform, readHeadMeta } from '../platform/local/local-platform.js';
import { loadEffectiveConfig } from '../policy/effective-config.js';
import { secretEnvValues } from '../sandbox/env.js';
import { createProcessRunner } from '../sandbox/runner.js';
import { createWorktree } from '../sandbox/worktree.js';
import { llmSecrets, setUpLlm, type LlmFactory, type LlmInputs } from '../llm/setup.js';
import type { LlmProviderName } from '../llm/types.js';
import { errorRedactor } from '../trace/redact.js';
import { createTracer } from '../trace/tracer.js';
import type { TraceEvent, Tracer } from '../trace/types.js';
import { KiloError, getErrorMessage, isKiloError } from '../util/errors.js';
import { registerSourceMaps } from '../util/source-maps.js';
import { VERSION } from '../version.js';
import { BASE_FLAG_REASON, chooseBase, describeBase, type BaseChoice } from './default-base.js';
import {
  rangeDiff,
  nothingToReviewMessage,
  recordNothingToReview,
  renderNothingToReviewJson,
} from './nothing-to-review.js';
import { reproduceCommand } from './reproduce-command.js';
import { traceCommand } from './trace.js';

const USAGE = `kilo-agent ${VERSION}: review a git range like a pull request

Usage:
  kilo-agent review [--repo DIR] [--base REF] [--head REF] [--out DIR] [--dry-run] [--json] [--fail-on error|warning|never]
                    [--llm-provider openai-compatible|openai|anthropic --llm-model NAME [--llm-base-url URL] [--llm-cache DIR]]
                    [--results-cache DIR]
  kilo-agent config --print [--repo DIR] [--config PATH]
  kilo-agent trace FILE.jsonl [--timeline | --summary]
  kilo-agent --help | --version

review    runs the plan on the changes of head (default HEAD) since base and prints the report; writes
          kilo-report.md, kilo-trace.jsonl, kilo.sarif and kilo.rdjson into --out. The base defaults to
          origin/HEAD (the remote's default branch), else the first of origin/main, origin/master, main,
          master. When head has no changes since base nothing runs ("nothing to review", exit 0).
          With --llm-provider an LLM reviews the diff too; its key comes from KILO_LLM_API_KEY (never a flag),
          its answers are cached in --llm-cache (default ~/.cache/kilo-agent/llm). With --results-cache,
          subtasks whose inputs did not change since an earlier run there are not run again.
config    prints the effective configuration (.github/kilo.yml, or what zero-config detects); each
          value ends with # file, # detected or # default: where it came from.
trace     a post-mortem from a trace alone (kilo-trace.jsonl): the timeline of spans and notable events,
          then the summary the run wrote (kilo-report.md), rebuilt from its report; both by default.

Exit status: 0 reviewed (no failing findings) or nothing to review, 1 findings fail the review (per
--fail-on), 2 usage, configuration or git errors.`;

const OPTIONS = {
  repo: { type: 'string', default: '.' },
  // No default: chooseBase follows origin/HEAD (see the usage text).
  base: { type: 'string' },
  head: { type: 'string', default: 'HEAD' },
  out: { type: 'string' },
  config: { type: 'string', default: '.github/kilo.yml' },
  'fail-on': { type: 'string', default: 'error' },
  'dry-run': { type: 'boolean', default: false },
  'llm-provider': { type: 'string' },
  'llm-model': { type: 'string' },
  'llm-base-url': { type: 'string' },
  'llm-cache': { type: 'string' },
  'results-cache': { type: 'string' },
  json: { type: 'boolean', default: false },
  print: { type: 'boolean', default: false },
  timeline: { type: 'boolean', default: false },
  summary: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface MainOptions {
  /** The script that ran (process.argv[1]): the report's "Reproduce locally" block runs it again. */
  script?: string;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  // KILO_DEBUG prints an unexpected error's stack: it then names the compiled sources.
  if (process.env.KILO_DEBUG) registerSourceMaps(import.meta.url);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(getErrorMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return print(USAGE, 0);
  if (values.version) return print(VERSION, 0);
  try {
    switch (positionals[0]) {
      case 'review':
        return await review(values, options.script ?? process.argv[1]);
      case 'config':
        if (!values.print) return usageError("'config' needs --print");
        return await printConfig(values);
      case 'trace':
        if (positionals[1] === undefined) return usageError("'trace' needs a trace file (kilo-trace.jsonl)");
        return await traceCommand(
          positionals[1],
          values.timeline === values.summary ? 'both' : values.timeline ? 'timeline' : 'summary',
        );
      case undefined:
        return usageError('missing command');
      default:
        return usageError(`unknown command '${positionals[0]}'`);
    }
  } catch (error) {
    // An error may quote a provider's answer or a URL: never a key, whole or half-masked.
    const redact = errorRedactor(secretEnvValues(process.env));
    process.stderr.write(`kilo-agent: ${redact(getErrorMessage(error))}\n`);
    if (!isKiloError(error) && process.env.KILO_DEBUG && error instanceof Error)
      process.stderr.write(`${redact(error.stack ?? '')}\n`);
    return 2;
  }
}

async function review(values: Values, script: string | undefined): Promise<number> {
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') {
    return usageError(`--fail-on: expected one of error|warning|never (got '${failOn}')`);
  }
  const { repo, base, headSha, checkedOut } = await resolveRange(values);
  const outDir = await chooseOutDir(repo, values.out);
  const tracer = createTracer({
    path: join(outDir, 'kilo-trace.jsonl'),
    onEvent: values.json ? undefined : progress,
  });
  // Secrets in the environment (tokens, keys) are masked in every report, as in the action.
  for (const secret of secretEnvValues(process.env)) tracer.addSecret(secret);
  tracer.event('context', 'base', { ref: base.ref, sha: base.sha, reason: base.reason });
  if (!values.json && base.reason !== BASE_FLAG_REASON) process.stderr.write(`${describeBase(base)}\n`);
  const llm = llmFromFlags(values, tracer);
  const range = { base: { ref: base.ref, sha: base.sha }, head: { ref: values.head, sha: headSha } };
  // The diff is read once: here to see whether there is anything to review, then parsed by the review.
  const [diff, headMeta] = await Promise.all([
    rangeDiff(repo, base.sha, headSha),
    readHeadMeta(repo, headSha),
  ]);
  if (diff.length === 0) {
    await recordNothingToReview(range, { tracer, outDir, dryRun: values['dry-run'], toolVersion: VERSION });
    await tracer.flush();
    if (values.json) return print(renderNothingToReviewJson(range, tracer.runId, values['dry-run']), 0);
    writeReportPaths(outDir);
    return print(nothingToReviewMessage(range), 0);
  }
  // Commands must see head's files: use the checkout when it is head, else a throwaway checkout of head.
  const runner = createProcessRunner();
  const worktree =
    checkedOut === undefined || headSha === checkedOut
      ? undefined
      : await createWorktree(runner, repo, headSha);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const platform = createLocalPlatform({
      repo,
      workspace: worktree?.dir ?? repo,
      baseRef: base.ref,
      baseSha: base.sha,
      headRef: values.head,
      headSha,
      range: { diff, ...headMeta },
      outDir,
      json: values.json,
      toolVersion: VERSION,
      print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    });
    const outcome = await runPipeline(
      {
        platform,
        runner,
        tracer,
        signal: controller.signal,
        probe: createProbe(platform.workspace, process.env.PATH),
        standins: createStandins(moduleDir(import.meta.url)),
        ...(llm ? { llm } : {}),
        ...(values['results-cache'] ? { results: createResultsStore(resolve(values['results-cache'])) } : {}),
      },
      {
        configPath: values.config,
        dryRun: values['dry-run'],
        failOn,
        reproduceCommand: reproduceCommand(script ? { cliPath: script } : {}),
      },
    );
    await tracer.flush();
    if (outcome.status === 'skipped') return print(`skipped: ${outcome.reason}`, 0);
    // The CLI runs every phase at once: a shard's partial results never come back here.
    if (outcome.status === 'executed') return 0;
    if (!values.json) writeReportPaths(outDir);
    return outcome.report.conclusion === 'failure' ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await worktree?.remove();
  }
}

/**
 * The repository's root, the base, head and checked-out commits: the git calls before the diff, all
 * at once (refs resolve the same from any directory of the repository), so the diff starts one round
 * of git processes sooner. When one fails, they run again in order, for the message that order gives
 * (not a repository first; refs named for the repository's root).
 */
async function resolveRange(
  values: Values,
): Promise<{ repo: string; base: BaseChoice; headSha: string; checkedOut: string | undefined }> {
  const lookUp = (dir: string) =>
    Promise.all([
      chooseBase(dir, values.base),
      resolveCommit(dir, values.head),
      // The usual case, --head HEAD, needs no second look-up of the same commit.
      values.head === 'HEAD' ? undefined : resolveCommit(dir, 'HEAD'),
    ]);
  const dir = resolve(values.repo);
  try {
    const [repo, [base, headSha, checkedOut]] = await Promise.all([repoRoot(dir), lookUp(dir)]);
    return { repo, base, headSha, checkedOut };
  } catch {
    const repo = await repoRoot(dir);
    const [base, headSha, checkedOut] = await lookUp(repo);
    return { repo, base, headSha, checkedOut };
  }
}

const LLM_PROVIDERS = ['openai-compatible', 'openai', 'anthropic'] as const;

/** The LLM client factory from the flags; undefined (with a line on stderr when asked for) without one. */
function llmFromFlags(values: Values, tracer: Tracer): LlmFactory | undefined {
  const provider = values['llm-provider'];
  if (provider === undefined) return undefined;
  if (!(LLM_PROVIDERS as readonly string[]).includes(provider)) {
    throw new KiloError(
      'USAGE',
      `--llm-provider: expected one of ${LLM_PROVIDERS.join('|')} (got '${provider}')`,
    );
  }
  const apiKey = process.env.KILO_LLM_API_KEY;
  const inputs: LlmInputs = {
    provider: provider as LlmProviderName,
    ...(values['llm-model'] ? { model: values['llm-model'] } : {}),
    ...(values['llm-base-url'] ? { baseUrl: values['llm-base-url'] } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
  for (const secret of llmSecrets(inputs)) tracer.addSecret(secret);
  const cacheDir =
    values['llm-cache'] ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kilo-agent', 'llm');
  const setup = setUpLlm(inputs, { cacheDir, redact: (text) => tracer.redact(text) });
  if (setup.status === 'off') {
    const what =
      setup.missing === 'llm-api-key' ? 'KILO_LLM_API_KEY is not set' : `--${setup.missing} is missing`;
    process.stderr.write(`kilo-agent: ${what}: reviewing without an LLM.\n`);
    return undefined;
  }
  return setup.factory;
}

async function printConfig(values: Values): Promise<number> {
  const repo = await repoRoot(values.repo);
  // Zero-config as for a change that touches every tracked file: each package's tools show.
  const tracked = (await git(repo, ['ls-files', '-z'])).split('\0').filter((file) => file !== '');
  const effective = await loadEffectiveConfig((path) => readInside(repo, path), values.config, {
    files: tracked,
    probe: createProbe(repo, process.env.PATH),
    standins: createStandins(moduleDir(import.meta.url)),
  });
  const header = effective.notes.map((note) => `# ${note}`).join('\n');
  // The YAML writer (the yaml package) is a lazy chunk: only this command prints YAML.
  const { configProvenance, configYamlWithSources } = await import('../policy/provenance.js');
  const sources = configProvenance(effective.config, effective.fileInput, effective.detectedInput);
  return print(`${header}\n${configYamlWithSources(effective.config, sources)}`, 0);
}

async function repoRoot(dir: string): Promise<string> {
  const top = await git(resolve(dir), ['rev-parse', '--show-toplevel']).catch(() => {
    throw new KiloError('USAGE', `${resolve(dir)} is not inside a git repository (pass --repo DIR)`);
  });
  return realpath(top.trim());
}

/** --out, else the current directory unless that is inside the reviewed repo (then a temp dir). */
async function chooseOutDir(repo: string, out: string | undefined): Promise<string> {
  if (out) return resolve(out);
  const cwd = await realpath(process.cwd());
  const inside = relative(repo, cwd);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    return mkdtemp(join(tmpdir(), 'kilo-agent-'));
  }
  return cwd;
}

function writeReportPaths(outDir: string): void {
  process.stderr.write(
    `report: ${join(outDir, 'kilo-report.md')}\ntrace:  ${join(outDir, 'kilo-trace.jsonl')}\n`,
  );
}

/** Live progress on stderr: one line per subtask start and finish. */
function progress(event: TraceEvent): void {
  if (event.kind === 'subtask-finish') {
    const { status, durationMs } = event.attrs as { status?: string; durationMs?: number };
    const time = typeof durationMs === 'number' ? ` ${(durationMs / 1000).toFixed(1)} s` : '';
    process.stderr.write(`  ${status === 'ok' ? '✓' : '•'} ${event.name} ${status}${time}\n`);
  } else if (event.kind === 'subtask-start' && event.attrs.phase === 'start') {
    process.stderr.write(`  ▸ ${event.name}\n`);
  }
}

function print(text: string, code: number): number {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return code;
}

function usageError(message: string): number {
  process.stderr.write(`kilo-agent: ${message}\n\n${USAGE}\n`);
  return 2;
}
