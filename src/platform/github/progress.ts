// Progress of a long review in the sticky comment: "running: 3/7 subtasks". A run shorter than one
// interval writes nothing; after that, at most one write per interval, and only when the count moved
// (GitHub's secondary limits punish bursts of edits). stop() cancels what is pending and waits for a
// write in flight, so the final summary is always the last word.
import { SUMMARY_MARKER } from '../../report/post-plan.js';

export const PROGRESS_INTERVAL_MS = 10_000;

export interface ProgressOptions {
  intervalMs: number;
  /** Writes the comment body; must not throw. */
  write(body: string): Promise<void>;
  headSha: string;
  now?: () => number;
}

export interface ProgressReporter {
  update(done: number, total: number): void;
  /** True once a progress body was written: the comment then needs a final word whatever happens. */
  readonly shown: boolean;
  stop(): Promise<void>;
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? (() => Date.now());
  const started = now();
  let latest: { done: number; total: number } | undefined;
  let written = '';
  // When the last write ended: a request the client queued behind others (writes are serialised)
  // reaches GitHub late, so only an interval counted from its end keeps the requests apart.
  let lastWrite = started;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let writing = false;
  let stopped = false;
  let shown = false;

  const schedule = (wait: number) => {
    timer = setTimeout(flush, wait);
    // A pending progress write must never keep the process alive.
    timer.unref();
  };
  const flush = () => {
    timer = undefined;
    // A write in flight schedules the next one itself when it ends.
    if (stopped || latest === undefined || writing) return;
    const wait = lastWrite + options.intervalMs - now();
    if (wait > 0) return schedule(wait);
    const { done, total } = latest;
    const line = `${done}/${total}`;
    if (line === written) return;
    written = line;
    shown = true;
    writing = true;
    inFlight = options.write(progressBody(options.headSha, done, total, now() - started)).finally(() => {
      writing = false;
      lastWrite = now();
      if (
        !stopped &&
        latest !== undefined &&
        `${latest.done}/${latest.total}` !== written &&
        timer === undefined
      )
        schedule(options.intervalMs);
    });
  };

  return {
    update(done, total) {
      if (stopped) return;
      latest = { done, total };
      if (timer !== undefined) return;
      schedule(Math.max(0, lastWrite + options.intervalMs - now()));
    },
    get shown() {
      return shown;
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}

export function progressBody(headSha: string, done: number, total: number, elapsedMs: number): string {
  return [
    SUMMARY_MARKER,
    `### ⏳ Kilo Agent is reviewing \`${headSha.slice(0, 7)}\``,
    '',
    `running: ${done}/${total} subtasks done · ${Math.round(elapsedMs / 1000)} s so far. ` +
      'The summary replaces this comment when the review ends.',
    '',
  ].join('\n');
}

/** The sticky's last word when a review that showed progress posts no summary. */
export function endedWithoutSummaryBody(headSha: string, why: string): string {
  return [
    SUMMARY_MARKER,
    `### Kilo Agent did not finish the review of \`${headSha.slice(0, 7)}\``,
    '',
    why,
    '',
  ].join('\n');
}
