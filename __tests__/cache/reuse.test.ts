// Incremental reruns through the whole pipeline: a real checkout, the real built-in analyzers, scripted
// command agents that count their calls, and the results cache in a temp directory.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent, AgentInput, AgentOutput } from '../../src/agents/types.js';
import { createAgents } from '../../src/agents/index.js';
import { createResultsStore } from '../../src/cache/results-cache.js';
import { runPipeline, type PipelineOutcome } from '../../src/pipeline/index.js';
import { createFakePlatform } from '../../__fixtures__/fake-platform.js';
import { renderSummaryMarkdown } from '../../src/report/markdown.js';
import { createTracer } from '../../src/trace/tracer.js';
import type { PrContext } from '../../src/context/types.js';
import { createPrRepo, type PrRepo } from '../agents/helpers.js';
import { AWS_EXAMPLE_KEY, noRunner, SCRIPTED_CONFIG } from '../../__fixtures__/scripted-review.js';

function reviewed(outcome: PipelineOutcome) {
  if (outcome.status !== 'reviewed') throw new Error(`expected a review, got ${outcome.status}`);
  return outcome.report;
}

describe('the results cache in the pipeline', () => {
  const dirs: string[] = [];
  const repos: PrRepo[] = [];
  afterEach(() => {
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    repos.splice(0).forEach(({ repo }) => repo.remove());
  });
  function setUp() {
    const pr = createPrRepo(
      { '.github/kilo.yml': SCRIPTED_CONFIG, 'src/a.js': 'a\n' },
      { 'src/a.js': `a\nconst key = '${AWS_EXAMPLE_KEY}';\n`, 'src/b.js': 'b\n' },
    );
    repos.push(pr);
    const cacheDir = mkdtempSync(join(tmpdir(), 'kilo-results-cache-'));
    dirs.push(cacheDir);
    return { pr, cacheDir };
  }

  /** One run; `calls` lists the command agents' subtasks that actually ran. */
  async function run(
    pr: PrRepo,
    cacheDir: string | undefined,
    options: {
      context?: PrContext;
      tester?: (input: AgentInput) => AgentOutput | Promise<AgentOutput>;
      dryRun?: boolean;
      phase?: 'all' | 'plan';
    } = {},
  ) {
    const calls: string[] = [];
    const scripted = (name: 'refactorer' | 'tester'): Agent => ({
      name,
      run: async (input) => {
        calls.push(input.subtask.id);
        if (name === 'tester' && options.tester) return options.tester(input);
        return { status: 'ok', findings: [], suggestions: [] };
      },
    });
    const platform = createFakePlatform({
      context: options.context ?? pr.context,
      workspace: pr.repo.dir,
      files: { '.github/kilo.yml': SCRIPTED_CONFIG },
      // A fork is reviewed by the base commit's config: the same one here.
      baseFiles: { '.github/kilo.yml': SCRIPTED_CONFIG },
    });
    const tracer = createTracer();
    const outcome = await runPipeline(
      {
        platform,
        runner: noRunner,
        tracer,
        agents: { ...createAgents(), refactorer: scripted('refactorer'), tester: scripted('tester') },
        ...(cacheDir ? { results: createResultsStore(cacheDir) } : {}),
      },
      {
        configPath: '.github/kilo.yml',
        dryRun: options.dryRun ?? false,
        failOn: 'error',
        phase: options.phase ?? 'all',
      },
    );
    return { outcome, calls, tracer };
  }

  it('reruns 0 subtasks on an unchanged PR and reports the same findings, saying what was reused', async () => {
    const { pr, cacheDir } = setUp();
    const first = await run(pr, cacheDir);
    const firstReport = reviewed(first.outcome);
    expect(first.calls.sort()).toEqual(['refactor:fix', 'test:unit', 'test:validate-suggestions']);
    expect(firstReport.results.every((r) => r.reused === undefined)).toBe(true);

    const second = await run(pr, cacheDir);
    const report = reviewed(second.outcome);
    expect(second.calls).toEqual([]);
    expect(report.results.map((r) => [r.id, r.status, r.reused?.head])).toEqual(
      firstReport.results.map((r) => [r.id, 'ok', pr.context.head.sha]),
    );
    expect(report.findings).toEqual(firstReport.findings);
    expect(report.findings.map((f) => f.rule)).toContain('secrets/aws-access-key-id');
    expect(report.conclusion).toBe(firstReport.conclusion);
    const markdown = renderSummaryMarkdown(report);
    expect(markdown).toContain(`${report.results.length} reused from an earlier run (inputs unchanged)`);
    expect(markdown).toContain(
      `reused: inputs unchanged since the run on ${pr.context.head.sha.slice(0, 7)}`,
    );
    const reusedEvents = second.tracer.events().filter((e) => e.kind === 'cache' && e.name === 'reused');
    expect(reusedEvents).toHaveLength(report.results.length);
  });

  it('reruns what reads a changed checkout (commands) and reuses what does not (built-ins on unchanged files)', async () => {
    const { pr, cacheDir } = setUp();
    await run(pr, cacheDir);
    writeFileSync(join(pr.repo.dir, 'notes.txt'), 'an untracked file the commands may read\n');
    const second = await run(pr, cacheDir);
    const report = reviewed(second.outcome);
    expect(second.calls.sort()).toEqual(['refactor:fix', 'test:unit', 'test:validate-suggestions']);
    const reused = report.results.filter((r) => r.reused).map((r) => r.id);
    expect(reused).toContain('analyze:secrets');
    expect(reused.every((id) => id.startsWith('analyze:'))).toBe(true);
  });

  it('never stores a failure: a failed test runs again, what passed is reused', async () => {
    const { pr, cacheDir } = setUp();
    const failing = () => ({ status: 'failed' as const, findings: [], suggestions: [], reason: 'flaky' });
    reviewed((await run(pr, cacheDir, { tester: failing })).outcome);
    const second = await run(pr, cacheDir, { tester: failing });
    // The test failed again (the validation, which needs it, was skipped); the refactor is reused.
    expect(second.calls).toEqual(['test:unit']);
    expect(reviewed(second.outcome).results.find((r) => r.id === 'refactor:fix')?.reused).toBeDefined();
    const third = await run(pr, cacheDir);
    expect(third.calls.sort()).toEqual(['test:unit', 'test:validate-suggestions']);
    expect((await run(pr, cacheDir)).calls).toEqual([]);
  });

  it('reuses nothing on a fork PR, and nothing without a store', async () => {
    const { pr, cacheDir } = setUp();
    await run(pr, cacheDir);
    const fork = await run(pr, cacheDir, { context: { ...pr.context, fork: true } });
    expect(fork.calls).toHaveLength(3);
    expect(reviewed(fork.outcome).results.some((r) => r.reused)).toBe(false);
    expect(fork.tracer.events().find((e) => e.kind === 'cache')?.attrs).toEqual({
      reason: 'fork PR: results are not reused',
    });
    expect((await run(pr, undefined)).calls).toHaveLength(3);
  });

  it('treats planted or damaged entries as misses, never as results', async () => {
    const { pr, cacheDir } = setUp();
    await run(pr, cacheDir);
    const files = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    files.forEach((file, i) => {
      const path = join(file.parentPath, file.name);
      const key = file.name.replace(/\.json$/, '');
      const planted = [
        '{ not json',
        JSON.stringify({ version: 1, key, entry: { head: 'x', createdAt: 'now', result: { id: 'x' } } }),
        // A well-formed failure: only ok results are ever reused.
        JSON.stringify({
          version: 1,
          key,
          entry: {
            head: 'x',
            createdAt: 'now',
            result: { id: 'x', status: 'failed', findings: [], suggestions: [], durationMs: 1 },
          },
        }),
      ][i % 3]!;
      writeFileSync(path, planted);
    });
    const second = await run(pr, cacheDir);
    expect(second.calls).toHaveLength(3);
    expect(reviewed(second.outcome).results.some((r) => r.reused)).toBe(false);
  });

  it('gives the plan job costs: 0 for what will be reused, the last duration for what will run', async () => {
    const { pr, cacheDir } = setUp();
    const slowTest = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 'ok' as const, findings: [], suggestions: [] };
    };
    const unknown = await run(pr, cacheDir, { phase: 'plan' });
    if (unknown.outcome.status !== 'planned') throw new Error('expected a plan');
    expect(unknown.outcome.costs).toEqual({});

    const first = reviewed((await run(pr, cacheDir, { tester: slowTest })).outcome);
    const planned = await run(pr, cacheDir, { phase: 'plan' });
    if (planned.outcome.status !== 'planned') throw new Error('expected a plan');
    expect(planned.calls).toEqual([]);
    const ids = first.results.map((r) => r.id);
    expect(planned.outcome.costs).toEqual(Object.fromEntries(ids.map((id) => [id, 0])));

    // The checkout changed: commands will run, weighed by what they took last time; built-ins reused.
    writeFileSync(join(pr.repo.dir, 'notes.txt'), 'new\n');
    const replanned = await run(pr, cacheDir, { phase: 'plan' });
    if (replanned.outcome.status !== 'planned') throw new Error('expected a plan');
    const costs = replanned.outcome.costs ?? {};
    expect(costs['analyze:secrets']).toBe(0);
    const took = first.results.find((r) => r.id === 'test:unit')!.durationMs;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(costs['test:unit']).toBeCloseTo(took / 1000, 5);
  });
});
