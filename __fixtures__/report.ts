// Factories for ReviewReport and its parts, plus a small hand-written diff, for the report renderer tests.
import { createDiffIndex } from '../src/context/diff-index.js';
import { parseUnifiedDiff } from '../src/context/diff.js';
import type { DiffIndex } from '../src/context/types.js';
import type { Finding, Suggestion } from '../src/findings/types.js';
import type { SubtaskResult } from '../src/orchestrator/types.js';
import type { Subtask, SubtaskKind } from '../src/plan/types.js';
import type { ReviewReport } from '../src/report/types.js';

const AGENT = { analyze: 'analyzer', refactor: 'refactorer', test: 'tester' } as const;

/** A command subtask `<kind>:<name>`. */
export function makeSubtask(kind: SubtaskKind, name: string, overrides: Partial<Subtask> = {}): Subtask {
  return {
    id: `${kind}:${name}`,
    kind,
    agent: AGENT[kind],
    task: {
      type: 'command',
      name,
      run: `npx ${name} {files}`,
      format: 'exit-code',
      timeoutSeconds: 300,
      env: [],
      limits: {},
      filter: 'added',
    },
    files: ['src/a.ts'],
    dependsOn: [],
    budget: { wallSeconds: 300 },
    ...overrides,
  };
}

export function makeResult(id: string, overrides: Partial<SubtaskResult> = {}): SubtaskResult {
  return { id, status: 'ok', findings: [], suggestions: [], durationMs: 400, ...overrides };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const base: Finding = {
    rule: 'no-unused-vars',
    severity: 'warning',
    message: "'b' is assigned a value but never used.",
    path: 'src/a.ts',
    line: 2,
    source: 'eslint',
    fingerprint: '',
  };
  const finding = { ...base, ...overrides };
  if (finding.fingerprint === '') finding.fingerprint = `fp-${finding.rule}-${finding.path}-${finding.line}`;
  return finding;
}

export function makeSuggestion(overrides: Partial<Suggestion> = {}): Suggestion {
  const base: Suggestion = {
    path: 'src/a.ts',
    startLine: 2,
    endLine: 2,
    replacement: 'const b = 2;',
    source: 'prettier',
    fingerprint: '',
  };
  const suggestion = { ...base, ...overrides };
  if (suggestion.fingerprint === '') {
    suggestion.fingerprint = `sg-${suggestion.path}-${suggestion.startLine}-${suggestion.endLine}`;
  }
  return suggestion;
}

/** A clean run of one analyze subtask; override any part. */
export function makeReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  const subtask = makeSubtask('analyze', 'eslint');
  return {
    runId: 'run-1',
    conclusion: 'success',
    dryRun: false,
    failOn: 'error',
    context: {
      event: 'pull_request',
      repo: { owner: 'octo', name: 'demo' },
      number: 12,
      title: 'Add b and c',
      base: { sha: '1111111111111111111111111111111111111111', ref: 'main' },
      head: { sha: 'abcdef0123456789abcdef0123456789abcdef01', ref: 'feature' },
      author: 'octocat',
      files: 2,
      additions: 4,
      deletions: 1,
    },
    plan: { version: 1, subtasks: [subtask] },
    results: [makeResult(subtask.id)],
    findings: [],
    suggestions: [],
    rolledBack: [],
    decisions: [],
    budgets: [{ name: 'subtasks', used: 1, limit: 50 }],
    durationMs: 1234,
    ...overrides,
  };
}

/** Like `npm run demo`: secrets + eslint + prettier + unit tests, with findings of every severity. */
export function makeDemoReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  const secrets: Subtask = {
    ...makeSubtask('analyze', 'secrets'),
    task: { type: 'builtin', name: 'secrets', largeFileBytes: 1024 * 1024 },
  };
  const eslint = makeSubtask('analyze', 'eslint', { files: ['src/a.ts', 'src/b.ts'] });
  const prettier = makeSubtask('refactor', 'prettier', { dependsOn: [eslint.id] });
  const unit = makeSubtask('test', 'unit', { files: [], dependsOn: [prettier.id] });
  const findings = [
    makeFinding({
      rule: 'secrets/aws-access-key',
      severity: 'error',
      message: 'Possible AWS access key',
      source: 'secrets',
      line: 3,
    }),
    makeFinding({ path: 'src/a.ts', line: 2 }),
    makeFinding({ path: 'src/b.ts', line: 40, rule: 'no-console', message: 'Unexpected console statement.' }),
    makeFinding({
      path: 'src/b.ts',
      line: 7,
      severity: 'notice',
      rule: 'tests/slow',
      source: 'unit',
      message: 'Slow test',
    }),
  ];
  return makeReport({
    conclusion: 'failure',
    plan: { version: 1, subtasks: [secrets, eslint, prettier, unit] },
    results: [
      makeResult(secrets.id, { durationMs: 12 }),
      makeResult(eslint.id, { durationMs: 2300 }),
      makeResult(prettier.id, { durationMs: 63_400 }),
      makeResult(unit.id, { status: 'failed', durationMs: 5100, reason: 'exit code 1' }),
    ],
    findings,
    suggestions: [
      makeSuggestion({
        startLine: 2,
        endLine: 3,
        replacement: 'const b = 2;\nconst c = 3;',
        validated: true,
      }),
    ],
    decisions: [
      {
        allow: false,
        rule: 'commands.allow',
        reason: 'not in the allowlist',
        request: { kind: 'command', command: 'curl example.com' },
      },
    ],
    budgets: [
      { name: 'subtasks', used: 4, limit: 50 },
      { name: 'comments', used: 3, limit: 30 },
    ],
    durationMs: 71_234,
    ...overrides,
  });
}

/**
 * src/a.ts: head lines 1-5 (hunk 1) and 22-24 (hunk 2) are in the diff; src/b.ts: head lines 10-12.
 */
export const DEMO_DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,5 @@',
  ' const a = 1;',
  '+const b = 2;',
  '+const c = 3;',
  ' const d = 4;',
  ' export { a };',
  '@@ -20,2 +22,3 @@',
  ' function f() {',
  '+  return 1;',
  ' }',
  'diff --git a/src/b.ts b/src/b.ts',
  'index 3333333..4444444 100644',
  '--- a/src/b.ts',
  '+++ b/src/b.ts',
  '@@ -10,2 +10,3 @@',
  ' const x = 1;',
  '+console.log(x);',
  ' export { x };',
  '',
].join('\n');

export function makeDiffIndex(text = DEMO_DIFF): DiffIndex {
  return createDiffIndex(parseUnifiedDiff(text));
}

/**
 * `count` findings over 20 files: the first tenth errors, the next half warnings, the rest notices, each
 * with a message long enough that 2,000 of them overflow a comment.
 */
export function makeManyFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    makeFinding({
      path: `src/module-${String(i % 20).padStart(2, '0')}.ts`,
      line: Math.floor(i / 20) + 1,
      severity: i < count / 10 ? 'error' : i < (count * 6) / 10 ? 'warning' : 'notice',
      rule: `rule-${i % 7}`,
      message: `finding ${i}: ${'this line does something questionable '.repeat(2).trim()}`,
    }),
  );
}

/** The demo plan cut short (a cancelled workflow): eslint finished, the rest cancelled; neutral. */
export function makeCancelledReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  const demo = makeDemoReport();
  const [secrets, eslint, prettier, unit] = demo.plan.subtasks.map((subtask) => subtask.id);
  return makeDemoReport({
    conclusion: 'neutral',
    results: [
      makeResult(secrets ?? '', { durationMs: 12 }),
      makeResult(eslint ?? '', { durationMs: 2300 }),
      makeResult(prettier ?? '', { status: 'cancelled', durationMs: 800, reason: 'run cancelled' }),
      makeResult(unit ?? '', { status: 'cancelled', durationMs: 0, reason: 'run cancelled' }),
    ],
    findings: demo.findings.filter((finding) => finding.source !== 'unit' && finding.severity !== 'error'),
    suggestions: [],
    durationMs: 3200,
    ...overrides,
  });
}

/** A dry run of a refactor + test plan: neither runs in a dry run, so every subtask is skipped. */
export function makeAllSkippedReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  const prettier = makeSubtask('refactor', 'prettier');
  const unit = makeSubtask('test', 'unit', { files: [], dependsOn: [prettier.id] });
  return makeReport({
    dryRun: true,
    plan: { version: 1, subtasks: [prettier, unit] },
    results: [
      makeResult(prettier.id, {
        status: 'skipped',
        durationMs: 1,
        reason: 'dry-run: refactor subtasks are not run',
      }),
      makeResult(unit.id, { status: 'skipped', durationMs: 0, reason: `dependency ${prettier.id} skipped` }),
    ],
    budgets: [{ name: 'subtasks', used: 2, limit: 50 }],
    durationMs: 40,
    ...overrides,
  });
}

/** A review the gate skipped: no plan, no results. */
export function makeGateSkippedReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return makeReport({
    conclusion: 'skipped',
    skipReason: 'the PR is a draft (skip.drafts)',
    plan: { version: 1, subtasks: [] },
    results: [],
    budgets: [],
    decisions: [
      {
        allow: false,
        rule: 'skip.drafts',
        reason: 'the PR is a draft',
        request: { kind: 'gate' },
      },
    ],
    durationMs: 15,
    ...overrides,
  });
}
