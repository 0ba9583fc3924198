// `cargo clippy --message-format=json` (or `cargo check`) stdout → findings: one JSON object a line,
// of which the `compiler-message`s are read; `compiler-artifact`, `build-finished` and lines that are
// not JSON pass. A message counts at its primary span in the workspace, or where the macro that put
// it outside (in std or a registry crate) was called; one with no such span is dropped.
import path from 'node:path';
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import { firstIssue, lineNumber, makeFinding, nonBlank, oneLine, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

const spanSchema = z.object({
  file_name: z.string(),
  line_start: z.number(),
  line_end: z.number(),
  is_primary: z.boolean(),
  label: z.string().nullish(),
  expansion: z.unknown(),
});
const expansionSchema = z.object({ span: spanSchema });
const childSchema = z.object({ level: z.string(), message: z.string() });
const compilerMessageSchema = z.object({
  manifest_path: z.string().nullish(),
  message: z.object({
    level: z.string(),
    message: z.string(),
    code: z.object({ code: z.string() }).nullish(),
    spans: z.array(spanSchema),
    children: z.array(childSchema).catch([]),
  }),
});

type Span = z.infer<typeof spanSchema>;
type CompilerMessage = z.infer<typeof compilerMessageSchema>;

// A macro defined in a macro defined in …: rustc nests a few levels; a hostile file, any number.
const MAX_EXPANSIONS = 16;
// Clippy's first help child only links the lint's documentation.
const LINT_LINK = /^for further information visit /;

export function parseClippyJson(stdout: string, options: ParseOptions): ParseResult {
  if (stdout.trim() === '') return { findings: [] };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let objects = 0;
  let damaged: string | undefined;
  for (const [index, raw] of stdout.split('\n').entries()) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    const json = parseLine(line);
    if (json === undefined) {
      damaged ??= `cargo printed a line that is not JSON (line ${index + 1}): ${line}`;
      continue;
    }
    objects++;
    if (!('reason' in json) || json.reason !== 'compiler-message') continue;
    const parsed = compilerMessageSchema.safeParse(json);
    if (!parsed.success) {
      damaged ??= `cargo printed a compiler-message of an unexpected shape (line ${index + 1}): ${firstIssue(parsed.error)}`;
      continue;
    }
    const finding = toFinding(parsed.data, options);
    if (!finding) continue;
    // cargo compiles a library twice with --all-targets (lib and its tests) and reports both times.
    const key = JSON.stringify([finding.rule, finding.path, finding.line, finding.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  if (objects === 0) {
    const first = stdout.split('\n').find((text) => text.trim() !== '') ?? '';
    return { findings, error: oneLine(`cargo printed no JSON messages (${first.trim()})`) };
  }
  return damaged === undefined ? { findings } : { findings, error: oneLine(damaged) };
}

/** The object on the line, else undefined (a truncated line, a `{` of other text). */
function parseLine(line: string): object | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function toFinding(compiled: CompilerMessage, options: ParseOptions): Finding | undefined {
  const { message } = compiled;
  const severity = toSeverity(message.level);
  if (severity === undefined) return undefined;
  for (const primary of message.spans.filter((span) => span.is_primary)) {
    const located = locate(primary, compiled.manifest_path ?? undefined, options);
    if (!located) continue;
    const fields = {
      rule: nonBlank(message.code?.code) ?? 'rustc',
      severity,
      message: describe(compiled, primary),
      path: located.path,
      line: located.line,
      endLine: located.endLine,
    };
    return makeFinding(fields, options);
  }
  return undefined;
}

/** failure-note (`For more information about this error, try rustc --explain`) is not a finding. */
function toSeverity(level: string): Severity | undefined {
  // An internal compiler error's level is `error: internal compiler error`.
  if (level.startsWith('error')) return 'error';
  if (level === 'warning') return 'warning';
  if (level === 'note' || level === 'help') return 'notice';
  return undefined;
}

interface Location {
  path: string;
  line: number;
  endLine: number | undefined;
}

/** The span in the workspace, else the call site of the macro it came from, outward. */
function locate(
  primary: Span,
  manifestPath: string | undefined,
  options: ParseOptions,
): Location | undefined {
  let span: Span | undefined = primary;
  for (let depth = 0; span && depth <= MAX_EXPANSIONS; depth++) {
    const file = repoPath(options.workspace, span.file_name, spanBase(span.file_name, manifestPath, options));
    const line = lineNumber(span.line_start);
    if (file !== undefined && line !== undefined)
      return { path: file, line, endLine: lineNumber(span.line_end) };
    const expansion = expansionSchema.safeParse(span.expansion);
    span = expansion.success ? expansion.data.span : undefined;
  }
  return undefined;
}

/**
 * Where a relative file name starts: cargo prints them from the cargo workspace root wherever it ran
 * (`crates/core/src/lib.rs` also when run in `crates/core`), so the root is read off the package's
 * manifest: the nearest directory above it that the name starts with the rest of the way from, else
 * the package itself. A manifest outside the workspace (cargo in a container) or none: where cargo ran.
 */
function spanBase(fileName: string, manifestPath: string | undefined, options: ParseOptions): string {
  const ranIn = options.cwd ?? options.workspace;
  if (manifestPath === undefined || !path.posix.isAbsolute(manifestPath)) return ranIn;
  const packageDir = path.posix.dirname(manifestPath);
  if (!isWithin(options.workspace, packageDir)) return ranIn;
  const name = path.posix.normalize(fileName.replace(/\\/g, '/'));
  for (
    let dir = path.posix.dirname(packageDir);
    isWithin(options.workspace, dir);
    dir = path.posix.dirname(dir)
  ) {
    if (name.startsWith(`${path.posix.relative(dir, packageDir)}/`)) return dir;
    if (dir === path.posix.dirname(dir)) break;
  }
  return packageDir;
}

function isWithin(root: string, dir: string): boolean {
  const relative = path.posix.relative(root, dir);
  return (
    relative === '' || (!relative.startsWith('../') && relative !== '..' && !path.posix.isAbsolute(relative))
  );
}

/** rustc's message, the primary span's label (`expected u32, found &str`) and the first help. */
function describe(compiled: CompilerMessage, primary: Span): string {
  const { message } = compiled;
  const label = nonBlank(primary.label ?? undefined);
  const help = message.children.find((child) => child.level === 'help' && !LINT_LINK.test(child.message));
  const text = label === undefined ? message.message : `${message.message}: ${label}`;
  return help === undefined ? text : `${text}\nhelp: ${help.message}`;
}
