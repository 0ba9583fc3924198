// SARIF 2.1.0 for code scanning: one run, one result per finding, partialFingerprints so alerts track
// across commits. Keeps to GitHub's upload rules (relative URIs, startLine ≥ 1, ≤ 25,000 results a
// run, the most severe kept); pure: the caller writes the file.
import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { Finding, Severity } from '../findings/types.js';

/**
 * Code scanning rejects a whole upload with a run of more results than this (a hard limit; of those
 * it accepts it shows the 5,000 most severe), so we cap rather than lose them all.
 */
export const SARIF_MAX_RESULTS = 25_000;

const INFORMATION_URI = 'https://github.com/marketplace/actions/kilo-agent';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  notice: 'note',
};

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function renderSarif(findings: readonly Finding[], toolVersion: string): string {
  const kept = mostSevere(findings, SARIF_MAX_RESULTS);
  const rules = [...new Set(kept.map(ruleIdOf))].sort();
  const ruleIndex = new Map(rules.map((id, index) => [id, index]));
  const run: Run = {
    tool: {
      driver: {
        name: 'Kilo Agent',
        version: toolVersion,
        informationUri: INFORMATION_URI,
        rules: rules.map((id): ReportingDescriptor => ({ id, shortDescription: { text: id } })),
      },
    },
    results: kept.map((f) => toResult(f, ruleIndex.get(ruleIdOf(f)) ?? -1)),
  };
  const omitted = findings.length - kept.length;
  if (omitted > 0) {
    run.invocations = [
      { executionSuccessful: true, toolExecutionNotifications: [capNotice(findings.length)] },
    ];
    run.properties = { resultsTotal: findings.length, resultsOmitted: omitted };
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toResult(f: Finding, ruleIndex: number): Result {
  const startLine = Number.isInteger(f.line) && f.line >= 1 ? f.line : 1;
  const spans = f.endLine !== undefined && Number.isInteger(f.endLine) && f.endLine > startLine;
  const ruleId = ruleIdOf(f);
  return {
    ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message.trim() === '' ? ruleId : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(f.path), uriBaseId: '%SRCROOT%' },
          region: { startLine, ...(spans ? { endLine: f.endLine } : {}) },
        },
      },
    ],
    // Code scanning matches alerts across commits by these; a finding always has one, but never leave it out.
    partialFingerprints: {
      'kiloFingerprint/v1': f.fingerprint === '' ? `${ruleId}:${f.path}:${startLine}` : f.fingerprint,
    },
    properties: { source: f.source },
  };
}

/** Code scanning drops a result without a ruleId. */
function ruleIdOf(f: Finding): string {
  return f.rule.trim() === '' ? `${f.source.trim() || 'kilo'}/unnamed` : f.rule;
}

/**
 * A repository path as a relative URI reference: each segment percent-encoded, so spaces, `#`, `%`,
 * a `:` that would read as a scheme, and non-ASCII names all survive (code scanning decodes them).
 */
function relativeUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(wellFormed(segment)))
    .join('/');
}

/** Lone surrogates (which encodeURIComponent throws on) as U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** At most `max` findings, errors before warnings before notices, in their original order. */
function mostSevere(findings: readonly Finding[], max: number): readonly Finding[] {
  if (findings.length <= max) return findings;
  const keep = new Set(
    findings
      .map((finding, index) => ({ rank: RANK[finding.severity], index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .slice(0, max)
      .map((entry) => entry.index),
  );
  return findings.filter((_, index) => keep.has(index));
}

function capNotice(total: number): Notification {
  return {
    level: 'warning',
    descriptor: { id: 'kilo/sarif-results-capped' },
    message: {
      text:
        `Kilo Agent found ${total} findings; this run holds the ${SARIF_MAX_RESULTS} most severe, ` +
        `as GitHub code scanning rejects a run of more than ${SARIF_MAX_RESULTS} results.`,
    },
  };
}
