// The tester: runs a test command on head and reports pass/fail; with a report format (junit, tap,
// jest-json) it reads per-test results and turns each failure into a finding located by its stack
// trace. Its validation subtask re-runs the tests with suggestions applied (validation/validate.ts).
import { parseTestReport, summarizeReport, testFailureFindings } from '../findings/test-reports/index.js';
import type { RunResult } from '../sandbox/types.js';
import {
  exitCodeText,
  lastOutputLine,
  outcome,
  runFailure,
  runTaskCommand,
  type CommandStep,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';
import { validateSuggestions } from './validation/validate.js';
import { createLineReader, toolCwd } from './workspace-read.js';

const MAX_NAMES_SHOWN = 3;

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
  return outcome('failed', exitFailure(step.result));
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
  const format = task.format as 'junit' | 'tap' | 'jest-json';
  const workspace = await toolCwd(input.workspace);
  const report =
    step.reportError !== undefined
      ? { tests: [], error: step.reportError }
      : parseTestReport(format, step.report ?? result.stdout, { workspace });
  if (report.error !== undefined || report.tests.length === 0) {
    const why = report.error ?? `the ${format} report lists no tests`;
    input.span.event('command', `${task.name}: report unreadable`, { error: why });
    if (result.exitCode === 0) return outcome('ok', `${why}; the command exited 0`);
    return outcome('failed', `${exitFailure(result)} (${why})`);
  }
  const summary = summarizeReport(report);
  const findings = testFailureFindings(report, {
    workspace,
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
  if (result.exitCode !== 0) return outcome('failed', `${exitFailure(result)} although ${counts}`);
  return outcome('ok', counts);
}

function exitFailure(result: RunResult): string {
  return `tests failed (${exitCodeText(result)}): ${lastOutputLine(result)}`;
}
