// Which package manager a JavaScript package uses (the `packageManager` field, then the lockfile, from
// the package up to the repository root), whether its dependencies are installed, and where its tools'
// binaries are. Read from files and probes only: nothing is run.
import path from 'node:path';
import { ancestors, inDir } from '../common.js';
import type { Probe, ReadFile } from '../types.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageManager {
  name: PackageManagerName;
  /** Yarn 2+ (berry): `.yarnrc.yml`, a `yarn@2+` packageManager field, or a berry lockfile. */
  berry: boolean;
  /** Why we think so, e.g. `pnpm-lock.yaml` or `packageManager: pnpm@9.1.0`. */
  evidence: string;
  /** The command that installs the dependencies as a CI step would. */
  install: string;
}

export interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
  eslintConfig?: unknown;
  prettier?: unknown;
}

export function parsePackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as PackageJson)
      : undefined;
  } catch {
    return undefined;
  }
}

const LOCKFILES: readonly [string, PackageManagerName][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

export async function detectPackageManager(
  read: ReadFile,
  directory: string,
  packages: ReadonlyMap<string, PackageJson | undefined>,
): Promise<PackageManager> {
  for (const dir of ancestors(directory)) {
    const field = packages.get(dir)?.packageManager;
    const match = typeof field === 'string' ? /^(npm|pnpm|yarn|bun)@(\d+)/.exec(field) : null;
    if (match) {
      const name = match[1] as PackageManagerName;
      const berry = name === 'yarn' && Number(match[2]) >= 2;
      return withInstall({ name, berry, evidence: `packageManager: ${field}` }, true);
    }
    for (const [file, name] of LOCKFILES) {
      const text = await read(inDir(dir, file));
      if (text === undefined) continue;
      const berry =
        name === 'yarn' &&
        (text.includes('__metadata:') || (await read(inDir(dir, '.yarnrc.yml'))) !== undefined);
      return withInstall({ name, berry, evidence: inDir(dir, file) }, true);
    }
  }
  return withInstall({ name: 'npm', berry: false, evidence: 'no lockfile' }, false);
}

function withInstall(pm: Omit<PackageManager, 'install'>, locked: boolean): PackageManager {
  const install: Record<PackageManagerName, string> = {
    npm: locked ? 'npm ci' : 'npm install',
    pnpm: 'pnpm install --frozen-lockfile',
    yarn: pm.berry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile',
    bun: 'bun install --frozen-lockfile',
  };
  return { ...pm, install: install[pm.name] };
}

/** The run line of a package.json script through the package manager (`bun test` is bun's own runner). */
export function scriptCommand(pm: PackageManagerName, script: string): string {
  if (script === 'test' && pm !== 'bun') return `${pm} test`;
  return `${pm} run ${script}`;
}

/** Where the package's dependencies live: a node_modules directory up the tree, or Yarn's Plug'n'Play. */
export async function dependenciesInstalled(probe: Probe, directory: string): Promise<boolean> {
  for (const dir of ancestors(directory)) {
    if (await probe.exists(inDir(dir, 'node_modules'))) return true;
    if (await probe.exists(inDir(dir, '.pnp.cjs'))) return true;
  }
  return false;
}

/**
 * A tool's binary in `node_modules/.bin`, from the package up to the root, as a path relative to the
 * package (what its run line says, so the program runs directly: never through npx, which may download).
 */
export async function findBin(probe: Probe, directory: string, tool: string): Promise<string | undefined> {
  for (const dir of ancestors(directory)) {
    const bin = inDir(dir, `node_modules/.bin/${tool}`);
    if (await probe.exists(bin)) return path.posix.relative(directory === '.' ? '' : directory, bin);
  }
  return undefined;
}
