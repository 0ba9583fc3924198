// The one contract of every tool-output parser: text in, findings out, never a throw. A tool that
// crashed or printed something else yields no findings and a one-line error, so the subtask fails
// visibly ("eslint printed no JSON") instead of passing with nothing found.
import type { Finding } from '../types.js';

export interface ParseOptions {
  /** Absolute (real) path the tool ran in; absolute paths in its output are made relative to it. */
  workspace: string;
  /** Absolute (real) path of the directory the tool ran in, when not the workspace: relative paths in
   * its output are read from there. */
  cwd?: string;
  /** The task name, e.g. `eslint`: each finding's `source`. */
  source: string;
  /** Head content of a line, for the fingerprint; undefined when unknown. */
  lineContent(path: string, line: number): string | undefined;
}

export interface ParseResult {
  findings: Finding[];
  /** Why the output could not be read (one line, ≤ 200 chars); findings may still hold what was read. */
  error?: string;
}

export type FindingParser = (output: string, options: ParseOptions) => ParseResult;
