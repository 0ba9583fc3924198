// What a built-in analyzer sees: the subtask's changed files (binary ones included, removed ones
// never), the PR's diff index and the head checkout, read-only. It returns findings, sorted or not.
import type { ChangedFile, DiffIndex } from '../../context/types.js';
import type { Finding } from '../../findings/types.js';
import type { AddedLineSecrets } from '../../trace/secret-patterns.js';

export interface BuiltinInput {
  files: readonly ChangedFile[];
  diffIndex: DiffIndex;
  /** Head checkout; read only (e.g. file sizes). */
  workspace: string;
  /** The large-files threshold in bytes (policy.large-file-kb). */
  largeFileBytes: number;
  /** The run's one scan of the added lines for secrets; without it the secrets analyzer scans them. */
  secrets?: AddedLineSecrets;
}

export type BuiltinScanner = (input: BuiltinInput) => Finding[] | Promise<Finding[]>;

/** Adapts a scanner of one text file's added lines; binary files are skipped. */
export function perAddedLines(
  scan: (path: string, addedLines: ReadonlyMap<number, string>) => Finding[],
): BuiltinScanner {
  return ({ files, diffIndex }) =>
    files.filter((file) => !file.binary).flatMap((file) => scan(file.path, diffIndex.addedLines(file.path)));
}
