// ESLint `--format json` output → findings. Never throws: a tool that crashed or printed something
// else yields no findings and a one-line error, so the subtask fails visibly instead of passing.
import path from 'node:path';
import { z } from 'zod';
import { findingFingerprint } from '../fingerprint.js';
import type { Finding, Severity } from '../types.js';

export interface EslintJsonOptions {
  /** Absolute path the tool ran in; absolute file paths are made relative to it. */
  workspace: string;
  /** The task name, e.g. `eslint`. */
  source: string;
  /** Head content of a line, for the fingerprint; undefined when unknown. */
  lineContent(path: string, line: number): string | undefined;
}

export interface ParseResult {
  findings: Finding[];
  error?: string;
}

// Only the fields we use; ESLint adds others (column, nodeType, fix, suggestions…), which pass.
const messageSchema = z.object({
  ruleId: z.string().nullable(),
  severity: z.number(),
  message: z.string(),
  fatal: z.boolean().optional(),
  line: z.number().nullish(),
  endLine: z.number().nullish(),
});
const outputSchema = z.array(z.object({ filePath: z.string().min(1), messages: z.array(messageSchema) }));

type EslintMessage = z.infer<typeof messageSchema>;

export function parseEslintJson(stdout: string, options: EslintJsonOptions): ParseResult {
  if (stdout.trim() === '')
    return { findings: [], error: 'ESLint printed no output (expected --format json)' };
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (error) {
    return { findings: [], error: `ESLint output is not JSON: ${oneLine(String(error))}` };
  }
  const parsed = outputSchema.safeParse(json);
  if (!parsed.success)
    return { findings: [], error: `ESLint output has an unexpected shape: ${firstIssue(parsed.error)}` };

  const findings: Finding[] = [];
  for (const result of parsed.data) {
    const file = relativePath(options.workspace, result.filePath);
    for (const message of result.messages) {
      const finding = toFinding(file, message, options);
      if (finding) findings.push(finding);
    }
  }
  return { findings };
}

function toFinding(file: string, message: EslintMessage, options: EslintJsonOptions): Finding | undefined {
  const severity = toSeverity(message.severity);
  // No line: the "file ignored because of a matching ignore pattern" notice; nothing to anchor it to.
  const line = message.line;
  if (severity === undefined || typeof line !== 'number' || !Number.isInteger(line) || line < 1)
    return undefined;
  const rule = ruleOf(message);
  const finding: Finding = {
    rule,
    severity,
    message: message.message,
    path: file,
    line,
    source: options.source,
    fingerprint: findingFingerprint(rule, file, options.lineContent(file, line), line),
  };
  const endLine = message.endLine;
  if (typeof endLine === 'number' && Number.isInteger(endLine) && endLine > line) finding.endLine = endLine;
  return finding;
}

function toSeverity(severity: number): Severity | undefined {
  if (severity === 2) return 'error';
  if (severity === 1) return 'warning';
  return undefined;
}

/** ESLint uses ruleId null for parse errors (fatal) and for problems with disable directives. */
function ruleOf(message: EslintMessage): string {
  if (message.ruleId !== null) return message.ruleId;
  return message.fatal === true ? 'eslint/parse-error' : 'eslint/directive';
}

function relativePath(workspace: string, filePath: string): string {
  const relative = path.isAbsolute(filePath) ? path.relative(workspace, filePath) : path.normalize(filePath);
  return relative.split(path.sep).join('/');
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'root';
  return oneLine(`${where}: ${issue.message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
