// JavaScript and TypeScript: npm, pnpm, Yarn (classic and berry) and Bun packages. Tools run from the
// repository's own node_modules/.bin, never through npx (which downloads what is missing); scripts run
// through the package manager the lockfile names. Missing dependencies or a missing package manager
// turn each task into a skip that says how to set the workflow up. Which linters and which test runners
// run directly, and how, is in linters.ts and test-runners.ts.
import { addTask, ancestors, inDir, skipTool } from '../common.js';
import type { DetectInput, DetectedTask, EcosystemDetection, EcosystemProvider } from '../types.js';
import { notInstalled } from '../missing.js';
import {
  dependenciesInstalled,
  detectPackageManager,
  findBin,
  parsePackageJson,
  scriptCommand,
  type PackageJson,
  type PackageManager,
} from './package-manager.js';
import { configuredLinters, firstUp } from './linters.js';
import { directTestRun, PLAIN_SCRIPT } from './test-runners.js';

const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.json5',
  '.prettierrc.yml',
  '.prettierrc.yaml',
  '.prettierrc.toml',
  '.prettierrc.js',
  '.prettierrc.mjs',
  '.prettierrc.cjs',
  'prettier.config.js',
  'prettier.config.mjs',
  'prettier.config.cjs',
  'prettier.config.ts',
];
const PRETTIER_FILES = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,md,css,scss,yml,yaml}';
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';
const TYPECHECK_SCRIPTS = ['typecheck', 'type-check', 'check-types', 'types', 'tsc'];

export const javascript: EcosystemProvider = {
  name: 'javascript',
  markers: ['package.json'],
  owns: (file) =>
    /\.(?:[cm]?[jt]sx?)$/.test(file) ||
    /(?:^|\/)(?:package\.json|pnpm-lock\.yaml|yarn\.lock|package-lock\.json|bun\.lockb?)$/.test(file),
  detect,
  missing: [],
};

interface Scope {
  input: DetectInput;
  pkg: PackageJson;
  pm: PackageManager;
  installed: boolean;
  pmFound: boolean;
  out: EcosystemDetection;
}

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  const { directory, read, probe } = input;
  const packages = new Map<string, PackageJson | undefined>();
  for (const dir of ancestors(directory))
    packages.set(dir, parsePackageJson(await read(inDir(dir, 'package.json'))));
  const pkg = packages.get(directory);
  if (pkg === undefined) return undefined;
  const pm = await detectPackageManager(read, directory, packages);
  // A workspace's tools are often declared once, at its root: count the packages up the tree too.
  const deps: Record<string, string> = {};
  for (const dir of ancestors(directory).reverse()) {
    Object.assign(deps, packages.get(dir)?.dependencies, packages.get(dir)?.devDependencies);
  }
  const scope: Scope = {
    input,
    pkg,
    pm,
    // A package without dependencies needs no install to run its scripts.
    installed: Object.keys(deps).length === 0 || (await dependenciesInstalled(probe, directory)),
    pmFound: (await probe.which(pm.name)) !== undefined,
    out: { ecosystem: 'javascript', directory, tasks: [], allow: [], skipped: [], notes: [] },
  };
  scope.out.notes.push(
    `${pm.name}${pm.berry ? ' (berry)' : ''} from ${pm.evidence}; dependencies ${scope.installed ? 'installed' : 'not installed'}`,
  );
  const scripts = pkg.scripts ?? {};

  const linters = await configuredLinters(input, pkg, deps, scope.installed);
  for (const linter of linters)
    await tool(scope, 'analyze', linter.name, linter.evidence, linter.task, linter.package);
  // A lint script runs these same linters: running it too would report each problem twice.
  if (linters.length === 0 && scripts.lint !== undefined) script(scope, 'analyze', 'lint', 'lint');

  const typecheck = TYPECHECK_SCRIPTS.find((name) => scripts[name] !== undefined);
  const tsconfig = (await read(inDir(directory, 'tsconfig.json'))) !== undefined;
  if (
    typecheck !== undefined &&
    /^tsc(?: |$)/.test(scripts[typecheck] ?? '') &&
    PLAIN_SCRIPT.test(scripts[typecheck] ?? '')
  ) {
    // `tsc --noEmit -p …` run directly so its errors become findings on their lines.
    const args = (scripts[typecheck] ?? '').slice('tsc'.length).trim();
    await tool(scope, 'analyze', 'tsc', `package.json script "${typecheck}"`, (bin) => ({
      name: 'tsc',
      run: `${bin}${args === '' ? '' : ` ${args}`} --pretty false`,
      format: 'tsc',
    }));
  } else if (typecheck !== undefined) {
    script(scope, 'analyze', 'typecheck', typecheck);
  } else if (tsconfig && deps.typescript !== undefined) {
    await tool(scope, 'analyze', 'tsc', 'tsconfig.json and typescript in package.json', (bin) => ({
      name: 'tsc',
      run: `${bin} --noEmit --pretty false`,
      format: 'tsc',
    }));
  }

  const prettierConfig =
    pkg.prettier !== undefined ? 'package.json prettier' : await firstUp(input, PRETTIER_CONFIGS);
  if (prettierConfig !== undefined && (deps.prettier !== undefined || scope.installed)) {
    await tool(scope, 'refactor', 'prettier', prettierConfig, (bin) => ({
      name: 'prettier',
      run: `${bin} --write {files}`,
      paths: [PRETTIER_FILES],
    }));
  }

  const test = scripts.test;
  if (test !== undefined && test.trim() !== NPM_DEFAULT_TEST) await testTask(scope, test.trim());
  return scope.out;
}

type TaskOf<K extends DetectedTask['kind']> = Extract<DetectedTask, { kind: K }>['task'];

/** A tool run from node_modules/.bin, installed by `npmPackage`; skipped when it or the dependencies are not. */
async function tool<K extends DetectedTask['kind']>(
  scope: Scope,
  kind: K,
  name: string,
  evidence: string,
  make: (bin: string) => TaskOf<K>,
  npmPackage = name,
): Promise<void> {
  const bin = await findBin(scope.input.probe, scope.input.directory, name);
  if (bin === undefined) {
    const add = npmPackage === name ? 'it' : npmPackage;
    const reason = scope.installed
      ? `${name} is configured (${evidence}) but not installed in node_modules: add ${add} to devDependencies`
      : notInstalledDeps(scope.pm);
    return skipTool(scope.out, { kind, tool: name, reason }, evidence);
  }
  addTask(scope.out, { kind, task: make(bin) } as DetectedTask, `${kind} ${name}: ${evidence} and ${bin}`);
}

/** A package.json script through the package manager; skipped when it or the dependencies are missing. */
function script(scope: Scope, kind: 'analyze' | 'test', name: string, scriptName: string): void {
  const run = scriptCommand(scope.pm.name, scriptName);
  const evidence = `package.json script "${scriptName}"`;
  if (!scope.pmFound)
    return skipTool(scope.out, { kind, tool: run, reason: notInstalled(scope.pm.name) }, evidence);
  if (!scope.installed)
    return skipTool(scope.out, { kind, tool: run, reason: notInstalledDeps(scope.pm) }, evidence);
  addTask(
    scope.out,
    { kind, task: { name, run } } as DetectedTask,
    `${kind} ${name}: ${evidence}, run with ${scope.pm.name}`,
  );
}

/**
 * The test script: its runner directly with a reporter we read when test-runners.ts knows how (failing
 * tests named with their file and line), else the script through the package manager.
 */
async function testTask(scope: Scope, test: string): Promise<void> {
  const direct = directTestRun(test);
  if (direct !== undefined) {
    const evidence = 'package.json script "test"';
    const note = `test test: ${evidence} (${direct.runner}, ${direct.results})`;
    const planned = (program: string): DetectedTask => ({
      kind: 'test',
      task: { name: 'test', run: direct.run(program), format: direct.format },
    });
    if (direct.bin === undefined) {
      if (scope.installed) return addTask(scope.out, planned('node'), note);
      const reason = notInstalledDeps(scope.pm);
      return skipTool(scope.out, { kind: 'test', tool: direct.runner, reason }, evidence);
    }
    const bin = await findBin(scope.input.probe, scope.input.directory, direct.bin);
    if (bin !== undefined) return addTask(scope.out, planned(bin), `${note} and ${bin}`);
  }
  script(scope, 'test', 'test', 'test');
}

function notInstalledDeps(pm: PackageManager): string {
  return `dependencies are not installed (no node_modules): run \`${pm.install}\` before this step`;
}
