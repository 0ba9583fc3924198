// Writes schema/kilo.schema.json and the key reference in docs/configuration.md from src/policy/schema.ts.
// Compiles with tsc into its own folder (not build/, which `npm run bundle` owns) and imports the same
// generators the stale-check test (__tests__/policy/schema-file.test.ts) uses.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.tmp', 'schema-build');

rmSync(out, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      out,
      '--sourceMap',
      'false',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const load = (file) => import(pathToFileURL(join(out, 'policy', file)).href);
  const { configJsonSchema, configJsonSchemaText, CONFIG_SCHEMA_PATH } = await load('config-json-schema.js');
  const { configReference, replaceReference } = await load('config-docs.js');

  mkdirSync(join(root, 'schema'), { recursive: true });
  writeFileSync(join(root, CONFIG_SCHEMA_PATH), configJsonSchemaText());
  const docPath = join(root, 'docs/configuration.md');
  const doc = readFileSync(docPath, 'utf8');
  writeFileSync(docPath, replaceReference(doc, configReference(configJsonSchema())));
  console.log(`wrote ${CONFIG_SCHEMA_PATH} and the reference in docs/configuration.md`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
