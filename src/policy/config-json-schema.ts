// schema/kilo.schema.json, derived from the zod schema so editors and docs cannot drift from validation.
// The input side: what a user may write (everything optional), with the defaults zod fills in.
import { z } from 'zod';
import { configSchema } from './schema.js';

/** An identifier, not a download address: editors point at the file in the repo or the npm package. */
export const CONFIG_SCHEMA_ID = 'urn:kilo-agent:schema:kilo.yml:v1';
export const CONFIG_SCHEMA_PATH = 'schema/kilo.schema.json';

export type JsonSchema = { [keyword: string]: unknown };

export function configJsonSchema(): JsonSchema {
  const { $schema, ...generated } = z.toJSONSchema(configSchema, { io: 'input' });
  // Identification first; the rest keeps zod's order, which follows schema.ts and is therefore stable.
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'Kilo Agent configuration (.github/kilo.yml)',
    description: 'Every key is optional; unknown keys are errors.',
    ...generated,
  };
}

/** The file's exact text: 2-space JSON with a trailing newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
