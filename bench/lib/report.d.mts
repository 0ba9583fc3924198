// Types for report.mjs.

export interface Sample {
  ours: number;
  baseline?: number;
}

export interface BenchmarkInfo {
  name: string;
  target: number;
  unit: string;
  /** What the target applies to; default the median of ours. */
  targetOf?: 'ours' | 'ratio';
}

export interface ResultRow {
  name: string;
  median: number;
  p90: number;
  spread: number;
  rounds: number;
  target: number;
  unit: string;
  pass: boolean;
  baseline?: number;
  ratio?: number;
  ratioSpread?: number;
  targetOf?: 'ratio';
  note?: string;
}

export function sampleOf(returned: unknown, elapsedMs: number): Sample;
export function summarizeBenchmark(
  benchmark: BenchmarkInfo,
  samples: readonly Sample[],
  note?: unknown,
): ResultRow;
export function formatTable(rows: readonly ResultRow[]): string;

export interface BenchReport {
  machine: { cpus: number; model: string; node: string };
  date: string;
  quick?: boolean;
  results: readonly ResultRow[];
}

export const DOC_BEGIN: string;
export const DOC_END: string;
export function formatMarkdown(report: BenchReport): string;
export function replaceResults(doc: string, table: string): string;
