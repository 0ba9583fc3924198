import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTracer } from '../../src/trace/tracer.js';
import type { TraceEvent } from '../../src/trace/types.js';

const dir = mkdtempSync(join(tmpdir(), 'kilo-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function clock() {
  let t = 0;
  return () => (t += 5);
}

describe('tracer', () => {
  it('writes spans and events as JSONL with run id, parents and durations', async () => {
    const path = join(dir, 'a', 'trace.jsonl');
    const tracer = createTracer({ path, runId: 'run-1', now: clock(), wallClock: () => new Date(0) });
    await tracer.child('run', 'review', {}, async (span) => {
      span.event('plan', 'plan', { subtasks: 2 });
      await span.child('subtask-start', 'analyze:secrets', {}, async () => undefined);
    });
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TraceEvent);
    expect(lines.map((e) => [e.kind, e.name, e.spanId, e.parentId, e.attrs.phase])).toEqual([
      ['run', 'review', 's1', 's0', 'start'],
      ['plan', 'plan', 's1', 's0', undefined],
      ['subtask-start', 'analyze:secrets', 's2', 's1', 'start'],
      ['subtask-start', 'analyze:secrets', 's2', 's1', 'end'],
      ['run', 'review', 's1', 's0', 'end'],
    ]);
    expect(lines.every((e) => e.runId === 'run-1' && e.ts === '1970-01-01T00:00:00.000Z')).toBe(true);
    expect(lines[3]?.durationMs).toBe(10); // two ticks of the fake clock: start, then end
    expect(tracer.events()).toEqual(lines);
  });

  it('records a failing span with its error and rethrows', async () => {
    const tracer = createTracer();
    await expect(
      tracer.child('run', 'boom', {}, async () => Promise.reject(new Error('bad thing'))),
    ).rejects.toThrow('bad thing');
    expect(tracer.events().at(-1)?.attrs).toEqual({ phase: 'end', error: 'Error: bad thing' });
  });

  it('never writes a registered secret, raw or JSON-escaped', () => {
    const path = join(dir, 'secret.jsonl');
    const tracer = createTracer({ path });
    const secret = 'ghp_' + 'x'.repeat(36);
    const quoted = 'pa"ss\\word-123';
    tracer.addSecret(secret);
    tracer.addSecret(quoted);
    tracer.addSecret('ab'); // too short to mask safely: ignored
    tracer.event('command', 'run', { env: `TOKEN=${secret}`, nested: { list: [quoted] }, short: 'ab' });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('ss\\\\word');
    expect(JSON.parse(text).attrs).toEqual({ env: 'TOKEN=***', nested: { list: ['***'] }, short: 'ab' });
    expect(tracer.redact(`x ${secret} y`)).toBe('x *** y');
  });

  it('keeps tracing in memory when the file cannot be written', () => {
    const tracer = createTracer({ path: join(dir, 'trace-as-dir') });
    rmSync(join(dir, 'trace-as-dir'), { force: true, recursive: true });
    // A directory where the file should be makes appends fail.
    mkdtempSync(join(dir, 'trace-as-dir'));
    expect(() => tracer.event('run', 'x')).not.toThrow();
    expect(tracer.events()).toHaveLength(1);
  });

  it('hands every event to onEvent', () => {
    const seen: string[] = [];
    const tracer = createTracer({ onEvent: (e) => seen.push(`${e.kind}:${e.name}`) });
    tracer.event('plan', 'p');
    expect(seen).toEqual(['plan:p']);
  });
});
