// Splits the files of a `{files}` command into batches that each fit on one command line, so a large
// PR never hits E2BIG at run time. Byte counts follow the kernel's: each argv word costs its UTF-8
// length plus the terminating NUL. Commands that cannot be parsed are left whole: the agent that runs
// them reports the parse error with the same message as for any other invalid command.
import { Buffer } from 'node:buffer';
import { expandFiles, FILES_PLACEHOLDER, parseCommandLine } from '../sandbox/command.js';

/**
 * Default budget for one command's argument bytes. Linux allows 2 MiB for argv and environment
 * together (ARG_MAX) and 128 KiB per word; 64 KiB leaves the environment ample room on Linux and
 * macOS. (Windows' CreateProcess caps a whole command line at 32,767 characters: pass a lower budget
 * there.)
 */
export const DEFAULT_ARGV_BUDGET = 64 * 1024;

/**
 * At most this many files per batch, however short their paths. Fixed on purpose rather than a config
 * key: it bounds one tool run's memory and output (eslint's JSON repeats each file's source) and keeps
 * the batches of one task similar in size so they spread over `policy.concurrency`. A 3,000-file PR
 * (`policy.max-files` default) makes at most 6 batches per task.
 */
export const MAX_FILES_PER_BATCH = 500;

/** Bytes the kernel copies for these argv words: UTF-8 length plus one NUL each. */
export function argvBytes(argv: readonly string[]): number {
  let bytes = 0;
  for (const word of argv) bytes += Buffer.byteLength(word, 'utf8') + 1;
  return bytes;
}

/** The command's argv words, or undefined when the command is invalid (reported when it runs). */
export function commandWords(run: string): string[] | undefined {
  try {
    return parseCommandLine(run);
  } catch {
    return undefined;
  }
}

/** The argv the command would run with on these files, or undefined when it cannot be built. */
export function expandedArgv(run: string, files: readonly string[]): string[] | undefined {
  const words = commandWords(run);
  return words !== undefined && expands(words) ? expandFiles(words, files) : undefined;
}

/** False when `{files}` sits inside a word or is the program: an invalid command, as above. */
function expands(words: readonly string[]): boolean {
  try {
    expandFiles(words, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * The command's files in batches, in the given order, each within `argvBudget` bytes of arguments and
 * `MAX_FILES_PER_BATCH` files. Greedy: a batch closes only when the next file would not fit, so no
 * command is split needlessly. A command without a `{files}` word gets one batch holding every file.
 * A file too long to fit even alone gets a batch of its own; the plan invariants then reject it.
 * No files for a `{files}` command means no batch at all.
 */
export function batchFiles(run: string, files: readonly string[], argvBudget: number): string[][] {
  const words = commandWords(run);
  const slots = words?.filter((word) => word === FILES_PLACEHOLDER).length ?? 0;
  if (words === undefined || slots === 0 || !expands(words)) return [[...files]];

  const fixed = argvBytes(words.filter((word) => word !== FILES_PLACEHOLDER));
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = fixed;
  for (const file of files) {
    // Every `{files}` word repeats the whole list; expandFiles adds `./` before a leading `-`.
    const cost = slots * (Buffer.byteLength(file, 'utf8') + (file.startsWith('-') ? 2 : 0) + 1);
    if (batch.length > 0 && (batch.length >= MAX_FILES_PER_BATCH || bytes + cost > argvBudget)) {
      batches.push(batch);
      batch = [];
      bytes = fixed;
    }
    batch.push(file);
    bytes += cost;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
