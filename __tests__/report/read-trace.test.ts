import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeReport } from '../../__fixtures__/report.js';
import { readTrace, selectRun } from '../../src/report/read-trace.js';
import { REPORT_EVENT, type TraceEvent } from '../../src/trace/types.js';

function event(fields: Partial<TraceEvent> = {}): TraceEvent {
  return {
    ts: '2025-01-02T03:00:00.000Z',
    runId: 'run-1',
    spanId: 's1',
    parentId: 's0',
    kind: 'plan',
    name: 'plan',
    attrs: {},
    t: 1.5,
    ...fields,
  };
}

const jsonl = (events: readonly unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');
const reportEvent = (runId: string, report: unknown) =>
  event({ runId, kind: 'report', name: REPORT_EVENT, attrs: { report } });

describe('readTrace', () => {
  it('reads every event line, in order, and counts the lines that are not events', () => {
    const events = [event(), event({ spanId: 's2', durationMs: 12, attrs: { phase: 'end' } })];
    const text = [
      JSON.stringify(events[0]),
      '',
      '{"ts":"2025-01-02T03:00:00.000Z","runId":"run-1","sp', // cut by a kill
      '{"kind":"plan"}', // JSON, but not an event
      'not json at all',
      `${JSON.stringify(events[1])}\r`,
      '',
    ].join('\n');
    expect(readTrace(text)).toEqual({ events, broken: 3, runIds: ['run-1'] });
  });

  it('lists the runs of an appended file once each, in order of first appearance', () => {
    const text = jsonl([event({ runId: 'b' }), event({ runId: 'a' }), event({ runId: 'b' })]);
    expect(readTrace(text).runIds).toEqual(['b', 'a']);
  });

  it("returns the last review-report event's report as it was written", () => {
    const first = makeReport({ runId: 'run-1', conclusion: 'success' });
    const last = makeReport({ runId: 'run-1', conclusion: 'failure' });
    const text = jsonl([reportEvent('run-1', first), event(), reportEvent('run-1', last)]);
    expect(readTrace(text).report).toEqual(JSON.parse(JSON.stringify(last)));
  });

  it('has no report when the run ended before it, or when the event does not hold one', () => {
    expect(readTrace(jsonl([event()])).report).toBeUndefined();
    expect(readTrace(jsonl([reportEvent('run-1', { conclusion: 'failure' })])).report).toBeUndefined();
    // Another report event (the final conclusion) is not the report.
    const conclusion = event({ kind: 'report', name: 'failure', attrs: { findings: 1 } });
    expect(readTrace(jsonl([conclusion])).report).toBeUndefined();
  });

  it('reads an empty or foreign file as no events', () => {
    expect(readTrace('')).toEqual({ events: [], broken: 0, runIds: [] });
    expect(readTrace('# Kilo Agent\n\nsome markdown\n')).toMatchObject({ events: [], broken: 2 });
  });
});

describe('selectRun', () => {
  it("keeps one run's events and its own report, never an earlier run's", () => {
    const earlier = makeReport({ runId: 'run-a' });
    const text = jsonl([reportEvent('run-a', earlier), event({ runId: 'run-b' })]);
    const trace = readTrace(text);
    expect(trace.report?.runId).toBe('run-a');
    const b = selectRun(trace, 'run-b');
    expect(b.events.map((e) => e.runId)).toEqual(['run-b']);
    expect(b.runIds).toEqual(['run-b']);
    expect(b.report).toBeUndefined();
    expect(selectRun(trace, 'run-a').report?.runId).toBe('run-a');
  });
});

describe('readTrace (property)', () => {
  const eventArb = fc.record({
    ts: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    runId: fc.constantFrom('r1', 'r2'),
    spanId: fc.string({ minLength: 1, maxLength: 4 }),
    kind: fc.constantFrom('run', 'plan', 'command', 'subtask-start'),
    name: fc.string({ maxLength: 20 }),
    attrs: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
    t: fc.double({ min: 0, max: 1e6, noNaN: true }),
  }) as fc.Arbitrary<TraceEvent>;

  it('recovers every whole line and counts every line cut short', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, fc.option(fc.nat(), { nil: undefined }))), (items) => {
        const lines = items.map(([e, cut]) => {
          const line = JSON.stringify(e);
          // A cut keeps at least the opening brace and never the whole line.
          return cut === undefined ? line : line.slice(0, 1 + (cut % (line.length - 1)));
        });
        const whole = items.filter(([, cut]) => cut === undefined).map(([e]) => e);
        const trace = readTrace(lines.join('\n'));
        expect(trace.events).toEqual(JSON.parse(JSON.stringify(whole)));
        expect(trace.broken).toBe(items.length - whole.length);
      }),
    );
  });
});
