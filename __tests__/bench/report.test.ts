import { describe, expect, it } from '@jest/globals';
import {
  DOC_BEGIN,
  DOC_END,
  formatMarkdown,
  formatTable,
  replaceResults,
  sampleOf,
  summarizeBenchmark,
} from '../../bench/lib/report.mjs';
import { promisePool } from '../../bench/lib/pool.mjs';

const timedBench = { name: 'plan', target: 100, unit: 'ms' };
const comparedBench = { name: 'overhead', target: 1.1, unit: 'ms', targetOf: 'ratio' as const };

describe('bench results rows', () => {
  it('uses the elapsed time as the sample unless run() returned figures', () => {
    expect(sampleOf(undefined, 12.5)).toEqual({ ours: 12.5 });
    expect(sampleOf({ note: 'x' }, 3)).toEqual({ ours: 3 });
    expect(sampleOf({ ours: 80, baseline: 70 }, 999)).toEqual({ ours: 80, baseline: 70 });
    expect(sampleOf({ ours: 80, baseline: 0 }, 999)).toEqual({ ours: 80 });
  });

  it('keeps the fields of a timed benchmark as before (no baseline columns)', () => {
    const row = summarizeBenchmark(
      timedBench,
      [5, 3, 4].map((ours) => ({ ours })),
      'a note',
    );
    expect(row).toEqual({
      name: 'plan',
      median: 4,
      p90: 4.8,
      spread: 1,
      rounds: 3,
      target: 100,
      unit: 'ms',
      pass: true,
      note: 'a note',
    });
  });

  it('reports the median of per-round ratios and judges the target on it', () => {
    // Round ratios 1.2, 1.05, 1.0: the median ratio is 1.05, although median(ours)/median(baseline) = 1.
    const samples = [
      { ours: 120, baseline: 100 },
      { ours: 210, baseline: 200 },
      { ours: 150, baseline: 150 },
    ];
    const row = summarizeBenchmark(comparedBench, samples);
    expect(row).toEqual(
      expect.objectContaining({ median: 150, baseline: 150, ratio: 1.05, targetOf: 'ratio', pass: true }),
    );
    const slow = summarizeBenchmark(comparedBench, [{ ours: 130, baseline: 100 }]);
    expect([slow.ratio, slow.pass]).toEqual([1.3, false]);
  });

  it('judges an absolute target on ours even when a baseline is shown', () => {
    const row = summarizeBenchmark({ name: 'rss', target: 100, unit: 'MB' }, [{ ours: 101, baseline: 50 }]);
    expect([row.baseline, row.ratio, row.targetOf, row.pass]).toEqual([50, 2.02, undefined, false]);
  });

  it('refuses a ratio target without baselines', () => {
    expect(() => summarizeBenchmark(comparedBench, [{ ours: 1 }])).toThrow(/needs \{ ours, baseline \}/);
  });

  it('prints baseline and ratio columns, with a dash where a benchmark has none', () => {
    const table = formatTable([
      summarizeBenchmark(comparedBench, [{ ours: 110, baseline: 100 }]),
      summarizeBenchmark(timedBench, [{ ours: 4 }]),
    ]);
    const [header, , compared, timed] = table.split('\n');
    expect(header!.split(/\s{2,}/)).toEqual([
      'benchmark',
      'median',
      'p90',
      'spread (IQR)',
      'baseline',
      'ratio',
      'target',
      'pass',
    ]);
    expect(compared!.split(/\s{2,}/)).toEqual([
      'overhead',
      '110 ms',
      '110 ms',
      '0 ms',
      '100 ms',
      '1.1×',
      '≤ 1.1×',
      'yes',
    ]);
    expect(timed!.split(/\s{2,}/)).toEqual(['plan', '4 ms', '4 ms', '0 ms', '–', '–', '≤ 100 ms', 'yes']);
  });
});

describe('bare promise pool (the orchestrator baseline)', () => {
  it('runs every task once, never more than `concurrency` at a time', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    await promisePool(25, 3, async (index) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, index % 4));
      seen.push(index);
      inFlight--;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(maxInFlight).toBe(3);
  });
});

describe('the docs table', () => {
  const report = {
    machine: { cpus: 2, model: 'AMD EPYC', node: 'v20.20.2' },
    date: '2026-12-03T12:00:00.000Z',
    results: [
      summarizeBenchmark(comparedBench, [{ ours: 110, baseline: 100 }], 'a | note'),
      summarizeBenchmark(timedBench, [{ ours: 120 }]),
    ],
  };

  it('has one row per benchmark with ours, baseline, ratio, target, machine and date, then the notes', () => {
    expect(formatMarkdown(report).split('\n')).toEqual([
      '| benchmark | ours (median) | baseline | ratio | target | machine | date |',
      '| --- | --: | --: | --: | --- | --- | --- |',
      '| overhead | 110 ms | 100 ms | 1.1× | ≤ 1.1× ✅ | 2 × AMD EPYC, Node v20.20.2 | 2026-12-03 |',
      '| plan | 120 ms | – | – | ≤ 100 ms ❌ | 2 × AMD EPYC, Node v20.20.2 | 2026-12-03 |',
      '',
      '- overhead: a \\| note',
    ]);
  });

  it('replaces only what lies between the markers, and refuses a page without them', () => {
    const doc = `# Performance\n\n${DOC_BEGIN}\n\nold table\n\n${DOC_END}\n\n## By hand\n`;
    const once = replaceResults(doc, 'new table');
    expect(once).toBe(`# Performance\n\n${DOC_BEGIN}\n\nnew table\n\n${DOC_END}\n\n## By hand\n`);
    expect(replaceResults(once, 'new table')).toBe(once);
    expect(() => replaceResults('# Performance\n', 'x')).toThrow('the results markers are missing');
  });
});
