import { describe, expect, it } from '@jest/globals';
import { buildPostPlan, fenceFor, fingerprintMarker, SUMMARY_MARKER } from '../../src/report/post-plan.js';
import type { ReviewReport } from '../../src/report/types.js';
import {
  makeDemoReport,
  makeDiffIndex,
  makeFinding,
  makeReport,
  makeResult,
  makeSubtask,
  makeSuggestion,
} from '../../__fixtures__/report.js';

const diffIndex = makeDiffIndex();
const plan = (report: ReviewReport, commentBudget = 30) =>
  buildPostPlan(report, diffIndex, { commentBudget });

describe('buildPostPlan: review comments', () => {
  it('comments inline only inside the diff and lists the rest as not inline', () => {
    const inside = makeFinding({ severity: 'error', line: 3 });
    const outside = makeFinding({ severity: 'error', line: 10 });
    const otherFile = makeFinding({ path: 'src/c.ts', line: 1 });
    const notice = makeFinding({ severity: 'notice', line: 2 });
    const result = plan(makeReport({ findings: [inside, outside, otherFile, notice] }));
    expect(result.review.comments.map((c) => [c.path, c.line, c.fingerprint])).toEqual([
      ['src/a.ts', 3, inside.fingerprint],
    ]);
    expect(result.notInline.findings).toEqual([outside, otherFile]);
    expect(result.notInline.overBudget).toBe(0);
  });

  it('comments inline at most llm.max-comments of the LLM reviewer, the rest in the summary', () => {
    const llm = (line: number) =>
      makeFinding({
        severity: 'warning',
        line,
        rule: 'llm-review',
        source: 'llm-review',
        fingerprint: `llm${line}`,
      });
    const lint = makeFinding({ severity: 'warning', line: 4, fingerprint: 'lint4' });
    const report = makeReport({ findings: [llm(1), llm(2), llm(3), lint] });
    const result = buildPostPlan(report, diffIndex, { commentBudget: 30, llmCommentBudget: 2 });
    expect(result.review.comments.map((c) => c.fingerprint)).toEqual(['llm1', 'llm2', 'lint4']);
    expect(result.notInline).toEqual({ findings: [llm(3)], suggestions: [], overBudget: 1 });
  });

  it('uses startLine for a multi-line suggestion and line only for a single-line one', () => {
    const multi = makeSuggestion({ startLine: 2, endLine: 4, replacement: 'b\nc\nd' });
    const single = makeSuggestion({ path: 'src/b.ts', startLine: 11, endLine: 11, replacement: '' });
    const [first, second] = plan(makeReport({ suggestions: [multi, single] })).review.comments;
    expect(first).toMatchObject({ path: 'src/a.ts', startLine: 2, line: 4, side: 'RIGHT' });
    expect(second).toMatchObject({ path: 'src/b.ts', line: 11, side: 'RIGHT' });
    expect(second).not.toHaveProperty('startLine');
    expect(second?.body).toContain('```suggestion\n```');
  });

  it('keeps a suggestion that spans two hunks out of the review', () => {
    const across = makeSuggestion({ startLine: 4, endLine: 22 });
    const result = plan(makeReport({ suggestions: [across] }));
    expect(result.review.comments).toEqual([]);
    expect(result.notInline.suggestions).toEqual([across]);
  });

  it('puts suggestions first, then errors, then warnings, and counts and lists the overflow', () => {
    const warning = makeFinding({ severity: 'warning', line: 1 });
    const error = makeFinding({ severity: 'error', line: 5 });
    const suggestion = makeSuggestion({ startLine: 3, endLine: 3 });
    const outside = makeFinding({ severity: 'error', line: 99 });
    const result = plan(makeReport({ findings: [warning, error, outside], suggestions: [suggestion] }), 2);
    expect(result.review.comments.map((c) => c.fingerprint)).toEqual([
      suggestion.fingerprint,
      error.fingerprint,
    ]);
    expect(result.notInline).toEqual({ findings: [outside, warning], suggestions: [], overBudget: 1 });
    expect(result.review.body).toBe(
      'Kilo Agent found 2 errors, 1 warning, 1 suggestion; 2 more items in the summary.',
    );
    const details = result.sticky.body.slice(result.sticky.body.indexOf('<details>'));
    expect(details).toContain('<summary>2 items outside the diff or over the comment budget</summary>');
    expect(details).toContain('1 of them did not fit the comment budget.');
    expect(details).toContain('- `src/a.ts:1` — warning — `no-unused-vars` —');
    expect(details).toContain('- `src/a.ts:99` — error —');
  });

  it('fences the suggestion longer than any backtick run and ends with the fingerprint marker', () => {
    const replacement = 'const md = "````";\nconst t = `x`;';
    const suggestion = makeSuggestion({ startLine: 2, endLine: 3, replacement, message: 'Use <b>const</b>' });
    const [comment] = plan(makeReport({ suggestions: [suggestion] })).review.comments;
    const { open, close } = fenceFor(replacement, 'suggestion');
    expect(open).toBe('`````suggestion');
    expect(comment?.body).toContain(`${open}\n${replacement}\n${close}\n`);
    expect(comment?.body).toContain('Use &lt;b&gt;const&lt;/b&gt;');
    expect(comment?.body.endsWith(`<!-- kilo-agent:fp=${suggestion.fingerprint} -->`)).toBe(true);
  });

  it('encodes fingerprints so a marker cannot be closed early', () => {
    expect(fingerprintMarker('abc123')).toBe('<!-- kilo-agent:fp=abc123 -->');
    expect(fingerprintMarker('x --> y')).toBe('<!-- kilo-agent:fp=x%20--%3E%20y -->');
  });

  it('writes an error comment with severity, rule and escaped message', () => {
    const finding = makeFinding({
      severity: 'error',
      line: 3,
      rule: 'secrets/aws',
      source: 'secrets',
      message: '<img src=x>',
    });
    const [comment] = plan(makeReport({ findings: [finding] })).review.comments;
    expect(comment?.body).toBe(
      `❌ **error** \`secrets/aws\` from secrets\n\n&lt;img src=x&gt;\n\n<!-- kilo-agent:fp=${finding.fingerprint} -->`,
    );
  });

  it('says only what was found when everything went inline', () => {
    expect(plan(makeReport()).review.body).toBe('Kilo Agent found 0 errors, 0 warnings, 0 suggestions.');
  });
});

describe('buildPostPlan: summaries', () => {
  it('carries the head sha, the sticky marker and the job summary', () => {
    const report = makeDemoReport();
    const result = plan(report);
    expect(result.headSha).toBe(report.context.head.sha);
    expect(result.sticky.marker).toBe(SUMMARY_MARKER);
    expect(result.sticky.body.startsWith(`${SUMMARY_MARKER}\n### ❌ Kilo Agent:`)).toBe(true);
    expect(result.summaryMarkdown.startsWith('### ❌ Kilo Agent:')).toBe(true);
  });

  it('keeps the sticky comment under the comment limit and the job summary far larger', () => {
    const findings = Array.from({ length: 3000 }, (_, i) =>
      makeFinding({ path: 'src/z.ts', line: i + 1, message: 'm'.repeat(200) }),
    );
    const result = plan(makeReport({ findings }));
    expect(result.sticky.body.length).toBeLessThanOrEqual(65_536);
    expect(result.sticky.body).toContain(
      '<summary>3000 items outside the diff or over the comment budget</summary>',
    );
    // The details list ends the visible part; the hidden review state for `/kilo apply` comes last.
    expect(result.sticky.body).toMatch(/<\/details>\n+<!-- kilo-agent:state [A-Za-z0-9_-]+ -->$/);
    expect(result.summaryMarkdown.length).toBeGreaterThan(65_536);
    expect(result.summaryMarkdown).not.toContain('more findings');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(plan(makeDemoReport()))).toBe(JSON.stringify(plan(makeDemoReport())));
  });
});

describe('buildPostPlan: check runs', () => {
  it('makes one check run per kind in the plan, with findings matched by task name', () => {
    const runs = plan(makeDemoReport()).checkRuns;
    expect(runs.map((run) => [run.name, run.conclusion, run.title])).toEqual([
      ['Kilo Agent / analyze', 'failure', '1 error, 2 warnings'],
      ['Kilo Agent / refactor', 'success', '0 errors, 0 warnings, 1 suggestion'],
      ['Kilo Agent / test', 'failure', '0 errors, 0 warnings, 1 notice; 1 subtask failed'],
    ]);
    expect(runs[2]?.annotations.map((a) => a.annotation_level)).toEqual(['notice']);
    expect(runs[0]?.summary.startsWith('### ❌ Kilo Agent / analyze: 1 error, 2 warnings')).toBe(true);
  });

  it('maps findings to annotations, all of them, with levels and line ranges', () => {
    const findings = Array.from({ length: 120 }, (_, i) =>
      makeFinding({ line: i + 1, endLine: i % 2 ? i + 3 : undefined }),
    );
    findings.push(makeFinding({ severity: 'error', source: 'llm-review', line: 7, message: '' }));
    const [analyze] = plan(makeReport({ findings })).checkRuns;
    expect(analyze?.annotations).toHaveLength(121);
    expect(analyze?.annotations[1]).toEqual({
      path: 'src/a.ts',
      start_line: 2,
      end_line: 4,
      annotation_level: 'warning',
      message: "'b' is assigned a value but never used.",
      title: 'no-unused-vars (eslint)',
    });
    expect(analyze?.annotations[120]).toMatchObject({
      annotation_level: 'failure',
      start_line: 7,
      end_line: 7,
      message: 'no-unused-vars',
    });
  });

  it.each([
    ['error', 'warning', 'success'],
    ['error', 'error', 'failure'],
    ['warning', 'warning', 'failure'],
    ['warning', 'notice', 'success'],
    ['never', 'error', 'neutral'],
  ] as const)('fail-on %s with a %s concludes %s', (failOn, severity, expected) => {
    const [run] = plan(makeReport({ failOn, findings: [makeFinding({ severity })] })).checkRuns;
    expect(run?.conclusion).toBe(expected);
  });

  it('concludes skipped, cancelled and failed from subtask statuses', () => {
    const subtasks = [makeSubtask('analyze', 'a'), makeSubtask('refactor', 'r'), makeSubtask('test', 't')];
    const results = [
      makeResult('analyze:a', { status: 'skipped' }),
      makeResult('refactor:r', { status: 'cancelled' }),
      makeResult('test:t', { status: 'timed-out' }),
    ];
    const runs = plan(makeReport({ plan: { version: 1, subtasks }, results })).checkRuns;
    expect(runs.map((run) => run.conclusion)).toEqual(['skipped', 'cancelled', 'failure']);
    expect(runs.map((run) => run.title)).toEqual([
      'Skipped',
      '0 errors, 0 warnings; cancelled',
      '0 errors, 0 warnings; 1 subtask failed',
    ]);
  });

  it('keeps titles within 255 characters and summaries within 65,535', () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      makeFinding({ line: i, message: 'y'.repeat(300) }),
    );
    for (const run of plan(makeReport({ findings })).checkRuns) {
      expect(run.title.length).toBeLessThanOrEqual(255);
      expect(run.summary.length).toBeLessThanOrEqual(65_535);
    }
  });
});
