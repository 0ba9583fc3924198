// Small pieces every parser needs: repository-relative paths, finding construction, one-line errors.
import path from 'node:path';
import type { z } from 'zod';
import { findingFingerprint } from '../fingerprint.js';
import type { Finding, Severity } from '../types.js';
import type { ParseOptions } from './types.js';

const MAX_ERROR_CHARS = 200;

/**
 * A tool's path as a repository-relative POSIX path (`src/a.ts`), or undefined when it points outside
 * the workspace (node_modules of another checkout, /usr/lib/…): nothing of the PR to anchor it to.
 * Accepts absolute paths, `./a.ts`, Windows separators and `file://` URIs. A relative path is read
 * from `cwd`, the directory the tool ran in (a package of a monorepo), which defaults to the workspace.
 */
export function repoPath(workspace: string, file: string, cwd: string = workspace): string | undefined {
  let raw = file.trim();
  if (raw === '') return undefined;
  if (raw.startsWith('file://')) {
    try {
      raw = decodeURIComponent(new URL(raw).pathname);
    } catch {
      return undefined;
    }
  }
  raw = raw.replace(/\\/g, '/');
  const absolute = path.posix.isAbsolute(raw) ? raw : path.posix.join(cwd, raw);
  const relative = path.posix.relative(workspace, path.posix.normalize(absolute));
  if (relative === '' || relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative))
    return undefined;
  return relative;
}

export interface FindingFields {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  endLine?: number | undefined;
}

/** A Finding with its source and fingerprint; `endLine` only when it is a later line. */
export function makeFinding(fields: FindingFields, options: ParseOptions): Finding {
  const { rule, severity, message, path: file, line, endLine } = fields;
  const finding: Finding = {
    rule,
    severity,
    message,
    path: file,
    line,
    source: options.source,
    fingerprint: findingFingerprint(rule, file, options.lineContent(file, line), line),
  };
  if (typeof endLine === 'number' && Number.isInteger(endLine) && endLine > line) finding.endLine = endLine;
  return finding;
}

/** A positive integer line, else undefined (tools write 0, -1, "12" or nothing for "no line"). */
export function lineNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

/** Collapse whitespace and clip, for error messages built from tool output. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}

/** The first zod issue as `where: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'root';
  return oneLine(`${where}: ${issue.message}`);
}

export type JsonText = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse without the throw; the error is one line, starting with `what` (e.g. `SARIF output`). */
export function parseJsonText(text: string, what: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: oneLine(`${what} is not JSON: ${String(error)}`) };
  }
}

/** The text unless it is missing or only whitespace (tools write `""` for "no rule"). */
export function nonBlank(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}
