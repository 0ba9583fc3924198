// Benchmark: peak memory of analyzer.bench.mjs's work (parse a 3,000-file, 100,000-line PR, run every
// built-in analyzer, fingerprint, filter, dedupe and sort), measured in a child Node process
// (bench/lib/analyzer-child.mjs) so the harness's own memory does not count: its absolute peak RSS.
// Baseline: a child that loads the same modules and reads the same inputs, and analyses nothing.
// Target: ≤ 256 MB absolute.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedWorkload } from './lib/analyzer-workload.mjs';

const MB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./lib/analyzer-child.mjs', import.meta.url));

function measureChild(buildDir, workload, mode) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, buildDir, workload.dir, mode], (error, stdout, stderr) => {
      if (error) return reject(new Error(`analyzer child (${mode}) failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout));
    });
  });
}

export default {
  name: 'analyzer peak RSS on a 3,000-file, 100,000-line PR',
  target: 256,
  unit: 'MB',
  rounds: { warmup: 0, measured: 5 },

  async setup({ buildDir, quick }) {
    const workload = sharedWorkload(quick);
    const first = await measureChild(buildDir, workload, 'ours');
    return {
      buildDir,
      workload,
      round: 0,
      note:
        `${workload.size.files} files, ${workload.size.lines} added lines; peak RSS = maxRSS of a child Node ` +
        `process doing the work once (absolute; its wall time ${first.wallMs.toFixed(0)} ms, cold); ` +
        'baseline = a child that loads the modules and reads the inputs only',
    };
  },

  async run(state) {
    const measure = async (mode) =>
      (await measureChild(state.buildDir, state.workload, mode)).maxRssBytes / MB;
    if (state.round++ % 2 === 0) return { ours: await measure('ours'), baseline: await measure('baseline') };
    const baseline = await measure('baseline');
    return { ours: await measure('ours'), baseline };
  },
};
