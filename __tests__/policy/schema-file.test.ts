// schema/kilo.schema.json and the reference in docs/configuration.md are generated from the zod schema:
// they must be fresh, and the JSON schema must accept and reject what zod accepts and rejects.
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configReference, replaceReference } from '../../src/policy/config-docs.js';
import {
  CONFIG_SCHEMA_PATH,
  configJsonSchema,
  configJsonSchemaText,
} from '../../src/policy/config-json-schema.js';
import { configSchema } from '../../src/policy/schema.js';

const DOC_PATH = 'docs/configuration.md';
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(configJsonSchema());

function docsExample(): unknown {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc);
  if (!block?.[1]) throw new Error(`${DOC_PATH} has no yaml example`);
  return parse(block[1]);
}

describe('generated files', () => {
  it('schema/kilo.schema.json matches the zod schema', () => {
    const committed = readFileSync(CONFIG_SCHEMA_PATH, 'utf8');
    if (committed !== configJsonSchemaText()) {
      throw new Error(`${CONFIG_SCHEMA_PATH} is stale: run npm run schema`);
    }
  });

  it('the key reference in docs/configuration.md matches the JSON schema', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    if (doc !== replaceReference(doc, configReference(configJsonSchema()))) {
      throw new Error(`${DOC_PATH} is stale: run npm run schema`);
    }
  });

  it('the reference lists every key of the JSON schema, task keys per kind', () => {
    const reference = configReference(configJsonSchema());
    for (const key of ['version', 'policy.budgets.comments', 'policy.commands.allow', 'llm.max-tokens']) {
      expect(reference).toContain(`| \`${key}\``);
    }
    expect(reference).toMatch(/\| `tasks\.test\[\]\.timeout-seconds` +\| integer 1–3600 /);
    expect(reference).toMatch(
      /\| `tasks\.analyze\[\]\.format` +\| `"exit-code"` \\\| `"eslint-json"` \\\| `"tsc"`/,
    );
    expect(reference).toMatch(/\| `tasks\.test\[\]\.format` +\| `"exit-code"` \\\| `"junit"`/);
    expect(reference).not.toContain('tasks.refactor[].format');
  });

  it('schema/kilo.schema.json names itself and keeps defaults on the input side', () => {
    const schema = configJsonSchema() as { $id?: string; title?: string; required?: unknown };
    expect(schema.$id).toMatch(/^urn:kilo-agent:/);
    expect(schema.title).toContain('.github/kilo.yml');
    expect(schema.required).toBeUndefined();
  });
});

describe('the JSON schema agrees with zod', () => {
  const good: Array<[string, unknown]> = [
    ['an empty config', {}],
    ['the demo config', parse(readFileSync('examples/demo/base/.github/kilo.yml', 'utf8'))],
    ["the docs' example", docsExample()],
    ['every default written out', configSchema.parse({})],
  ];
  it.each(good)('accepts %s', (_name, config) => {
    expect(configSchema.safeParse(config).success).toBe(true);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  const task = { name: 'unit', run: 'npm test' };
  const bad: Array<[string, unknown]> = [
    ['an unknown key', { policy: { bugets: {} } }],
    ['an unknown key in a task', { tasks: { test: [{ ...task, timeout: 5 }] } }],
    ['a wrong enum value', { policy: { forks: 'sometimes' } }],
    ['an unknown output format', { tasks: { analyze: [{ ...task, format: 'pdf' }] } }],
    ['a wrong type', { policy: { concurrency: 'lots' } }],
    ['a fractional number', { policy: { budgets: { comments: 1.5 } } }],
    ['a number out of range', { policy: { concurrency: 65 } }],
    ['a missing command', { tasks: { test: [{ name: 'unit' }] } }],
    ['a blank command', { tasks: { test: [{ name: 'unit', run: '   ' }] } }],
    ['a task name with a space', { tasks: { test: [{ ...task, name: 'unit tests' }] } }],
    ['a wrong version', { version: 2 }],
  ];
  it.each(bad)('rejects %s, both at the same key', (_name, config) => {
    const zod = configSchema.safeParse(config);
    expect(zod.success).toBe(false);
    expect(validate(config)).toBe(false);
    // ajv points at the object for a missing key, zod at the key itself: ajv's pointer is a prefix.
    const zodPointer = `/${zod.error?.issues[0]?.path.join('/')}`;
    expect(validate.errors?.[0]?.instancePath).toBeTruthy();
    expect(zodPointer.startsWith(validate.errors?.[0]?.instancePath ?? '?')).toBe(true);
  });
});
