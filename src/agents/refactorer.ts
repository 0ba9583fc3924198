// The refactorer: runs a fixer command in a throwaway worktree of the head commit (never in the
// workspace; see src/sandbox/worktree.ts), and turns what it changed into suggestions on lines the PR
// added. The worktree is always removed. Only modified text files yield suggestions; files the fixer
// creates are ignored.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseUnifiedDiff } from '../context/diff.js';
import type { ChangedFile, Hunk } from '../context/types.js';
import { touchesAddedLine } from '../findings/filter.js';
import { suggestionFingerprint } from '../findings/fingerprint.js';
import type { Suggestion } from '../findings/types.js';
import type { CommandRunner, RunResult } from '../sandbox/types.js';
import { createWorktree, diffWorktree, type Worktree } from '../sandbox/worktree.js';
import { getErrorMessage } from '../util/errors.js';
import {
  exitCodeText,
  lastOutputLine,
  outcome,
  commandCwd,
  prepareTaskCommand,
  withOutput,
  runFailure,
  recordingRunner,
  runRecorded,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';

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
  const prepared = await prepareTaskCommand(input, task);
  if (prepared.done) return prepared.done;
  const git = recordingRunner(input);
  let worktree: Worktree;
  try {
    worktree = await createWorktree(git, input.workspace, input.context.head.sha, input.signal);
  } catch (error) {
    return outcome('failed', getErrorMessage(error));
  }
  try {
    const timeoutMs = task.timeoutSeconds * 1000;
    const fixer = await runRecorded(input, {
      name: task.name,
      argv: prepared.argv,
      cwd: commandCwd(worktree.dir, task),
      timeoutMs,
    });
    const failure = runFailure(fixer, prepared.argv, timeoutMs);
    if (failure) return failure;
    return await collectSuggestions(input, task, worktree.dir, fixer, git);
  } finally {
    await worktree.remove();
  }
}

async function collectSuggestions(
  input: AgentInput,
  task: CommandTask,
  worktree: string,
  fixer: RunResult,
  git: CommandRunner,
): Promise<AgentOutput> {
  let diff: string;
  try {
    diff = await diffWorktree(git, worktree, { contextLines: 0, signal: input.signal });
  } catch (error) {
    return outcome('failed', `the fixer's changes could not be read: ${getErrorMessage(error)}`);
  }
  const changed = parseUnifiedDiff(diff).filter((file) => file.status === 'modified' && !file.binary);
  // A fixer may exit non-zero for problems it could not fix (eslint --fix); only no changes at all is a failure.
  if (changed.length === 0 && fixer.exitCode !== 0) {
    return withOutput(outcome('failed', `${exitCodeText(fixer)}: ${lastOutputLine(fixer)}`), fixer);
  }
  const suggestions: Suggestion[] = [];
  // Changes the fixer made beyond the PR's added lines are not the author's to fix here: counted, not posted.
  let outside = 0;
  const outsideFiles = new Set<string>();
  for (const file of changed) {
    const all = await fileSuggestions(input, file, task.name);
    const kept = all.filter((s) => onPrLines(input, s));
    if (kept.length < all.length) {
      outside += all.length - kept.length;
      outsideFiles.add(file.path);
    }
    if (kept.length > 0 && input.decide({ kind: 'write', path: file.path }).allow) suggestions.push(...kept);
  }
  if (outside === 0) return { ...outcome('ok'), suggestions };
  return { ...outcome('ok', outsideSummary(outside, [...outsideFiles])), suggestions };
}

const MAX_FILES_NAMED = 3;

/** "2 changes outside the PR's added lines not suggested (src/a.js, src/b.js)". */
function outsideSummary(count: number, files: string[]): string {
  const named = files.slice(0, MAX_FILES_NAMED).join(', ');
  const more = files.length > MAX_FILES_NAMED ? ` and ${files.length - MAX_FILES_NAMED} more files` : '';
  return `${count} change${count === 1 ? '' : 's'} outside the PR's added lines not suggested (${named}${more})`;
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
