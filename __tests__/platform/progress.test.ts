import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  createProgressReporter,
  endedWithoutSummaryBody,
  progressBody,
} from '../../src/platform/github/progress.js';
import { SUMMARY_MARKER } from '../../src/report/post-plan.js';

const HEAD = '0123456789abcdef0123456789abcdef01234567';
const INTERVAL = 10_000;

function reporter(write = jest.fn((_body: string) => Promise.resolve())) {
  const progress = createProgressReporter({
    intervalMs: INTERVAL,
    write,
    headSha: HEAD,
    now: () => Date.now(),
  });
  return { progress, write };
}

/** The "running: d/t" part of every body written so far. */
function counts(write: jest.Mock<(body: string) => Promise<void>>): string[] {
  return write.mock.calls.map(([body]) => /running: (\d+\/\d+)/.exec(body)?.[1] ?? body);
}

describe('createProgressReporter', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('writes nothing before one interval has passed', async () => {
    const { progress, write } = reporter();
    progress.update(1, 7);
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(write).not.toHaveBeenCalled();
    expect(progress.shown).toBe(false);
    await progress.stop();
    expect(write).not.toHaveBeenCalled();
  });

  it('writes once after the interval with the latest count and the elapsed time', async () => {
    const { progress, write } = reporter();
    progress.update(1, 7);
    await jest.advanceTimersByTimeAsync(3_000);
    progress.update(2, 7);
    progress.update(3, 7);
    await jest.advanceTimersByTimeAsync(INTERVAL - 3_000);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith(progressBody(HEAD, 3, 7, INTERVAL));
    expect(progress.shown).toBe(true);
    await progress.stop();
  });

  it('coalesces the updates of each interval into one write', async () => {
    const { progress, write } = reporter();
    for (let done = 1; done <= 30; done++) {
      progress.update(done, 30);
      await jest.advanceTimersByTimeAsync(1_000);
    }
    // 30 updates, one a second (the n-th at n-1 s): writes at 10, 20 and 30 s, and no more.
    expect(counts(write)).toEqual(['10/30', '20/30', '30/30']);
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(write).toHaveBeenCalledTimes(3);
    await progress.stop();
  });

  it('writes nothing when the count did not move since the last write', async () => {
    const { progress, write } = reporter();
    progress.update(2, 5);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(write).toHaveBeenCalledTimes(1);
    progress.update(2, 5);
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(write).toHaveBeenCalledTimes(1);
    progress.update(2, 6);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(counts(write)).toEqual(['2/5', '2/6']);
    await progress.stop();
  });

  it('keeps one interval between writes when an update comes late', async () => {
    const { progress, write } = reporter();
    progress.update(1, 3);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    await jest.advanceTimersByTimeAsync(4_000);
    progress.update(2, 3);
    await jest.advanceTimersByTimeAsync(INTERVAL - 4_000 - 1);
    expect(write).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(counts(write)).toEqual(['1/3', '2/3']);
    await progress.stop();
  });

  it('keeps one interval between the starts of writes when a write is slow to land', async () => {
    // Writes alternately take 1.5 and 0.1 intervals (a loaded machine, a slow API): one that waited
    // for a slow one must not make the next start sooner than one interval after it.
    const starts: number[] = [];
    const write = jest.fn((_body: string) => {
      starts.push(Date.now());
      const takes = starts.length % 2 === 1 ? 1.5 : 0.1;
      return new Promise<void>((resolve) => setTimeout(resolve, INTERVAL * takes));
    });
    const { progress } = reporter(write);
    for (let step = 1; step <= 40; step++) {
      progress.update(step, 40);
      await jest.advanceTimersByTimeAsync(INTERVAL / 4);
    }
    const stopping = progress.stop();
    await jest.advanceTimersByTimeAsync(2 * INTERVAL);
    await stopping;
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
    }
    // What a late write says is the count when it started, not when it was queued.
    expect(counts(write).at(-1)).not.toBe('1/40');
  });

  it('keeps one interval between writes as GitHub sees them, when the client holds a request back', async () => {
    // A request reaches the server when its write ends (it waited behind other serialised writes):
    // here 0.3 or 0.01 intervals after it was called, alternately.
    const landed: number[] = [];
    const write = jest.fn(
      (_body: string) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              landed.push(Date.now());
              resolve();
            },
            INTERVAL * (write.mock.calls.length % 2 === 1 ? 0.3 : 0.01),
          ),
        ),
    );
    const { progress } = reporter(write);
    for (let step = 1; step <= 40; step++) {
      progress.update(step, 40);
      await jest.advanceTimersByTimeAsync(INTERVAL / 4);
    }
    const stopping = progress.stop();
    await jest.advanceTimersByTimeAsync(INTERVAL);
    await stopping;
    expect(landed.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < landed.length; i++) {
      expect(landed[i]! - landed[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
    }
  });

  it('writes at once when the first update comes after the interval', async () => {
    const { progress, write } = reporter();
    await jest.advanceTimersByTimeAsync(25_000);
    progress.update(4, 4);
    await jest.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledWith(progressBody(HEAD, 4, 4, 25_000));
    await progress.stop();
  });

  it('stop() cancels a pending write, and later updates write nothing', async () => {
    const { progress, write } = reporter();
    progress.update(1, 2);
    await jest.advanceTimersByTimeAsync(INTERVAL / 2);
    await progress.stop();
    progress.update(2, 2);
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(write).not.toHaveBeenCalled();
    expect(progress.shown).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stop() waits for a write in flight', async () => {
    let finish: () => void = () => undefined;
    const write = jest.fn(
      (_body: string) =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const { progress } = reporter(write);
    progress.update(1, 2);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(write).toHaveBeenCalledTimes(1);
    expect(progress.shown).toBe(true);

    let stopped = false;
    const stopping = progress.stop().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('uses an injected clock for the interval and the elapsed time', async () => {
    let clock = 0;
    const write = jest.fn((_body: string) => Promise.resolve());
    const progress = createProgressReporter({ intervalMs: INTERVAL, write, headSha: HEAD, now: () => clock });
    clock = 12_000;
    progress.update(3, 9);
    await jest.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledWith(progressBody(HEAD, 3, 9, 12_000));
    await progress.stop();
  });
});

describe('progress bodies', () => {
  it('progressBody is a summary comment with the short head, the count and whole seconds', () => {
    const body = progressBody(HEAD, 3, 7, 12_600);
    expect(body.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
    expect(SUMMARY_MARKER).toBe('<!-- kilo-agent:summary -->');
    expect(body).toContain('`0123456`');
    expect(body).toContain('running: 3/7 subtasks done · 13 s so far.');
  });

  it('endedWithoutSummaryBody is a summary comment that says why', () => {
    const body = endedWithoutSummaryBody(HEAD, 'The run was cancelled.');
    expect(body.startsWith('<!-- kilo-agent:summary -->\n')).toBe(true);
    expect(body).toContain('did not finish the review of `0123456`');
    expect(body).toContain('\nThe run was cancelled.\n');
  });
});
