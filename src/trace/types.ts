// Auditable trace: every decision and event of a run, as JSONL.

export type TraceKind =
  | 'run'
  | 'context'
  | 'config'
  | 'policy-decision'
  | 'plan'
  | 'subtask-start'
  | 'subtask-finish'
  | 'subtask-skip'
  | 'subtask-retry'
  | 'cache'
  | 'breaker'
  | 'command'
  | 'validate'
  | 'api-call'
  | 'llm-call'
  /** One per tool call of the LLM reviewer's tool loop: tool, arguments, outcome, bytes, duration. */
  | 'tool-call'
  | 'post'
  | 'report'
  /** One per finding per run: its state across the PR's pushes (new, open, fixed, outdated, dismissed). */
  | 'ledger'
  | 'error';

/** The `report` event whose `attrs.report` is the whole ReviewReport (`kilo-agent trace` reads it). */
export const REPORT_EVENT = 'review-report';

export type TraceAttrs = Record<string, unknown>;

export interface TraceEvent {
  /** ISO wall-clock time. */
  ts: string;
  runId: string;
  spanId: string;
  parentId?: string;
  kind: TraceKind;
  name: string;
  attrs: TraceAttrs;
  /** Monotonic milliseconds since the run started. */
  t: number;
  /** Present on span ends. */
  durationMs?: number;
}

export interface Span {
  readonly spanId: string;
  event(kind: TraceKind, name: string, attrs?: TraceAttrs): void;
  child<T>(kind: TraceKind, name: string, attrs: TraceAttrs, fn: (span: Span) => Promise<T>): Promise<T>;
}

export interface Tracer extends Span {
  readonly runId: string;
  /** Values that must never appear in the trace (tokens, keys, detected secrets). */
  addSecret(value: string): void;
  redact(text: string): string;
  events(): readonly TraceEvent[];
  flush(): Promise<void>;
}
