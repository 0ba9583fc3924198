// ESLint `--format json` output → findings.
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import { firstIssue, lineNumber, makeFinding, oneLine, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

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

export function parseEslintJson(stdout: string, options: ParseOptions): ParseResult {
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
    const file = repoPath(options.workspace, result.filePath, options.cwd);
    if (file === undefined) continue;
    for (const message of result.messages) {
      const finding = toFinding(file, message, options);
      if (finding) findings.push(finding);
    }
  }
  return { findings };
}

function toFinding(file: string, message: EslintMessage, options: ParseOptions): Finding | undefined {
  const severity = toSeverity(message.severity);
  // No line: the "file ignored because of a matching ignore pattern" notice; nothing to anchor it to.
  const line = lineNumber(message.line);
  if (severity === undefined || line === undefined) return undefined;
  const fields = { rule: ruleOf(message), severity, message: message.message, path: file, line };
  return makeFinding({ ...fields, endLine: message.endLine ?? undefined }, options);
}

function toSeverity(severity: number): Severity | undefined {
  if (severity === 2) return 'error';
  if (severity === 1) return 'warning';
  return undefined;
}

/** ESLint uses ruleId null for parse errors (fatal) and for problems with disable directives. */
function ruleOf(message: EslintMessage): string {
  if (message.ruleId !== null && message.ruleId !== '') return message.ruleId;
  return message.fatal === true ? 'eslint/parse-error' : 'eslint/directive';
}
