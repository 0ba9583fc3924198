// Real, git-free temp repositories for the ecosystem providers' tests: files written to disk, a reader
// and a probe over them, PATH directories of stub programs, and a runner that executes a planned run
// line the way the sandbox does (no shell, `{files}` and `{report}` expanded, the offline environment).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from '@jest/globals';
import { createProbe } from '../../src/ecosystems/probe.js';
import type { DetectInput, Probe, ReadFile, Standins } from '../../src/ecosystems/types.js';
import { expandFiles, parseCommandLine } from '../../src/sandbox/command.js';
import type { RunResult } from '../../src/sandbox/types.js';

/**
 * What the sandbox sets for every command so that no tool downloads (docs/security.md): Go's module
 * proxy and toolchain switching off, Cargo offline, rustup without auto-installs, pip without an index.
 */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  GOPROXY: 'off',
  GOTOOLCHAIN: 'local',
  CARGO_NET_OFFLINE: 'true',
  RUSTUP_AUTO_INSTALL: '0',
  PIP_NO_INDEX: '1',
};

export interface TinyRepo {
  /** Absolute, symlink-free path of the checkout. */
  dir: string;
  /** Reads a repository-relative file; undefined for a missing file or a directory. */
  read: ReadFile;
  write(files: Record<string, string>): void;
  /** A probe of this checkout whose PATH is `pathDirs` only. */
  probe(pathDirs: readonly string[]): Probe;
  /** What a provider's detect receives for `directory` and the changed `files`. */
  input(
    directory: string,
    files: readonly string[],
    pathDirs: readonly string[],
    standins?: Standins,
  ): DetectInput;
}

/** Temp directories made by this module, removed by `removeTinyRepos` (call it in afterAll). */
const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), `kilo-${prefix}-`)));
  made.push(dir);
  return dir;
}

export function removeTinyRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function createTinyRepo(files: Record<string, string>, prefix = 'repo'): TinyRepo {
  const dir = tempDir(prefix);
  const repo: TinyRepo = {
    dir,
    read: (file) => Promise.resolve(readText(path.join(dir, file))),
    write: (more) => writeFiles(dir, more),
    probe: (pathDirs) => createProbe(dir, pathDirs.join(path.delimiter)),
    input: (directory, changed, pathDirs, standins = {}) => ({
      directory,
      read: repo.read,
      probe: repo.probe(pathDirs),
      files: changed,
      standins,
    }),
  };
  repo.write(files);
  return repo;
}

/** Writes files (`name: content`); a name ending in `*` is written without it and made executable. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const executable = name.endsWith('*');
    const file = path.join(dir, executable ? name.slice(0, -1) : name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (executable) chmodSync(file, 0o755);
  }
}

function readText(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** A PATH directory of stub programs that are never run (the probe only looks at their file mode). */
export function stubBin(programs: readonly string[]): string {
  const dir = tempDir('bin');
  writeFiles(dir, Object.fromEntries(programs.map((name) => [`${name}*`, '#!/bin/sh\nexit 99\n'])));
  return dir;
}

/**
 * A PATH directory holding links to just these programs of this machine's PATH (those it has), so a
 * detection sees the tools a test means, whatever else a developer has installed.
 */
export function realBin(programs: readonly string[]): string {
  const dir = tempDir('tools');
  for (const program of programs) {
    const found = onPath(program);
    if (found !== undefined) symlinkSync(found, path.join(dir, program));
  }
  return dir;
}

/** Where `program` is on this machine's PATH, or undefined. */
export function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, program);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether `program args…` runs and exits 0 here. */
export function toolAvailable(program: string, args: readonly string[] = ['--version']): boolean {
  return spawnSync(program, args, { stdio: 'ignore' }).status === 0;
}

/**
 * `it`, or `it.skip` where the tool is absent on a developer machine. In CI (CI=true) the test runs
 * anyway and fails loudly: there the tools must be installed.
 */
export function itWhen(available: boolean): typeof it | typeof it.skip {
  return !available && !process.env.CI ? it.skip : it;
}

export interface PlannedRun {
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The `{report}` file's text when the run line has one and the tool wrote it. */
  report?: string;
}

/**
 * Runs a planned run line as the sandbox would: parsed without a shell, `{files}` expanded (relative
 * to `cwd`), `{report}` a fresh temp file, the offline environment over this process's.
 */
export function runPlanned(
  run: string,
  cwd: string,
  options: { files?: readonly string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): PlannedRun {
  const reportDir = tempDir('report');
  const reportFile = path.join(reportDir, 'report');
  const argv = expandFiles(parseCommandLine(run), options.files ?? []).map((word) =>
    word.split('{report}').join(reportFile),
  );
  const [program = '', ...args] = argv;
  const result = spawnSync(program, args, {
    cwd,
    env: { ...process.env, ...OFFLINE_ENV, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const planned: PlannedRun = { argv, exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
  const report = readText(reportFile);
  if (report !== undefined) planned.report = report;
  return planned;
}

/** The run as the sandbox runner reports it, for `missingReason`. */
export function asRunResult(run: PlannedRun): RunResult {
  return {
    exitCode: run.exitCode,
    signal: null,
    stdout: run.stdout,
    stderr: run.stderr,
    durationMs: 0,
    timedOut: false,
    truncated: false,
  };
}
