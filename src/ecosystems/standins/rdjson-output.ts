// The reviewdog Diagnostic Format the stand-ins print: one DiagnosticResult, shaped as the real tools'
// `--output-format rdjson` (ruff) and reviewdog's actionlint integration write it. Only what the
// stand-ins fill in is typed; see src/findings/parsers/rdjson.ts for what the analyzer reads.

/** 1-based line and column; the column counts characters (Unicode code points), as ruff's does. */
export interface RdPosition {
  line: number;
  column: number;
}
export interface RdRange {
  start: RdPosition;
  end?: RdPosition;
}
/** Replace `range` with `text` (empty text deletes): one edit of a fix. */
export interface RdSuggestion {
  range: RdRange;
  text: string;
}
export interface RdDiagnostic {
  message: string;
  location: { path: string; range: RdRange };
  code: { value: string; url?: string };
  suggestions?: RdSuggestion[];
}
export interface RdSource {
  name: string;
  url: string;
}

/** The document, as one line of JSON: the severity applies to every diagnostic. */
export function renderRdjson(
  source: RdSource,
  severity: 'ERROR' | 'WARNING',
  diagnostics: readonly RdDiagnostic[],
): string {
  return `${JSON.stringify({ source, severity, diagnostics })}\n`;
}

/** Diagnostics in the order the files were given, then by position, then by code. */
export function sortDiagnostics(diagnostics: RdDiagnostic[], order: readonly string[]): RdDiagnostic[] {
  const rank = new Map(order.map((file, index) => [file, index]));
  const key = (d: RdDiagnostic) => rank.get(d.location.path) ?? order.length;
  return diagnostics.sort(
    (a, b) =>
      key(a) - key(b) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.column - b.location.range.start.column ||
      a.code.value.localeCompare(b.code.value),
  );
}
