// SARIF 2.1.0 (any tool) → findings: each run's results, plus tool notifications at level error (an
// ESLint parse error is one). Results without a file and line in the workspace have no anchor and
// are dropped, as are suppressed, fixed (baselineState absent), passing and not-applicable results.
import path from 'node:path';
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import { firstIssue, lineNumber, makeFinding, nonBlank, oneLine, parseJsonText, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

// Only the fields we use; SARIF has many more, which pass.
const artifactLocationSchema = z.object({
  uri: z.string().optional(),
  uriBaseId: z.string().optional(),
  index: z.number().optional(),
});
const locationSchema = z.object({
  physicalLocation: z
    .object({
      artifactLocation: artifactLocationSchema.optional(),
      region: z.object({ startLine: z.number().optional(), endLine: z.number().optional() }).optional(),
    })
    .optional(),
});
const messageSchema = z.object({
  text: z.string().optional(),
  id: z.string().optional(),
  arguments: z.array(z.string()).optional(),
});
const ruleSchema = z.object({
  id: z.string().optional(),
  defaultConfiguration: z.object({ level: z.string().optional() }).optional(),
  messageStrings: z.record(z.string(), z.object({ text: z.string().optional() })).optional(),
});
const componentSchema = z.object({ rules: z.array(ruleSchema).optional() });
const resultSchema = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().optional(),
  rule: z
    .object({
      id: z.string().optional(),
      index: z.number().optional(),
      toolComponent: z.object({ index: z.number().optional() }).optional(),
    })
    .optional(),
  kind: z.string().optional(),
  level: z.string().optional(),
  message: messageSchema,
  locations: z.array(locationSchema).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() })).optional(),
  baselineState: z.string().optional(),
});
const notificationSchema = z.object({
  level: z.string().optional(),
  message: messageSchema,
  locations: z.array(locationSchema).optional(),
  descriptor: z.object({ id: z.string().optional() }).optional(),
});
const runSchema = z.object({
  tool: z.object({ driver: componentSchema, extensions: z.array(componentSchema).optional() }).optional(),
  results: z.array(resultSchema).nullish(),
  originalUriBaseIds: z.record(z.string(), artifactLocationSchema).optional(),
  artifacts: z.array(z.object({ location: artifactLocationSchema.optional() })).nullish(),
  invocations: z
    .array(
      z.object({
        toolExecutionNotifications: z.array(notificationSchema).optional(),
        toolConfigurationNotifications: z.array(notificationSchema).optional(),
      }),
    )
    .optional(),
});
const logSchema = z.object({ runs: z.array(runSchema) });

type Run = z.infer<typeof runSchema>;
type SarifResult = z.infer<typeof resultSchema>;
type Rule = z.infer<typeof ruleSchema>;
type Location = z.infer<typeof locationSchema>;
type ArtifactLocation = z.infer<typeof artifactLocationSchema>;

export function parseSarif(output: string, options: ParseOptions): ParseResult {
  if (output.trim() === '') return { findings: [], error: 'SARIF output is empty (expected a SARIF log)' };
  const json = parseJsonText(output, 'SARIF output');
  if (!json.ok) return { findings: [], error: json.error };
  const parsed = logSchema.safeParse(json.value);
  if (!parsed.success)
    return {
      findings: [],
      error: oneLine(`SARIF output has an unexpected shape: ${firstIssue(parsed.error)}`),
    };

  const findings: Finding[] = [];
  for (const run of parsed.data.runs) {
    for (const result of run.results ?? []) {
      const finding = resultFinding(result, run, options);
      if (finding) findings.push(finding);
    }
    findings.push(...notificationFindings(run, options));
  }
  return { findings };
}

function resultFinding(result: SarifResult, run: Run, options: ParseOptions): Finding | undefined {
  if (result.kind === 'pass' || result.kind === 'notApplicable' || result.baselineState === 'absent')
    return undefined;
  if (isSuppressed(result)) return undefined;
  const rule = ruleOf(result, run);
  const ruleId = nonBlank(result.ruleId) ?? nonBlank(result.rule?.id) ?? nonBlank(rule?.id) ?? 'sarif';
  // §3.27.10: a result of another kind than fail has level none; else the rule's default, else warning.
  const failing = result.kind === undefined || result.kind === 'fail';
  const level = result.level ?? (failing ? rule?.defaultConfiguration?.level : 'none') ?? 'warning';
  const message = messageText(result.message, rule) ?? ruleId;
  return locatedFinding(result.locations?.[0], run, options, {
    rule: ruleId,
    severity: toSeverity(level),
    message,
  });
}

/** Accepted (or status-less) suppressions hide a result; ones under review or rejected do not. */
function isSuppressed(result: SarifResult): boolean {
  return (result.suppressions ?? []).some((s) => s.status === undefined || s.status === 'accepted');
}

/** Tool notifications at level error with a location: the tool could not check that spot. */
function notificationFindings(run: Run, options: ParseOptions): Finding[] {
  const findings: Finding[] = [];
  for (const invocation of run.invocations ?? []) {
    const notifications = [
      ...(invocation.toolExecutionNotifications ?? []),
      ...(invocation.toolConfigurationNotifications ?? []),
    ];
    for (const notification of notifications) {
      if (notification.level !== 'error') continue;
      const rule = nonBlank(notification.descriptor?.id) ?? 'sarif/tool-error';
      const message = messageText(notification.message, undefined) ?? rule;
      const fields = { rule, severity: 'error' as const, message };
      const finding = locatedFinding(notification.locations?.[0], run, options, fields);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

function locatedFinding(
  location: Location | undefined,
  run: Run,
  options: ParseOptions,
  fields: { rule: string; severity: Severity; message: string },
): Finding | undefined {
  const physical = location?.physicalLocation;
  const line = lineNumber(physical?.region?.startLine);
  const artifact = physical?.artifactLocation;
  if (line === undefined || artifact === undefined) return undefined;
  const file = artifactPath(artifact, run, options.workspace, options.cwd);
  if (file === undefined) return undefined;
  return makeFinding({ ...fields, path: file, line, endLine: physical?.region?.endLine }, options);
}

/** The rule's descriptor, by index (into the driver or the extension named by toolComponent) or id. */
function ruleOf(result: SarifResult, run: Run): Rule | undefined {
  const componentIndex = result.rule?.toolComponent?.index;
  const component = componentIndex === undefined ? run.tool?.driver : run.tool?.extensions?.[componentIndex];
  const rules = component?.rules ?? [];
  const index = result.ruleIndex ?? result.rule?.index;
  if (index !== undefined && rules[index] !== undefined) return rules[index];
  const id = result.ruleId ?? result.rule?.id;
  return id === undefined ? undefined : rules.find((rule) => rule.id === id);
}

/** message.text, else the rule's message string for message.id with {0}… filled from arguments. */
function messageText(message: z.infer<typeof messageSchema>, rule: Rule | undefined): string | undefined {
  const text = nonBlank(message.text);
  if (text !== undefined) return text;
  const template = message.id === undefined ? undefined : rule?.messageStrings?.[message.id]?.text;
  if (template === undefined) return undefined;
  return template.replace(/\{(\d+)\}/g, (match, n: string) => message.arguments?.[Number(n)] ?? match);
}

/** error | warning | note | none; an unknown level is treated as the default, warning. */
function toSeverity(level: string): Severity {
  if (level === 'error') return 'error';
  if (level === 'note' || level === 'none') return 'notice';
  return 'warning';
}

const MAX_BASE_DEPTH = 10;

/**
 * The repository path of an artifact location: its uri (or the run's artifacts[index] uri), resolved
 * against its uriBaseId through run.originalUriBaseIds. A base the log leaves undefined (e.g.
 * %SRCROOT%) is the workspace, as is the base of a relative uri without one.
 */
function artifactPath(
  artifact: ArtifactLocation,
  run: Run,
  workspace: string,
  cwd: string | undefined,
): string | undefined {
  const location =
    artifact.uri === undefined && artifact.index !== undefined
      ? run.artifacts?.[artifact.index]?.location
      : artifact;
  if (location?.uri === undefined) return undefined;
  const uri = absoluteUri(location.uri, location.uriBaseId, run, 0);
  if (!hasScheme(uri)) return repoPath(workspace, decodeUri(uri), cwd);
  const file = fileUrl(uri);
  return file === undefined ? undefined : repoPath(workspace, file);
}

/** A `file:` URI in the `file:///…` form repoPath reads (`file:/a` is the same file); else undefined. */
function fileUrl(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** uri resolved against its base chain, or left relative when a base is unknown or relative. */
function absoluteUri(uri: string, baseId: string | undefined, run: Run, depth: number): string {
  if (hasScheme(uri) || baseId === undefined || depth > MAX_BASE_DEPTH) return uri;
  const base = run.originalUriBaseIds?.[baseId];
  if (base?.uri === undefined) return uri;
  const baseUri = absoluteUri(base.uri, base.uriBaseId, run, depth + 1);
  if (!hasScheme(baseUri)) return path.posix.join(baseUri, uri);
  try {
    return new URL(uri, baseUri.endsWith('/') ? baseUri : `${baseUri}/`).href;
  } catch {
    return uri;
  }
}

/** `file:`, `https:`…; a single letter is a Windows drive (`C:/src`), not a scheme. */
function hasScheme(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(uri);
}

function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
