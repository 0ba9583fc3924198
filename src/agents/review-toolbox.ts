// The LLM reviewer's toolbox: the read-only tools of llm/tools over the reviewed checkout, in the shape
// the tool loop asks for, with one result budget for the whole review and a deadline per batch.
import { z } from 'zod';
import type { PrContext } from '../context/types.js';
import {
  REVIEW_TOOL_DESCRIPTIONS,
  REVIEW_TOOL_NAMES,
  createReviewTools,
  reviewToolSchemas,
} from '../llm/tools/index.js';
import type { LlmToolDefinition, LlmToolUse } from '../llm/types.js';
import type { ReviewToolBounds } from '../plan/types.js';
import type { Decision, PolicyRequest } from '../policy/types.js';

export interface ReviewToolboxOptions {
  checkout: string;
  context: PrContext;
  bounds: ReviewToolBounds;
  decide: (request: PolicyRequest) => Decision;
  redact: (text: string) => string;
}

export interface ReviewToolbox {
  /** The tools for one batch, whose tool turns end at `deadline` (epoch ms). */
  forBatch(deadline: number): LlmToolUse;
}

export function createReviewToolbox(options: ReviewToolboxOptions): ReviewToolbox {
  const budget = { remaining: options.bounds.maxBytes };
  const tools = createReviewTools({
    checkout: options.checkout,
    decide: options.decide,
    redact: options.redact,
    budget,
    limits: { maxResultBytes: options.bounds.maxResultBytes },
  });
  const toolbox = {
    definitions: toolDefinitions(),
    async run(name: string, args: unknown) {
      const result = await tools.run(name, args);
      return result.ok
        ? { ok: true, text: result.text, bytes: result.bytes }
        : {
            ok: false,
            text: result.error,
            bytes: 0,
            ...(result.denied === undefined ? {} : { denied: result.denied }),
          };
    },
    remainingBytes: () => budget.remaining,
  };
  const { maxTurns, maxToolCalls } = options.bounds;
  // The head commit: what the tools read (the diff alone does not say what other files hold).
  const key = options.context.head.sha;
  return {
    forBatch: (deadline) => ({ toolbox, bounds: { maxTurns, maxToolCalls, deadline }, key }),
  };
}

function toolDefinitions(): Record<string, LlmToolDefinition> {
  return Object.fromEntries(
    REVIEW_TOOL_NAMES.map((name) => {
      const { $schema: _meta, ...inputSchema } = z.toJSONSchema(reviewToolSchemas[name]);
      return [name, { description: REVIEW_TOOL_DESCRIPTIONS[name], inputSchema }];
    }),
  );
}
