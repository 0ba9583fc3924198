// Zero-config: when the repository has no `.github/kilo.yml`, derive tasks from what it already has
// (package.json scripts, eslint / prettier / tsconfig files, the lockfile's package manager).
import { configSchema, type ConfigInput, type KiloConfig } from './schema.js';

export type ReadFile = (path: string) => Promise<string | undefined>;

export interface Detection {
  config: KiloConfig;
  /** What detection supplied before defaults: `config` is `configSchema.parse(input)`. */
  input: ConfigInput;
  /** One line per detected task, e.g. `analyze eslint: eslint.config.js and eslint in devDependencies`. */
  notes: string[];
}

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  '.eslintrc.json',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.yml',
  '.eslintrc',
];
const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yml',
  '.prettierrc.yaml',
  '.prettierrc.js',
  '.prettierrc.mjs',
  'prettier.config.js',
  'prettier.config.mjs',
];
const SCRIPT_FILES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}';
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export async function detectConfig(read: ReadFile): Promise<Detection> {
  const notes: string[] = [];
  const pkg = parsePackageJson(await read('package.json'));
  if (!pkg) {
    return { config: configSchema.parse({}), input: {}, notes: ['no package.json: built-in analyzers only'] };
  }

  const pm = await detectPackageManager(read);
  const scripts = pkg.scripts ?? {};
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const tasks: Required<NonNullable<ConfigInput['tasks']>> = { analyze: [], refactor: [], test: [] };

  const eslintConfig = await firstExisting(read, ESLINT_CONFIGS);
  if (eslintConfig && deps.eslint) {
    tasks.analyze.push({
      name: 'eslint',
      run: 'npx eslint --format json {files}',
      format: 'eslint-json',
      paths: [SCRIPT_FILES],
    });
    notes.push(`analyze eslint: ${eslintConfig} and eslint in package.json`);
  } else if (scripts.lint) {
    tasks.analyze.push({ name: 'lint', run: `${pm} run lint` });
    notes.push('analyze lint: package.json script "lint"');
  }
  if (scripts.typecheck) {
    tasks.analyze.push({ name: 'typecheck', run: `${pm} run typecheck` });
    notes.push('analyze typecheck: package.json script "typecheck"');
  } else if (deps.typescript && (await read('tsconfig.json')) !== undefined) {
    tasks.analyze.push({ name: 'tsc', run: 'npx tsc --noEmit --pretty false' });
    notes.push('analyze tsc: tsconfig.json and typescript in package.json');
  }
  const prettierConfig = await firstExisting(read, PRETTIER_CONFIGS);
  if (prettierConfig && deps.prettier) {
    tasks.refactor.push({
      name: 'prettier',
      run: 'npx prettier --write {files}',
      paths: ['**/*.{js,jsx,ts,tsx,mjs,cjs,json,md,css,scss,yml,yaml}'],
    });
    notes.push(`refactor prettier: ${prettierConfig} and prettier in package.json`);
  }
  if (scripts.test && scripts.test.trim() !== NPM_DEFAULT_TEST) {
    tasks.test.push({ name: 'test', run: pm === 'npm' ? 'npm test' : `${pm} test` });
    notes.push('test test: package.json script "test"');
  }

  const allow = ['npx eslint*', 'npx prettier*', 'npx tsc*', 'npm test*', 'npm run *'];
  if (pm !== 'npm') allow.push(`${pm} test*`, `${pm} run *`);
  // Kinds with nothing detected stay out of the input, so `config --print` calls them defaults.
  const found = Object.fromEntries(Object.entries(tasks).filter(([, list]) => list.length > 0));
  const input: ConfigInput = { tasks: found, policy: { commands: { allow } } };
  return { config: configSchema.parse(input), input, notes };
}

function parsePackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

async function detectPackageManager(read: ReadFile): Promise<'npm' | 'pnpm' | 'yarn'> {
  if ((await read('pnpm-lock.yaml')) !== undefined) return 'pnpm';
  if ((await read('yarn.lock')) !== undefined) return 'yarn';
  return 'npm';
}

async function firstExisting(read: ReadFile, paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if ((await read(path)) !== undefined) return path;
  return undefined;
}
