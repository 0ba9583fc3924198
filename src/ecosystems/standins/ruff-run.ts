// The bundled ruff's command line: `check FILE…` prints one rdjson document (exit 1 with diagnostics,
// 0 without) and writes nothing; `format FILE…` rewrites the files whose formatting changes (exit 0).
// Exit 2, with one line on stderr, for usage and configuration errors (nothing on stdout then) and for
// files that could not be formatted or made the build fail. Only `.py`/`.pyi` files are read (`format`:
// `.py` only, stubs have a style of their own that the build does not offer); no directory walking.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_STANDINS } from './bundled.js';
import { renderRdjson, sortDiagnostics, type RdDiagnostic } from './rdjson-output.js';
import {
  RuffConfigError,
  createConfigFinder,
  displayPath,
  findRepositoryRoot,
  type RuffConfig,
} from './ruff-config.js';
import {
  createRuffEngine,
  toRdDiagnostics,
  wasmMessage,
  type RuffEngine,
  type RuffWasm,
  type RuffWorkspace,
} from './ruff-engine.js';
import { isFileExcluded, optionsForFile, resolveSettings, type RuffSettings } from './ruff-settings.js';
import { readSourceText, type CliIo } from './source-file.js';

const { version, from } = BUNDLED_STANDINS.ruff;
export const RUFF_VERSION_LINE = `ruff ${version} (bundled WebAssembly build, Kilo Agent)`;
const USAGE = `usage: ruff check FILE… | ruff format FILE… | ruff --version
The bundled ruff ${version} (${from}): check prints rdjson; format rewrites the files.`;
const SOURCE = { name: 'ruff', url: 'https://docs.astral.sh/ruff' };

type Command = 'check' | 'format';
interface PlannedFile {
  /** As given on the command line: the path rdjson reports. */
  name: string;
  absolute: string;
  workspace: RuffWorkspace;
}

/** Runs one invocation; returns the exit code. `wasm` is the loaded ruff module. */
export function runRuffCli(args: readonly string[], io: CliIo, wasm: RuffWasm): number {
  const [command, ...rest] = args;
  if (command === '--version' || command === '-V') {
    io.stdout(`${RUFF_VERSION_LINE}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'check' && command !== 'format')
    return usageError(io, `unknown command ${command ?? '(none)'}`);
  const files = fileArguments(rest);
  if (typeof files === 'string') return usageError(io, files);
  const session = new RuffSession(io, createRuffEngine(wasm));
  try {
    return command === 'check' ? session.check(files) : session.format(files);
  } catch (error) {
    if (!(error instanceof RuffConfigError)) throw error;
    io.stderr(`ruff: ${error.message}\n`);
    return 2;
  }
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`ruff: ${problem}\n${USAGE}\n`);
  return 2;
}

/** The file operands, or the problem with them: options other than `--` are not taken. */
function fileArguments(args: readonly string[]): string[] | string {
  const files: string[] = [];
  let operands = false;
  for (const arg of args) {
    if (!operands && arg === '--') operands = true;
    else if (!operands && arg.startsWith('-') && arg !== '-')
      return `unknown option ${arg} (this stand-in takes file names only)`;
    else files.push(arg);
  }
  return files.length > 0 ? files : 'no files given';
}

/** One run: configurations and settings cached, warnings printed once. */
class RuffSession {
  private readonly root: string;
  private readonly findConfig: (file: string) => RuffConfig;
  private readonly settings = new Map<RuffConfig, RuffSettings>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly io: CliIo,
    private readonly engine: RuffEngine,
  ) {
    this.root = findRepositoryRoot(io.cwd);
    this.findConfig = createConfigFinder(this.root, io.cwd);
  }

  check(files: readonly string[]): number {
    const diagnostics: RdDiagnostic[] = [];
    let failed = false;
    for (const { name, absolute, workspace } of this.plan(files, 'check')) {
      const source = readSourceText(absolute);
      if (!source.ok) {
        diagnostics.push(ioError(name, source.reason));
        continue;
      }
      try {
        diagnostics.push(...toRdDiagnostics(name, workspace.check(source.text)));
      } catch (error) {
        failed = this.fail(name, `the bundled ruff failed on this file: ${wasmMessage(error)}`);
      }
    }
    this.warn();
    this.io.stdout(renderRdjson(SOURCE, 'WARNING', sortDiagnostics(diagnostics, files)));
    if (failed) return 2;
    return diagnostics.length > 0 ? 1 : 0;
  }

  format(files: readonly string[]): number {
    let failed = false;
    let changed = 0;
    let unchanged = 0;
    for (const { name, absolute, workspace } of this.plan(files, 'format')) {
      const source = readSourceText(absolute);
      if (!source.ok) {
        failed = this.fail(name, source.reason);
        continue;
      }
      let formatted: string;
      try {
        formatted = workspace.format(source.text);
      } catch (error) {
        failed = this.fail(name, `cannot format: ${wasmMessage(error)}`);
        continue;
      }
      if (formatted === source.text) unchanged++;
      else {
        writeFileSync(absolute, source.bom ? `\ufeff${formatted}` : formatted);
        changed++;
      }
    }
    this.warn();
    this.io.stdout(`${changed} file${changed === 1 ? '' : 's'} reformatted, ${unchanged} left unchanged\n`);
    return failed ? 2 : 0;
  }

  /**
   * The files to read, each with its Workspace; all settings are resolved before any file is read, so
   * a configuration error stops the run before anything is written. Files of other languages and
   * force-excluded files are left out.
   */
  private plan(files: readonly string[], command: Command): PlannedFile[] {
    const planned: PlannedFile[] = [];
    for (const name of files) {
      const extension = path.extname(name);
      if (extension !== '.py' && !(extension === '.pyi' && command === 'check')) continue;
      const absolute = path.resolve(this.io.cwd, name);
      const settings = this.settingsFor(absolute);
      if (isFileExcluded(settings, absolute, command)) continue;
      const label = settings.file ? displayPath(settings.file, this.io.cwd) : 'the default settings';
      planned.push({
        name,
        absolute,
        workspace: this.engine.workspace(optionsForFile(settings, absolute), label),
      });
    }
    return planned;
  }

  private settingsFor(file: string): RuffSettings {
    const config = this.findConfig(file);
    let settings = this.settings.get(config);
    if (settings === undefined) {
      settings = resolveSettings(config, this.engine.knownKeys, (f) => displayPath(f, this.io.cwd));
      this.settings.set(config, settings);
    }
    return settings;
  }

  /** Each warning once, on stderr; they never change the exit code. */
  private warn(): void {
    const lines = [...this.settings.values()].flatMap((s) => s.warnings).concat(this.engine.warnings);
    for (const line of lines) {
      if (this.warned.has(line)) continue;
      this.warned.add(line);
      this.io.stderr(`ruff: warning: ${line}\n`);
    }
  }

  private fail(name: string, reason: string): true {
    this.io.stderr(`ruff: ${name}: ${reason}\n`);
    return true;
  }
}

/** A file that cannot be read is reported as ruff does: E902 at its start. */
function ioError(name: string, reason: string): RdDiagnostic {
  const start = { line: 1, column: 1 };
  return { message: reason, location: { path: name, range: { start, end: start } }, code: { value: 'E902' } };
}
