// Running a configured task command for an agent: policy gate, argv expansion, the run and its trace
// event. Shared by analyzer, refactorer and tester so every command is gated and recorded alike.
import { lstat, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandTaskSpec } from '../plan/types.js';
import { REPORT_PLACEHOLDER } from '../policy/schema.js';
import { expandFiles, FILES_PLACEHOLDER, parseCommandLine } from '../sandbox/command.js';
import { filesForCommand } from './builtins/workspace-file.js';
import type { CommandRunner, RunRequest, RunResult } from '../sandbox/types.js';
import { isTransientSpawnError } from '../sandbox/spawn-error.js';
import { getErrorMessage } from '../util/errors.js';
import { MISSING_SIGNATURES } from '../ecosystems/index.js';
import { missingReason } from '../ecosystems/missing.js';
import type { AgentInput, AgentOutput } from './types.js';

export type CommandTask = CommandTaskSpec;

/**
 * Either the agent is already done (denied, invalid, nothing to run on) or the command ran. `report`
 * is the report file's text when the task has one (`report:` or `{report}`); `reportError` says why
 * it could not be read.
 */
export type CommandStep =
  | { done: AgentOutput }
  | { done?: undefined; result: RunResult; argv: string[]; report?: string; reportError?: string };

export interface CommandSpec {
  /** Trace name, e.g. the task name or `git`. */
  name: string;
  argv: string[];
  cwd: string;
  timeoutMs: number;
  maxOutputBytes?: number;
  /** Cleanup must finish even when the subtask is being cancelled. */
  ignoreAbort?: boolean;
  /** The task's env allowlist (names only; values come from the runner's environment). */
  passEnv?: readonly string[];
  limits?: RunRequest['limits'];
}

const MAX_REASON_CHARS = 200;

export function outcome(status: AgentOutput['status'], reason?: string): AgentOutput {
  const output: AgentOutput = { status, findings: [], suggestions: [] };
  if (reason !== undefined) output.reason = reason;
  return output;
}

/**
 * Asks the policy engine and expands `{files}` (less symlinks and paths that leave the workspace):
 * either the agent is done, or here is the argv.
 */
export async function prepareTaskCommand(
  input: AgentInput,
  task: CommandTask,
  changed: readonly string[] = input.subtask.files,
): Promise<{ done: AgentOutput } | { done?: undefined; argv: string[] }> {
  const decision = input.decide({ kind: 'command', command: task.run });
  if (!decision.allow) return { done: outcome('skipped', `policy: ${decision.reason}`) };
  try {
    const words = parseCommandLine(task.run);
    if (!words.includes(FILES_PLACEHOLDER)) return { argv: expandFiles(words, []) };
    const { kept, dropped } = await filesForCommand(input.workspace, changed);
    const withheld = dropped.length ? ` (${dropped.length} withheld: symlinks or outside the workspace)` : '';
    if (dropped.length > 0)
      input.span.event('command', 'files withheld', { task: task.name, files: dropped });
    const inDirectory = relativeTo(task.workingDirectory, kept);
    // With no files `{files}` vanishes, and most tools then check the whole project instead.
    if (inDirectory.length === 0) return { done: outcome('skipped', `no files to run on${withheld}`) };
    return { argv: expandFiles(words, inDirectory) };
  } catch (error) {
    return { done: outcome('failed', getErrorMessage(error)) };
  }
}

/** The files inside `directory`, relative to it (a package's tool is handed its own files only). */
function relativeTo(directory: string | undefined, files: readonly string[]): string[] {
  if (directory === undefined || directory === '.') return [...files];
  const prefix = `${directory.replace(/\/+$/, '')}/`;
  return files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
}

/** Where the task's command runs under `root` (the checkout, or a throwaway copy of it). */
export function commandCwd(root: string, task: CommandTask): string {
  return task.workingDirectory === undefined ? root : path.join(root, task.workingDirectory);
}

/**
 * prepareTaskCommand, then run the command in `cwd` with the task's timeout (and, for a parsed format,
 * a larger output cap), and read its report file
 * when it has one: `{report}` becomes a path in a fresh temp dir (removed afterwards), `report:` is a
 * file under `cwd` that must have been written by this run.
 */
export async function runTaskCommand(
  input: AgentInput,
  task: CommandTask,
  root: string,
  options: { files?: readonly string[] } = {},
): Promise<CommandStep> {
  const prepared = await prepareTaskCommand(input, task, options.files);
  if (prepared.done) return prepared;
  const cwd = commandCwd(root, task);
  const usesPlaceholder = prepared.argv.some((word) => word.includes(REPORT_PLACEHOLDER));
  const tempDir = usesPlaceholder ? await mkdtemp(path.join(tmpdir(), 'kilo-report-')) : undefined;
  try {
    const reportFile = tempDir ? path.join(tempDir, 'report') : reportPath(cwd, task.report);
    const argv = tempDir
      ? prepared.argv.map((word) => word.split(REPORT_PLACEHOLDER).join(reportFile))
      : prepared.argv;
    const spec: CommandSpec = {
      name: task.name,
      argv,
      cwd,
      timeoutMs: task.timeoutSeconds * 1000,
      passEnv: task.env,
      limits: task.limits,
    };
    // Parsed output repeats source (ESLint's JSON, SARIF snippets): the runner's default cap would cut it.
    if (task.format !== 'exit-code') spec.maxOutputBytes = PARSED_OUTPUT_MAX_BYTES;
    const startedAt = Date.now();
    const result = await runRecorded(input, spec);
    if (reportFile === undefined) return { result, argv };
    return { result, argv, ...(await readReport(reportFile, task.report ?? REPORT_PLACEHOLDER, startedAt)) };
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

const PARSED_OUTPUT_MAX_BYTES = 32 * 1024 * 1024;
const REPORT_MAX_BYTES = 64 * 1024 * 1024;

function reportPath(cwd: string, report: string | undefined): string | undefined {
  return report === undefined ? undefined : path.resolve(cwd, report);
}

/** The report's text, or why there is none: missing, left over from an earlier run, too big. */
async function readReport(
  file: string,
  name: string,
  startedAt: number,
): Promise<{ report: string } | { reportError: string }> {
  let stats;
  try {
    stats = await lstat(file);
  } catch {
    return { reportError: `the command wrote no report (${name})` };
  }
  // mtime has coarse resolution on some file systems: allow a second.
  if (!stats.isFile()) return { reportError: `the report ${name} is not a regular file` };
  if (stats.mtimeMs < startedAt - 1000)
    return { reportError: `the report ${name} was not written by this run` };
  if (stats.size > REPORT_MAX_BYTES) {
    return { reportError: `the report ${name} is over ${REPORT_MAX_BYTES / 1024 / 1024} MiB` };
  }
  return { report: await readFile(file, 'utf8') };
}

/** Runs one command and records it in the trace: program, exit, duration; never argv or env. */
export async function runRecorded(input: AgentInput, spec: CommandSpec): Promise<RunResult> {
  const request: RunRequest = { argv: spec.argv, cwd: spec.cwd, timeoutMs: spec.timeoutMs };
  if (spec.ignoreAbort !== true) request.signal = input.signal;
  if (spec.maxOutputBytes !== undefined) request.maxOutputBytes = spec.maxOutputBytes;
  if (spec.passEnv?.length) request.passEnv = spec.passEnv;
  if (spec.limits && Object.keys(spec.limits).length) request.limits = spec.limits;
  const result = await input.runner.run(request);
  input.span.event('command', spec.name, {
    program: spec.argv[0],
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    truncated: result.truncated,
    ...(result.spawnError === undefined ? {} : { spawnError: result.spawnError }),
  });
  return result;
}

/**
 * The worktree module's git commands, recorded in the trace like every other command. runRecorded
 * binds the subtask's signal itself, so a request without one is cleanup that must not be aborted.
 */
export function recordingRunner(input: AgentInput): CommandRunner {
  return {
    run: (request) =>
      runRecorded(input, {
        name: path.basename(request.argv[0] ?? 'git'),
        argv: request.argv,
        cwd: request.cwd,
        timeoutMs: request.timeoutMs,
        ...(request.maxOutputBytes === undefined ? {} : { maxOutputBytes: request.maxOutputBytes }),
        ...(request.signal === undefined ? { ignoreAbort: true } : {}),
      }),
  };
}

/** The agent's answer when the command did not run to completion (timeout, could not start). */
export function runFailure(
  result: RunResult,
  argv: readonly string[],
  timeoutMs: number,
): AgentOutput | undefined {
  // Not installed (could not start, `x: not found`, "install first"): the workflow's set-up, not a failure.
  const missing = missingReason(result, argv, MISSING_SIGNATURES);
  if (missing !== undefined) return withOutput(outcome('skipped', missing), result);
  if (result.timedOut) {
    const seconds = Number((timeoutMs / 1000).toFixed(1));
    return outcome('timed-out', `${argv[0]} timed out after ${seconds}s`);
  }
  if (result.spawnError !== undefined) {
    // The message already names the program and the cause. EAGAIN-like causes may pass on a retry.
    return malfunction(result.spawnError, isTransientSpawnError(result.spawnErrorCode));
  }
  if (result.exitCode === null && result.signal !== null) {
    // Killed by a signal we did not send (OOM killer, a crash): worth one more try.
    return malfunction(`${argv[0]} crashed (${result.signal})`, true);
  }
  return undefined;
}

const TAIL_LINES = 20;
const TAIL_MAX_CHARS = 4000;

/**
 * The output's last lines (stdout's, then stderr's), so a tool that failed without parseable findings
 * still shows what it said: the one-line reason alone often keeps only `ELIFECYCLE Command failed`.
 */
export function outputTail(result: RunResult): string | undefined {
  const tail = (text: string) =>
    text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(-TAIL_LINES);
  const lines = [...tail(result.stdout), ...tail(result.stderr)].slice(-TAIL_LINES);
  if (lines.length === 0) return undefined;
  const text = lines.join('\n');
  return text.length > TAIL_MAX_CHARS ? `…${text.slice(-(TAIL_MAX_CHARS - 1))}` : text;
}

/** The outcome with the command's last output lines attached (for a failed or skipped command). */
export function withOutput(output: AgentOutput, result: RunResult): AgentOutput {
  const tail = outputTail(result);
  return tail === undefined ? output : { ...output, output: tail };
}

/** A failure of the tool itself, not a tool reporting problems: counts toward its circuit breaker. */
export function malfunction(reason: string, transient = false): AgentOutput {
  return { ...outcome('failed', reason), toolError: true, ...(transient ? { transient: true } : {}) };
}

/** How a failed command explains itself: the last non-empty line of stderr, else of stdout. */
export function lastOutputLine(result: RunResult): string {
  const last = lastLine(result.stderr) ?? lastLine(result.stdout) ?? '(no output)';
  return last.length > MAX_REASON_CHARS ? `${last.slice(0, MAX_REASON_CHARS - 1)}…` : last;
}

function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim();
    if (line) return line;
  }
  return undefined;
}

export function exitCodeText(result: RunResult): string {
  return result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `exit code ${result.exitCode}`;
}
