// The report artifact against a loopback fake of the Actions artifact service, through the real
// @actions/artifact client (Twirp calls, zip, Azure block-blob upload): uploads, skips and failures.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadReportArtifact, type ReportArtifactResult } from '../../src/platform/github/artifact.js';
import { readZip, startFakeArtifacts, type FakeArtifacts } from '../../__fixtures__/fake-artifacts.js';

const FILES = {
  'trace.jsonl': '{"type":"run-start","runId":"r1"}\n{"type":"run-end","status":"ok"}\n',
  'summary.md': '## Kilo Agent\n\nNo findings.\n',
  'kilo.sarif': '{"version":"2.1.0","runs":[]}\n',
};

let fake: FakeArtifacts;
let dir: string;
let logged: string[];

beforeAll(async () => {
  fake = await startFakeArtifacts();
});
afterAll(() => fake.close());

beforeEach(async () => {
  fake.reset();
  dir = await mkdtemp(join(tmpdir(), 'kilo-artifact-'));
  for (const [name, content] of Object.entries(FILES)) await writeFile(join(dir, name), content);
  // @actions/core logs (info, debug, warning, add-mask) by writing workflow commands to stdout.
  logged = [];
  const capture = (chunk: unknown) => {
    logged.push(String(chunk));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function upload(name: string, env: NodeJS.ProcessEnv = fake.env()): Promise<ReportArtifactResult> {
  return uploadReportArtifact({
    name,
    files: Object.keys(FILES).map((file) => join(dir, file)),
    rootDirectory: dir,
    retentionDays: 5,
    env,
  });
}

function expectTokenKeptOut(result: ReportArtifactResult): void {
  expect(JSON.stringify(result)).not.toContain(fake.token);
  expect(logged.join('')).not.toContain(fake.token);
}

/** The client backs off 3 s, 4.5 s, … between retries; collapse those waits, leave short timers be. */
function skipRetryBackoff(): void {
  const realSetTimeout = globalThis.setTimeout;
  jest
    .spyOn(globalThis, 'setTimeout')
    .mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(callback, ms !== undefined && ms >= 1000 ? 0 : ms, ...args)) as typeof setTimeout);
}

describe('uploadReportArtifact', () => {
  it('uploads the trace and report as one zip that the service finalizes', async () => {
    const result = await upload('kilo-agent-7-1');

    expect(fake.artifacts).toHaveLength(1);
    const artifact = fake.artifacts[0]!;
    expect(result).toEqual({ status: 'uploaded', id: artifact.id, size: artifact.zip.length });
    expect(artifact).toMatchObject({
      name: 'kilo-agent-7-1',
      size: artifact.zip.length,
      mimeType: 'application/zip',
      workflowRunBackendId: fake.workflowRunBackendId,
    });
    expect(artifact.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const days = (Date.parse(artifact.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThan(5.1);
    const entries = readZip(artifact.zip);
    expect(
      Object.fromEntries([...entries].map(([path, content]) => [path, content.toString('utf8')])),
    ).toEqual(FILES);
    expect(fake.calls.map((call) => `${call.operation} ${call.status}`)).toEqual([
      'CreateArtifact 200',
      'PutBlock 201',
      'PutBlockList 201',
      'FinalizeArtifact 200',
    ]);
    expect(logged.join('')).toContain(
      `Artifact kilo-agent-7-1 successfully finalized. Artifact ID ${artifact.id}`,
    );
    expectTokenKeptOut(result);
  });

  it('leaves process.env as it found it after reading the runtime variables from `env`', async () => {
    const before = { ...process.env };
    await upload('kilo-agent-7-1');
    expect(process.env).toEqual(before);
  });

  it('skips, without calling the service, when the Actions runtime is absent', async () => {
    const { ACTIONS_RESULTS_URL } = fake.env();
    const result = await upload('kilo-agent-7-1', { ACTIONS_RESULTS_URL });

    expect(result).toEqual({
      status: 'skipped',
      reason: 'artifact upload needs the Actions runtime (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL unset)',
    });
    expect(fake.calls).toEqual([]);
  });

  it('skips on GitHub Enterprise Server, where the client refuses to upload', async () => {
    const result = await upload('kilo-agent-7-1', {
      ...fake.env(),
      GITHUB_SERVER_URL: 'https://ghes.example.com',
    });

    expect(result.status).toBe('skipped');
    expect(result).toHaveProperty('reason', expect.stringContaining('not currently supported on GHES'));
    expect(fake.calls).toEqual([]);
  });

  it('fails with a one-line reason, without throwing, when the service answers 500 after retries', async () => {
    skipRetryBackoff();
    fake.failCreateArtifact({ status: 500 });

    const result = await upload('kilo-agent-7-1');

    expect(result).toEqual({
      status: 'failed',
      reason:
        "artifact 'kilo-agent-7-1' not uploaded: Failed to CreateArtifact: Failed to make request after 5 attempts: " +
        'Failed request: (500) Internal Server Error: internal error while creating the artifact',
    });
    expect(fake.calls.map((call) => call.status)).toEqual([500, 500, 500, 500, 500]);
    expect(fake.artifacts).toEqual([]);
    expectTokenKeptOut(result);
  });

  it('fails at once on a name conflict, as a rerun reusing the first attempt’s name would', async () => {
    expect(await upload('kilo-agent-7-1')).toHaveProperty('status', 'uploaded');

    const result = await upload('kilo-agent-7-1');

    expect(result).toEqual({
      status: 'failed',
      reason:
        "artifact 'kilo-agent-7-1' not uploaded: Failed to CreateArtifact: Received non-retryable error: " +
        'Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
    });
    expect(fake.calls.filter((call) => call.operation === 'CreateArtifact')).toHaveLength(2);
    expect(await upload('kilo-agent-7-2')).toHaveProperty('status', 'uploaded');
  });

  it('keeps the runtime token and URL signatures out of the reason even when the service echoes them', async () => {
    const signed = `${fake.url}/blob.zip?sv=1&sig=c2VjcmV0&se=2099`;
    fake.failCreateArtifact({ status: 409, msg: `token ${fake.token} may not write ${signed}` });

    const result = await upload('kilo-agent-7-1');

    expect(result).toEqual({
      status: 'failed',
      reason: expect.stringContaining(
        `(409) Conflict: token *** may not write ${fake.url}/blob.zip?sv=1&sig=***&se=2099`,
      ),
    });
    expect(JSON.stringify(result)).not.toContain(fake.token);
  });

  it('fails when the blob store refuses the signed upload URL', async () => {
    fake.failBlobUpload(true);

    const result = await upload('kilo-agent-7-1');

    expect(result).toEqual({
      status: 'failed',
      reason: "artifact 'kilo-agent-7-1' not uploaded: Server failed to authenticate the request.",
    });
    expect(fake.calls.map((call) => `${call.operation} ${call.status}`)).toEqual([
      'CreateArtifact 200',
      'PutBlock 403',
    ]);
    expect(fake.artifacts).toEqual([]);
    expectTokenKeptOut(result);
  });

  it('fails, naming the file, when a report file is missing', async () => {
    const result = await uploadReportArtifact({
      name: 'kilo-agent-7-1',
      files: [join(dir, 'missing.sarif')],
      rootDirectory: dir,
      env: fake.env(),
    });

    expect(result).toEqual({ status: 'failed', reason: expect.stringContaining('missing.sarif') });
    expect(fake.calls).toEqual([]);
  });
});
