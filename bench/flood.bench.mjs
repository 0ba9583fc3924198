// Benchmark (issue 6): peak memory of the orchestrator while one subtask floods 100 MB of output
// through the real process runner. Measured in a child Node process (bench/lib/flood-child.mjs) so
// the harness's own memory does not count: its peak RSS (absolute, not growth), against a bare Node
// process draining the same flood with child_process.spawn. Target: ≤ 100 MB absolute.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./lib/flood-child.mjs', import.meta.url));

function measureChild(buildDir, mode, bytes) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, buildDir, mode, String(bytes)], (error, stdout, stderr) => {
      if (error) return reject(new Error(`flood child (${mode}) failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout).maxRssBytes / MB);
    });
  });
}

export default {
  name: 'orchestrator peak RSS under an output flood',
  target: 100,
  unit: 'MB',
  rounds: { warmup: 0, measured: 5 },

  setup({ buildDir, quick }) {
    const megabytes = quick ? 10 : 100;
    return {
      buildDir,
      bytes: megabytes * MB,
      round: 0,
      note:
        `${megabytes} MB on stdout, 1 MiB kept; peak RSS = maxRSS of a child Node process running runPlan ` +
        '(absolute); baseline = a bare Node process draining the same flood',
    };
  },

  async run(state) {
    const ours = () => measureChild(state.buildDir, 'ours', state.bytes);
    const baseline = () => measureChild(state.buildDir, 'baseline', state.bytes);
    if (state.round++ % 2 === 0) return { ours: await ours(), baseline: await baseline() };
    const base = await baseline();
    return { ours: await ours(), baseline: base };
  },
};
