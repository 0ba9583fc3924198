// Finding the suggestions that break the tests, in few test runs. Adaptive group testing: keep a set
// known to pass together and halve the rest. With one culprit among n it takes at most
// 2·⌈log2 n⌉ + 1 runs (the first run tries everything); with k culprits about k times that.
// What it keeps has always been tested as one set, so suggestions that only break the tests in
// combination are never kept together.

export interface BisectResult<T> {
  /** Items that passed together, in input order. */
  kept: T[];
  /** Items that failed: alone on top of `kept`'s prefix at the time, in input order. */
  culprits: T[];
  /** How often `passes` was called. */
  runs: number;
}

/**
 * Splits `items` into the ones the tests accept together and the culprits. Assumes the empty set
 * passes (the baseline was tested before). `passes` may reject (e.g. on cancellation); that
 * rejection is passed on.
 */
export async function bisect<T>(
  items: readonly T[],
  passes: (subset: readonly T[]) => Promise<boolean>,
): Promise<BisectResult<T>> {
  let runs = 0;
  const test = (subset: readonly T[]): Promise<boolean> => {
    runs++;
    return passes(subset);
  };
  const culprits = new Set<T>();
  // Precondition of search: `good` passes, `good` ∪ `candidates` fails. Returns a passing superset of good.
  const search = async (good: readonly T[], candidates: readonly T[]): Promise<readonly T[]> => {
    if (candidates.length === 1) {
      culprits.add(candidates[0]!);
      return good;
    }
    const half = Math.ceil(candidates.length / 2);
    const first = candidates.slice(0, half);
    const second = candidates.slice(half);
    if (await test([...good, ...first])) return search([...good, ...first], second);
    const better = await search(good, first);
    if (await test([...better, ...second])) return [...better, ...second];
    return search(better, second);
  };
  if (items.length === 0 || (await test(items))) return { kept: [...items], culprits: [], runs };
  const kept = new Set(await search([], items));
  return {
    kept: items.filter((item) => kept.has(item)),
    culprits: items.filter((item) => culprits.has(item)),
    runs,
  };
}

/** The most runs `bisect` needs for one culprit among n items. */
export function maxRunsForOneCulprit(n: number): number {
  return n <= 1 ? 1 : 2 * Math.ceil(Math.log2(n)) + 1;
}
