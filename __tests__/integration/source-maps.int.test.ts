// The bundle's source maps: registered for a run with step debug logging, whose debug line of an
// unexpected error then names the compiled sources (build/…js), and not for any other run (they cost
// ~75 ms of start-up). The error: RUNNER_TEMP is a file, so the tracer cannot make its folder.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'kilo-source-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const notADir = join(dir, 'runner-temp');
writeFileSync(notADir, '');

function debugLine(extra: Record<string, string>): string {
  const result = spawnSync(process.execPath, [resolve('dist/index.js')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      RUNNER_TEMP: notADir,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      ...extra,
    },
  });
  expect(result.stdout).toContain('::error::Kilo Agent: ENOTDIR');
  return result.stdout.split('\n').find((line) => line.startsWith('::debug::Error: ENOTDIR')) ?? '';
}

describe('source maps in stack traces', () => {
  it('name the compiled sources in a debug run', () => {
    const line = debugLine({ RUNNER_DEBUG: '1' });
    expect(line).toMatch(/at createTracer \(\S*build\/trace\/tracer\.js:\d+:\d+\)/);
  });

  it('are not registered otherwise: the frames are the bundle’s', () => {
    const line = debugLine({});
    expect(line).toMatch(/at createTracer \(\S*dist\/kilo\.js:\d+:\d+\)/);
  });
});
