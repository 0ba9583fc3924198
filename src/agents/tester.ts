// The tester: runs the test command in the workspace and reports pass/fail from its exit code.
// Findings from test reports (JUnit) come later; for now a failure carries the last output line.
import {
  exitCodeText,
  lastOutputLine,
  outcome,
  runFailure,
  runTaskCommand,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';

export function createTester(): Agent {
  return {
    name: 'tester',
    run(input) {
      const { task } = input.subtask;
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
  if (step.result.exitCode === 0) return outcome('ok');
  return outcome('failed', `tests failed (${exitCodeText(step.result)}): ${lastOutputLine(step.result)}`);
}
