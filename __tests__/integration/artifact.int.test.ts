// dist/index.js with upload-artifacts: true against the loopback fake of the artifact service.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { runAction } from '../../__fixtures__/action-env.js';
import { readZip, startFakeArtifacts, type FakeArtifacts } from '../../__fixtures__/fake-artifacts.js';
import { createTempRepo } from '../../__fixtures__/git.js';
import { pullRequestPayload } from '../../__fixtures__/webhooks.js';

describe('dist/index.js with upload-artifacts: true', () => {
  const repo = createTempRepo('kilo-artifact-repo-');
  const base = repo.commit('base', { 'src/app.js': 'export const a = 1;\n' });
  const head = repo.commit('head', { 'src/app.js': 'export const a = 2;\n' });
  const cleanup: string[] = [repo.dir];
  let fake: FakeArtifacts;
  beforeAll(async () => {
    fake = await startFakeArtifacts();
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('uploads the trace, summary, SARIF and rdjson as one artifact named after the PR and attempt', async () => {
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'upload-artifacts': 'true' },
      env: { ...(fake.env() as Record<string, string>), GITHUB_JOB: 'review', GITHUB_RUN_ATTEMPT: '2' },
    });
    cleanup.push(run.runnerTemp);
    expect(run.status).toBe(0);
    expect(fake.artifacts.map((a) => a.name)).toEqual(['kilo-agent-2-review-2']);
    const files = readZip(fake.artifacts[0]!.zip);
    expect([...files.keys()].sort()).toEqual(['kilo.rdjson', 'kilo.sarif', 'summary.md', 'trace.jsonl']);
    expect(files.get('trace.jsonl')?.toString()).toContain('"name":"review-report"');
    expect(run.stdout).toContain('Artifact kilo-agent-2-review-2: 4 files');
    expect(run.stdout + run.stderr).not.toContain(fake.token);
  });

  it('warns and still succeeds when the artifact service fails', async () => {
    fake.reset();
    fake.failBlobUpload(true);
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'upload-artifacts': 'true' },
      env: fake.env() as Record<string, string>,
    });
    cleanup.push(run.runnerTemp);
    expect(run.status).toBe(0);
    expect(run.outputs.conclusion).toBe('success');
    expect(run.stdout).toMatch(/::warning::artifact 'kilo-agent-2-1' not uploaded: /);
    expect(fake.artifacts).toEqual([]);
  });
});
