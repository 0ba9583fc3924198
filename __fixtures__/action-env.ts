// Runs the bundled action (dist/index.js) as GitHub Actions would: inputs as INPUT_* variables, the
// event in a JSON file, outputs and the job summary in files. Reads back what it wrote.
import { spawnSync } from 'node:child_process';
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

export function runAction(options: {
  eventName: string;
  payload?: unknown;
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}): ActionRun {
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
  const result = spawnSync(process.execPath, [resolve('dist/index.js')], {
    cwd: options.workspace,
    encoding: 'utf8',
    timeout: 60_000,
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
      ...inputs,
      ...options.env,
    },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    summary: existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '',
    runnerTemp: home,
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
    outputs[name!] = value.join('\n');
  }
  return outputs;
}
