// Runs the bundled action (dist/index.js) as GitHub Actions would: inputs as INPUT_* variables, the
// event in a JSON file, outputs and the job summary in files. Reads back what it wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

/** Async on purpose: a fake GitHub server in the test's own process must keep answering meanwhile. */
export async function runAction(options: {
  eventName: string;
  payload?: unknown;
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Node options before the script (the benchmark preloads a probe). */
  nodeArgs?: string[];
  /** Called once the process is started (the chaos suite cancels runs with it). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<ActionRun> {
  const home = mkdtempSync(join(tmpdir(), 'kilo-action-'));
  const files = {
    event: join(home, 'event.json'),
    output: join(home, 'output'),
    summary: join(home, 'summary.md'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  if (options.payload !== undefined) writeFileSync(files.event, JSON.stringify(options.payload));
  const inputs = Object.fromEntries(
    Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), resolve('dist/index.js')], {
    cwd: options.workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? home,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: home,
      // Tests never leave the machine: without a fake server, the API is a closed loopback port.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      GITHUB_REPOSITORY: 'octo/shop',
      // GitHub-grade back-off (1 s, 4 s, 9 s) and write spacing (1 s) would make every test slow.
      KILO_API_RETRY_BASE_MS: '5',
      KILO_API_WRITE_INTERVAL_MS: '0',
      ...inputs,
      ...options.env,
    },
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearTimeout(timer);
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    summary: existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '',
    runnerTemp: home,
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks and `name=value` lines, as the runner reads them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) {
      const single = /^([^<=]+)=(.*)$/.exec(lines[i] ?? '');
      if (single) outputs[single[1]!] = single[2]!;
      continue;
    }
    const [, name, delimiter] = match;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

/** The action inputs that point the LLM review at the fake OpenAI-compatible server. */
export function fakeLlmInputs(llm: { url: string }, apiKey: string): Record<string, string> {
  return {
    'llm-provider': 'openai-compatible',
    'llm-model': 'fake-model',
    'llm-base-url': llm.url,
    'llm-api-key': apiKey,
  };
}
