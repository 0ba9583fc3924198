import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../__fixtures__/core.js';
import * as github from '../__fixtures__/github.js';

jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('@actions/github', () => github);
const { run } = await import('../src/main.js');

const temp = mkdtempSync(join(tmpdir(), 'kilo-main-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]));
}

describe('run()', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    process.env.RUNNER_TEMP = temp;
    process.env.GITHUB_WORKSPACE = temp;
    delete process.env.GITHUB_EVENT_PATH;
    delete process.env.GITHUB_EVENT_NAME;
  });

  it('reports a bad input in one line through setFailed, and still sets the conclusion', async () => {
    core.setInputs({ 'dry-run': 'maybe' });
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(core.setFailed).toHaveBeenCalledWith(
      "Kilo Agent: input 'dry-run': expected one of true|false (got 'maybe')",
    );
    expect(outputs()).toEqual({ conclusion: 'failure' });
  });

  it('masks the LLM key in a failure that quotes it, even before the inputs are parsed', async () => {
    const key = 'sk-proj-Aq7Zr2Lm9Xc4Vb8Nw1Ty6Izy4';
    core.setInputs({ 'llm-api-key': key, 'dry-run': `maybe ${key} or sk-proj-…****Izy4` });
    await run();
    const [message] = core.setFailed.mock.calls.map(([text]) => String(text));
    expect(message).toBe(
      "Kilo Agent: input 'dry-run': expected one of true|false (got 'maybe *** or [REDACTED]')",
    );
  });

  it('masks the token and the LLM key before anything else', async () => {
    core.setInputs({ 'github-token': 'tok-123456', 'llm-api-key': 'key-abcdef', 'llm-provider': 'openai' });
    process.env.GITHUB_EVENT_NAME = 'release';
    await run();
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual(['tok-123456', 'key-abcdef']);
    // No model: the review goes on without an LLM, and says why in one line.
    expect(core.notice).toHaveBeenCalledWith(
      "input 'llm-model' is required with llm-provider openai: reviewing without an LLM.",
    );
  });

  it('masks credentials in the LLM base URL too', async () => {
    core.setInputs({
      'llm-provider': 'openai-compatible',
      'llm-model': 'm',
      'llm-base-url': 'https://bob:hunter2hunter2@llm.example/v1?api_key=qwertyuiop123',
    });
    process.env.GITHUB_EVENT_NAME = 'release';
    await run();
    const masked = core.setSecret.mock.calls.map(([value]) => value);
    expect(masked).toEqual(expect.arrayContaining(['bob', 'hunter2hunter2', 'qwertyuiop123']));
    expect(core.info).toHaveBeenCalledWith('LLM guidance: openai-compatible m');
  });

  it('says in one notice that there is no LLM when no provider is set', async () => {
    core.setInputs({});
    process.env.GITHUB_EVENT_NAME = 'release';
    await run();
    expect(core.notice).toHaveBeenCalledWith('No llm-provider set: deterministic review, no LLM.');
  });

  it('skips an unsupported event without failing', async () => {
    core.setInputs({});
    process.env.GITHUB_EVENT_NAME = 'release';
    await run();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({ conclusion: 'skipped', findings: '0', subtasks: '0' });
    expect(String(outputs().trace)).toMatch(/kilo-agent\/.+\/trace\.jsonl$/);
  });

  it('fails clearly when a pull_request run has no event payload', async () => {
    core.setInputs({});
    process.env.GITHUB_EVENT_NAME = 'pull_request';
    await run();
    expect(core.setFailed).toHaveBeenCalledWith(
      'Kilo Agent: GITHUB_EVENT_PATH is not set: run inside GitHub Actions',
    );
  });

  it('fails in one line when the event payload is not JSON, naming the file', async () => {
    core.setInputs({});
    const path = join(temp, 'event.json');
    writeFileSync(path, '{"pull_request": {"number": 7,');
    process.env.GITHUB_EVENT_NAME = 'pull_request';
    process.env.GITHUB_EVENT_PATH = path;
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(
      new RegExp(`^Kilo Agent: cannot read the event payload ${path}: .*JSON`),
    );
    expect(outputs()).toMatchObject({ conclusion: 'failure' });
  });

  it('fails in one line when the event file named does not exist', async () => {
    core.setInputs({});
    process.env.GITHUB_EVENT_NAME = 'push';
    process.env.GITHUB_EVENT_PATH = join(temp, 'gone.json');
    await run();
    expect(core.setFailed).toHaveBeenCalledWith(
      `Kilo Agent: cannot read the event payload ${join(temp, 'gone.json')}: no such file`,
    );
  });

  it('fails phase report in one line naming the input when the results directory is missing', async () => {
    core.setInputs({ phase: 'report', results: join(temp, 'no-such-dir') });
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(
      /^Kilo Agent: input 'results': cannot read .*no-such-dir: ENOENT/,
    );
    expect(outputs()).toMatchObject({ conclusion: 'failure' });
  });
});

describe('secretEnvValues', () => {
  it('takes secret-named variables with real values, never plain inputs or short flags', async () => {
    const { secretEnvValues } = await import('../src/sandbox/env.js');
    expect(
      secretEnvValues({
        MY_SERVICE_TOKEN: 'tok-canary-0123456789',
        DEPLOY_PASSWORD: 'hunter2hunter2',
        'INPUT_GITHUB-TOKEN': 'ghs_registered_by_name',
        'INPUT_FAIL-ON': 'error',
        ACTIONS_STEP_DEBUG: 'true',
        PATH: '/usr/bin:/bin',
      }),
    ).toEqual(['tok-canary-0123456789', 'hunter2hunter2']);
  });
});
