// GitHub Actions problem matchers (the JSON `::add-matcher::` reads) → findings. Validation and
// matching follow actions/runner (IssueMatcher.cs, OutputManager.cs): the same config rules, the same
// multi-line state machine with `loop`, the same severities. Differences: `endLine` is accepted too
// (VS Code has it), files are not checked for existence, and the input is capped (see below).
import path from 'node:path';
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import {
  firstIssue,
  lineNumber,
  makeFinding,
  oneLine,
  parseJsonText,
  repoPath,
  type JsonText,
} from './common.js';
import type { FindingParser, ParseOptions, ParseResult } from './types.js';

/**
 * Caps against runaway regexes (the runner has a 1 s match timeout instead, which JavaScript cannot
 * have): only the first MAX_LINE_CHARS characters of a line are matched, and reading stops after
 * MAX_LINES lines, keeping what was found and saying so in the error.
 */
export const MAX_LINE_CHARS = 4096;
export const MAX_LINES = 100_000;

// Colour codes, which the runner means to strip (`ESC[…m`), plus erase-line (`ESC[K`) that gcc adds.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]?/g;

const FIELDS = ['file', 'fromPath', 'line', 'endLine', 'column', 'severity', 'code', 'message'] as const;
type Field = (typeof FIELDS)[number];

const groupSchema = z.number().int().optional();
const patternSchema = z.object({
  regexp: z.string(),
  file: groupSchema,
  fromPath: groupSchema,
  line: groupSchema,
  endLine: groupSchema,
  column: groupSchema,
  severity: groupSchema,
  code: groupSchema,
  message: groupSchema,
  loop: z.boolean().optional(),
});
const configSchema = z.object({
  problemMatcher: z.array(
    z.object({ owner: z.string().min(1), severity: z.string().optional(), pattern: z.array(patternSchema) }),
  ),
});

type PatternConfig = z.infer<typeof patternSchema>;

export type MatcherPattern = Partial<Record<Field, number>> & { regexp: RegExp; loop: boolean };

export interface ProblemMatcher {
  owner: string;
  /** The matcher's default severity, used when its patterns capture none; '' when unset. */
  severity: string;
  patterns: MatcherPattern[];
}

export type ProblemMatchersResult = { ok: true; matchers: ProblemMatcher[] } | { ok: false; error: string };

/**
 * Validates a problem-matcher file (its JSON text or the parsed value) as the runner does and
 * compiles its regexps. Errors are one line and name the matcher's owner and pattern index.
 */
export function compileProblemMatchers(config: unknown): ProblemMatchersResult {
  const json: JsonText =
    typeof config === 'string' ? parseJsonText(config, 'problem matcher file') : { ok: true, value: config };
  if (!json.ok) return json;
  const parsed = configSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: shapeError(json.value, parsed.error) };
  if (parsed.data.problemMatcher.length === 0)
    return { ok: false, error: 'problem matcher file has no matchers in problemMatcher' };
  const owners = new Set<string>();
  const matchers: ProblemMatcher[] = [];
  for (const config of parsed.data.problemMatcher) {
    const { owner } = config;
    if (owners.has(owner.toLowerCase()))
      return {
        ok: false,
        error: oneLine(`problem matcher '${owner}' is defined twice (owners are case-insensitive)`),
      };
    owners.add(owner.toLowerCase());
    const severity = config.severity ?? '';
    if (!['', 'error', 'warning', 'notice'].includes(severity.toLowerCase()))
      return {
        ok: false,
        error: oneLine(
          `problem matcher '${owner}': default severity '${severity}' is not error, warning or notice`,
        ),
      };
    const patterns = compilePatterns(config.pattern);
    if (typeof patterns === 'string')
      return { ok: false, error: oneLine(`problem matcher '${owner}' ${patterns}`) };
    matchers.push({ owner, severity, patterns });
  }
  return { ok: true, matchers };
}

/** The patterns compiled, or what is wrong (`pattern[1]: …`). */
function compilePatterns(configs: PatternConfig[]): MatcherPattern[] | string {
  if (configs.length === 0) return 'has no patterns';
  const seen = new Set<Field>();
  const patterns: MatcherPattern[] = [];
  for (const [index, config] of configs.entries()) {
    const where = `pattern[${index}]`;
    const isLast = index === configs.length - 1;
    if (config.loop === true && (index === 0 || !isLast))
      return `${where}: only the last pattern of a multi-line matcher may set 'loop'`;
    if (config.loop === true && config.message === undefined)
      return `${where}: the loop pattern must set 'message'`;
    let regexp: RegExp;
    try {
      regexp = new RegExp(config.regexp);
    } catch (error) {
      return `${where}: invalid regexp: ${String(error)}`;
    }
    // Capture groups, counting group 0: an empty alternative makes any regexp match ''.
    const groups = new RegExp(`${config.regexp}|`).exec('')?.length ?? 1;
    const pattern: MatcherPattern = { regexp, loop: config.loop === true };
    for (const field of FIELDS) {
      const group = config[field];
      if (group === undefined) continue;
      if (seen.has(field)) return `${where}: '${field}' is set twice`;
      if (group < 0 || group >= groups)
        return `${where}: '${field}' is group ${group}, but the regexp has ${groups - 1} groups`;
      seen.add(field);
      pattern[field] = group;
    }
    patterns.push(pattern);
  }
  if (!seen.has('message')) return "has no pattern that sets 'message'";
  return patterns;
}

function shapeError(value: unknown, error: z.ZodError): string {
  const [key, index] = error.issues[0]?.path ?? [];
  const owner =
    key === 'problemMatcher' && typeof index === 'number'
      ? (value as { problemMatcher: Array<{ owner?: unknown }> }).problemMatcher[index]?.owner
      : undefined;
  const which = typeof owner === 'string' && owner !== '' ? ` (matcher '${owner}')` : '';
  return oneLine(`problem matcher file has an unexpected shape${which}: ${firstIssue(error)}`);
}

/** What a pattern captured: a field's text, '' for a group that did not take part. */
type Captures = Partial<Record<Field, string>>;

/** A parser that runs the matchers over the output, as the runner runs them over a step's log. */
export function createProblemMatcherParser(matchers: readonly ProblemMatcher[]): FindingParser {
  return (output, options) => parseWithMatchers(output, matchers, options);
}

function parseWithMatchers(
  output: string,
  matchers: readonly ProblemMatcher[],
  options: ParseOptions,
): ParseResult {
  const states = matchers.map((matcher) => new MatcherState(matcher));
  const findings: Finding[] = [];
  const lines = output.split('\n');
  for (const raw of lines.slice(0, MAX_LINES)) {
    const line = raw.replace(/\r$/, '').replace(ANSI, '').slice(0, MAX_LINE_CHARS);
    for (const state of states) {
      const match = state.match(line);
      if (match === undefined) continue;
      for (const other of states) if (other !== state) other.reset();
      const issue = toIssue(match, state.matcher.owner);
      if (issue === undefined) continue;
      const finding = toFinding(issue, options);
      if (finding) findings.push(finding);
      break;
    }
  }
  if (lines.length > MAX_LINES)
    return {
      findings,
      error: `output has ${lines.length} lines; the problem matcher read the first ${MAX_LINES}`,
    };
  return { findings };
}

/** One matcher and its running multi-line match: IssueMatcher.Match, state by state. */
class MatcherState {
  private running: Array<Captures | undefined>;

  constructor(readonly matcher: ProblemMatcher) {
    this.running = this.empty();
  }

  reset(): void {
    this.running = this.empty();
  }

  match(line: string): Captures | undefined {
    const { patterns, severity } = this.matcher;
    if (patterns.length === 1) {
      const [pattern] = patterns as [MatcherPattern];
      const groups = pattern.regexp.exec(line);
      return groups ? withDefaultSeverity(capture(groups, pattern), severity) : undefined;
    }
    // Last pattern first, so a line advances a running match by one pattern at most.
    for (let i = patterns.length - 1; i >= 0; i--) {
      const runningMatch = i > 0 ? this.running[i - 1] : undefined;
      if (i > 0 && runningMatch === undefined) continue;
      const pattern = patterns[i] as MatcherPattern;
      const isLast = i === patterns.length - 1;
      const groups = pattern.regexp.exec(line);
      if (!groups) {
        // A line the last pattern misses ends the running match; one an earlier pattern misses, its stage.
        this.running[isLast ? i - 1 : i] = undefined;
      } else if (!isLast) {
        this.running[i] = capture(groups, pattern, runningMatch);
      } else {
        // A loop keeps the lines before it, so the next line may match the last pattern again.
        this.reset();
        if (pattern.loop) this.running[i - 1] = runningMatch;
        return withDefaultSeverity(capture(groups, pattern, runningMatch), severity);
      }
    }
    return undefined;
  }

  private empty(): Array<Captures | undefined> {
    return new Array<Captures | undefined>(Math.max(0, this.matcher.patterns.length - 1)).fill(undefined);
  }
}

/** Each field comes from the one pattern that names its group: earlier lines first, then this one. */
function capture(groups: RegExpExecArray, pattern: MatcherPattern, running?: Captures): Captures {
  const captures: Captures = {};
  for (const field of FIELDS) {
    const index = pattern[field];
    const value = running?.[field] ?? (index === undefined ? undefined : (groups[index] ?? ''));
    if (value !== undefined) captures[field] = value;
  }
  return captures;
}

function withDefaultSeverity(captures: Captures, severity: string): Captures {
  return (captures.severity ?? '') === '' && severity !== '' ? { ...captures, severity } : captures;
}

interface Issue {
  captures: Captures;
  severity: Severity;
  message: string;
  rule: string;
}

/** OutputManager.ConvertToIssue: no message or an unknown severity (e.g. `info`) is no issue. */
function toIssue(captures: Captures, owner: string): Issue | undefined {
  // Trimmed: a stylish-like `(.*)\s\s+(.*)` leaves the column padding on the message.
  const message = (captures.message ?? '').trim();
  const severity = toSeverity(captures.severity ?? '');
  if (message === '' || severity === undefined) return undefined;
  const code = captures.code?.trim() ?? '';
  return { captures, severity, message, rule: code === '' ? owner : code };
}

function toSeverity(severity: string): Severity | undefined {
  switch (severity.toLowerCase()) {
    case '':
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'notice':
      return 'notice';
    default:
      return undefined;
  }
}

/** An issue with a line and a file in the workspace; a relative file is taken from fromPath's folder. */
function toFinding(issue: Issue, options: ParseOptions): Finding | undefined {
  const { captures } = issue;
  const line = lineNumber(captures.line);
  const file = (captures.file ?? '').trim().replace(/\\/g, '/');
  if (line === undefined || file === '') return undefined;
  const fromPath = (captures.fromPath ?? '').trim().replace(/\\/g, '/');
  const rooted =
    fromPath !== '' && !path.posix.isAbsolute(file)
      ? path.posix.join(path.posix.dirname(fromPath), file)
      : file;
  const repoFile = repoPath(options.workspace, rooted, options.cwd);
  if (repoFile === undefined) return undefined;
  const fields = { rule: issue.rule, severity: issue.severity, message: issue.message, path: repoFile, line };
  return makeFinding({ ...fields, endLine: lineNumber(captures.endLine) }, options);
}
