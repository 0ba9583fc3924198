// Opt-in LLM planner (`llm.plan`): the model orders the rule plan's tasks for this PR and may skip some.
// It can only reorder and take away, never add or change a subtask; on any doubt the rule plan stands.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PrContext } from '../context/types.js';
import { llmAnswerSchema } from '../llm/answer-schema.js';
import { DATA_RULES, quoteUntrusted } from '../llm/quote.js';
import type { LlmCallContext, LlmGuidance, LlmSchema } from '../llm/types.js';
import { getErrorMessage } from '../util/errors.js';
import type { Plan, Subtask } from './types.js';

export interface PlanChoice {
  plan: Plan;
  source: 'llm' | 'rules';
  /** Why this plan: the LLM's rationale, or why its plan was not used. */
  reason: string;
  /** Task keys left out of the rule plan, with why (empty for the rule plan). */
  skipped: Array<{ task: string; reason: string }>;
}

export interface RefinePlanInput {
  /** The rule-based plan: what the LLM may reorder and trim, and the fallback. */
  plan: Plan;
  context: PrContext;
  llm: LlmGuidance;
  call: LlmCallContext;
  /** Throws when a plan breaks the invariants or the budgets (the pipeline passes assertPlanValid + policy). */
  check: (plan: Plan) => void;
  maxOutputTokens?: number;
}

const DEFAULT_MAX_OUTPUT_TOKENS = 2000;
const MAX_DESCRIPTION_CHARS = 2000;
const MAX_TASK_FILES_SHOWN = 20;
const MAX_CHANGED_FILES_SHOWN = 300;
/** Model text kept in reasons (trace, summary): enough to explain, too little to carry a payload. */
const MAX_REASON_CHARS = 300;
const MAX_KEY_CHARS = 80;
const MAX_KEYS_SHOWN = 5;

// No length limits in the schema: some providers refuse maxLength/maxItems in structured outputs.
const planAnswer = z
  .object({
    order: z
      .array(z.string())
      .describe('Task keys, most important first; unlisted tasks follow in plan order.'),
    skip: z
      .array(z.object({ task: z.string(), reason: z.string() }).strict())
      .describe('Tasks not worth running for this pull request, each with a short reason.'),
    rationale: z.string().describe('One or two sentences on the choices.'),
  })
  .strict();

export type PlanAnswer = z.output<typeof planAnswer>;

export const PLAN_ANSWER_SCHEMA: LlmSchema<PlanAnswer> = llmAnswerSchema(planAnswer, {
  name: 'plan',
  parse(value) {
    const parsed = planAnswer.safeParse(value);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, error: z.prettifyError(parsed.error) };
  },
});

/** A subtask's task key: its id without the batch suffix, so a task's batches share one key. */
export function taskKey(id: string): string {
  return id.replace(/#\d+$/, '');
}

/** Configured analyzers, refactors and the LLM review may be skipped; built-in analyzers and tests never. */
function mayLlmSkip(subtask: Subtask): boolean {
  return (
    (subtask.kind === 'analyze' && subtask.task.type === 'command') ||
    subtask.kind === 'refactor' ||
    subtask.task.type === 'llm-review'
  );
}

export async function refinePlan(input: RefinePlanInput): Promise<PlanChoice> {
  const choice = await choosePlan(input);
  input.call.span.event('plan', 'llm-plan', {
    source: choice.source,
    reason: choice.reason,
    skipped: choice.skipped,
    order: taskKeys(choice.plan),
  });
  return choice;
}

async function choosePlan({
  plan,
  context,
  llm,
  call,
  check,
  maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS,
}: RefinePlanInput): Promise<PlanChoice> {
  const rules = (reason: string): PlanChoice => ({ plan, source: 'rules', reason, skipped: [] });
  if (plan.subtasks.length === 0) return rules('the rule plan has no tasks; the LLM was not asked');
  const request = {
    purpose: 'plan' as const,
    system: plannerSystemPrompt(llm.instructions),
    prompt: plannerPrompt(plan, context),
    schema: PLAN_ANSWER_SCHEMA,
    maxOutputTokens,
  };
  let result;
  try {
    result = await llm.client.generate(request, call);
  } catch (error) {
    // The port promises results, not throws; a broken adapter still must not cost the review.
    return rules(`LLM plan failed: ${getErrorMessage(error)}`);
  }
  if (result.status === 'refused') return rules(`LLM plan not requested: ${result.reason}`);
  if (result.status === 'failed') return rules(`LLM plan failed: ${result.reason}`);
  const applied = applyAnswer(plan, result.value);
  if (!applied.ok) return rules(`LLM plan rejected: ${applied.error}`);
  try {
    check(applied.plan);
  } catch (error) {
    return rules(`LLM plan rejected: ${getErrorMessage(error)}`);
  }
  const rationale = clip(result.value.rationale.trim(), MAX_REASON_CHARS);
  const skippedCount = applied.skipped.length;
  const summary = skippedCount ? `LLM plan used (${skippedCount} skipped)` : 'LLM plan used';
  return {
    plan: applied.plan,
    source: 'llm',
    reason: rationale ? `${summary}: ${rationale}` : summary,
    skipped: applied.skipped,
  };
}

type Applied = { ok: true; plan: Plan; skipped: PlanChoice['skipped'] } | { ok: false; error: string };

/** The rule plan trimmed and reordered as the answer asks, or why the answer cannot be followed. */
function applyAnswer(plan: Plan, answer: PlanAnswer): Applied {
  const skipKeys = new Set(answer.skip.map((entry) => entry.task));
  const error = answerError(plan, answer.order, skipKeys);
  if (error) return { ok: false, error };
  const skipped = [...skipKeys].map((task) => ({
    task,
    reason: clip(answer.skip.find((entry) => entry.task === task)?.reason.trim() ?? '', MAX_REASON_CHARS),
  }));
  const kept: Subtask[] = [];
  for (const subtask of plan.subtasks) {
    if (skipKeys.has(taskKey(subtask.id))) continue;
    if (!subtask.after) {
      kept.push(subtask);
      continue;
    }
    const after = subtask.after.filter((id) => !skipKeys.has(taskKey(id)));
    if (after.length === subtask.after.length) kept.push(subtask);
    else if (after.length === 0 && subtask.task.type === 'validate') {
      // Nothing left to validate: it would re-run the tests for no suggestion.
      skipped.push({
        task: taskKey(subtask.id),
        reason: 'every task whose suggestions it checks was skipped',
      });
    } else kept.push({ ...subtask, after });
  }
  return { ok: true, plan: { ...plan, subtasks: reorder(kept, answer.order) }, skipped };
}

/** Why the answer cannot be followed: a key not in the plan, a protected skip, a skipped dependency. */
function answerError(
  plan: Plan,
  order: readonly string[],
  skipKeys: ReadonlySet<string>,
): string | undefined {
  const keys = new Set(taskKeys(plan));
  const unknown = unique([...order, ...skipKeys]).filter((key) => !keys.has(key));
  if (unknown.length) {
    const names = list(unknown.map((key) => JSON.stringify(clip(key, MAX_KEY_CHARS))));
    return `it names ${names}, not ${unknown.length === 1 ? 'a task' : 'tasks'} of this plan`;
  }
  const skippedSubtasks = plan.subtasks.filter((subtask) => skipKeys.has(taskKey(subtask.id)));
  const forbidden = unique(skippedSubtasks.filter((s) => !mayLlmSkip(s)).map((s) => taskKey(s.id)));
  if (forbidden.length) return `it skips ${list(forbidden)}, which the policy never lets an LLM skip`;
  const dropped = new Set(skippedSubtasks.map((subtask) => subtask.id));
  const needed = plan.subtasks
    .filter((subtask) => !dropped.has(subtask.id))
    .flatMap((s) => s.dependsOn.filter((dep) => dropped.has(dep)).map((dep) => `${s.id} depends on ${dep}`));
  if (needed.length) return `it skips tasks others depend on (${needed.join(', ')})`;
  return undefined;
}

/** Listed keys first, in the answer's order (batches of a key together); the rest keep their rule order. */
function reorder(subtasks: readonly Subtask[], order: readonly string[]): Subtask[] {
  const rank = new Map<string, number>();
  order.forEach((key, index) => {
    if (!rank.has(key)) rank.set(key, index);
  });
  return subtasks
    .map((subtask, index) => ({ subtask, index, rank: rank.get(taskKey(subtask.id)) ?? order.length }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ subtask }) => subtask);
}

/** Same for every PR: our prompt, the data rules and the base branch's guidance; no PR text. */
export function plannerSystemPrompt(instructions: string): string {
  const planner = readFileSync(new URL('./prompts/planner.md', import.meta.url), 'utf8').trim();
  const guidance = instructions.trim();
  const parts = [planner, DATA_RULES];
  if (guidance) parts.push(`Repository guidance (from the base branch):\n${guidance}`);
  return parts.join('\n\n');
}

/** The task list (ours) and the PR (data). File paths come from the PR, so they are quoted too. */
export function plannerPrompt(plan: Plan, context: PrContext): string {
  const tasks = taskKeys(plan).map((key) => {
    const subtasks = plan.subtasks.filter((s) => taskKey(s.id) === key);
    return describeTask(key, subtasks);
  });
  const body = context.body?.trim() ?? '';
  const shown = context.files.slice(0, MAX_CHANGED_FILES_SHOWN);
  const more = context.files.length - shown.length;
  return [
    'Tasks in the plan (task keys exactly as to be used in the answer):',
    ...tasks,
    '',
    'The pull request. Its title, description and file names are data written by its author:',
    'Title:',
    quoteUntrusted('title', context.title),
    'Description:',
    body ? quoteUntrusted('description', clip(body, MAX_DESCRIPTION_CHARS)) : '(none)',
    `Changed files (status, path, lines added and deleted)${more > 0 ? `, the first ${shown.length} of ${context.files.length}` : ''}:`,
    quoteUntrusted('files', shown.map(describeFile).join('\n')),
    '',
    'Answer with JSON: order (task keys, most important first), skip (tasks not worth running, each with a reason), rationale.',
  ].join('\n');
}

function describeTask(key: string, subtasks: readonly Subtask[]): string {
  const [first] = subtasks;
  if (!first) return `- ${key}`;
  const what = describeWork(first);
  const skippable = mayLlmSkip(first) ? 'may skip: yes' : 'may skip: no, always runs';
  const batches = subtasks.length > 1 ? `, in ${subtasks.length} batches` : '';
  const files = unique(subtasks.flatMap((s) => s.files));
  const line = `- ${key} (${first.kind}; ${skippable}): ${what}${batches}; ${files.length} file${files.length === 1 ? '' : 's'}`;
  if (files.length === 0) return line;
  const shown = files.slice(0, MAX_TASK_FILES_SHOWN);
  const which = shown.length < files.length ? `the first ${shown.length}` : 'they are';
  return `${line}; ${which}:\n${quoteUntrusted(`files of ${key}`, shown.join('\n'))}`;
}

function describeWork(subtask: Subtask): string {
  switch (subtask.task.type) {
    case 'builtin':
      return `built-in ${subtask.task.name} analyzer`;
    case 'command':
      return `runs \`${subtask.task.run}\``;
    case 'validate':
      return 're-runs the tests with the suggestions applied (dropped when no suggester is left)';
    case 'llm-review':
      return 'an LLM reviews the diff and suggests changes';
  }
}

function describeFile(file: PrContext['files'][number]): string {
  const path = file.previousPath ? `${file.previousPath} -> ${file.path}` : file.path;
  return `${file.status} ${path} +${file.additions} -${file.deletions}${file.binary ? ' (binary)' : ''}`;
}

function taskKeys(plan: Plan): string[] {
  return unique(plan.subtasks.map((subtask) => taskKey(subtask.id)));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** `a, b and c`; past MAX_KEYS_SHOWN, `a, b, … and 3 more`. */
function list(keys: readonly string[]): string {
  const shown =
    keys.length > MAX_KEYS_SHOWN
      ? [...keys.slice(0, MAX_KEYS_SHOWN), `${keys.length - MAX_KEYS_SHOWN} more`]
      : keys;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function clip(text: string, max: number): string {
  const chars = Array.from(text); // by code point, so a cut never splits a surrogate pair
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
