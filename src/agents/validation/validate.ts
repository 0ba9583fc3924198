// The tester's second job: re-run the baseline tests on a throwaway checkout of head with the
// refactors' suggestions applied. All of them at once first; when the tests fail, bisect to the
// culprits, roll them back (they are never posted) and mark the rest validated. Every test run and
// every bisection step is in the trace. Runs only after the baseline tests passed (the plan's
// dependsOn) and after every refactor ended (its `after`).
import { dedupeByFingerprint } from '../../findings/filter.js';
import type { Suggestion, SuggestionValidation } from '../../findings/types.js';
import type { ValidationTest } from '../../plan/types.js';
import { createWorktree, type Worktree } from '../../sandbox/worktree.js';
import { getErrorMessage } from '../../util/errors.js';
import { exitCodeText, outcome, recordingRunner, runTaskCommand } from '../task-command.js';
import type { AgentInput, AgentOutput } from '../types.js';
import { applySuggestions, partitionOverlapping } from './apply.js';
import { bisect } from './bisect.js';

export async function validateSuggestions(
  input: AgentInput,
  tests: readonly ValidationTest[],
): Promise<AgentOutput> {
  const after = input.subtask.after ?? [];
  const suggestions = dedupeByFingerprint(after.flatMap((id) => input.upstream(id)?.suggestions ?? []));
  if (suggestions.length === 0) return outcome('ok', 'no suggestions to validate');
  const { applicable, overlapping } = partitionOverlapping(suggestions);
  for (const suggestion of overlapping) {
    input.span.event('validate', 'overlap', { path: suggestion.path, fingerprint: suggestion.fingerprint });
  }

  let worktree: Worktree;
  try {
    worktree = await createWorktree(
      recordingRunner(input),
      input.workspace,
      input.context.head.sha,
      input.signal,
    );
  } catch (error) {
    return outcome('failed', `could not make a checkout to validate in: ${getErrorMessage(error)}`);
  }
  try {
    const failures = new Map<Suggestion, string>();
    let step = 0;
    const result = await bisect(applicable, async (subset) => {
      step++;
      const failed = await runTestsWith(input, tests, worktree.dir, subset);
      input.span.event('validate', `run ${step}`, {
        step,
        applied: subset.length,
        passed: failed === undefined,
        ...(failed === undefined ? {} : { failed }),
      });
      if (failed !== undefined && subset.length > 0) {
        for (const suggestion of subset) if (!failures.has(suggestion)) failures.set(suggestion, failed);
      }
      return failed === undefined;
    });
    const validation: SuggestionValidation = {
      validated: result.kept.map((suggestion) => suggestion.fingerprint),
      dropped: result.culprits.map((suggestion) => ({
        fingerprint: suggestion.fingerprint,
        reason: `rolled back: ${failures.get(suggestion) ?? 'the tests failed'} with it applied`,
      })),
      testRuns: result.runs,
    };
    for (const { fingerprint, reason } of validation.dropped) {
      input.span.event('validate', 'rolled back', { fingerprint, reason });
    }
    return { ...outcome('ok', summary(validation, overlapping.length)), validation };
  } finally {
    await worktree.remove();
  }
}

/**
 * Applies `subset`, runs the tests, undoes the changes. Returns what failed (`test:unit failed (exit
 * code 1)`), or undefined when all passed. A cancelled run throws, so the validation ends without
 * verdicts instead of with wrong ones.
 */
async function runTestsWith(
  input: AgentInput,
  tests: readonly ValidationTest[],
  dir: string,
  subset: readonly Suggestion[],
): Promise<string | undefined> {
  const restore = await applySuggestions(dir, subset);
  try {
    return await runValidationTests(input, tests, dir, [...new Set(subset.map((s) => s.path))]);
  } finally {
    await restore();
  }
}

/**
 * Runs every test command in `dir` until one fails: a task's `validate-run` on `changed` when it has
 * one (jest --findRelatedTests {files}), else its own command. Returns what failed, or undefined.
 */
export async function runValidationTests(
  input: AgentInput,
  tests: readonly ValidationTest[],
  dir: string,
  changed: readonly string[],
  options: { everyTestMustRun?: boolean } = {},
): Promise<string | undefined> {
  for (const test of tests) {
    const { validateRun } = test.task;
    const task = validateRun === undefined ? test.task : { ...test.task, run: validateRun };
    const files = validateRun === undefined ? test.files : changed;
    const step = await runTaskCommand(input, task, dir, { files });
    input.signal.throwIfAborted();
    if (step.done) {
      // Validation follows its baseline (a skipped baseline skipped it too); a commit needs every test run.
      if (step.done.status === 'skipped' && options.everyTestMustRun !== true) continue;
      return `${test.id} could not run (${step.done.reason ?? step.done.status})`;
    }
    const { result } = step;
    if (result.timedOut) return `${test.id} timed out`;
    if (result.exitCode !== 0) return `${test.id} failed (${exitCodeText(result)})`;
  }
  return undefined;
}

function summary(validation: SuggestionValidation, overlapping: number): string {
  const parts = [`${validation.validated.length} validated`];
  if (validation.dropped.length > 0) parts.push(`${validation.dropped.length} rolled back`);
  if (overlapping > 0) parts.push(`${overlapping} not checked (overlapping another suggestion)`);
  parts.push(`${validation.testRuns} test run${validation.testRuns === 1 ? '' : 's'}`);
  return parts.join(', ');
}
