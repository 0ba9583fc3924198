// Turns a benchmark's per-round samples into its results row, and rows into the printed table.
// A round's sample is its wall time, or what run(state) returned: `{ ours, baseline? }` in the
// benchmark's unit. With a baseline each round also yields a ratio ours ÷ baseline, and the row
// reports the median ratio: both sides measured in the same round, so machine noise cancels out.
import { summarize } from './stats.mjs';

const round2 = (value) => Math.round(value * 100) / 100;
const round3 = (value) => Math.round(value * 1000) / 1000;

/** The sample of one round: `returned` when run(state) gave figures, else the elapsed time. */
export function sampleOf(returned, elapsedMs) {
  if (returned !== null && typeof returned === 'object' && Number.isFinite(returned.ours)) {
    const sample = { ours: returned.ours };
    if (Number.isFinite(returned.baseline) && returned.baseline > 0) sample.baseline = returned.baseline;
    return sample;
  }
  return { ours: elapsedMs };
}

/**
 * One results row. `targetOf: 'ratio'` makes the target apply to the median ratio (needs baselines in
 * every round); otherwise it applies to the median of ours. A figure passes when it is ≤ its target.
 */
export function summarizeBenchmark(benchmark, samples, note) {
  const ours = summarize(samples.map((sample) => sample.ours));
  const row = {
    name: benchmark.name,
    median: round2(ours.median),
    p90: round2(ours.p90),
    spread: round2(ours.spread),
    rounds: ours.n,
    target: benchmark.target,
    unit: benchmark.unit,
  };
  const compared = samples.every((sample) => sample.baseline !== undefined);
  let figure = ours.median;
  if (compared) {
    const ratio = summarize(samples.map((sample) => sample.ours / sample.baseline));
    row.baseline = round2(summarize(samples.map((sample) => sample.baseline)).median);
    row.ratio = round3(ratio.median);
    row.ratioSpread = round3(ratio.spread);
    if (benchmark.targetOf === 'ratio') {
      row.targetOf = 'ratio';
      figure = ratio.median;
    }
  } else if (benchmark.targetOf === 'ratio') {
    throw new Error(`${benchmark.name}: targetOf 'ratio' needs { ours, baseline } from every round`);
  }
  row.pass = figure <= benchmark.target;
  if (typeof note === 'string') row.note = note;
  return row;
}

/** The table printed after a run, one line per row, then the notes. */
export function formatTable(rows) {
  const dash = '–';
  const lines = [
    ['benchmark', 'median', 'p90', 'spread (IQR)', 'baseline', 'ratio', 'target', 'pass'],
    ...rows.map((r) => [
      r.name,
      `${r.median} ${r.unit}`,
      `${r.p90} ${r.unit}`,
      `${r.spread} ${r.unit}`,
      r.baseline === undefined ? dash : `${r.baseline} ${r.unit}`,
      r.ratio === undefined ? dash : `${r.ratio}×`,
      r.targetOf === 'ratio' ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`,
      r.pass ? 'yes' : 'NO',
    ]),
  ];
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const format = (line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  return [
    format(lines[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.slice(1).map(format),
    ...notes,
  ].join('\n');
}

export const DOC_BEGIN = '<!-- bench:results:begin (npm run bench writes this table) -->';
export const DOC_END = '<!-- bench:results:end -->';

/** The markdown table of a full run, for docs/performance.md: one row per benchmark, then the notes. */
export function formatMarkdown({ machine, date, results }) {
  const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const where = `${machine.cpus} × ${machine.model}, Node ${machine.node}`;
  const day = date.slice(0, 10);
  const rows = results.map((r) =>
    [
      r.name,
      `${r.median} ${r.unit}`,
      r.baseline === undefined ? '–' : `${r.baseline} ${r.unit}`,
      r.ratio === undefined ? '–' : `${r.ratio}×`,
      `${r.targetOf === 'ratio' ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`} ${r.pass ? '✅' : '❌'}`,
      where,
      day,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| benchmark | ours (median) | baseline | ratio | target | machine | date |',
    '| --- | --: | --: | --: | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
    ...results.filter((r) => r.note).map((r) => `- ${cell(r.name)}: ${cell(r.note)}`),
  ].join('\n');
}

/** `doc` with the text between the markers replaced by `table`; throws when the markers are missing. */
export function replaceResults(doc, table) {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin)
    throw new Error(`the results markers are missing (${DOC_BEGIN} … ${DOC_END})`);
  return `${doc.slice(0, begin + DOC_BEGIN.length)}\n\n${table}\n\n${doc.slice(end)}`;
}
