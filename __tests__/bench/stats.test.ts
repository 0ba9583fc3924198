import { describe, expect, it } from '@jest/globals';
import { median, percentile, spread, summarize } from '../../bench/lib/stats.mjs';

describe('bench statistics', () => {
  it('takes the middle sample as the median, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('interpolates percentiles between the closest ranks', () => {
    const samples = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150];
    // rank 0.9 × 14 = 12.6 → 130 + 0.6 × 10
    expect(percentile(samples, 90)).toBeCloseTo(136);
    expect(percentile(samples, 0)).toBe(10);
    expect(percentile(samples, 100)).toBe(150);
    expect(percentile([3, 1, 2], 50)).toBe(2);
  });

  it('measures spread as the interquartile range, unmoved by one outlier', () => {
    expect(spread([1, 2, 3, 4, 5])).toBe(2);
    expect(spread([1, 2, 3, 4, 5000])).toBe(2);
    expect(spread([8, 8, 8])).toBe(0);
  });

  it('leaves the samples it is given unsorted', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('summarizes samples as count, min, median, p90, max and spread', () => {
    expect(summarize([4, 2, 8, 6, 10])).toEqual({ n: 5, min: 2, median: 6, p90: 9.2, max: 10, spread: 4 });
  });

  it('refuses empty samples, non-numbers and percentiles outside 0–100', () => {
    expect(() => median([])).toThrow('no samples');
    expect(() => median([1, Number.NaN])).toThrow('sample NaN is not a finite number');
    expect(() => percentile([1], 101)).toThrow('percentile 101 is not in 0–100');
  });
});
