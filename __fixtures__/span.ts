// An in-memory Span for tests: records every event and child span (start and end) in one flat list.
import type { Span, TraceAttrs, TraceKind } from '../src/trace/types.js';

export interface RecordedEvent {
  kind: TraceKind;
  name: string;
  attrs: TraceAttrs;
  spanId: string;
  parentId?: string;
}

export type RecordingSpan = Span & { events: RecordedEvent[] };

export function createRecordingSpan(): RecordingSpan {
  const events: RecordedEvent[] = [];
  let nextId = 1;

  const makeSpan = (spanId: string, parentId: string | undefined): Span => ({
    spanId,
    event(kind, name, attrs = {}) {
      events.push({ kind, name, attrs, spanId, ...(parentId === undefined ? {} : { parentId }) });
    },
    async child<T>(kind: TraceKind, name: string, attrs: TraceAttrs, fn: (span: Span) => Promise<T>) {
      const childId = `s${nextId++}`;
      events.push({ kind, name, attrs: { ...attrs, phase: 'start' }, spanId: childId, parentId: spanId });
      try {
        return await fn(makeSpan(childId, spanId));
      } finally {
        events.push({ kind, name, attrs: { phase: 'end' }, spanId: childId, parentId: spanId });
      }
    },
  });

  return { ...makeSpan('s0', undefined), events };
}
