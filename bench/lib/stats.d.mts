// Types for stats.mjs (plain JS so `npm run bench` needs no compile step of its own).

export interface Summary {
  n: number;
  min: number;
  median: number;
  p90: number;
  max: number;
  spread: number;
}

/** The p-th percentile (0–100), linear interpolation between closest ranks. Throws RangeError on no samples. */
export function percentile(values: readonly number[], p: number): number;
export function median(values: readonly number[]): number;
/** Interquartile range (p75 − p25). */
export function spread(values: readonly number[]): number;
export function summarize(values: readonly number[]): Summary;
