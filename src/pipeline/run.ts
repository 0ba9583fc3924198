// The run phase: the subtasks of a plan (or of one shard) through the orchestrator and the agents,
// with the results cache asked first and saved after, and the suggestion validation fed what ran.
import { createAgents } from '../agents/index.js';
import type { Agent, AgentOutput } from '../agents/types.js';
import type { PrContext } from '../context/types.js';
import { runPlan } from '../orchestrator/scheduler.js';
import type { SubtaskOutcome, SubtaskResult } from '../orchestrator/types.js';
import type { AgentName, Plan, Subtask } from '../plan/types.js';
import type { KiloConfig } from '../policy/schema.js';
import type { LlmGuidance } from '../llm/types.js';
import type { PreparedLlm } from './llm.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { CommandRunner } from '../sandbox/types.js';
import { redactDeep } from '../trace/redact.js';
import type { AddedLineSecrets } from '../trace/secret-patterns.js';
import type { Span, Tracer } from '../trace/types.js';
import { createReuse, type Reuse } from '../cache/results-cache.js';
import { createSubtaskKeyer } from '../cache/subtask-key.js';
import { mergeShardResults } from './shards.js';
import type { PipelineDeps, PipelineOptions, PlannedRun } from './types.js';

/** `configFrom` is set when the config came from the base commit: files it names are read there too. */
type RunEnv = Pick<
  PlannedRun,
  'context' | 'policy' | 'effective' | 'llm' | 'span' | 'configFrom' | 'secrets'
> & {
  deps: PipelineDeps;
  options: PipelineOptions;
  reuse: Reuse | undefined;
};

/**
 * The results of the whole plan: run here (phase `all`), or merged from the execute jobs' files (phase
 * `report`); the results cache is asked before each subtask and given what ran, redacted.
 */
export async function planResults(
  deps: PipelineDeps,
  options: PipelineOptions,
  run: PlannedRun,
): Promise<SubtaskResult[]> {
  const { context, plan, span } = run;
  const reuse = makeReuse(deps, { context, config: run.effective.config, llm: run.llm, plan, span });
  const results =
    options.phase === 'report'
      ? mergeShardResults(plan, context.head.sha, options.shardResults ?? [])
      : await runSubtasks(plan, { ...runEnvOf(run), deps, options, reuse });
  await reuse?.save(redactResults(results, deps.tracer), span);
  return results;
}

/** What a run of subtasks needs of the planned run. */
export function runEnvOf(run: PlannedRun): Omit<RunEnv, 'deps' | 'options' | 'reuse'> {
  const { context, policy, effective, llm, span, configFrom, secrets } = run;
  return { context, policy, effective, llm, span, configFrom, ...(secrets ? { secrets } : {}) };
}

/**
 * The run's side of the results cache; none without a store, and none on a fork PR: its code runs in
 * this job and could plant entries that hide findings from a later run of the same PR.
 */
export function makeReuse(
  deps: PipelineDeps,
  env: { context: PrContext; config: KiloConfig; llm: PreparedLlm | undefined; plan: Plan; span: Span },
): Reuse | undefined {
  if (deps.results === undefined) return undefined;
  if (env.context.fork) {
    env.span.event('cache', 'off', { reason: 'fork PR: results are not reused' });
    return undefined;
  }
  const keyer = createSubtaskKeyer({
    workspace: deps.platform.workspace,
    context: env.context,
    config: env.config,
    ...(env.llm
      ? {
          llm: {
            model: `${env.llm.client.id.provider}:${env.llm.client.id.model}`,
            instructions: env.llm.guidance.instructions,
          },
        }
      : {}),
  });
  return createReuse({ store: deps.results, keyer, subtasks: env.plan.subtasks, head: env.context.head.sha });
}

/**
 * Runs `plan`'s subtasks through the orchestrator and the agents; results in plan order. The built-in
 * analyzers run to the end before any other subtask starts: some read the checkout (workflow files,
 * file sizes), which the PR's own code, run by a test command, could rewrite to hide from them.
 */
export async function runSubtasks(plan: Plan, env: RunEnv): Promise<SubtaskResult[]> {
  const builtins = plan.subtasks.filter((s) => s.task.type === 'builtin');
  const others = plan.subtasks.filter((s) => s.task.type !== 'builtin');
  const budgetMs = env.effective.config.policy.budgets['wall-seconds'] * 1000;
  const total = plan.subtasks.length;
  if (builtins.length === 0 || others.length === 0) return runPart(plan, env, { budgetMs, offset: 0, total });
  const started = performance.now();
  const first = await runPart({ ...plan, subtasks: builtins }, env, { budgetMs, offset: 0, total });
  // Nothing depends on a built-in, but an edge to one (an LLM plan's order) is met: they are done.
  const done = new Set(builtins.map((s) => s.id));
  const rest = others.map((s) => ({
    ...s,
    dependsOn: s.dependsOn.filter((id) => !done.has(id)),
    ...(s.after ? { after: s.after.filter((id) => !done.has(id)) } : {}),
  }));
  const left = Math.max(1, budgetMs - (performance.now() - started));
  const second = await runPart({ ...plan, subtasks: rest }, env, {
    budgetMs: left,
    offset: builtins.length,
    total,
  });
  const byId = new Map([...first, ...second].map((r) => [r.id, r]));
  return plan.subtasks.map((s) => byId.get(s.id)!);
}

function runPart(
  plan: Plan,
  { deps, options, context, policy, effective, llm, span, reuse, configFrom, secrets }: RunEnv,
  { budgetMs, offset, total }: { budgetMs: number; offset: number; total: number },
): Promise<SubtaskResult[]> {
  const { platform } = deps;
  const agents = deps.agents ?? createAgents();
  // What each agent returned, for the subtasks that read their predecessors' output (validation).
  const outputs = new Map<string, AgentOutput>();
  return runPlan(plan, {
    concurrency: effective.config.policy.concurrency,
    deadlineMs: budgetMs,
    span,
    ...(deps.signal ? { signal: deps.signal } : {}),
    onProgress: (done) => platform.progress(offset + done, total),
    execute: (subtask, signal, subSpan) =>
      executeSubtask(subtask, {
        agents,
        context,
        workspace: platform.workspace,
        runner: deps.runner,
        policy,
        signal,
        span: subSpan,
        dryRun: options.dryRun,
        outputs,
        ...(llm ? { llm: llm.guidance } : {}),
        ...(reuse ? { reuse } : {}),
        // A fork's problem matcher must not be its own: the base's config names the base's file.
        ...(secrets ? { secrets } : {}),
        ...(configFrom ? { readPolicyFile: (path: string) => platform.readBaseFile(path, context) } : {}),
      }),
  });
}

interface ExecuteEnv {
  agents: Record<AgentName, Agent>;
  context: PrContext;
  workspace: string;
  runner: CommandRunner;
  policy: PolicyEngine;
  signal: AbortSignal;
  span: Span;
  dryRun: boolean;
  outputs: Map<string, AgentOutput>;
  llm?: LlmGuidance;
  reuse?: Reuse;
  readPolicyFile?: (path: string) => Promise<string | undefined>;
  secrets?: AddedLineSecrets;
}

/** AgentOutput is a SubtaskOutcome: the agent's answer goes to the scheduler as it is. */
async function executeSubtask(subtask: Subtask, env: ExecuteEnv): Promise<SubtaskOutcome> {
  // Dry-run executes read-only work only: refactors write (in a worktree) and tests run PR code.
  if (env.dryRun && subtask.kind !== 'analyze') {
    return {
      status: 'skipped',
      findings: [],
      suggestions: [],
      reason: `dry-run: ${subtask.kind} subtasks are not run`,
    };
  }
  const reused = await env.reuse?.lookup(subtask, env.span);
  if (reused !== undefined) {
    env.outputs.set(subtask.id, reused);
    return reused;
  }
  const output = await env.agents[subtask.agent].run({
    subtask,
    context: env.context,
    workspace: env.workspace,
    runner: env.runner,
    decide: (request) => env.policy.decide(request),
    span: env.span,
    signal: env.signal,
    dryRun: env.dryRun,
    // Only what it was ordered after: anything else may still be running.
    upstream: (id) =>
      subtask.dependsOn.includes(id) || subtask.after?.includes(id) ? env.outputs.get(id) : undefined,
    ...(env.llm ? { llm: env.llm } : {}),
    ...(env.readPolicyFile ? { readPolicyFile: env.readPolicyFile } : {}),
    ...(env.secrets ? { secrets: env.secrets } : {}),
  });
  env.outputs.set(subtask.id, output);
  return output;
}

/** What outlives the run (the results cache) is redacted like the report. */
export function redactResults(results: SubtaskResult[], tracer: Tracer): SubtaskResult[] {
  return redactDeep(results, (text) => tracer.redact(text));
}
