// JSON Schemas for structured answers, in the subset every provider's strict mode accepts: OpenAI's
// strict json_schema wants every property required (optional ones nullable), no additional properties,
// and no `$schema` key.
import { z } from 'zod';

export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _meta, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return rest;
}

/**
 * The same, computed on first use and kept: an answer schema's module may load in a run that never
 * asks an LLM, which then never pays for the conversion (~5 ms at start-up for the four schemas).
 */
export function lazyAnswerJsonSchema(schema: z.ZodType): () => Record<string, unknown> {
  let json: Record<string, unknown> | undefined;
  return () => (json ??= answerJsonSchema(schema));
}
