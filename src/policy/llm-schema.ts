// The `llm:` part of the config schema (schema.ts composes it): the reviewer, its tools, verify pass and
// walkthrough, the planner, and each request's limits. Descriptions are user-facing (schema, docs).
import { z } from 'zod';

export const llmSchema = z
  .object({
    review: z
      .boolean()
      .default(true)
      .describe('With an LLM provider set (action inputs), an LLM reviews the diff hunk by hunk.'),
    plan: z
      .boolean()
      .default(false)
      .describe(
        'With an LLM provider set, an LLM proposes which tasks run and in what order; the policy checks it.',
      ),
    'max-tokens': z
      .number()
      .int()
      .positive()
      .default(200_000)
      .describe('Most tokens one LLM request may use, prompt and answer together.'),
    'timeout-seconds': z
      .number()
      .int()
      .positive()
      .max(600)
      .default(60)
      .describe('Time one LLM request may take before it is abandoned (and retried).'),
    retries: z
      .number()
      .int()
      .nonnegative()
      .max(5)
      .default(2)
      .describe('Retries of an LLM request that failed transiently (429, 5xx, time-out), with backoff.'),
    tools: z
      .boolean()
      .default(true)
      .describe(
        'The LLM reviewer may read other files of the checkout (read_file, search, list_files) before it answers; every read is a policy decision.',
      ),
    'max-turns': z
      .number()
      .int()
      .positive()
      .max(32)
      .default(8)
      .describe('Most requests with tools per batch of hunks; then the model is asked for its answer.'),
    'max-tool-calls': z
      .number()
      .int()
      .positive()
      .max(200)
      .default(24)
      .describe('Most tool calls per batch of hunks; calls past it are not run.'),
    'max-tool-result-bytes': z
      .number()
      .int()
      .positive()
      .max(1024 * 1024)
      .default(16 * 1024)
      .describe('Most bytes one tool call returns to the model.'),
    'max-tool-bytes': z
      .number()
      .int()
      .positive()
      .max(16 * 1024 * 1024)
      .default(256 * 1024)
      .describe('Most bytes of tool results one review sends to the model, all batches together.'),
    walkthrough: z
      .boolean()
      .default(false)
      .describe(
        'An LLM writes a short walkthrough of what the PR changes, per group of files, at the top of the summary.',
      ),
    verify: z
      .boolean()
      .default(true)
      .describe(
        "The LLM reviewer's findings are judged once more, in one request, and those below min-confidence are dropped.",
      ),
    'min-confidence': z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('The verify pass keeps a finding whose confidence (0 to 1) is at least this.'),
    'max-comments': z
      .number()
      .int()
      .nonnegative()
      .default(10)
      .describe(
        'Most inline comments from the LLM reviewer per review (most confident first); the rest are listed in the summary.',
      ),
    instructions: z
      .string()
      .max(8000)
      .optional()
      .describe(
        "Repository guidance for the LLM. Read from the base branch's config only, never from the PR head.",
      ),
    price: z
      .object({
        input: z.number().nonnegative().describe('USD per million prompt tokens.'),
        output: z.number().nonnegative().describe('USD per million answer tokens.'),
      })
      .strict()
      .optional()
      .describe("The model's price, for the cost estimate; known models have a built-in price."),
  })
  .strict();
