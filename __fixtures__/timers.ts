// Records every setTimeout created and clearTimeout called while a block runs, so tests can prove
// that code clears the timers it starts (a leaked timer keeps a real run alive).
import { jest } from '@jest/globals';

export interface TimerRecord {
  created: Array<{ delay: number | undefined; handle: unknown }>;
  cleared: Set<unknown>;
}

export async function trackTimers(fn: () => Promise<void>): Promise<TimerRecord> {
  const record: TimerRecord = { created: [], cleared: new Set() };
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const setSpy = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
    fn: () => void,
    delay?: number,
  ) => {
    const handle = realSetTimeout(fn, delay);
    record.created.push({ delay, handle });
    return handle;
  }) as typeof setTimeout);
  const clearSpy = jest.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    record.cleared.add(handle);
    realClearTimeout(handle);
  });
  try {
    await fn();
  } finally {
    setSpy.mockRestore();
    clearSpy.mockRestore();
  }
  return record;
}
