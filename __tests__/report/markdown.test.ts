import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renderSummaryMarkdown, splitBlocks } from '../../src/report/markdown.js';
import {
  makeDemoReport,
  makeFinding,
  makeReport,
  makeSubtask,
  makeSuggestion,
} from '../../__fixtures__/report.js';

/** Every fence opened in `markdown` is closed again. */
function fencesBalanced(markdown: string): boolean {
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (line.trim() === '`'.repeat(line.trim().length) && line.trim().length >= open.length)
      open = undefined;
  }
  return open === undefined;
}

const BLOB = 'https://github.com/octo/demo/blob/abcdef0123456789abcdef0123456789abcdef01';
const POINTER =
  "(the whole report: the workflow run's job summary, or `kilo-agent trace trace.jsonl` on the run's trace artifact)";

describe('renderSummaryMarkdown', () => {
  it('renders the demo report', () => {
    const markdown = renderSummaryMarkdown(makeDemoReport());
    expect(markdown).toMatchSnapshot();
    expect(markdown.split('\n')[0]).toBe('### ❌ Kilo Agent: 1 error, 2 warnings, 1 notice, 1 suggestion');
    expect(markdown).toContain('octo/demo#12 · head `abcdef0`');
    expect(markdown).toContain(
      'Conclusion: **failure** (fail-on `error`) · 4 subtasks: 3 ok, 1 failed · 1 m 11 s',
    );
    expect(markdown).toContain(
      '| test:unit | tester | `npx unit {files}` | 0 | ❌ failed | 5.1 s | exit code 1 |',
    );
    expect(markdown).toContain(
      '| refactor:prettier | refactorer | `npx prettier {files}` | 1 | ✅ ok | 1 m 3 s |  |',
    );
    expect(markdown).toContain('| analyze:secrets | analyzer | built-in secrets | 1 | ✅ ok | 0.0 s |  |');
    expect(markdown).toContain(
      `- [\`src/b.ts:40\`](${BLOB}/src/b.ts#L40) — \`no-console\` — Unexpected console statement.`,
    );
    expect(markdown).toContain('| comments | 3 | 30 |');
    expect(markdown).toContain('⛔ command `curl example.com` — `commands.allow`: not in the allowlist');
    expect(markdown.trimEnd().endsWith('<sub>Kilo Agent · run run-1 · 1 m 11 s</sub>')).toBe(true);
  });

  it('keeps the sections in reading order', () => {
    const markdown = renderSummaryMarkdown(makeDemoReport());
    const order = [
      '```mermaid',
      '#### Subtasks',
      '#### Findings',
      '#### Suggestions',
      '#### Budgets',
      '#### Policy',
      '<sub>',
    ];
    const positions = order.map((heading) => markdown.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('is deterministic', () => {
    expect(renderSummaryMarkdown(makeDemoReport())).toBe(renderSummaryMarkdown(makeDemoReport()));
  });

  it('groups findings by severity, then by file', () => {
    const markdown = renderSummaryMarkdown(makeDemoReport());
    const errors = markdown.indexOf('##### ❌ Errors (1)');
    const warnings = markdown.indexOf('##### ⚠️ Warnings (2)');
    const notices = markdown.indexOf('##### ℹ️ Notices (1)');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(notices).toBeGreaterThan(warnings);
    expect(markdown.slice(warnings, notices).match(/\*\*\[`src\/[ab]\.ts`\]\([^)]*\)\*\*/g)).toEqual([
      `**[\`src/a.ts\`](${BLOB}/src/a.ts)**`,
      `**[\`src/b.ts\`](${BLOB}/src/b.ts)**`,
    ]);
  });

  it('draws the plan as a mermaid graph with quoted labels, edges and status classes', () => {
    const markdown = renderSummaryMarkdown(makeDemoReport());
    expect(markdown).toContain('  s0["analyze:secrets"]:::ok');
    expect(markdown).toContain('  s3["test:unit"]:::failed');
    expect(markdown).toContain('  s1 --> s2');
    expect(markdown).toContain('  s2 --> s3');
    expect(markdown).toContain('classDef timedOut');
  });

  it('escapes hostile subtask ids in mermaid labels', () => {
    const subtask = makeSubtask('analyze', 'x', { id: 'analyze:"a"]-->b` ```<img>#1' });
    const markdown = renderSummaryMarkdown(
      makeReport({ plan: { version: 1, subtasks: [subtask] }, results: [] }),
    );
    const label = /s0\["([^"]*)"\]:::pending/.exec(markdown)?.[1];
    expect(label).toBe('analyze:#34;a#34;#93;--#62;b#96; #96;#96;#96;#60;img#62;#35;1');
    expect(fencesBalanced(markdown)).toBe(true);
  });

  it('escapes hostile finding messages so they cannot break the markdown or inject HTML', () => {
    const hostile = makeFinding({
      message: 'a | b\n\n## heading\n<script>alert(1)</script> --> `code` [x](javascript:y) @team',
      path: 'src/a|b.ts',
    });
    const markdown = renderSummaryMarkdown(makeReport({ findings: [hostile] }));
    const line = markdown.split('\n').find((candidate) => candidate.startsWith('- [`src/a|b.ts:2`]'));
    expect(line).toBe(
      `- [\`src/a|b.ts:2\`](${BLOB}/src/a%7Cb.ts#L2) — \`no-unused-vars\` — a \\| b ## heading &lt;script&gt;alert(1)&lt;/script&gt; --&gt; \\\`code\\\` \\[x\\](javascript:y) @\u200bteam`,
    );
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('\n## heading');
  });

  it('escapes reasons inside the subtask table', () => {
    const report = makeReport();
    report.results = [{ ...report.results[0]!, status: 'failed', reason: 'bad | cell\n<b>x</b>' }];
    const row = renderSummaryMarkdown(report)
      .split('\n')
      .find((line) => line.startsWith('| analyze:eslint'));
    expect(row).toBe(
      '| analyze:eslint | analyzer | `npx eslint {files}` | 1 | ❌ failed | 0.4 s | bad \\| cell &lt;b&gt;x&lt;/b&gt; |',
    );
  });

  it('escapes the pipes of a command in the task cell', () => {
    const subtask = makeSubtask('analyze', 'lint');
    if (subtask.task.type === 'command') subtask.task.run = 'a | b';
    const markdown = renderSummaryMarkdown(
      makeReport({ plan: { version: 1, subtasks: [subtask] }, results: [] }),
    );
    expect(markdown).toContain('| analyze:lint | analyzer | `a \\| b` | 1 | ➖ not run | — |  |');
  });

  it('fences suggestions with a fence longer than any backtick run in them', () => {
    const replacement = 'const s = `a`;\n// ```` four\n```';
    const markdown = renderSummaryMarkdown(makeReport({ suggestions: [makeSuggestion({ replacement })] }));
    expect(markdown).toContain(`\`\`\`\`\`\n${replacement}\n\`\`\`\`\``);
    expect(markdown).toContain(`**[\`src/a.ts:2\`](${BLOB}/src/a.ts#L2)** · from prettier · not validated`);
  });

  it('shows the dry-run banner', () => {
    expect(renderSummaryMarkdown(makeReport({ dryRun: true }))).toContain(
      '> **Dry run**: nothing was posted',
    );
  });

  it('says only that the review was skipped, and why', () => {
    const markdown = renderSummaryMarkdown(
      makeReport({
        conclusion: 'skipped',
        skipReason: 'draft PR <b>',
        plan: { version: 1, subtasks: [] },
        results: [],
      }),
    );
    expect(markdown.split('\n')[0]).toBe('### ⏭️ Kilo Agent: skipped');
    expect(markdown).toContain('Skipped: draft PR &lt;b&gt;');
    expect(markdown).not.toContain('mermaid');
  });

  describe('truncation', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      makeFinding({
        line: i + 1,
        severity: i < 100 ? 'error' : 'warning',
        message: `message ${i} | ${'x'.repeat(80)}`,
      }),
    );
    const suggestions = Array.from({ length: 50 }, (_, i) =>
      makeSuggestion({ startLine: i + 1, endLine: i + 1 }),
    );

    it('stays within maxChars with 2,000 findings and says how many were left out', () => {
      const markdown = renderSummaryMarkdown(makeReport({ findings: many, suggestions }));
      expect(markdown.length).toBeLessThanOrEqual(65_000);
      const kept = markdown.split('\n').filter((line) => line.startsWith('- [`src/a.ts:')).length;
      expect(kept).toBeGreaterThan(100);
      expect(markdown).toContain(`_… and ${2000 - kept} more findings ${POINTER}_`);
      expect(markdown).toContain('_… and 50 more suggestions');
      // The errors come first, so they survive; the footer and budgets too.
      expect(markdown).toContain('##### ❌ Errors (100)');
      expect(markdown).toContain('#### Budgets');
      expect(markdown.trimEnd().endsWith('</sub>')).toBe(true);
    });

    it('keeps everything when the limit allows it', () => {
      const markdown = renderSummaryMarkdown(makeReport({ findings: many, suggestions }), {
        maxChars: 1_000_000,
      });
      expect(markdown).not.toContain('more findings');
      expect(markdown.split('\n').filter((line) => line.startsWith('- [`src/a.ts:')).length).toBe(2000);
    });

    it.each([3000, 5000, 20_000])('never cuts a fence or a table row (maxChars %d)', (maxChars) => {
      const long = makeSuggestion({
        replacement: Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'),
      });
      const report = makeDemoReport({ findings: many, suggestions: [long, ...suggestions] });
      const markdown = renderSummaryMarkdown(report, { maxChars });
      expect(markdown.length).toBeLessThanOrEqual(maxChars);
      expect(fencesBalanced(markdown)).toBe(true);
      for (const line of markdown.split('\n').filter((l) => l.startsWith('|')))
        expect(line.endsWith('|')).toBe(true);
    });

    it('stays within any limit and keeps fences balanced', () => {
      const report = makeDemoReport({ findings: many.slice(0, 300), suggestions });
      fc.assert(
        fc.property(fc.integer({ min: 100, max: 80_000 }), (maxChars) => {
          const markdown = renderSummaryMarkdown(report, { maxChars });
          expect(markdown.length).toBeLessThanOrEqual(maxChars);
          expect(fencesBalanced(markdown)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });

    it('drops whole blocks when even the fixed sections do not fit', () => {
      const markdown = renderSummaryMarkdown(makeDemoReport(), { maxChars: 400 });
      expect(markdown.length).toBeLessThanOrEqual(400);
      expect(markdown).toContain(`_… truncated ${POINTER}_`);
      expect(fencesBalanced(markdown)).toBe(true);
    });
  });

  it('lists rolled-back suggestions collapsed, with why, and never as suggestion blocks', () => {
    const markdown = renderSummaryMarkdown(
      makeReport({
        suggestions: [makeSuggestion({ validated: true })],
        rolledBack: [
          {
            suggestion: makeSuggestion({ startLine: 7, endLine: 8, replacement: 'broken()' }),
            reason: 'rolled back: test:unit failed (exit code 1) with it applied',
          },
        ],
      }),
    );
    expect(markdown).toContain('✅ validated');
    expect(markdown).toContain(
      '<details><summary>Rolled back: 1 suggestion that broke the tests</summary>\n\n' +
        `- [\`src/a.ts:7-8\`](${BLOB}/src/a.ts#L7-L8) from prettier: rolled back: test:unit failed (exit code 1) with it applied\n\n</details>`,
    );
    expect(markdown).not.toContain('broken()');
  });
});

describe('splitBlocks', () => {
  it('does not split inside a fence with blank lines', () => {
    expect(splitBlocks('a\n\n```\nx\n\ny\n```\n\nb\n')).toEqual(['a\n\n', '```\nx\n\ny\n```\n\n', 'b\n']);
  });

  it('keeps a <details> section whole, so truncation never leaves it open', () => {
    const details = '<details><summary>s</summary>\n\n```\n</details>\n\n```\n\n- a\n\n</details>\n\n';
    expect(splitBlocks(`a\n\n${details}b\n`)).toEqual(['a\n\n', details, 'b\n']);
  });
});
