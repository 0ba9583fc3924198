// The run's tracer: spans and events kept in memory and appended to a JSONL file as they happen.
// Every string that reaches the sink passes redact(): registered secrets never leave the process.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Span, TraceAttrs, TraceEvent, TraceKind, Tracer } from './types.js';
import { createRedactor } from './redact.js';

export interface TracerOptions {
  /** JSONL file to append to; omit for an in-memory tracer. */
  path?: string;
  runId?: string;
  /** Monotonic clock in ms (injected for tests). */
  now?: () => number;
  /** Wall clock (injected for tests). */
  wallClock?: () => Date;
  /** Sees every (redacted) event as it is recorded: the CLI's live progress. */
  onEvent?: (event: TraceEvent) => void;
}

export function createTracer(options: TracerOptions = {}): Tracer {
  const now = options.now ?? (() => performance.now());
  const wallClock = options.wallClock ?? (() => new Date());
  const runId = options.runId ?? randomUUID();
  const start = now();
  const redactor = createRedactor();
  const events: TraceEvent[] = [];
  let nextSpan = 1;
  let sinkBroken = false;

  if (options.path) mkdirSync(dirname(options.path), { recursive: true });

  const record = (event: Omit<TraceEvent, 'ts' | 'runId' | 't'>): void => {
    const full: TraceEvent = { ts: wallClock().toISOString(), runId, t: round(now() - start), ...event };
    const safe = redactEvent(full, redactor.redact);
    events.push(safe);
    options.onEvent?.(safe);
    if (options.path && !sinkBroken) {
      try {
        // Synchronous append: the trace must survive a crash or a SIGTERM right after this line.
        appendFileSync(options.path, `${JSON.stringify(safe)}\n`);
      } catch {
        sinkBroken = true; // keep running; the in-memory events still feed the report
      }
    }
  };

  const makeSpan = (spanId: string, parentId: string | undefined): Span => ({
    spanId,
    event(kind: TraceKind, name: string, attrs: TraceAttrs = {}) {
      record({ spanId, ...(parentId ? { parentId } : {}), kind, name, attrs });
    },
    async child<T>(kind: TraceKind, name: string, attrs: TraceAttrs, fn: (span: Span) => Promise<T>) {
      const childId = `s${nextSpan++}`;
      const began = now();
      record({ spanId: childId, parentId: spanId, kind, name, attrs: { ...attrs, phase: 'start' } });
      let failed: unknown;
      try {
        return await fn(makeSpan(childId, spanId));
      } catch (error) {
        failed = error;
        throw error;
      } finally {
        record({
          spanId: childId,
          parentId: spanId,
          kind,
          name,
          attrs: failed === undefined ? { phase: 'end' } : { phase: 'end', error: String(failed) },
          durationMs: round(now() - began),
        });
      }
    },
  });

  const root = makeSpan('s0', undefined);
  return {
    ...root,
    runId,
    addSecret: (value: string) => redactor.add(value),
    redact: (text: string) => redactor.redact(text),
    events: () => events,
    flush: async () => {
      // appendFileSync already persisted every line; nothing is buffered.
    },
  };
}

function redactEvent(event: TraceEvent, redact: (text: string) => string): TraceEvent {
  try {
    return JSON.parse(redact(JSON.stringify(event))) as TraceEvent;
  } catch {
    // A mask that broke the JSON structure: keep the event's shape, drop its attributes.
    return { ...event, name: redact(event.name), attrs: { redacted: true } };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
