import { describe, expect, it } from '@jest/globals';
import type { Agent, AgentInput } from '../src/agents/types.js';
import { runPipeline } from '../src/pipeline/index.js';
import { createFakePlatform } from '../__fixtures__/fake-platform.js';
import { createTracer } from '../src/trace/tracer.js';
import { addedFileDiff, makeContext } from '../__fixtures__/context.js';
import { AWS_EXAMPLE_KEY, noRunner, SCRIPTED_CONFIG } from '../__fixtures__/scripted-review.js';

/** Scripted agents: built-ins are real, the command agents record their calls. */
function scriptedAgents(
  calls: string[],
  override: Partial<Record<'refactorer' | 'tester', Agent['run']>> = {},
) {
  const scripted = (name: 'refactorer' | 'tester'): Agent => ({
    name,
    run: async (input: AgentInput) => {
      calls.push(input.subtask.id);
      return override[name]?.(input) ?? { status: 'ok', findings: [], suggestions: [] };
    },
  });
  return { refactorer: scripted('refactorer'), tester: scripted('tester') };
}

async function review(
  options: {
    dryRun?: boolean;
    overrides?: Parameters<typeof makeContext>[1];
    agents?: ReturnType<typeof scriptedAgents>;
  } = {},
) {
  const calls: string[] = [];
  const context = makeContext(
    addedFileDiff('src/pay.js', [`const key = '${AWS_EXAMPLE_KEY}';`]),
    options.overrides,
  );
  const platform = createFakePlatform({
    context,
    workspace: '/nonexistent',
    files: { '.github/kilo.yml': SCRIPTED_CONFIG },
  });
  const { createAgents } = await import('../src/agents/index.js');
  const agents = { ...createAgents(), ...(options.agents ?? scriptedAgents(calls)) };
  const tracer = createTracer();
  const outcome = await runPipeline(
    { platform, runner: noRunner, tracer, agents },
    { configPath: '.github/kilo.yml', dryRun: options.dryRun ?? false, failOn: 'error' },
  );
  return { outcome, platform, calls, tracer };
}

describe('runPipeline', () => {
  it('runs the plan, reports findings in one model and publishes once', async () => {
    const { outcome, platform, calls } = await review();
    if (outcome.status !== 'reviewed') throw new Error('expected a review');
    expect(outcome.report.results.map((r) => [r.id, r.status])).toEqual([
      ['analyze:secrets', 'ok'],
      ['analyze:conflict-markers', 'ok'],
      ['analyze:large-files', 'ok'],
      ['analyze:binary-files', 'ok'],
      ['analyze:workflow-security', 'ok'],
      ['refactor:fix', 'ok'],
      ['test:unit', 'ok'],
      ['test:validate-suggestions', 'ok'],
    ]);
    expect(calls.sort()).toEqual(['refactor:fix', 'test:unit', 'test:validate-suggestions']);
    expect(outcome.report.findings.map((f) => [f.rule, f.path, f.line])).toEqual([
      ['secrets/aws-access-key-id', 'src/pay.js', 1],
    ]);
    expect(outcome.report.conclusion).toBe('failure');
    expect(platform.published).toHaveLength(1);
    // Progress went to the platform as each subtask was decided: 1/8 … 8/8, before the publish.
    expect(platform.progressed).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 8]));
    expect(outcome.report.budgets.find((b) => b.name === 'subtasks')).toEqual({
      name: 'subtasks',
      used: 8,
      limit: 50,
    });
  });

  it('runs only read-only subtasks in a dry run and says why the rest were skipped', async () => {
    const { outcome, calls, platform } = await review({ dryRun: true });
    if (outcome.status !== 'reviewed') throw new Error('expected a review');
    expect(calls).toEqual([]);
    expect(outcome.report.results.filter((r) => r.status === 'skipped').map((r) => r.reason)).toEqual([
      'dry-run: refactor subtasks are not run',
      'dry-run: test subtasks are not run',
      // Validation waits for the tests, which did not run.
      'dependency test:unit skipped',
    ]);
    expect(platform.published[0]?.dryRun).toBe(true);
  });

  it('reports a gated PR as skipped, with the rule, and runs nothing', async () => {
    const { outcome, calls, platform } = await review({ overrides: { draft: true } });
    if (outcome.status !== 'reviewed') throw new Error('expected a report');
    expect(outcome.report.conclusion).toBe('skipped');
    expect(outcome.report.skipReason).toBe('the PR is a draft (skip.drafts)');
    expect(outcome.report.plan.subtasks).toEqual([]);
    expect(calls).toEqual([]);
    expect(platform.published[0]?.post.summaryMarkdown).toContain('the PR is a draft');
  });

  it("hands the refactors' suggestions to the validation, and reports its verdicts", async () => {
    const suggestion = (line: number, fingerprint: string) => ({
      path: 'src/pay.js',
      startLine: line,
      endLine: line,
      replacement: `line ${line}`,
      source: 'fix',
      fingerprint,
    });
    const seen: string[] = [];
    const agents = scriptedAgents([], {
      refactorer: async () => ({
        status: 'ok',
        findings: [],
        suggestions: [suggestion(1, 'keep'), suggestion(2, 'bad')],
      }),
      tester: async (input) => {
        if (input.subtask.task.type !== 'validate') return { status: 'ok', findings: [], suggestions: [] };
        seen.push(...(input.upstream('refactor:fix')?.suggestions ?? []).map((s) => s.fingerprint));
        // Only what it runs after is visible: the analyzers are not upstream of it.
        expect(input.upstream('analyze:secrets')).toBeUndefined();
        return {
          status: 'ok',
          findings: [],
          suggestions: [],
          validation: {
            validated: ['keep'],
            dropped: [{ fingerprint: 'bad', reason: 'rolled back: x' }],
            testRuns: 3,
          },
        };
      },
    });
    const { outcome } = await review({ agents });
    if (outcome.status !== 'reviewed') throw new Error('expected a review');
    expect(seen).toEqual(['keep', 'bad']);
    expect(outcome.report.suggestions.map((s) => [s.fingerprint, s.validated])).toEqual([['keep', true]]);
    expect(outcome.report.rolledBack).toEqual([
      { suggestion: suggestion(2, 'bad'), reason: 'rolled back: x' },
    ]);
    expect(outcome.post.review.comments.map((c) => c.body).join('\n')).not.toContain('line 2');
  });

  it('turns an agent that throws into a failed subtask, not a failed run', async () => {
    const calls: string[] = [];
    const agents = scriptedAgents(calls, {
      tester: () => {
        throw new Error('tester exploded');
      },
    });
    const { outcome } = await review({ agents });
    if (outcome.status !== 'reviewed') throw new Error('expected a review');
    expect(outcome.report.results.find((r) => r.id === 'test:unit')).toMatchObject({
      status: 'failed',
      reason: 'tester exploded',
    });
  });

  it('masks secrets the PR adds in the trace and in every rendered text', async () => {
    const { outcome, tracer } = await review();
    if (outcome.status !== 'reviewed') throw new Error('expected a review');
    expect(JSON.stringify(tracer.events())).not.toContain(AWS_EXAMPLE_KEY);
    expect(JSON.stringify(outcome.post)).not.toContain(AWS_EXAMPLE_KEY);
  });

  it('passes a skipped context straight through', async () => {
    const platform = createFakePlatform({ context: { skipped: 'no PR here' }, workspace: '/x' });
    const outcome = await runPipeline(
      { platform, runner: noRunner, tracer: createTracer() },
      { configPath: '.github/kilo.yml', dryRun: false, failOn: 'error' },
    );
    expect(outcome).toEqual({ status: 'skipped', reason: 'no PR here' });
    expect(platform.published).toEqual([]);
  });
});
