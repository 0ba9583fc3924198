import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bisect, maxRunsForOneCulprit } from '../../../src/agents/validation/bisect.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('bisect', () => {
  it('runs once and keeps everything when the tests pass with every item', async () => {
    const result = await bisect(range(32), async () => true);
    expect(result).toEqual({ kept: range(32), culprits: [], runs: 1 });
  });

  it('runs nothing for no items', async () => {
    let calls = 0;
    const result = await bisect([], async () => (calls++, true));
    expect(result).toEqual({ kept: [], culprits: [], runs: 0 });
    expect(calls).toBe(0);
  });

  it('finds one culprit among 32 in at most 2·log2(32)+1 = 11 runs, wherever it is', async () => {
    expect(maxRunsForOneCulprit(32)).toBe(11);
    for (const culprit of range(32)) {
      const result = await bisect(range(32), async (subset) => !subset.includes(culprit));
      expect(result.culprits).toEqual([culprit]);
      expect(result.kept).toEqual(range(32).filter((i) => i !== culprit));
      expect(result.runs).toBeLessThanOrEqual(11);
    }
  });

  it('finds exactly the culprits when each breaks the tests on its own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 64 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n })),
          ),
        async ([n, bad]) => {
          const result = await bisect(range(n), async (subset) => !subset.some((i) => bad.includes(i)));
          expect(result.culprits).toEqual([...bad].sort((a, b) => a - b));
          expect(result.kept).toEqual(range(n).filter((i) => !bad.includes(i)));
          if (bad.length === 1) expect(result.runs).toBeLessThanOrEqual(maxRunsForOneCulprit(n));
        },
      ),
    );
  });

  it('never keeps a set that was not tested as a whole: pairs that only fail together are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 2, maxLength: 2 }), {
              maxLength: 4,
            }),
          ),
        ),
        async ([n, pairs]) => {
          const breaks = (subset: readonly number[]) =>
            pairs.some((pair) => pair.every((i) => subset.includes(i)));
          const tested: number[][] = [];
          const result = await bisect(range(n), async (subset) => {
            tested.push([...subset].sort((a, b) => a - b));
            return !breaks(subset);
          });
          expect(breaks(result.kept)).toBe(false);
          // Kept and culprits partition the items.
          expect([...result.kept, ...result.culprits].sort((a, b) => a - b)).toEqual(range(n));
          if (result.culprits.length > 0 && result.kept.length > 0)
            expect(tested).toContainEqual(result.kept);
        },
      ),
    );
  });

  it('passes on a rejection of the test function', async () => {
    await expect(
      bisect(range(4), async (subset) => {
        if (subset.length < 4) throw new Error('cancelled');
        return false;
      }),
    ).rejects.toThrow('cancelled');
  });
});
