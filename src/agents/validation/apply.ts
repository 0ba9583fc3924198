// Suggestions written into a throwaway checkout, and undone again byte for byte. Suggestions that
// overlap cannot be applied together (GitHub would refuse the batch too); the first one wins.
import { lstat, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Suggestion } from '../../findings/types.js';
import { KiloError } from '../../util/errors.js';

/** Splits suggestions into a set that can be applied together and the ones overlapping it. */
export function partitionOverlapping(suggestions: readonly Suggestion[]): {
  applicable: Suggestion[];
  overlapping: Suggestion[];
} {
  const applicable: Suggestion[] = [];
  const overlapping: Suggestion[] = [];
  for (const suggestion of suggestions) {
    const clash = applicable.some(
      (kept) =>
        kept.path === suggestion.path &&
        kept.startLine <= suggestion.endLine &&
        suggestion.startLine <= kept.endLine,
    );
    (clash ? overlapping : applicable).push(suggestion);
  }
  return { applicable, overlapping };
}

/**
 * Replaces each suggestion's lines in `dir` (non-overlapping suggestions only) and returns the undo,
 * which restores every touched file's original bytes. Line endings (LF or CRLF, per file) and a final
 * newline are kept. Refuses paths outside `dir` and symlinks.
 */
export async function applySuggestions(
  dir: string,
  suggestions: readonly Suggestion[],
): Promise<() => Promise<void>> {
  const byPath = new Map<string, Suggestion[]>();
  for (const suggestion of suggestions) {
    byPath.set(suggestion.path, [...(byPath.get(suggestion.path) ?? []), suggestion]);
  }
  const originals = new Map<string, Buffer>();
  const restore = async () => {
    for (const [file, bytes] of originals) await writeFile(file, bytes);
  };
  try {
    for (const [relative, edits] of byPath) {
      const file = await insideFile(dir, relative);
      const bytes = await readFile(file);
      originals.set(file, bytes);
      await writeFile(file, applyToText(bytes.toString('utf8'), edits));
    }
  } catch (error) {
    await restore();
    throw error;
  }
  return restore;
}

/** The text with the edits applied, bottom-up so earlier line numbers stay valid. */
export function applyToText(text: string, edits: readonly Suggestion[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) {
    if (edit.startLine < 1 || edit.endLine < edit.startLine || edit.endLine > lines.length) {
      throw new KiloError(
        'SANDBOX_FAILED',
        `suggestion for ${edit.path}:${edit.startLine}-${edit.endLine} is outside the file`,
      );
    }
    const replacement = edit.replacement === '' ? [] : edit.replacement.split(/\r?\n/);
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...replacement);
  }
  return lines.join(eol);
}

async function insideFile(dir: string, relative: string): Promise<string> {
  const file = path.resolve(dir, relative);
  const rel = path.relative(dir, file);
  if (path.isAbsolute(relative) || rel === '' || rel.startsWith('..')) {
    throw new KiloError('SANDBOX_FAILED', `suggestion path '${relative}' is outside the checkout`);
  }
  const stat = await lstat(file).catch(() => undefined);
  // A symlinked directory on the way would lead the write out of the checkout.
  const real = await realpath(file).catch(() => undefined);
  const realDir = await realpath(dir);
  if (!stat?.isFile() || real === undefined || path.relative(realDir, real).startsWith('..')) {
    throw new KiloError(
      'SANDBOX_FAILED',
      `suggestion path '${relative}' is not a regular file in the checkout`,
    );
  }
  return file;
}
