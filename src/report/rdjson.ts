// Findings as reviewdog's Diagnostic Format: one DiagnosticResult (rdjson), as reviewdog's
// proto/rdf/reviewdog.proto reads it in protojson form. Linewise ranges only: findings have no columns.
// Suggestions are left out. Pure: the caller writes the file.
import type { Finding, Severity } from '../findings/types.js';

type RdSeverity = 'ERROR' | 'WARNING' | 'INFO';

interface Diagnostic {
  message: string;
  location: { path: string; range: { start: { line: number }; end: { line: number } } };
  severity: RdSeverity;
  code: { value: string };
}

interface DiagnosticResult {
  source: { name: string; url: string };
  diagnostics: Diagnostic[];
}

const SEVERITY: Record<Severity, RdSeverity> = { error: 'ERROR', warning: 'WARNING', notice: 'INFO' };

export function renderRdjson(findings: readonly Finding[], toolVersion: string): string {
  const result: DiagnosticResult = {
    // reviewdog names the source beside each comment; Source has no version field, so the url carries it.
    source: {
      name: 'kilo-agent',
      url: `https://github.com/marketplace/actions/kilo-agent?version=${encodeURIComponent(toolVersion)}`,
    },
    diagnostics: findings.map(toDiagnostic),
  };
  return `${JSON.stringify(result, null, 2)}\n`;
}

function toDiagnostic(f: Finding): Diagnostic {
  // Without a column an end is inclusive: the range covers its end line.
  const end = f.endLine !== undefined && f.endLine > f.line ? f.endLine : f.line;
  return {
    message: f.message,
    location: { path: f.path, range: { start: { line: f.line }, end: { line: end } } },
    severity: SEVERITY[f.severity],
    code: { value: f.rule },
  };
}
