// The real pipeline writes a trace file; `kilo-agent trace` rebuilds from it alone what the run posted.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent, AgentInput } from '../../src/agents/types.js';
import { traceCommand, type TraceView } from '../../src/cli/trace.js';
import { runPipeline } from '../../src/pipeline/index.js';
import { createFakePlatform } from '../../__fixtures__/fake-platform.js';
import { renderJobSummary } from '../../src/report/post-plan.js';
import { readTrace } from '../../src/report/read-trace.js';
import { createTracer } from '../../src/trace/tracer.js';
import { REPORT_EVENT } from '../../src/trace/types.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { AWS_EXAMPLE_KEY, noRunner, SCRIPTED_CONFIG } from '../../__fixtures__/scripted-review.js';

const dir = mkdtempSync(join(tmpdir(), 'kilo-trace-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Refactor suggests two lines, the validation rolls one back, the unit tests fail: a report with everything. */
function scriptedAgents(): Record<'refactorer' | 'tester', Agent> {
  const suggestion = (line: number, fingerprint: string) => ({
    path: 'src/pay.js',
    startLine: line,
    endLine: line,
    replacement: `line ${line}`,
    source: 'fix',
    fingerprint,
  });
  return {
    refactorer: {
      name: 'refactorer',
      run: async () => ({
        status: 'ok',
        findings: [],
        suggestions: [suggestion(1, 'keep'), suggestion(2, 'bad')],
      }),
    },
    tester: {
      name: 'tester',
      run: async (input: AgentInput) =>
        input.subtask.task.type === 'validate'
          ? {
              status: 'ok',
              findings: [],
              suggestions: [],
              validation: {
                validated: ['keep'],
                dropped: [{ fingerprint: 'bad', reason: 'x' }],
                testRuns: 3,
              },
            }
          : { status: 'failed', findings: [], suggestions: [], reason: 'exit 1' },
    },
  };
}

async function reviewTo(path: string, dryRun = false) {
  const context = makeContext(
    addedFileDiff('src/pay.js', [`const key = '${AWS_EXAMPLE_KEY}';`, 'const b = 2;']),
  );
  const platform = createFakePlatform({
    context,
    workspace: '/nonexistent',
    files: { '.github/kilo.yml': SCRIPTED_CONFIG },
  });
  const { createAgents } = await import('../../src/agents/index.js');
  const tracer = createTracer({ path });
  const outcome = await runPipeline(
    { platform, runner: noRunner, tracer, agents: { ...createAgents(), ...scriptedAgents() } },
    { configPath: '.github/kilo.yml', dryRun, failOn: 'error' },
  );
  if (outcome.status !== 'reviewed') throw new Error('expected a review');
  return outcome;
}

async function command(file: string, view: TraceView) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await traceCommand(file, view, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('trace round trip', () => {
  const path = join(dir, 'run', 'kilo-trace.jsonl');
  const reviewed = reviewTo(path);

  it('rebuilds the posted summary exactly, and the report as it was, from the trace file alone', async () => {
    const outcome = await reviewed;
    const trace = readTrace(readFileSync(path, 'utf8'));
    expect(trace.broken).toBe(0);
    expect(trace.runIds).toEqual([outcome.report.runId]);
    expect(trace.report).toEqual(outcome.report);
    expect(renderJobSummary(trace.report!)).toBe(outcome.post.summaryMarkdown);
    // The secret the PR adds is masked in the trace, so in the rebuilt summary too.
    expect(readFileSync(path, 'utf8')).not.toContain(AWS_EXAMPLE_KEY);
  });

  it('prints exactly the summary with --summary, and the timeline then the summary by default', async () => {
    const outcome = await reviewed;
    const summary = await command(path, 'summary');
    expect(summary).toEqual({ code: 0, stdout: outcome.post.summaryMarkdown, stderr: '' });

    const both = await command(path, 'both');
    expect(both.code).toBe(0);
    const [timeline, ...rest] = both.stdout.split('\n\n');
    expect(rest.join('\n\n')).toBe(outcome.post.summaryMarkdown);
    expect(timeline).toMatch(new RegExp(`^Run ${outcome.report.runId}  started \\S+Z  took `));
    expect(timeline).toMatch(/ {2}run review {2}ok\n/);
    expect(timeline).toMatch(/subtask test:unit {2}failed: exit 1\n/);
    expect(timeline).toContain('not run test:validate-suggestions');

    expect(await command(path, 'timeline')).toEqual({ code: 0, stdout: `${timeline}\n`, stderr: '' });
  });

  it('shows the last run of a file several runs appended to', async () => {
    const shared = join(dir, 'appended.jsonl');
    await reviewTo(shared, true);
    const last = await reviewTo(shared);
    const result = await command(shared, 'summary');
    expect(result.stdout).toBe(last.post.summaryMarkdown);
    expect(result.stderr).toBe(
      `kilo-agent: ${shared} holds 2 runs; showing the last (${last.report.runId})\n`,
    );
  });

  it("rebuilds a dry run's summary without the post preview, and says so", async () => {
    const dryPath = join(dir, 'dry.jsonl');
    const outcome = await reviewTo(dryPath, true);
    const result = await command(dryPath, 'summary');
    expect(result.code).toBe(0);
    expect(outcome.post.summaryMarkdown.startsWith(`${result.stdout}\n\n#### What would be posted`)).toBe(
      true,
    );
    expect(result.stderr).toContain("a dry run's post preview is not rebuilt from the trace");
  });
});

describe('kilo-agent trace errors', () => {
  it('says in one line that the file is missing, or is not a trace', async () => {
    const missing = join(dir, 'nope.jsonl');
    expect(await command(missing, 'both')).toEqual({
      code: 2,
      stdout: '',
      stderr: `kilo-agent: cannot read trace ${missing}: no such file\n`,
    });
    const markdown = join(dir, 'kilo-report.md');
    writeFileSync(markdown, '### Kilo Agent\n\nno findings\n');
    expect(await command(markdown, 'summary')).toEqual({
      code: 2,
      stdout: '',
      stderr: `kilo-agent: ${markdown} is not a trace: no line is a trace event (expected kilo-trace.jsonl)\n`,
    });
    expect((await command(dir, 'both')).stderr).toBe(
      `kilo-agent: cannot read trace ${dir}: it is a directory\n`,
    );
  });

  it('prints the timeline of a run killed before its report, and says the run ended before it', async () => {
    const full = join(dir, 'killed-full.jsonl');
    await reviewTo(full);
    const lines = readFileSync(full, 'utf8').split('\n');
    const reportLine = lines.findIndex((line) => line.includes(`"name":"${REPORT_EVENT}"`));
    const killed = join(dir, 'killed.jsonl');
    // Killed while writing the report line: half of it made it to disk.
    writeFileSync(killed, [...lines.slice(0, reportLine), lines[reportLine]!.slice(0, 200)].join('\n'));
    const runId = readTrace(lines[0]!).runIds[0];

    const result = await command(killed, 'both');
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Run \S+ {2}started \S+ {2}stopped after .* with 1 span unfinished/);
    expect(result.stdout).toContain('run review  (unfinished)');
    expect(result.stdout).toContain('(1 unreadable line skipped');
    expect(result.stderr).toBe(
      `kilo-agent: run ${runId} ended before its report (or its line is among the 1 unreadable): no summary to rebuild from ${killed}\n`,
    );
    expect(await command(killed, 'timeline')).toMatchObject({ code: 0, stderr: '' });

    // Killed just before the report line: no unreadable line to blame.
    writeFileSync(killed, lines.slice(0, reportLine).join('\n'));
    expect((await command(killed, 'summary')).stderr).toBe(
      `kilo-agent: run ${runId} ended before its report: no summary to rebuild from ${killed}\n`,
    );
  });

  it('is dispatched by the CLI, which asks for the file when it is not given', async () => {
    const { main } = await import('../../src/cli/main.js');
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      expect(await main(['trace'])).toBe(2);
      expect(written[0]).toMatch(
        /^kilo-agent: 'trace' needs a trace file \(kilo-trace\.jsonl\)\n\n.*Usage:/s,
      );
      written.length = 0;
      const path = join(dir, 'run', 'kilo-trace.jsonl');
      expect(await main(['trace', path, '--timeline'])).toBe(0);
      expect(written.join('')).toMatch(/^Run \S+ {2}started /);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
