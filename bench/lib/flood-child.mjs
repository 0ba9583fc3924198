// Run as a child process by flood.bench.mjs, so only this process's memory is measured:
//   node flood-child.mjs <buildDir> ours|baseline <bytes>
// `ours` runs a one-subtask plan through runPlan and the real process runner, whose command prints
// <bytes> to stdout; `baseline` spawns the same command bare and drops its output. Prints one JSON
// line: this process's peak RSS (process.resourceUsage().maxRSS, which excludes the flooding child).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnAndDrain } from './pool.mjs';

// Writes argv[1] bytes as fast as the pipe takes them, honouring backpressure.
const FLOOD =
  'const b=Buffer.alloc(65536,120);let left=Number(process.argv[1]);' +
  "const w=()=>{while(left>0){left-=b.length;if(!process.stdout.write(b))return process.stdout.once('drain',w)}};w()";

const [buildDir, mode, bytesArg] = process.argv.slice(2);
const bytes = Number(bytesArg);
const argv = [process.execPath, '-e', FLOOD, String(bytes)];

async function ours() {
  const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
  const [{ runPlan }, { createProcessRunner }, { createTracer }] = await Promise.all([
    load('orchestrator/scheduler.js'),
    load('sandbox/runner.js'),
    load('trace/tracer.js'),
  ]);
  const runner = createProcessRunner();
  let run;
  const subtask = {
    id: 'analyze:flood',
    kind: 'analyze',
    agent: 'analyzer',
    task: { type: 'command', name: 'flood', run: 'flood', format: 'exit-code', timeoutSeconds: 120 },
    files: [],
    dependsOn: [],
    budget: { wallSeconds: 120 },
  };
  const [result] = await runPlan(
    { version: 1, subtasks: [subtask] },
    {
      concurrency: 1,
      span: createTracer(),
      execute: async (_subtask, signal) => {
        run = await runner.run({ argv, cwd: tmpdir(), timeoutMs: 120_000, signal });
        return { status: run.exitCode === 0 ? 'ok' : 'failed', findings: [], suggestions: [] };
      },
    },
  );
  if (result.status !== 'ok' || !run.truncated) throw new Error(`flood subtask: ${JSON.stringify(result)}`);
  return { keptBytes: run.stdout.length };
}

async function baseline() {
  const { code, bytes: seen } = await spawnAndDrain(argv);
  if (code !== 0 || seen !== bytes) throw new Error(`flood: exit ${code}, ${seen} of ${bytes} bytes`);
  return {};
}

const extra = mode === 'ours' ? await ours() : await baseline();
// maxRSS is in KiB on Linux and macOS.
process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, ...extra })}\n`);
