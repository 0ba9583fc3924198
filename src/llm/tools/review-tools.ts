// The reviewer's read-only tools behind one `run(name, args)`: arguments validated, every path through
// the policy, results redacted, measured and charged to the review's byte budget. A call never throws:
// whatever goes wrong is an error result the model can read, and the tool loop goes on.
import { realpath } from 'node:fs/promises';
import type { z } from 'zod';
import type { Decision, PolicyRequest } from '../../policy/types.js';
import { getErrorMessage } from '../../util/errors.js';
import { listFilesTool } from './list-files.js';
import { readFileTool } from './read-file.js';
import {
  REVIEW_TOOL_NAMES,
  isReviewToolName,
  listFilesArgs,
  readFileArgs,
  searchArgs,
  type ReviewToolName,
} from './schemas.js';
import { searchTool } from './search.js';
import { byteLength } from './text-bytes.js';
import {
  DEFAULT_TOOL_LIMITS,
  type ReviewBudget,
  type ToolCallResult,
  type ToolEnv,
  type ToolLimits,
  type ToolOutcome,
} from './types.js';

export interface ReviewToolsOptions {
  /** The reviewed checkout (head side). */
  checkout: string;
  /** The policy engine's decide(): every read is a traced decision. */
  decide: (request: PolicyRequest) => Decision;
  /** The tracer's redactor, applied to every result text. */
  redact: (text: string) => string;
  /** Shared by every call of the review: a result is cut to what is left, none is given once it is 0. */
  budget: ReviewBudget;
  limits?: Partial<ToolLimits>;
}

export interface ReviewTools {
  run(name: string, args: unknown): Promise<ToolCallResult>;
}

export const BUDGET_SPENT = 'tool result budget for this review is spent';

export function createReviewTools(options: ReviewToolsOptions): ReviewTools {
  const limits: ToolLimits = { ...DEFAULT_TOOL_LIMITS, ...options.limits };
  let root: Promise<string> | undefined;
  const rootOnce = () => (root ??= realpath(options.checkout));
  return { run: (name, args) => runTool(options, limits, rootOnce, name, args) };
}

async function runTool(
  options: ReviewToolsOptions,
  limits: ToolLimits,
  root: () => Promise<string>,
  name: string,
  args: unknown,
): Promise<ToolCallResult> {
  const { budget, redact } = options;
  if (budget.remaining <= 0) return settle({ ok: false, error: BUDGET_SPENT }, options);
  if (!isReviewToolName(name)) {
    const known = REVIEW_TOOL_NAMES.join(', ');
    return settle({ ok: false, error: `unknown tool '${name}': the tools are ${known}` }, options);
  }
  const env: ToolEnv = {
    checkout: options.checkout,
    root,
    decide: options.decide,
    redact,
    limits,
    maxBytes: Math.min(limits.maxResultBytes, budget.remaining),
  };
  const outcome = await execute(env, name, args).catch((error: unknown): ToolOutcome => ({
    ok: false,
    error: `${name} failed: ${getErrorMessage(error)}`,
  }));
  return settle(outcome, options);
}

function execute(env: ToolEnv, name: ReviewToolName, args: unknown): Promise<ToolOutcome> {
  switch (name) {
    case 'read_file':
      return withArgs(name, readFileArgs, args, (valid) => readFileTool(env, valid));
    case 'search':
      return withArgs(name, searchArgs, args, (valid) => searchTool(env, valid));
    case 'list_files':
      return withArgs(name, listFilesArgs, args, (valid) => listFilesTool(env, valid));
  }
}

async function withArgs<T>(
  name: ReviewToolName,
  schema: z.ZodType<T>,
  args: unknown,
  tool: (valid: T) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return tool(parsed.data);
  return { ok: false, error: `${name}: invalid arguments: ${describeIssues(parsed.error)}` };
}

/** One line: `start_line: Too small: expected number to be >0; (arguments): Unrecognized key: "x"`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(arguments)'}: ${issue.message}`)
    .join('; ');
}

/** Redacts, measures and charges: errors are not charged (they are short, and why must get through). */
function settle(outcome: ToolOutcome, options: ReviewToolsOptions): ToolCallResult {
  if (!outcome.ok) {
    const error = options.redact(outcome.error);
    const denied = outcome.denied === undefined ? {} : { denied: outcome.denied };
    return { ok: false, error, bytes: byteLength(error), ...denied };
  }
  const text = options.redact(outcome.text);
  const bytes = byteLength(text);
  options.budget.remaining = Math.max(0, options.budget.remaining - bytes);
  return { ok: true, text, bytes };
}
