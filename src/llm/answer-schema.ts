// JSON Schemas for structured answers, in the subset every provider's strict mode accepts: OpenAI's
// strict json_schema wants every property required (optional ones nullable), no additional properties,
// and no `$schema` key.
import { z } from 'zod';

export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _meta, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return rest;
}
