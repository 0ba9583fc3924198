// The trace summary at its edges, as people read it: snapshots of whole documents plus the structural
// facts they rest on (links to the lines at the head commit, the repro commands, the size limits).
import { describe, expect, it } from '@jest/globals';
import { renderSummaryMarkdown, splitBlocks } from '../../src/report/markdown.js';
import { buildPostPlan, COMMENT_BODY_MAX } from '../../src/report/post-plan.js';
import { CHECK_SUMMARY_MAX } from '../../src/report/check-runs.js';
import { blobUrl } from '../../src/report/format.js';
import { shellQuote } from '../../src/util/shell-quote.js';
import type { ReviewReport } from '../../src/report/types.js';
import {
  makeAllSkippedReport,
  makeCancelledReport,
  makeDemoReport,
  makeDiffIndex,
  makeFinding,
  makeGateSkippedReport,
  makeManyFindings,
  makeReport,
  makeSuggestion,
} from '../../__fixtures__/report.js';

const BASE_SHA = '1111111111111111111111111111111111111111';
const HEAD_SHA = 'abcdef0123456789abcdef0123456789abcdef01';
/** What post-plan.ts gives the sticky comment (the marker and the not-inline list share the rest). */
const STICKY_MAX = 60_000;
const JOB_SUMMARY_BYTES = 1024 * 1024;

/** The lines of one finding item (list items under `#### Findings`). */
function findingLines(markdown: string): string[] {
  const start = markdown.indexOf('#### Findings');
  const end = markdown.indexOf('\n#### ', start + 1);
  if (start < 0) return [];
  return markdown
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('- '));
}

function reproBlock(markdown: string): string {
  const start = markdown.indexOf('<details><summary>Reproduce locally</summary>');
  expect(start).toBeGreaterThanOrEqual(0);
  return markdown.slice(start, markdown.indexOf('</details>', start) + '</details>'.length);
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

describe('summary snapshots', () => {
  it('renders the demo report as posted on GitHub Enterprise, with the run link and a custom config', () => {
    const report = makeDemoReport({
      configPath: '.github/kilo review.yml',
      runUrl: 'https://ghe.example.com/octo/demo/actions/runs/42/attempts/1',
    });
    report.context.serverUrl = 'https://ghe.example.com/';
    expect(renderSummaryMarkdown(report)).toMatchSnapshot();
  });

  it('renders a review with no findings', () => {
    const markdown = renderSummaryMarkdown(makeReport());
    expect(markdown).toMatchSnapshot();
    expect(markdown.split('\n')[0]).toBe('### ✅ Kilo Agent: 0 errors, 0 warnings, 0 suggestions');
    expect(markdown).not.toContain('#### Findings');
  });

  it('renders a review the gate skipped: why, and how to run it anyway', () => {
    const markdown = renderSummaryMarkdown(makeGateSkippedReport());
    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain('Skipped: the PR is a draft (skip.drafts)');
    expect(reproBlock(markdown)).toContain(`--head ${HEAD_SHA}`);
  });

  it('reproduces a whole-repository review by fetching the head alone, with the empty tree as base', () => {
    const report = makeReport();
    report.context.event = 'schedule';
    report.context.base = { sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', ref: '' };
    const block = reproBlock(renderSummaryMarkdown(report));
    expect(block).toContain(`git fetch origin ${HEAD_SHA}\n`);
    expect(block).toContain(`--base 4b825dc642cb6eb9a060e54bf8d69288fbee4904 --head ${HEAD_SHA}`);
    expect(block).toContain("the base is git's empty tree");
  });

  it('renders a run in which every subtask was skipped, and says nothing was checked', () => {
    const markdown = renderSummaryMarkdown(makeAllSkippedReport());
    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain('> **Nothing ran**: every subtask was skipped');
    expect(markdown).toContain('  s0["refactor:prettier"]:::skipped');
    expect(markdown).toContain('| ⏭️ skipped | 0.0 s | dependency refactor:prettier skipped |');
    expect(reproBlock(markdown)).toContain('--dry-run');
  });

  it('renders a cancelled run as neutral and incomplete', () => {
    const markdown = renderSummaryMarkdown(makeCancelledReport());
    expect(markdown).toMatchSnapshot();
    expect(markdown.split('\n')[0]).toMatch(/^### ⚠️ Kilo Agent: /);
    expect(markdown).toContain('Conclusion: **neutral** (fail-on `error`) · 4 subtasks: 2 ok, 2 cancelled');
    expect(markdown).toContain('> **Cancelled**: 2 subtasks did not finish; the review is incomplete.');
    expect(markdown).toContain('  s3["test:unit"]:::cancelled');
    expect(markdown).toContain('| 🚫 cancelled | 0.8 s | run cancelled |');
  });

  it('renders a local run with plain locations and the command that was run', () => {
    const report = makeDemoReport({ failOn: 'warning' });
    report.context = {
      ...report.context,
      event: 'local',
      repo: { owner: 'local', name: 'demo' },
      number: 0,
      base: { sha: BASE_SHA, ref: 'origin/main' },
      head: { sha: HEAD_SHA, ref: 'HEAD' },
    };
    const markdown = renderSummaryMarkdown(report);
    expect(markdown).toMatchSnapshot();
    expect(markdown).not.toContain('https://');
    expect(findingLines(markdown)).toContain(
      '- `src/b.ts:40` — `no-console` — Unexpected console statement.',
    );
    const repro = reproBlock(markdown);
    expect(repro).not.toContain('git fetch');
    expect(repro).toContain('# ran as: --base origin/main --head HEAD');
    expect(repro).toContain(`npx kilo-agent review --base ${BASE_SHA} --head ${HEAD_SHA} --fail-on warning`);
  });
});

describe('links to the lines', () => {
  it('links every finding of the demo to its lines at the head commit', () => {
    const report = makeDemoReport();
    const lines = findingLines(renderSummaryMarkdown(report));
    expect(lines).toHaveLength(report.findings.length);
    for (const finding of report.findings) {
      const url = `https://github.com/octo/demo/blob/${HEAD_SHA}/${finding.path}#L${finding.line}`;
      expect(lines).toContainEqual(expect.stringContaining(`[\`${finding.path}:${finding.line}\`](${url})`));
    }
    for (const line of lines) expect(line).toContain(`/blob/${HEAD_SHA}/`);
  });

  it('links a range as #Lstart-Lend, and suggestions too', () => {
    const markdown = renderSummaryMarkdown(
      makeReport({
        findings: [makeFinding({ line: 4, endLine: 9 })],
        suggestions: [makeSuggestion({ startLine: 2, endLine: 3 })],
      }),
    );
    expect(markdown).toContain(`(https://github.com/octo/demo/blob/${HEAD_SHA}/src/a.ts#L4-L9)`);
    expect(markdown).toContain(
      `**[\`src/a.ts:2-3\`](https://github.com/octo/demo/blob/${HEAD_SHA}/src/a.ts#L2-L3)**`,
    );
  });

  it('encodes hostile paths so they cannot end the link, and uses the plain view of rendered files', () => {
    const where = { serverUrl: 'https://github.com', owner: 'o', repo: 'r', sha: HEAD_SHA };
    expect(blobUrl(where, 'docs/a (1)) x.md', 3)).toBe(
      `https://github.com/o/r/blob/${HEAD_SHA}/docs/a%20%281%29%29%20x.md?plain=1#L3`,
    );
    expect(blobUrl(where, 'src/<b>#?.ts', 0)).toBe(
      `https://github.com/o/r/blob/${HEAD_SHA}/src/%3Cb%3E%23%3F.ts`,
    );
  });
});

describe('reproduce locally', () => {
  it('fetches both commits of the demo and reviews exactly that range', () => {
    const repro = reproBlock(renderSummaryMarkdown(makeDemoReport()));
    expect(repro).toContain(`git fetch origin ${BASE_SHA} ${HEAD_SHA}`);
    expect(repro).toContain(`git checkout --detach ${HEAD_SHA}`);
    expect(repro).toContain(`\nnpx kilo-agent review --base ${BASE_SHA} --head ${HEAD_SHA}\n`);
  });

  it('repeats the options that change the result, shell-quoted, and the LLM provider', () => {
    const repro = reproBlock(
      renderSummaryMarkdown(
        makeDemoReport({
          configPath: "ci/it's kilo.yml",
          failOn: 'never',
          dryRun: true,
          llm: {
            model: 'openai-compatible:qwen2.5:7b',
            calls: 1,
            cacheHits: 0,
            inputTokens: 10,
            outputTokens: 2,
            failures: 0,
            guidance: [],
          },
        }),
      ),
    );
    expect(repro).toContain(
      `--config 'ci/it'\\''s kilo.yml' --fail-on never --dry-run --llm-provider openai-compatible --llm-model qwen2.5:7b`,
    );
    expect(repro).toContain('KILO_LLM_API_KEY');
  });

  it('leaves out the default config path', () => {
    expect(
      reproBlock(renderSummaryMarkdown(makeDemoReport({ configPath: '.github/kilo.yml' }))),
    ).not.toContain('--config');
  });

  it('quotes shell words only when needed', () => {
    expect(shellQuote('origin/main')).toBe('origin/main');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
  });

  it('is one block for truncation, so it is never cut inside', () => {
    const blocks = splitBlocks(renderSummaryMarkdown(makeDemoReport()));
    expect(blocks.filter((block) => block.includes('Reproduce locally'))).toEqual([
      expect.stringMatching(/^<details><summary>Reproduce locally<\/summary>\n[\s\S]*\n<\/details>\n\n$/),
    ]);
  });
});

describe('2,000 findings', () => {
  const report = (): ReviewReport =>
    makeDemoReport({
      findings: makeManyFindings(2000),
      suggestions: Array.from({ length: 40 }, (_, i) => makeSuggestion({ startLine: i + 1, endLine: i + 1 })),
    });
  const pointer = "(the whole report: the workflow run's job summary, or `kilo-agent trace trace.jsonl` on";

  it('keeps the header, plan, table and budgets in a sticky comment and drops items from the end', () => {
    const full = renderSummaryMarkdown(report(), { maxChars: 10_000_000 });
    const markdown = renderSummaryMarkdown(report(), { maxChars: STICKY_MAX });
    expect(markdown.length).toBeLessThanOrEqual(STICKY_MAX);
    for (const section of [
      '### ❌ Kilo Agent: 200 errors, 1000 warnings, 800 notices, 40 suggestions',
      '```mermaid',
      '#### Subtasks',
      '#### Budgets',
      '#### Policy decisions',
      'Reproduce locally',
      '<sub>Kilo Agent',
    ])
      expect(markdown).toContain(section);
    // Suggestions go first, then findings from the end: what is left is the start of the full list.
    const kept = findingLines(markdown);
    expect(kept.length).toBeGreaterThan(150);
    expect(kept.length).toBeLessThan(2000);
    expect(findingLines(full).slice(0, kept.length)).toEqual(kept);
    expect(markdown).toContain('##### ❌ Errors (200)');
    expect(markdown).not.toContain('##### ℹ️ Notices');
    expect(markdown).toContain(`_… and ${2000 - kept.length} more findings ${pointer}`);
    expect(markdown).toContain(`_… and 40 more suggestions ${pointer}`);
    // The shape of the document without its finding items.
    expect(
      markdown
        .split('\n')
        .filter((line) => !line.startsWith('- ['))
        .join('\n'),
    ).toMatchSnapshot();
  });

  it('fits every GitHub limit as posted: comment, check-run summaries, job summary', () => {
    const post = buildPostPlan(report(), makeDiffIndex(), { commentBudget: 30 });
    expect(post.sticky.body.length).toBeLessThanOrEqual(COMMENT_BODY_MAX);
    for (const run of post.checkRuns) expect(run.summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX);
    expect(bytes(post.summaryMarkdown)).toBeLessThanOrEqual(JOB_SUMMARY_BYTES);
    // The job summary has room for all of them.
    expect(findingLines(post.summaryMarkdown)).toHaveLength(2000);
  });

  it('links to the run page from the truncation note when the run URL is known', () => {
    const markdown = renderSummaryMarkdown(
      { ...report(), runUrl: 'https://github.com/octo/demo/actions/runs/7' },
      { maxChars: STICKY_MAX },
    );
    expect(markdown).toMatch(
      /more findings \(the whole report: \[the job summary\]\(https:\/\/github\.com\/octo\/demo\/actions\/runs\/7\)/,
    );
  });

  it('stays within a byte limit when messages are not ASCII', () => {
    const wide = makeDemoReport({
      findings: makeManyFindings(2000).map((finding) => ({ ...finding, message: '検査'.repeat(60) })),
    });
    const markdown = renderSummaryMarkdown(wide, { maxChars: 1_000_000, maxBytes: 100_000 });
    expect(bytes(markdown)).toBeLessThanOrEqual(100_000);
    expect(bytes(markdown)).toBeGreaterThan(90_000);
    expect(markdown).toContain('more findings');
    expect(markdown.trimEnd().endsWith('</sub>')).toBe(true);
  });
});
