// JSON Schemas for structured answers, in the subset every provider's strict mode accepts: OpenAI's
// strict json_schema wants every property required (optional ones nullable), no additional properties,
// and no `$schema` key.
import { z } from 'zod';
import type { LlmSchema } from './types.js';

export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _meta, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return rest;
}

/**
 * An LlmSchema whose JSON Schema is `wire`'s, computed on first read and kept: an answer schema's
 * module may load in a run that never asks an LLM, which then never pays for the conversion (~5 ms at
 * start-up for the four schemas).
 */
export function llmAnswerSchema<T>(wire: z.ZodType, schema: Omit<LlmSchema<T>, 'jsonSchema'>): LlmSchema<T> {
  let json: Record<string, unknown> | undefined;
  return {
    ...schema,
    get jsonSchema() {
      return (json ??= answerJsonSchema(wire));
    },
  };
}
