// Reads a JSONL trace back, tolerantly: a line cut short by a kill, or anything that is not an event,
// is counted and skipped. Checks shapes only as far as the timeline and the summary rely on them. Lives
// in report/, not trace/, because it hands back the run's ReviewReport (the trace layer is below this one).
import { z } from 'zod';
import type { ReviewReport } from './types.js';
import { REPORT_EVENT, type TraceEvent } from '../trace/types.js';

export interface ReadTrace {
  /** In file order. */
  events: TraceEvent[];
  /** Lines that are not a trace event: cut by a kill, or not JSON at all. Blank lines are not counted. */
  broken: number;
  /** Every run in the file, in order of first appearance (the CLI appends runs to one file). */
  runIds: string[];
  /** The last `review-report` event's report; absent when the run ended before its report. */
  report?: ReviewReport;
}

const traceEventSchema = z.object({
  ts: z.string(),
  runId: z.string(),
  spanId: z.string(),
  parentId: z.string().optional(),
  // Any kind: a trace written by a newer version still reads, its unknown kinds as plain events.
  kind: z.string(),
  name: z.string(),
  attrs: z.record(z.string(), z.unknown()),
  t: z.number(),
  durationMs: z.number().optional(),
});

// What renderSummaryMarkdown touches; the report itself is returned as written, not as parsed.
const reportShape = z.looseObject({
  runId: z.string(),
  conclusion: z.string(),
  dryRun: z.boolean(),
  context: z.looseObject({ head: z.looseObject({ sha: z.string() }) }),
  plan: z.looseObject({ subtasks: z.array(z.unknown()) }),
  results: z.array(z.unknown()),
  findings: z.array(z.unknown()),
  suggestions: z.array(z.unknown()),
  rolledBack: z.array(z.unknown()),
  decisions: z.array(z.unknown()),
  budgets: z.array(z.unknown()),
  durationMs: z.number(),
});

export function readTrace(text: string): ReadTrace {
  const events: TraceEvent[] = [];
  let broken = 0;
  for (const line of text.split(/\r?\n/u)) {
    if (line.trim() === '') continue;
    const event = parseEvent(line);
    if (event === undefined) broken++;
    else events.push(event);
  }
  return withReport({ events, broken, runIds: [...new Set(events.map((event) => event.runId))] });
}

/** The part of a trace that belongs to one run: its events and its own report (not an earlier run's). */
export function selectRun(trace: ReadTrace, runId: string): ReadTrace {
  const events = trace.events.filter((event) => event.runId === runId);
  return withReport({ events, broken: trace.broken, runIds: events.length > 0 ? [runId] : [] });
}

function parseEvent(line: string): TraceEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = traceEventSchema.safeParse(json);
  // The kind stays a string the renderers treat as opaque when it is not one of ours.
  return parsed.success ? (parsed.data as TraceEvent) : undefined;
}

function withReport(trace: Omit<ReadTrace, 'report'>): ReadTrace {
  for (let i = trace.events.length - 1; i >= 0; i--) {
    const event = trace.events[i]!;
    if (event.kind !== 'report' || event.name !== REPORT_EVENT) continue;
    const report = event.attrs.report;
    if (reportShape.safeParse(report).success) return { ...trace, report: report as ReviewReport };
  }
  return trace;
}
