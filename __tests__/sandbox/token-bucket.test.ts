import { describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { createTokenBucket, type BucketClock } from '../../src/sandbox/token-bucket.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock that only moves when told to, firing due timers in time order. */
function manualClock(): BucketClock & { advance(ms: number): Promise<void>; readonly pending: number } {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void }> = [];
  return {
    now: () => now,
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (next === undefined) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.callback();
        await flush(); // let the takes it served run their continuations at this time
      }
      now = until;
      await flush();
    },
    get pending() {
      return timers.length;
    },
  };
}

/** Starts `count` takes and records, per take, the clock time at which it resolved. */
function takeAll(bucket: ReturnType<typeof createTokenBucket>, clock: BucketClock, count: number) {
  const times: Array<number | undefined> = Array.from({ length: count }, () => undefined);
  const promises = times.map((_, i) =>
    bucket.take().then(() => {
      times[i] = clock.now();
    }),
  );
  return { times, all: Promise.all(promises) };
}

describe('createTokenBucket', () => {
  it('serves a burst at once, then one take per 1/rate seconds, first come first served', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 4, burst: 3, clock });
    const { times, all } = takeAll(bucket, clock, 7);
    await clock.advance(0);
    expect(times).toEqual([0, 0, 0, undefined, undefined, undefined, undefined]);
    expect(bucket.waiting).toBe(4);
    await clock.advance(1000);
    await all;
    expect(times).toEqual([0, 0, 0, 250, 500, 750, 1000]);
    expect(bucket.waiting).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 2, clock });
    await takeAll(bucket, clock, 2).all;
    await clock.advance(60_000);
    const { times } = takeAll(bucket, clock, 3);
    await clock.advance(0);
    expect(times).toEqual([60_000, 60_000, undefined]);
    await clock.advance(100);
    expect(times[2]).toBe(60_100);
  });

  it('50 takes at 20 per second with a burst of 5 need 2.25 s', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 20, burst: 5, clock });
    const { times, all } = takeAll(bucket, clock, 50);
    await clock.advance(10_000);
    await all;
    expect(Math.max(...times.map(Number))).toBe(2250);
    // Never more than burst + rate × t takes by time t.
    for (const t of [0, 100, 1000, 2000]) {
      expect(times.filter((at) => at! <= t).length).toBeLessThanOrEqual(5 + Math.floor((t * 20) / 1000));
    }
  });

  it('drops an aborted waiter from the queue and lets the next one move up', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, clock });
    await bucket.take();
    const controller = new AbortController();
    const aborted = bucket.take(controller.signal);
    const next = bucket.take();
    controller.abort(new Error('plan cancelled'));
    await expect(aborted).rejects.toThrow('plan cancelled');
    expect(bucket.waiting).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    let nextAt: number | undefined;
    void next.then(() => (nextAt = clock.now()));
    await clock.advance(1000);
    expect(nextAt).toBe(1000); // the aborted take did not use up the token
  });

  it('cancels its timer when the last waiter aborts', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, clock });
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    expect(clock.pending).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
  });

  it('rejects at once when the signal is already aborted, without taking a token', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, clock });
    await expect(bucket.take(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    let served = false;
    void bucket.take().then(() => (served = true));
    await clock.advance(0);
    expect(served).toBe(true);
  });

  it('removes its abort listener from a signal once a waiter is served', async () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 1, clock });
    const controller = new AbortController();
    await bucket.take(controller.signal);
    const second = bucket.take(controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.advance(500);
    await second;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('is off at an infinite rate, and refuses a rate that is not positive', async () => {
    const clock = manualClock();
    const unlimited = createTokenBucket({ ratePerSecond: Infinity, burst: 1, clock });
    const { times } = takeAll(unlimited, clock, 1000);
    await clock.advance(0);
    expect(times.every((t) => t === 0)).toBe(true);
    expect(() => createTokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createTokenBucket({ ratePerSecond: Number.NaN, burst: 1 })).toThrow(RangeError);
  });
});
