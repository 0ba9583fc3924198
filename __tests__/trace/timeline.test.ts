import { describe, expect, it } from '@jest/globals';
import { readTrace } from '../../src/report/read-trace.js';
import { renderTimeline } from '../../src/trace/timeline.js';
import { createTracer } from '../../src/trace/tracer.js';
import type { TraceEvent, Tracer } from '../../src/trace/types.js';

/** A tracer on a clock the test moves by hand, so every offset and duration is known. */
function manualTracer(runId = 'run-1') {
  let time = 0;
  const tracer = createTracer({ runId, now: () => time, wallClock: () => new Date(Date.UTC(2025, 0, 2, 3)) });
  return { tracer, advance: (ms: number) => void (time += ms) };
}

/** A run with two subtasks (one retried, one failing), a denial, a breaker and LLM calls. */
async function recordRun(tracer: Tracer, advance: (ms: number) => void) {
  await tracer.child('run', 'review', { platform: 'fake' }, async (run) => {
    advance(2);
    await run.child('context', 'load-context', {}, async (s) => {
      s.event('context', 'git-diff', { bytes: 10 });
      advance(10);
    });
    run.event('policy-decision', 'commands.allow', { allow: true, reason: 'allowed' });
    run.event('policy-decision', 'protected-paths', { allow: false, reason: 'refactor touches\n.github/' });
    run.event('plan', 'plan', { subtasks: [{ id: 'analyze:lint' }, { id: 'test:unit' }] });
    await run.child('subtask-start', 'analyze:lint', { attempt: 1 }, async (s) => {
      s.event('command', 'lint', { exitCode: 1, timedOut: false });
      advance(400);
    });
    run.event('subtask-retry', 'analyze:lint', { attempt: 2, delayMs: 250, reason: 'EAGAIN' });
    advance(250);
    await run.child('subtask-start', 'analyze:lint', { attempt: 2 }, async (s) => {
      s.event('llm-call', 'review', { outcome: 'retry', status: 503, inputTokens: 0, outputTokens: 0 });
      s.event('llm-call', 'review', {
        outcome: 'ok',
        inputTokens: 1200,
        outputTokens: 300,
        durationMs: 1500,
      });
      advance(1500);
    });
    run.event('subtask-finish', 'analyze:lint', { status: 'ok', durationMs: 2150 });
    await run
      .child('subtask-start', 'test:unit', { attempt: 1 }, async (s) => {
        s.event('command', 'jest', { exitCode: null, timedOut: true });
        advance(30_000);
        throw new Error('tests\ntimed out');
      })
      .catch(() => undefined);
    run.event('subtask-finish', 'test:unit', { status: 'timed-out', reason: 'budget 30 s' });
    run.event('breaker', 'jest', { tool: 'jest', transition: 'open', failures: 3 });
    run.event('subtask-skip', 'test:validate', {
      status: 'skipped',
      reason: 'dependency test:unit timed-out',
    });
    run.event('report', 'failure', { findings: 1, suggestions: 0 });
  });
}

describe('renderTimeline', () => {
  it('draws the spans as a tree with offsets, durations, outcomes and only the notable events', async () => {
    const { tracer, advance } = manualTracer();
    await recordRun(tracer, advance);
    expect(renderTimeline(tracer.events())).toBe(
      [
        'Run run-1  started 2025-01-02T03:00:00.000Z  took 32.2 s',
        '   +0.000s    32.2 s  run review  ok',
        '   +0.002s     10 ms    context load-context  ok',
        '   +0.012s              denied protected-paths: refactor touches .github/',
        '   +0.012s              plan 2 subtasks',
        '   +0.012s    400 ms    subtask analyze:lint  retried',
        '   +0.412s              retry analyze:lint as attempt 2 in 250 ms: EAGAIN',
        '   +0.662s     1.5 s    subtask analyze:lint (attempt 2)  ok',
        '   +0.662s                llm-call review retry (503)',
        '   +0.662s                llm-call review ok 1200+300 tokens in 1.5 s',
        '   +2.162s    30.0 s    subtask test:unit  timed-out: budget 30 s',
        '   +2.162s                command jest timed out',
        '  +32.162s              breaker jest open after 3 failures',
        '  +32.162s              not run test:validate  skipped: dependency test:unit timed-out',
        '  +32.162s              report failure: 1 finding, 0 suggestions',
      ].join('\n'),
    );
  });

  it('marks the spans a killed run never ended, and says how far the trace goes', async () => {
    const { tracer, advance } = manualTracer();
    await recordRun(tracer, advance);
    // Killed during the tests: everything from the test span's end on is missing.
    const events = tracer.events();
    const cut = events.findIndex((e) => e.name === 'test:unit' && e.attrs.phase === 'end');
    const text = renderTimeline(events.slice(0, cut));
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'Run run-1  started 2025-01-02T03:00:00.000Z  stopped after 2.2 s with 2 spans unfinished (cancelled or killed)',
    );
    expect(lines[1]).toBe('   +0.000s         ?  run review  (unfinished)');
    expect(lines.at(-2)).toBe('   +2.162s         ?    subtask test:unit  (unfinished)');
    expect(lines.at(-1)).toBe('   +2.162s                command jest timed out');
  });

  it('keeps the outcome of a subtask that was given up on while its span still ran', () => {
    const events: TraceEvent[] = [
      event({ spanId: 's1', parentId: 's0', kind: 'run', name: 'review', attrs: { phase: 'start' }, t: 0 }),
      event({
        spanId: 's2',
        parentId: 's1',
        kind: 'subtask-start',
        name: 'test:e2e',
        attrs: { phase: 'start' },
        t: 1,
      }),
      event({
        spanId: 's1',
        parentId: 's0',
        kind: 'subtask-finish',
        name: 'test:e2e',
        attrs: { status: 'cancelled', reason: 'the run was cancelled' },
        t: 9,
      }),
    ];
    expect(renderTimeline(events).split('\n')[2]).toBe(
      '   +0.001s         ?    subtask test:e2e  cancelled: the run was cancelled (unfinished)',
    );
  });

  it('says why a span failed, with the error event recorded under it', async () => {
    const { tracer, advance } = manualTracer();
    await tracer
      .child('run', 'review', {}, async (run) => {
        advance(3);
        run.event('error', 'review-failed', { message: 'config: policy.budgets must be an object' });
        throw new Error('config invalid');
      })
      .catch(() => undefined);
    expect(renderTimeline(tracer.events()).split('\n').slice(1)).toEqual([
      '   +0.000s      3 ms  run review  error: Error: config invalid',
      '   +0.003s              error review-failed: config: policy.budgets must be an object',
    ]);
  });

  it("shows the ledger: each finding's state across pushes, and the threads resolved", async () => {
    const { tracer, advance } = manualTracer();
    await tracer.child('run', 'review', {}, async (run) => {
      advance(1);
      run.event('ledger', 'open', { fingerprint: 'f1', rule: 'todo', path: 'src/a.js', line: 22 });
      run.event('ledger', 'dismissed', {
        fingerprint: 'f2',
        rule: 'todo',
        path: 'src/b.js',
        line: 2,
        dismissedBy: 'resolved',
      });
      run.event('ledger', 'resolve-thread', { fingerprint: 'f3', state: 'fixed', reply: false });
    });
    expect(renderTimeline(tracer.events()).split('\n').slice(2)).toEqual([
      '   +0.001s              ledger open      todo src/a.js:22',
      '   +0.001s              ledger dismissed todo src/b.js:2 (dismissed: resolved)',
      '   +0.001s              ledger resolve the thread of f3 (fixed)',
    ]);
  });

  it('reads what it can of a file with broken lines: an end without its start still shows', async () => {
    const { tracer, advance } = manualTracer();
    await tracer.child('run', 'review', {}, async (run) => {
      advance(5);
      await run.child('post', 'publish', {}, async () => advance(20));
    });
    const lines = tracer.events().map((e) => JSON.stringify(e));
    // The publish span's start line was cut in half; a stray non-event line too.
    const text = [lines[0], lines[1]!.slice(0, 30), '{"hello":"world"}', ...lines.slice(2)].join('\n');
    const trace = readTrace(text);
    expect(trace.broken).toBe(2);
    expect(renderTimeline(trace.events, { broken: trace.broken })).toBe(
      [
        'Run run-1  started 2025-01-02T03:00:00.000Z  took 25 ms',
        '   +0.000s     25 ms  run review  ok',
        '   +0.005s     20 ms    post publish  ok',
        '',
        '(2 unreadable lines skipped: cut short by a kill, or not a trace event)',
      ].join('\n'),
    );
  });

  it('renders each run of an appended file in its own block, in file order', async () => {
    const first = manualTracer('run-a');
    const second = manualTracer('run-b');
    await first.tracer.child('run', 'review', {}, async () => first.advance(1));
    await second.tracer.child('run', 'review', {}, async () => second.advance(2000));
    const text = renderTimeline([...first.tracer.events(), ...second.tracer.events()]);
    expect(text.split('\n\n').map((block) => block.split('\n')[0])).toEqual([
      'Run run-a  started 2025-01-02T03:00:00.000Z  took 1 ms',
      'Run run-b  started 2025-01-02T03:00:00.000Z  took 2.0 s',
    ]);
  });

  it('is the same text every time for the same events', async () => {
    const render = async () => {
      const { tracer, advance } = manualTracer();
      await recordRun(tracer, advance);
      return renderTimeline(tracer.events());
    };
    expect(await render()).toBe(await render());
  });
});

function event(fields: Omit<TraceEvent, 'ts' | 'runId'>): TraceEvent {
  return { ts: '2025-01-02T03:00:00.000Z', runId: 'run-1', ...fields };
}
