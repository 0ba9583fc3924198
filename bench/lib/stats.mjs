// Robust statistics for benchmark samples: medians and percentiles rather than means, because one
// GC pause or scheduler hiccup on a shared 2-core machine would drag a mean far from the typical run.

/** A sorted copy of the samples; refuses what would make every statistic meaningless. */
function sortedSamples(values) {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError('no samples');
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`sample ${String(value)} is not a finite number`);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0–100) by linear interpolation between the closest ranks (numpy's default,
 * "R-7"), so p90 of 15 samples does not jump to the maximum.
 */
export function percentile(values, p) {
  if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in 0–100`);
  const sorted = sortedSamples(values);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

export function median(values) {
  return percentile(values, 50);
}

/** Interquartile range (p75 − p25), in the samples' unit: how noisy the typical run was. */
export function spread(values) {
  return percentile(values, 75) - percentile(values, 25);
}

/** Everything the report shows for one benchmark. */
export function summarize(values) {
  const sorted = sortedSamples(values);
  return {
    n: sorted.length,
    min: sorted[0],
    median: median(sorted),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1],
    spread: spread(sorted),
  };
}
