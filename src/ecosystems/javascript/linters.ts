// The linters a JavaScript package is set up for: ESLint, Biome and oxlint, each found by its config
// file in the package or a directory above it (where the tool itself looks), with the run line that
// makes its report one we read. Several may apply at once (oxlint beside ESLint is a common set-up):
// all of them run. Config files written in JavaScript that the tool loads by itself are not looked for
// beyond the names below.
import path from 'node:path';
import { ancestors, inDir } from '../common.js';
import type { AnalyzeTaskInput, DetectInput } from '../types.js';
import type { PackageJson } from './package-manager.js';

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc.json',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.yml',
  '.eslintrc.yaml',
  '.eslintrc',
];
// Biome 2 reads the dotted names too.
const BIOME_CONFIGS = ['biome.json', 'biome.jsonc', '.biome.json', '.biome.jsonc'];
// oxlint finds the first three by itself; `oxlintrc.json` only when named with -c.
const OXLINT_CONFIGS = ['.oxlintrc.json', '.oxlintrc.jsonc', 'oxlint.config.ts', 'oxlintrc.json'];
const OXLINT_EXPLICIT_CONFIG = 'oxlintrc.json';

export const SCRIPT_FILES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
// What each lints besides scripts: oxlint the scripts of components, Biome also JSON, CSS and GraphQL.
const OXLINT_FILES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,vue,svelte,astro}';
const BIOME_FILES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,jsonc,css,graphql,gql,vue,svelte,astro}';

export interface Linter {
  /** The task's name and its program in node_modules/.bin: `eslint`, `biome`, `oxlint`. */
  name: string;
  /** The npm package that installs it (the fix when it is missing). */
  package: string;
  /** Why it runs: the config file, e.g. `packages/web/biome.json`. */
  evidence: string;
  /** The task, given the program's path relative to the package. */
  task(bin: string): AnalyzeTaskInput;
}

/**
 * The linters with a config whose package is declared up the tree or installed (a config alone, with
 * the tool neither declared nor installed, is left to the `lint` script), in a stable order.
 */
export async function configuredLinters(
  input: DetectInput,
  pkg: PackageJson,
  deps: Readonly<Record<string, string>>,
  installed: boolean,
): Promise<Linter[]> {
  const usable = (config: string | undefined, npmPackage: string): config is string =>
    config !== undefined && (deps[npmPackage] !== undefined || installed);
  const linters: Linter[] = [];

  const eslint =
    pkg.eslintConfig !== undefined ? 'package.json eslintConfig' : await firstUp(input, ESLINT_CONFIGS);
  if (usable(eslint, 'eslint')) {
    linters.push({
      name: 'eslint',
      package: 'eslint',
      evidence: eslint,
      task: (bin) => ({
        name: 'eslint',
        run: `${bin} --format json {files}`,
        format: 'eslint-json',
        paths: [SCRIPT_FILES],
      }),
    });
  }

  const biome = await firstUp(input, BIOME_CONFIGS);
  if (usable(biome, '@biomejs/biome')) {
    // Checkstyle: Biome's rdjson had 0-based lines and no severity in its first 2.x releases. Files its
    // config ignores or it cannot read are skipped, not an error (it would exit 1 with no report).
    linters.push({
      name: 'biome',
      package: '@biomejs/biome',
      evidence: biome,
      task: (bin) => ({
        name: 'biome',
        run: `${bin} lint --reporter=checkstyle --no-errors-on-unmatched --files-ignore-unknown=true {files}`,
        format: 'checkstyle',
        paths: [BIOME_FILES],
      }),
    });
  }

  const oxlint = await firstUp(input, OXLINT_CONFIGS);
  if (usable(oxlint, 'oxlint')) {
    const config =
      path.posix.basename(oxlint) === OXLINT_EXPLICIT_CONFIG
        ? ` -c ${path.posix.relative(input.directory === '.' ? '' : input.directory, oxlint)}`
        : '';
    linters.push({
      name: 'oxlint',
      package: 'oxlint',
      evidence: oxlint,
      task: (bin) => ({
        name: 'oxlint',
        run: `${bin}${config} --format=checkstyle --no-error-on-unmatched-pattern {files}`,
        format: 'checkstyle',
        paths: [OXLINT_FILES],
      }),
    });
  }
  return linters;
}

/** The first of `names` in the package directory or above it (the tools look upwards too). */
export async function firstUp(input: DetectInput, names: readonly string[]): Promise<string | undefined> {
  for (const dir of ancestors(input.directory)) {
    for (const name of names) {
      const file = inDir(dir, name);
      if ((await input.read(file)) !== undefined) return file;
    }
  }
  return undefined;
}
