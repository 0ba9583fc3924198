// Run as a child process by analyzer-memory.bench.mjs, so only this process's memory is measured:
//   node analyzer-child.mjs <buildDir> <workloadDir> ours|baseline
// `ours` reads the workload and analyses it once (see analyze() in analyzer-workload.mjs); `baseline`
// loads the same modules and reads the same inputs, and stops there. Prints one JSON line: this
// process's peak RSS (process.resourceUsage().maxRSS) and the wall time of the analysis.
import { performance } from 'node:perf_hooks';
import { analyze, loadModules, readInputs, workloadPaths } from './analyzer-workload.mjs';

const [buildDir, dir, mode] = process.argv.slice(2);
const modules = await loadModules(buildDir);
const inputs = readInputs(workloadPaths(dir));
const start = performance.now();
let findings = 0;
if (mode === 'ours') findings = (await analyze(modules, inputs)).findings.length;
const wallMs = performance.now() - start;
// maxRSS is in KiB on Linux and macOS.
process.stdout.write(
  `${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, wallMs, findings })}\n`,
);
