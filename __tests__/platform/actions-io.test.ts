// The runner I/O against @actions/core itself (a dev dependency now): the same calls must write the
// same bytes to stdout and the same files, since the runner parses both.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as actionsCore from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as io from '../../src/platform/github/actions-io.js';

type Io = Pick<
  typeof io,
  'info' | 'debug' | 'notice' | 'warning' | 'error' | 'setSecret' | 'setFailed' | 'group'
>;

const HOSTILE = 'a%b\r\nc::d,e:f';

/** What `fn` wrote to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let text = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return text;
}

describe('actions-io against @actions/core', () => {
  let dir: string;
  const saved = { ...process.env };
  const exitCode = process.exitCode;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kilo-io-'));
  });
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = exitCode;
    rmSync(dir, { recursive: true, force: true });
  });

  const calls: Array<[string, (m: Io) => unknown]> = [
    ['info', (m) => m.info(HOSTILE)],
    ['debug', (m) => m.debug(HOSTILE)],
    ['notice', (m) => m.notice(HOSTILE)],
    [
      'warning with a file and lines',
      (m) => m.warning(HOSTILE, { title: 'rule:x,y', file: 'src/a b.ts', startLine: 3, endLine: 4 }),
    ],
    [
      'error with columns',
      (m) => m.error(HOSTILE, { file: 'a.ts', startLine: 1, startColumn: 2, endColumn: 5 }),
    ],
    ['add-mask', (m) => m.setSecret(HOSTILE)],
    ['setFailed', (m) => m.setFailed(HOSTILE)],
    ['group', (m) => m.group(HOSTILE, async () => m.info('inside'))],
  ];

  it.each(calls)('writes what @actions/core writes: %s', async (_name, call) => {
    const theirs = await stdoutOf(() => call(actionsCore as unknown as Io));
    const theirExit = process.exitCode;
    process.exitCode = exitCode;
    const ours = await stdoutOf(() => call(io));
    expect(ours).toBe(theirs);
    expect(process.exitCode).toBe(theirExit);
  });

  it('reads inputs as @actions/core does: INPUT_ + upper case, spaces to _, trimmed, empty when absent', () => {
    process.env['INPUT_FAIL-ON'] = '  warning \n';
    process.env.INPUT_MY_INPUT = 'x';
    for (const name of ['fail-on', 'my input', 'absent'])
      expect(io.getInput(name)).toBe(actionsCore.getInput(name));
    expect(io.getInput('fail-on')).toBe('warning');
  });

  it('writes outputs in the GITHUB_OUTPUT heredoc form, and as a command without the file', async () => {
    const file = join(dir, 'output');
    writeFileSync(file, '');
    process.env.GITHUB_OUTPUT = file;
    io.setOutput('plan', '{"a":1}\nline two');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^plan<<(ghadelimiter_[0-9a-f-]{36})\n\{"a":1\}\nline two\n\1\n$/);
    delete process.env.GITHUB_OUTPUT;
    const ours = await stdoutOf(() => io.setOutput('x', HOSTILE));
    const theirs = await stdoutOf(() => actionsCore.setOutput('x', HOSTILE));
    expect(ours).toBe(theirs);
  });

  it('replaces the job summary, and throws without GITHUB_STEP_SUMMARY', () => {
    const file = join(dir, 'summary.md');
    writeFileSync(file, 'old');
    process.env.GITHUB_STEP_SUMMARY = file;
    io.writeSummary('# new');
    expect(readFileSync(file, 'utf8')).toBe('# new\n');
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(() => io.writeSummary('x')).toThrow('GITHUB_STEP_SUMMARY');
  });
});
