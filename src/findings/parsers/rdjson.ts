// reviewdog Diagnostic Format → findings: rdjson (one DiagnosticResult) and rdjsonl (one Diagnostic
// per line), as defined by reviewdog's proto/rdf/reviewdog.proto in its protojson form. Suggestions
// are not read here; diagnostics without a line have no anchor and are dropped.
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import { firstIssue, lineNumber, makeFinding, nonBlank, oneLine, parseJsonText, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

// protojson writes enums as names but reads their numbers too, and int32 values also as strings.
const SEVERITY_NAMES = ['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO'] as const;
// Older Ruff wrote the names in lower case (`"warning"`): read them in any case.
const severitySchema = z.union([
  z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(SEVERITY_NAMES)),
  z.number().int(),
]);
const int32Schema = z.union([z.number(), z.string()]).optional();
const positionSchema = z.object({ line: int32Schema, column: int32Schema }).nullish();
const sourceSchema = z.object({ name: z.string().optional() }).nullish();
const diagnosticSchema = z.object({
  message: z.string(),
  location: z.object({
    path: z.string(),
    range: z.object({ start: positionSchema, end: positionSchema }).nullish(),
  }),
  severity: severitySchema.optional(),
  source: sourceSchema,
  code: z.object({ value: z.string().optional() }).nullish(),
});
const resultSchema = z.object({
  diagnostics: z.array(diagnosticSchema).nullish(),
  source: sourceSchema,
  severity: severitySchema.optional(),
});

type Diagnostic = z.infer<typeof diagnosticSchema>;
type RdSeverity = z.infer<typeof severitySchema>;
type Position = z.infer<typeof positionSchema>;

interface Defaults {
  severity?: RdSeverity | undefined;
  source?: string | undefined;
}

/** rdjson: one DiagnosticResult; its severity and source fill in diagnostics that have none. */
export function parseRdjson(output: string, options: ParseOptions): ParseResult {
  if (output.trim() === '')
    return { findings: [], error: 'rdjson output is empty (expected one DiagnosticResult JSON object)' };
  const json = parseJsonText(output, 'rdjson output');
  if (!json.ok) return { findings: [], error: json.error };
  const parsed = resultSchema.safeParse(json.value);
  if (!parsed.success)
    return {
      findings: [],
      error: oneLine(`rdjson output is not a DiagnosticResult: ${firstIssue(parsed.error)}`),
    };
  const diagnostics = parsed.data.diagnostics ?? [];
  const stray = strayKeys(json.value);
  if (diagnostics.length === 0 && stray.length > 0)
    return { findings: [], error: oneLine(`rdjson output has no diagnostics, but ${stray.join(', ')}`) };
  const defaults = { severity: parsed.data.severity, source: parsed.data.source?.name };
  const findings: Finding[] = [];
  for (const diagnostic of diagnostics) {
    const finding = toFinding(diagnostic, defaults, options);
    if (finding) findings.push(finding);
  }
  return { findings };
}

/**
 * rdjsonl: one Diagnostic per line, blank lines ignored. A line that is not a Diagnostic (a tool's
 * stray log line) is skipped; only when no line is one does the output count as unreadable.
 */
export function parseRdjsonl(output: string, options: ParseOptions): ParseResult {
  const findings: Finding[] = [];
  let read = 0;
  let firstError: string | undefined;
  const lines = output.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const diagnostic = parseLine(line, index + 1);
    if (!diagnostic.ok) {
      firstError ??= diagnostic.error;
      continue;
    }
    read += 1;
    const finding = toFinding(diagnostic.value, {}, options);
    if (finding) findings.push(finding);
  }
  if (read === 0 && firstError !== undefined) return { findings: [], error: firstError };
  return { findings };
}

/**
 * Keys a DiagnosticResult does not have. protojson leaves out an empty diagnostics list, so `{}` is a
 * clean result; `{"runs": …}` (SARIF given to the rdjson format) is not.
 */
function strayKeys(value: unknown): string[] {
  const known = new Set(['diagnostics', 'source', 'severity']);
  return Object.keys(value as object)
    .filter((key) => !known.has(key))
    .slice(0, 5);
}

type LineResult = { ok: true; value: Diagnostic } | { ok: false; error: string };

function parseLine(line: string, number: number): LineResult {
  const json = parseJsonText(line, `rdjsonl line ${number}`);
  if (!json.ok) return json;
  const parsed = diagnosticSchema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: oneLine(`rdjsonl line ${number} is not a Diagnostic: ${firstIssue(parsed.error)}`),
  };
}

function toFinding(diagnostic: Diagnostic, defaults: Defaults, options: ParseOptions): Finding | undefined {
  const path = repoPath(options.workspace, diagnostic.location.path, options.cwd);
  const range = diagnostic.location.range;
  const line = lineNumber(range?.start?.line);
  if (path === undefined || line === undefined) return undefined;
  const source = nonBlank(diagnostic.source?.name) ?? nonBlank(defaults.source);
  const rule = nonBlank(diagnostic.code?.value) ?? source ?? 'rdjson';
  const severity = toSeverity(known(diagnostic.severity) ?? known(defaults.severity));
  const fields = { rule, severity, message: diagnostic.message, path, line };
  return makeFinding({ ...fields, endLine: endLineOf(range?.end) }, options);
}

/**
 * The last line the range covers. The end is exclusive: an end at column 1 of a later line stops
 * before that line; without a column the range is linewise and includes the end line.
 */
function endLineOf(end: Position): number | undefined {
  const line = lineNumber(end?.line);
  if (line === undefined) return undefined;
  return lineNumber(end?.column) === 1 ? line - 1 : line;
}

/** The severity's name; UNKNOWN_SEVERITY (0) and numbers outside the enum count as unset. */
function known(severity: RdSeverity | undefined): string | undefined {
  const name = typeof severity === 'number' ? SEVERITY_NAMES[severity] : severity;
  return name === 'UNKNOWN_SEVERITY' ? undefined : name;
}

/** Unset is an error, like reviewdog's default `-level=error`. */
function toSeverity(name: string | undefined): Severity {
  if (name === 'WARNING') return 'warning';
  if (name === 'INFO') return 'notice';
  return 'error';
}
