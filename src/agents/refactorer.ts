// The refactorer: runs a fixer command in a throwaway git worktree of the head commit (never in the
// workspace), and turns what it changed into suggestions on lines the PR added. The worktree is
// always removed. Only modified text files yield suggestions; files the fixer creates are ignored.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseUnifiedDiff } from '../context/diff.js';
import type { ChangedFile, Hunk } from '../context/types.js';
import { touchesAddedLine } from '../findings/filter.js';
import { suggestionFingerprint } from '../findings/fingerprint.js';
import type { Suggestion } from '../findings/types.js';
import type { RunResult } from '../sandbox/types.js';
import {
  exitCodeText,
  lastOutputLine,
  outcome,
  prepareTaskCommand,
  runFailure,
  runRecorded,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';

const GIT_TIMEOUT_MS = 120_000;
const DIFF_MAX_BYTES = 32 * 1024 * 1024;
// Hooks of the user's clone must not run for our bookkeeping (post-checkout on worktree add).
const GIT = ['git', '-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false'];
// Explicit prefixes and no renames/textconv/external diff: the user's git config must not change the format.
const DIFF_ARGS = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '-U0'];
const PREFIX_ARGS = ['--src-prefix=a/', '--dst-prefix=b/', 'HEAD'];

export function createRefactorer(): Agent {
  return {
    name: 'refactorer',
    run(input) {
      const { task } = input.subtask;
      if (task.type === 'command') return refactor(input, task);
      return Promise.resolve(outcome('failed', 'the refactorer runs commands only'));
    },
  };
}

async function refactor(input: AgentInput, task: CommandTask): Promise<AgentOutput> {
  const prepared = prepareTaskCommand(input, task);
  if (prepared.done) return prepared.done;
  const worktree = await mkdtemp(path.join(tmpdir(), 'kilo-refactor-'));
  try {
    const added = await git(input, input.workspace, [
      'worktree',
      'add',
      '--detach',
      worktree,
      input.context.head.sha,
    ]);
    if (added.exitCode !== 0) return outcome('failed', `git worktree add failed: ${lastOutputLine(added)}`);
    const timeoutMs = task.timeoutSeconds * 1000;
    const fixer = await runRecorded(input, {
      name: task.name,
      argv: prepared.argv,
      cwd: worktree,
      timeoutMs,
    });
    const failure = runFailure(fixer, prepared.argv, timeoutMs);
    if (failure) return failure;
    return await collectSuggestions(input, task, worktree, fixer);
  } finally {
    await removeWorktree(input, worktree);
  }
}

async function collectSuggestions(
  input: AgentInput,
  task: CommandTask,
  worktree: string,
  fixer: RunResult,
): Promise<AgentOutput> {
  const diff = await git(input, worktree, [...DIFF_ARGS, ...PREFIX_ARGS], DIFF_MAX_BYTES);
  if (diff.exitCode !== 0 || diff.truncated) {
    return outcome(
      'failed',
      `git diff of the fixer's changes failed: ${diff.truncated ? 'diff too large' : lastOutputLine(diff)}`,
    );
  }
  const changed = parseUnifiedDiff(diff.stdout).filter((file) => file.status === 'modified' && !file.binary);
  // A fixer may exit non-zero for problems it could not fix (eslint --fix); only no changes at all is a failure.
  if (changed.length === 0 && fixer.exitCode !== 0) {
    return outcome('failed', `${exitCodeText(fixer)}: ${lastOutputLine(fixer)}`);
  }
  const suggestions: Suggestion[] = [];
  for (const file of changed) {
    const kept = (await fileSuggestions(input, file, task.name)).filter((s) => onPrLines(input, s));
    if (kept.length > 0 && input.decide({ kind: 'write', path: file.path }).allow) suggestions.push(...kept);
  }
  return { ...outcome('ok'), suggestions };
}

/** Inside one hunk of the PR diff (GitHub's rule for suggestions) and touching a line the PR added. */
function onPrLines(input: AgentInput, suggestion: Suggestion): boolean {
  const { diffIndex } = input.context;
  const { path: file, startLine, endLine } = suggestion;
  return (
    diffIndex.isCommentableRange(file, startLine, endLine, 'RIGHT') &&
    touchesAddedLine(diffIndex.addedLines(file), startLine, endLine)
  );
}

async function fileSuggestions(input: AgentInput, file: ChangedFile, source: string): Promise<Suggestion[]> {
  let headLines: string[] | undefined;
  const lineAt = async (line: number): Promise<string | undefined> => {
    headLines ??= await readHeadLines(input.workspace, file.path);
    return headLines[line - 1];
  };
  const suggestions: Suggestion[] = [];
  for (const hunk of file.hunks) {
    const suggestion = await hunkSuggestion(file.path, hunk, source, lineAt);
    if (suggestion) suggestions.push(suggestion);
  }
  return suggestions;
}

/**
 * A -U0 hunk → the head lines it replaces and their replacement. A pure insertion replaces nothing,
 * which a suggestion cannot express, so it is anchored on the line before it (or after, at the top).
 */
async function hunkSuggestion(
  file: string,
  hunk: Hunk,
  source: string,
  lineAt: (line: number) => Promise<string | undefined>,
): Promise<Suggestion | undefined> {
  const inserted = hunk.lines.filter((line) => line.type === 'add').map((line) => line.content);
  let startLine = hunk.oldStart;
  let original: string[];
  let replacement: string[];
  if (hunk.oldLines > 0) {
    original = hunk.lines.filter((line) => line.type === 'del').map((line) => line.content);
    replacement = inserted;
  } else {
    startLine = Math.max(hunk.oldStart, 1);
    const anchor = await lineAt(startLine);
    if (anchor === undefined) return undefined;
    original = [anchor];
    replacement = hunk.oldStart === 0 ? [...inserted, anchor] : [anchor, ...inserted];
  }
  const originalText = original.join('\n');
  const replacementText = replacement.join('\n');
  // e.g. only a final newline was added: the lines themselves are unchanged.
  if (originalText === replacementText) return undefined;
  return {
    path: file,
    startLine,
    endLine: startLine + original.length - 1,
    replacement: replacementText,
    source,
    message: `${source} would rewrite these lines`,
    fingerprint: suggestionFingerprint(file, originalText, replacementText),
  };
}

async function readHeadLines(workspace: string, file: string): Promise<string[]> {
  try {
    return (await readFile(path.join(workspace, file), 'utf8')).split(/\r?\n/);
  } catch {
    return [];
  }
}

function git(input: AgentInput, cwd: string, args: string[], maxOutputBytes?: number): Promise<RunResult> {
  const spec = { name: 'git', argv: [...GIT, ...args], cwd, timeoutMs: GIT_TIMEOUT_MS };
  return runRecorded(input, maxOutputBytes === undefined ? spec : { ...spec, maxOutputBytes });
}

/** Best effort and never aborted: a leftover worktree would confuse the user's next `git worktree` use. */
async function removeWorktree(input: AgentInput, worktree: string): Promise<void> {
  const cleanup = { name: 'git', cwd: input.workspace, timeoutMs: GIT_TIMEOUT_MS, ignoreAbort: true };
  await runRecorded(input, { ...cleanup, argv: [...GIT, 'worktree', 'remove', '--force', worktree] });
  await runRecorded(input, { ...cleanup, argv: [...GIT, 'worktree', 'prune'] });
  await rm(worktree, { recursive: true, force: true });
}
