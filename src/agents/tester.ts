// The tester: runs a test command on head and reports pass/fail; with a report format (junit, tap,
// jest-json) it reads per-test results and turns each failure into a finding located by its stack
// trace. Its validation subtask re-runs the tests with suggestions applied (validation/validate.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../sandbox/types.js';
import {
  commandCwd,
  exitCodeText,
  lastOutputLine,
  outcome,
  runFailure,
  runTaskCommand,
  withOutput,
  type CommandStep,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';
import { validateSuggestions } from './validation/validate.js';
import { createLineReader, toolCwd } from './workspace-read.js';

const MAX_NAMES_SHOWN = 3;
const NO_TESTS = /^(?:=+ )?no tests ran in [\d.]+s|^No tests found, exiting with code/m;

export function createTester(): Agent {
  return {
    name: 'tester',
    run(input) {
      const { task } = input.subtask;
      if (task.type === 'validate') return validateSuggestions(input, task.tests);
      if (task.type !== 'command') return Promise.resolve(outcome('failed', 'the tester runs commands only'));
      return runTests(input, task);
    },
  };
}

async function runTests(input: AgentInput, task: CommandTask): Promise<AgentOutput> {
  const step = await runTaskCommand(input, task, input.workspace);
  if (step.done) return step.done;
  const failure = runFailure(step.result, step.argv, task.timeoutSeconds * 1000);
  if (failure) return failure;
  if (task.format !== 'exit-code') return reportOutcome(input, task, step);
  if (step.result.exitCode === 0) return outcome('ok');
  return withOutput(outcome('failed', exitFailure(step.result)), step.result);
}

/**
 * Per-test results decide the verdict together with the exit code: a failed test fails the subtask
 * even if the runner exited 0, and a non-zero exit with every test passing (a crash after the tests,
 * a coverage threshold) fails it too. An unreadable report falls back to the exit code, and says so.
 */
async function reportOutcome(
  input: AgentInput,
  task: CommandTask,
  step: Extract<CommandStep, { result: RunResult }>,
): Promise<AgentOutput> {
  const { result } = step;
  // The report readers (fast-xml-parser for JUnit) are a lazy chunk: a run without tests never loads it.
  const { parseTestReport, summarizeReport, testFailureFindings } =
    await import('../findings/test-reports/index.js');
  const format = task.format as 'junit' | 'tap' | 'jest-json' | 'go-test-json' | 'cargo-test';
  const workspace = await toolCwd(input.workspace);
  const cwd = await toolCwd(commandCwd(input.workspace, task));
  const report =
    step.reportError !== undefined
      ? { tests: [], error: step.reportError }
      : parseTestReport(format, step.report ?? reportText(format, result), {
          workspace,
          cwd,
          ...(format === 'go-test-json' ? await goModuleOf(cwd) : {}),
        });
  if (report.error !== undefined || report.tests.length === 0) {
    const why = report.error ?? `the ${format} report lists no tests`;
    input.span.event('command', `${task.name}: report unreadable`, { error: why });
    if (result.exitCode === 0) return outcome('ok', `${why}; the command exited 0`);
    // pytest exits 5 and jest 1 when they collect nothing: no test of the package ran, none failed.
    if (report.tests.length === 0 && NO_TESTS.test(`${result.stdout}\n${result.stderr}`))
      return withOutput(outcome('skipped', 'the test command found no tests to run'), result);
    return withOutput(outcome('failed', `${exitFailure(result)} (${why})`), result);
  }
  const summary = summarizeReport(report);
  const findings = testFailureFindings(report, {
    workspace,
    cwd,
    source: task.name,
    lineContent: createLineReader(input.workspace),
    changedFiles: new Set(input.context.files.map((file) => file.path)),
  });
  const counts = `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
  if (summary.failed > 0) {
    const names = summary.failedNames.slice(0, MAX_NAMES_SHOWN).join('; ');
    const more =
      summary.failedNames.length > MAX_NAMES_SHOWN
        ? ` and ${summary.failedNames.length - MAX_NAMES_SHOWN} more`
        : '';
    return { ...outcome('failed', `tests failed (${counts}): ${names}${more}`), findings };
  }
  if (result.exitCode !== 0)
    return withOutput(outcome('failed', `${exitFailure(result)} although ${counts}`), result);
  return outcome('ok', counts);
}

/** Go (before 1.24) and cargo print compile errors, and cargo its target names, on stderr. */
const READS_BOTH_STREAMS: ReadonlySet<string> = new Set(['go-test-json', 'cargo-test']);

function reportText(format: string, result: RunResult): string {
  return READS_BOTH_STREAMS.has(format) ? `${result.stdout}\n${result.stderr}` : result.stdout;
}

/** The `module` line of the go.mod in `dir`: Go names failing lines by file name only. */
async function goModuleOf(dir: string): Promise<{ goModule?: string }> {
  const text = await readFile(path.join(dir, 'go.mod'), 'utf8').catch(() => '');
  const module = /^module\s+"?([^\s"]+)"?\s*$/m.exec(text)?.[1];
  return module === undefined ? {} : { goModule: module };
}

function exitFailure(result: RunResult): string {
  return `tests failed (${exitCodeText(result)}): ${lastOutputLine(result)}`;
}
