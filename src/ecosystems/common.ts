// What every provider does the same way: walking a package directory up to the root, naming files
// in it, and writing a planned or skipped tool into its detection with the note that says why.
import path from 'node:path';
import type { DetectedTask, EcosystemDetection, ToolSkip } from './types.js';

/** `packages/a/b` → [`packages/a/b`, `packages/a`, `packages`, `.`]: where a package's tools are looked up. */
export function ancestors(directory: string): string[] {
  const dirs = [directory === '' ? '.' : directory];
  while (dirs[dirs.length - 1] !== '.') {
    const parent = path.posix.dirname(dirs[dirs.length - 1] ?? '.');
    dirs.push(parent === '' ? '.' : parent);
  }
  return dirs;
}

/** A repository-relative path of `name` in `directory` (`.` is the root). */
export function inDir(directory: string, name: string): string {
  return directory === '.' ? name : `${directory}/${name}`;
}

/** Plans the task: its run line joins the allowlist, and the note says why it runs. */
export function addTask(out: EcosystemDetection, task: DetectedTask, note: string): void {
  out.tasks.push(task);
  out.allow.push(task.task.run);
  out.notes.push(note);
}

/** Reports a tool that is not planned, with what it would have run on (`evidence`) and the fix. */
export function skipTool(out: EcosystemDetection, skipped: ToolSkip, evidence: string): void {
  out.skipped.push(skipped);
  out.notes.push(`skipped ${skipped.kind} ${skipped.tool} (${evidence}): ${skipped.reason}`);
}
