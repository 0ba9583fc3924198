// The bundled action, run as a child process on a real pull_request payload and a real git repo.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { createTempRepo } from '../../__fixtures__/git.js';
import { runAction } from '../../__fixtures__/action-env.js';
import { pullRequestPayload } from '../../__fixtures__/webhooks.js';
import type { TraceEvent } from '../../src/trace/types.js';

// Planted at run time so this file itself holds no secret.
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const TOKEN = 'ghs_' + 'T0k3n'.repeat(7) + 'z';

describe('dist/index.js on a pull_request event', () => {
  const repo = createTempRepo('kilo-action-repo-');
  const base = repo.commit('base', {
    'package.json': JSON.stringify({ name: 'x', scripts: { test: 'node -e "process.exit(0)"' } }),
    'src/app.js': 'export const a = 1;\n',
  });
  const head = repo.commit('head', {
    'src/app.js': `export const a = 1;\nexport const key = '${AWS_KEY}';\n`,
    'notes.md': `${'<'.repeat(7)} HEAD\nmine\n${'='.repeat(7)}\ntheirs\n${'>'.repeat(7)} main\n`,
  });
  const cleanup: string[] = [repo.dir];
  afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reviews in dry-run: job summary, outputs and trace, no secret anywhere', async () => {
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: { 'dry-run': 'true', 'github-token': TOKEN },
    });
    cleanup.push(run.runnerTemp);

    // Error findings fail the step (fail-on: error), with a one-line reason.
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::Kilo Agent: 4 error(s), 0 warning(s) (fail-on: error)');

    expect(run.outputs).toMatchObject({
      conclusion: 'failure',
      findings: '4',
      suggestions: '0',
      subtasks: '6',
    });
    const plan = JSON.parse(run.outputs.plan ?? '{}') as { subtasks: Array<{ id: string }> };
    expect(plan.subtasks.map((s) => s.id)).toEqual([
      'analyze:secrets',
      'analyze:conflict-markers',
      'analyze:large-files',
      'analyze:binary-files',
      'analyze:workflow-security',
      'test:test',
    ]);

    expect(run.summary).toContain('Dry run');
    expect(run.summary).toContain('secrets/aws-access-key-id');
    expect(run.summary).toContain('conflict-marker');
    expect(run.summary).toMatch(/test:test[^\n]*dry-run/);

    const trace = readFileSync(run.outputs.trace!, 'utf8');
    const events = trace
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceEvent);
    expect(events.some((e) => e.kind === 'policy-decision' && e.name === 'gates')).toBe(true);
    expect(events.filter((e) => e.kind === 'subtask-finish').map((e) => e.name)).toEqual(
      expect.arrayContaining(['analyze:secrets', 'analyze:conflict-markers', 'test:test']),
    );
    expect(new Set(events.map((e) => e.runId)).size).toBe(1);

    const sarif = JSON.parse(readFileSync(run.outputs.sarif!, 'utf8')) as {
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.runs[0]?.results).toHaveLength(4);

    // `::add-mask::` is how the runner learns what to mask in the log: the one place the token may appear.
    const log = run.stdout.replace(`::add-mask::${TOKEN}`, '');
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    for (const text of [trace, run.summary, log, run.stderr, readFileSync(run.outputs.summary!, 'utf8')]) {
      expect(text).not.toContain(AWS_KEY);
      expect(text).not.toContain(TOKEN);
    }
    // The workspace is untouched by a dry run.
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('skips an event it does not support with a notice and conclusion=skipped', async () => {
    const run = await runAction({ eventName: 'release', payload: {}, workspace: repo.dir });
    cleanup.push(run.runnerTemp);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "::notice::Kilo Agent skipped: event 'release' is not supported; supported:",
    );
    // Skipped before the bundle loads: the same outputs as a full run's skip, and no trace.
    expect(run.outputs).toEqual({ conclusion: 'skipped', findings: '0', suggestions: '0', subtasks: '0' });
  });

  it('fails with one actionable line for a bad input', async () => {
    const run = await runAction({
      eventName: 'pull_request',
      payload: {},
      workspace: repo.dir,
      inputs: { 'fail-on': 'sometimes' },
    });
    cleanup.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      "::error::Kilo Agent: input 'fail-on': expected one of error|warning|never (got 'sometimes')",
    );
  });

  it('fails with the file and line of a broken config', async () => {
    const configured = createTempRepo('kilo-action-config-');
    cleanup.push(configured.dir);
    const b = configured.commit('base', { 'a.txt': 'a\n' });
    const h = configured.commit('head', { 'a.txt': 'b\n', '.github/kilo.yml': 'policy:\n  concurency: 2\n' });
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ baseSha: b, headSha: h }),
      workspace: configured.dir,
    });
    cleanup.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::Kilo Agent: .github/kilo.yml:2 policy: unknown key concurency');
  });
});
