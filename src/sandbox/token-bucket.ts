// A token bucket that paces process starts: `burst` starts at once, then `ratePerSecond` on average.
// Waiters are served first come, first served; a waiter whose AbortSignal fires leaves the queue.
// It paces only the starts that go through it: a tool forking its own children is not seen here.
import { performance } from 'node:perf_hooks';

/** Time for the bucket, injected so tests can step through it deterministically. */
export interface BucketClock {
  /** Monotonic time in ms. */
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: BucketClock = {
  now: () => performance.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface TokenBucketOptions {
  /** Tokens added per second; `Infinity` turns the bucket off. */
  ratePerSecond: number;
  /** Most tokens held (and so the most takes served at once); at least 1. The bucket starts full. */
  burst: number;
  clock?: BucketClock;
}

export interface TokenBucket {
  /** Resolves when a token is taken; rejects with the signal's reason if it aborts first. */
  take(signal?: AbortSignal): Promise<void>;
  /** Takes still queued. */
  readonly waiting: number;
}

interface Waiter {
  resolve(): void;
  detach(): void;
}

// Float steps (0.1 + 0.2…) must not leave a token at 0.9999999 and a waiter one timer short.
const EPSILON = 1e-9;

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond } = options;
  const clock = options.clock ?? systemClock;
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
  if (ratePerSecond === Infinity) return { take: (signal) => untilAllowed(signal), waiting: 0 };
  const burst = Math.max(1, Math.floor(options.burst));
  let tokens = burst;
  let last = clock.now();
  const queue: Waiter[] = [];
  let cancelTimer: (() => void) | undefined;

  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - last) * ratePerSecond) / 1000);
    last = now;
  };
  const serve = (): void => {
    cancelTimer = undefined;
    refill();
    while (queue.length > 0 && tokens >= 1 - EPSILON) {
      tokens -= 1;
      const waiter = queue.shift()!;
      waiter.detach();
      waiter.resolve();
    }
    if (queue.length > 0) {
      cancelTimer = clock.setTimer(serve, Math.ceil(((1 - tokens) * 1000) / ratePerSecond));
    }
  };

  return {
    take(signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      refill();
      if (queue.length === 0 && tokens >= 1 - EPSILON) {
        tokens -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          queue.splice(queue.indexOf(waiter), 1);
          if (queue.length === 0) {
            cancelTimer?.();
            cancelTimer = undefined;
          }
          reject(abortReason(signal!));
        };
        const waiter: Waiter = { resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        if (cancelTimer === undefined) serve();
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}

function untilAllowed(signal: AbortSignal | undefined): Promise<void> {
  return signal?.aborted ? Promise.reject(abortReason(signal)) : Promise.resolve();
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
