// The trace as a plain-text tree of spans with their offsets and durations, and under each span only
// the events worth a look in a post-mortem (denials, retries, breakers, errors, LLM outcomes).
import { REPORT_EVENT, type TraceEvent } from './types.js';

export interface TimelineOptions {
  /** Unreadable lines of the file, said at the end (a line cut by a kill is the usual one). */
  broken?: number;
}

interface SpanNode {
  type: 'span';
  id: string;
  parentId: string | undefined;
  kind: string;
  name: string;
  t: number;
  order: number;
  attempt: number;
  durationMs?: number;
  error?: string;
  /** The subtask's outcome (from its `subtask-finish`) or `retried`. */
  status?: string;
  children: TimelineNode[];
}

interface PointNode {
  type: 'point';
  t: number;
  order: number;
  text: string;
}

type TimelineNode = SpanNode | PointNode;

const TEXT_MAX = 160;

/** One block per run, in the order the runs appear; deterministic, no colours. */
export function renderTimeline(events: readonly TraceEvent[], options: TimelineOptions = {}): string {
  const runs = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const run = runs.get(event.runId);
    if (run) run.push(event);
    else runs.set(event.runId, [event]);
  }
  const blocks = [...runs.values()].map(renderRun);
  if (blocks.length === 0) blocks.push('(no trace events)');
  const broken = options.broken ?? 0;
  if (broken > 0) {
    const lines = broken === 1 ? '1 unreadable line' : `${broken} unreadable lines`;
    blocks.push(`(${lines} skipped: cut short by a kill, or not a trace event)`);
  }
  return blocks.join('\n\n');
}

function renderRun(events: readonly TraceEvent[]): string {
  const { roots, spans } = buildTree(events);
  const lines: string[] = [];
  const seen = new Set<SpanNode>();
  const walk = (nodes: TimelineNode[], depth: number) => {
    for (const node of [...nodes].sort((a, b) => a.t - b.t || a.order - b.order)) {
      if (node.type === 'point') {
        lines.push(row(node.t, '', depth, node.text));
        continue;
      }
      if (seen.has(node)) continue;
      seen.add(node);
      lines.push(row(node.t, durationCell(node), depth, spanText(node)));
      walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  // Spans whose parents form a loop (a hand-edited file) are still shown, at the top.
  walk(
    [...spans.values()].filter((span) => !seen.has(span)),
    0,
  );
  const first = events[0]!;
  const end = events.reduce((max, event) => Math.max(max, event.t), 0); // no spread: traces get long
  const unfinished = [...spans.values()].filter((span) => span.durationMs === undefined).length;
  const total =
    unfinished === 0
      ? `took ${formatMs(end)}`
      : `stopped after ${formatMs(end)} with ${unfinished === 1 ? '1 span' : `${unfinished} spans`} unfinished (cancelled or killed)`;
  return [`Run ${first.runId}  started ${first.ts}  ${total}`, ...lines].join('\n');
}

function buildTree(events: readonly TraceEvent[]): { roots: TimelineNode[]; spans: Map<string, SpanNode> } {
  const spans = new Map<string, SpanNode>();
  // Attempts of each subtask in order: the last one gets the outcome, earlier ones were retried.
  const attempts = new Map<string, SpanNode[]>();
  const points: Array<{ parent: string; node: PointNode }> = [];
  events.forEach((event, order) => {
    const phase = event.attrs.phase;
    if (phase === 'start' || (phase === 'end' && event.durationMs !== undefined)) {
      const span = spans.get(event.spanId) ?? newSpan(event, order, spans, attempts);
      if (phase === 'end') {
        span.durationMs = event.durationMs;
        if (event.attrs.error !== undefined) span.error = oneLine(String(event.attrs.error));
      }
      return;
    }
    const latest = attempts.get(event.name)?.at(-1);
    if (event.kind === 'subtask-retry' && latest) latest.status = 'retried';
    if (event.kind === 'subtask-finish' && latest && latest.status !== 'retried') {
      latest.status = outcome(event);
      return;
    }
    const text = describe(event);
    if (text !== undefined)
      points.push({ parent: event.spanId, node: { type: 'point', t: event.t, order, text } });
  });
  const roots: TimelineNode[] = [];
  for (const span of spans.values()) {
    const parent = span.parentId === undefined ? undefined : spans.get(span.parentId);
    (parent && parent !== span ? parent.children : roots).push(span);
  }
  for (const { parent, node } of points) (spans.get(parent)?.children ?? roots).push(node);
  return { roots, spans };
}

function newSpan(
  event: TraceEvent,
  order: number,
  spans: Map<string, SpanNode>,
  attempts: Map<string, SpanNode[]>,
): SpanNode {
  // An end without its start (that line was unreadable): the start is known from the duration.
  const t = event.attrs.phase === 'start' ? event.t : event.t - (event.durationMs ?? 0);
  const attempt = typeof event.attrs.attempt === 'number' ? event.attrs.attempt : 1;
  const span: SpanNode = {
    type: 'span',
    id: event.spanId,
    parentId: event.parentId,
    kind: event.kind,
    name: event.name,
    t,
    order,
    attempt,
    children: [],
  };
  spans.set(event.spanId, span);
  if (event.kind === 'subtask-start') attempts.set(event.name, [...(attempts.get(event.name) ?? []), span]);
  return span;
}

function spanText(span: SpanNode): string {
  const label = span.kind === 'subtask-start' ? 'subtask' : span.kind;
  const attempt = span.attempt > 1 ? ` (attempt ${span.attempt})` : '';
  // A subtask given up on after the abort grace has its outcome but may never end.
  let status: string;
  if (span.durationMs === undefined) status = span.status ? `${span.status} (unfinished)` : '(unfinished)';
  // The scheduler's outcome says it as the report does; a thrown error is usually its reason too.
  else status = span.status ?? (span.error === undefined ? 'ok' : `error: ${span.error}`);
  return `${label} ${span.name}${attempt}  ${status}`;
}

function outcome(event: TraceEvent): string {
  const status = str(event.attrs.status) ?? 'finished';
  const reason = str(event.attrs.reason);
  return reason === undefined ? status : `${status}: ${oneLine(reason)}`;
}

/** The line for an event worth showing, or undefined for the routine ones. */
function describe(event: TraceEvent): string | undefined {
  const a = event.attrs;
  switch (event.kind) {
    case 'policy-decision':
      return a.allow === false ? `denied ${event.name}: ${oneLine(str(a.reason) ?? '')}` : undefined;
    case 'subtask-retry':
      return `retry ${event.name} as attempt ${num(a.attempt)} in ${formatMs(typeof a.delayMs === 'number' ? a.delayMs : 0)}: ${oneLine(str(a.reason) ?? '')}`;
    case 'subtask-skip':
    case 'subtask-finish':
      return `${event.kind === 'subtask-skip' ? 'not run' : 'finished'} ${event.name}  ${outcome(event)}`;
    case 'cache':
      return event.name === 'reused'
        ? `reused ${oneLine(str(a.id) ?? '')} from the run on ${oneLine(str(a.from) ?? '').slice(0, 7)}`
        : undefined;
    case 'breaker':
      return `breaker ${event.name} ${str(a.transition) ?? ''} after ${count(a.failures, 'failure')}`;
    case 'error':
      return `error ${event.name}: ${oneLine(str(a.message) ?? '')}`;
    case 'llm-call':
      return `llm-call ${event.name} ${llmOutcome(a)}`;
    case 'tool-call':
      return `tool-call ${oneLine(event.name)} ${oneLine(str(a.args) ?? '')}  ${toolOutcome(a)}`;
    case 'command':
      return commandTrouble(event);
    case 'validate':
      return event.name === 'rolled back'
        ? `validate rolled back: ${oneLine(str(a.reason) ?? '')}`
        : undefined;
    case 'post':
      return a.ok === false
        ? `post ${event.name} failed${a.status === undefined ? '' : ` (${num(a.status)})`}: ${oneLine(str(a.message) ?? '')}`
        : undefined;
    case 'api-call':
      return typeof a.status === 'number' && a.status >= 400
        ? `api-call ${event.name} ${a.status}`
        : undefined;
    case 'ledger':
      if (event.name === 'resolve-thread')
        return `ledger resolve the thread of ${oneLine(str(a.fingerprint) ?? '')} (${oneLine(str(a.state) ?? '')})`;
      return `ledger ${event.name.padEnd(9)} ${oneLine(str(a.rule) ?? '')} ${oneLine(str(a.path) ?? '')}:${num(a.line)}${
        typeof a.dismissedBy === 'string' ? ` (dismissed: ${a.dismissedBy})` : ''
      }`;
    case 'plan':
      return planText(event);
    case 'report':
      return reportText(event);
    default:
      return undefined;
  }
}

function toolOutcome(a: TraceEvent['attrs']): string {
  const bytes = typeof a.bytes === 'number' ? `, ${a.bytes} B` : '';
  if (a.outcome === 'denied') return `denied (${oneLine(str(a.rule) ?? 'policy')})`;
  return `${oneLine(str(a.outcome) ?? '')}${bytes}`;
}

function llmOutcome(a: TraceEvent['attrs']): string {
  if (a.outcome === undefined) {
    // The reviewer's answer to one batch.
    return `batch ${num(a.batch)}: ${count(a.findings, 'finding')}, ${count(a.suggestions, 'suggestion')}${droppedText(a.dropped)}`;
  }
  let text = str(a.outcome) ?? '?';
  if (typeof a.status === 'number') text += ` (${a.status})`;
  if (a.cached === true) text += ' (cached)';
  const tokens =
    (typeof a.inputTokens === 'number' ? a.inputTokens : 0) +
    (typeof a.outputTokens === 'number' ? a.outputTokens : 0);
  if (tokens > 0) text += ` ${num(a.inputTokens)}+${num(a.outputTokens)} tokens`;
  if (typeof a.durationMs === 'number') text += ` in ${formatMs(a.durationMs)}`;
  if (typeof a.rule === 'string') text += ` by ${a.rule}`;
  if (typeof a.error === 'string') text += `: ${oneLine(a.error)}`;
  return text;
}

/** `dropped` is a count per reason; only a total above zero is worth a word. */
function droppedText(dropped: unknown): string {
  if (typeof dropped !== 'object' || dropped === null) return '';
  const total = Object.values(dropped).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
  return total > 0 ? `, ${total} dropped` : '';
}

function commandTrouble(event: TraceEvent): string | undefined {
  const a = event.attrs;
  if (a.timedOut === true) return `command ${event.name} timed out`;
  if (a.spawnError !== undefined)
    return `command ${event.name} did not start: ${oneLine(String(a.spawnError))}`;
  if (typeof a.signal === 'string') return `command ${event.name} killed by ${a.signal}`;
  if (a.error !== undefined) return `command ${event.name}: ${oneLine(String(a.error))}`;
  return undefined;
}

function planText(event: TraceEvent): string | undefined {
  if (event.name === 'llm-plan')
    return `plan from ${str(event.attrs.source) ?? '?'}: ${oneLine(str(event.attrs.reason) ?? '')}`;
  const subtasks = event.attrs.subtasks;
  return Array.isArray(subtasks) ? `plan ${count(subtasks.length, 'subtask')}` : undefined;
}

function reportText(event: TraceEvent): string {
  const a = event.attrs;
  if (event.name === REPORT_EVENT) {
    const report = a.report as { conclusion?: unknown } | undefined;
    return `report recorded (${str(report?.conclusion) ?? 'unreadable'})`;
  }
  if (event.name === 'skipped') return `report skipped: ${oneLine(str(a.reason) ?? '')}`;
  if (event.name === 'planned') return `report planned: ${count(a.subtasks, 'subtask')}`;
  return `report ${event.name}: ${count(a.findings, 'finding')}, ${count(a.suggestions, 'suggestion')}`;
}

function row(t: number, duration: string, depth: number, text: string): string {
  return `  ${`+${(t / 1000).toFixed(3)}s`.padStart(8)}  ${duration.padStart(8)}  ${'  '.repeat(depth)}${text}`;
}

function durationCell(span: SpanNode): string {
  return span.durationMs === undefined ? '?' : formatMs(span.durationMs);
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= TEXT_MAX ? flat : `${flat.slice(0, TEXT_MAX - 1)}…`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `1 finding`, `2 findings`; `? findings` when the attribute is missing. */
function count(value: unknown, word: string): string {
  return typeof value === 'number' ? `${value} ${word}${value === 1 ? '' : 's'}` : `? ${word}s`;
}

function num(value: unknown): number | string {
  return typeof value === 'number' ? value : '?';
}
