import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { scanWorkflow } from '../../src/agents/builtins/workflow-rules.js';
import { scanWorkflowSecurity } from '../../src/agents/builtins/workflow-security.js';
import { findingFingerprint } from '../../src/findings/fingerprint.js';
import type { Finding } from '../../src/findings/types.js';
import { createPrRepo, type PrRepo } from './helpers.js';

const WORKFLOW = '.github/workflows/ci.yml';
const repos: PrRepo[] = [];
afterAll(() => repos.forEach((pr) => pr.repo.remove()));

/** Findings of the analyzer on a real PR: base and head commits in a temp repo, head checked out. */
async function review(base: Record<string, string>, head: Record<string, string>): Promise<Finding[]> {
  const pr = createPrRepo(base, head);
  repos.push(pr);
  return scanWorkflowSecurity({
    files: pr.context.files,
    diffIndex: pr.context.diffIndex,
    workspace: pr.repo.dir,
    largeFileBytes: 1024 * 1024,
  });
}

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const brief = (findings: Finding[]): Array<[string, number, string]> =>
  findings.map((f) => [f.rule, f.line, f.severity]);

// Expressions are split so that this file's own lines never hold a complete `${{ … }}`.
const expr = (inner: string): string => '${{ ' + inner + ' }}';

const PWN_TARGET = yaml(
  'name: PR checks', // 1
  'on:', // 2
  '  pull_request_target:', // 3
  '    types: [opened, synchronize]', // 4
  'jobs:', // 5
  '  test:', // 6
  '    runs-on: ubuntu-latest', // 7
  '    steps:', // 8
  '      - uses: actions/checkout@v4', // 9
  '        with:', // 10
  `          ref: ${expr('github.event.pull_request.head.sha')}`, // 11
  '      - run: npm ci && npm test', // 12
);

describe('workflow-security: pull_request_target checkout of the PR head', () => {
  it('reports an error on the ref line of a new pwn-request workflow, with the fix', async () => {
    const findings = await review({}, { [WORKFLOW]: PWN_TARGET });
    expect(findings).toEqual([
      {
        rule: 'workflow/pull-request-target-checkout',
        severity: 'error',
        message:
          "This job checks out the pull request's code (`ref: " +
          expr('github.event.pull_request.head.sha') +
          "`) in a workflow triggered by `pull_request_target`, which has this repository's secrets and a " +
          "write token, so a fork's code runs with them; build and test PR code in a `pull_request` workflow " +
          'and check out only the base branch here.',
        path: WORKFLOW,
        line: 11,
        source: 'workflow-security',
        fingerprint: findingFingerprint(
          'workflow/pull-request-target-checkout',
          WORKFLOW,
          `jobs.test           ref: ${expr('github.event.pull_request.head.sha')}`,
          11,
        ),
      },
    ]);
  });

  it.each([
    ['the head ref', expr('github.event.pull_request.head.ref')],
    ['github.head_ref', expr('github.head_ref')],
    ['the merge ref', `refs/pull/${expr('github.event.pull_request.number')}/merge`],
    ['the merge commit', expr('github.event.pull_request.merge_commit_sha')],
  ])('flags a checkout of %s', async (_label, ref) => {
    const workflow = PWN_TARGET.replace(expr('github.event.pull_request.head.sha'), ref);
    expect(brief(await review({}, { [WORKFLOW]: workflow }))).toEqual([
      ['workflow/pull-request-target-checkout', 11, 'error'],
    ]);
  });

  it('flags a checkout of the fork repository and a workflow_run checkout of the triggering head', async () => {
    const forkRepo = PWN_TARGET.replace(
      `ref: ${expr('github.event.pull_request.head.sha')}`,
      `repository: ${expr('github.event.pull_request.head.repo.full_name')}`,
    );
    const workflowRun = yaml(
      'on:', // 1
      '  workflow_run:', // 2
      '    workflows: [CI]', // 3
      '    types: [completed]', // 4
      'jobs:', // 5
      '  report:', // 6
      '    runs-on: ubuntu-latest', // 7
      '    steps:', // 8
      '      - uses: actions/checkout@v4', // 9
      '        with:', // 10
      `          ref: ${expr('github.event.workflow_run.head_sha')}`, // 11
    );
    const findings = await review(
      {},
      { '.github/workflows/fork.yml': forkRepo, '.github/workflows/after-ci.yaml': workflowRun },
    );
    expect(findings.map((f) => [f.path, f.line, f.message.slice(0, 60)])).toEqual([
      ['.github/workflows/after-ci.yaml', 11, "This job checks out the pull request's code (`ref: ${{ githu"],
      ['.github/workflows/fork.yml', 11, "This job checks out the pull request's code (`repository: ${"],
    ]);
    expect(findings[0]?.message).toContain('triggered by `workflow_run`');
  });

  it('accepts the trigger written as a string or a list', async () => {
    const asString = PWN_TARGET.replace(
      'on:\n  pull_request_target:\n    types: [opened, synchronize]',
      'on: pull_request_target\n\n',
    );
    const asList = PWN_TARGET.replace(
      'on:\n  pull_request_target:\n    types: [opened, synchronize]',
      'on: [push, pull_request_target]\n\n',
    );
    const findings = await review(
      {},
      { '.github/workflows/a.yml': asString, '.github/workflows/b.yml': asList },
    );
    expect(findings.map((f) => [f.path, f.line])).toEqual([
      ['.github/workflows/a.yml', 11],
      ['.github/workflows/b.yml', 11],
    ]);
  });

  it.each([
    ['checks out the base (the default)', PWN_TARGET.replace(/ {8}with:\n.*\n/, '')],
    [
      'checks out the base sha explicitly',
      PWN_TARGET.replace('pull_request.head.sha', 'pull_request.base.sha'),
    ],
    [
      'runs on pull_request, where the head is safe to build',
      PWN_TARGET.replace('pull_request_target', 'pull_request'),
    ],
    ['uses another action with a ref input', PWN_TARGET.replace('actions/checkout@v4', 'octo/fetch-pr@v1')],
  ])('reports nothing when a pull_request_target workflow %s', async (_label, workflow) => {
    expect(await review({}, { [WORKFLOW]: workflow })).toEqual([]);
  });

  it('reports nothing when the PR only touches another line of an existing pwn-request workflow', async () => {
    const head = PWN_TARGET.replace('name: PR checks', 'name: Pull request checks');
    expect(await review({ [WORKFLOW]: PWN_TARGET }, { [WORKFLOW]: head })).toEqual([]);
  });

  it('reports on the trigger line when the PR turns an existing head checkout into a pwn request', async () => {
    const base = PWN_TARGET.replace('pull_request_target', 'pull_request');
    expect(brief(await review({ [WORKFLOW]: base }, { [WORKFLOW]: PWN_TARGET }))).toEqual([
      ['workflow/pull-request-target-checkout', 3, 'error'],
    ]);
  });

  it('reports on the ref line when the PR adds the head checkout to an existing pull_request_target workflow', async () => {
    const base = PWN_TARGET.replace('pull_request.head.sha', 'pull_request.base.sha');
    expect(brief(await review({ [WORKFLOW]: base }, { [WORKFLOW]: PWN_TARGET }))).toEqual([
      ['workflow/pull-request-target-checkout', 11, 'error'],
    ]);
  });
});

const INJECTION = yaml(
  'on: pull_request', // 1
  'jobs:', // 2
  '  greet:', // 3
  '    runs-on: ubuntu-latest', // 4
  '    steps:', // 5
  '      - name: Check title', // 6
  '        run: |', // 7
  '          echo "checking"', // 8
  `          title="${expr('github.event.pull_request.title')}"`, // 9
  '          test -n "$title"', // 10
  `      - run: echo "${expr('github.head_ref')} ${expr('github.event.pull_request.number')}"`, // 11
  '      - uses: actions/github-script@v7', // 12
  '        with:', // 13
  '          script: |', // 14
  `            console.log("${expr('github.event.comment.body')}")`, // 15
);

describe('workflow-security: script injection', () => {
  it('warns on each line of a run script or github-script that expands untrusted event text', async () => {
    const findings = await review({}, { [WORKFLOW]: INJECTION });
    expect(brief(findings)).toEqual([
      ['workflow/script-injection', 9, 'warning'],
      ['workflow/script-injection', 11, 'warning'],
      ['workflow/script-injection', 15, 'warning'],
    ]);
    expect(findings[0]?.message).toBe(
      '`' +
        expr('github.event.pull_request.title') +
        '` is pasted into the `run:` script before it runs, so whoever writes that text can run commands; ' +
        'pass it through `env:` and use the environment variable (e.g. `"$TITLE"`) instead.',
    );
    expect(findings[2]?.message).toMatch(
      /^`\$\{\{ github\.event\.comment\.body \}\}` is pasted into the actions\/github-script `script:` /,
    );
  });

  it.each([
    'github.event.pull_request.body',
    'github.event.issue.title',
    'github.event.issue.body',
    'github.event.review.body',
    'github.event.pull_request.head.label',
    'github.event.head_commit.message',
    'github.event.commits[0].author.email',
    'github.event.workflow_run.head_branch',
    "format('{0}', github.event.discussion.title)",
  ])('flags %s in a run script', async (inner) => {
    const workflow = yaml('on: issues', 'jobs:', '  a:', '    steps:', `      - run: echo ${expr(inner)}`);
    expect(brief(await review({}, { [WORKFLOW]: workflow }))).toEqual([
      ['workflow/script-injection', 5, 'warning'],
    ]);
  });

  it('does not flag values passed through env, trusted expressions, or untrusted text outside scripts', async () => {
    const workflow = yaml(
      'on: pull_request_target',
      'jobs:',
      '  greet:',
      "    if: contains(github.event.pull_request.title, 'fix')",
      '    steps:',
      `      - name: Greet ${expr('github.event.pull_request.title')}`,
      '        env:',
      `          TITLE: ${expr('github.event.pull_request.title')}`,
      '        run: echo "$TITLE"',
      `      - run: echo "${expr('github.event.pull_request.number')} ${expr('github.sha')}"`,
      '      - uses: actions/github-script@v7',
      '        with:',
      `          script: console.log(process.env.TITLE, "${expr('github.repository')}")`,
      '      - uses: some/action@v1',
      '        with:',
      `          script: ${expr('github.event.pull_request.body')}`,
    );
    expect(await review({}, { [WORKFLOW]: workflow })).toEqual([]);
  });

  it('reports only injections on lines the PR added', async () => {
    const head = INJECTION.replace('echo "checking"', 'echo "checking the title"');
    expect(await review({ [WORKFLOW]: INJECTION }, { [WORKFLOW]: head })).toEqual([]);
    const moreLines = INJECTION.replace(
      '          test -n "$title"',
      `          test -n "$title"\n          body="${expr('github.event.pull_request.body')}"`,
    );
    expect(brief(await review({ [WORKFLOW]: INJECTION }, { [WORKFLOW]: moreLines }))).toEqual([
      ['workflow/script-injection', 11, 'warning'],
    ]);
  });
});

describe('workflow-security: write-all permissions', () => {
  it('warns about write-all at the workflow and at a job, on the permissions line', async () => {
    const workflow = yaml(
      'on: push', // 1
      'permissions: write-all', // 2
      'jobs:', // 3
      '  release:', // 4
      '    permissions: write-all', // 5
      '    runs-on: ubuntu-latest', // 6
      '    steps:', // 7
      '      - run: make release', // 8
    );
    const findings = await review({}, { [WORKFLOW]: workflow });
    expect(brief(findings)).toEqual([
      ['workflow/write-all-permissions', 2, 'warning'],
      ['workflow/write-all-permissions', 5, 'warning'],
    ]);
    expect(findings[0]?.message).toBe(
      '`permissions: write-all` gives the GITHUB_TOKEN write access to every scope; ' +
        'grant only the scopes the jobs need (for example `contents: read`).',
    );
    // Same line text, different scopes: two findings, not one deduplicated.
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('ignores read-all, explicit scopes, and write-all that the PR did not add', async () => {
    const base = yaml('on: push', 'permissions: write-all', 'jobs:', '  a:', '    permissions: read-all');
    const head = yaml(
      'on: push',
      'permissions: write-all',
      'jobs:',
      '  a:',
      '    permissions: read-all',
      '  b:',
      '    permissions:',
      '      contents: write',
    );
    expect(await review({ [WORKFLOW]: base }, { [WORKFLOW]: head })).toEqual([]);
  });
});

describe('workflow-security: what it reads', () => {
  it('reports nothing for invalid YAML, a non-mapping document or duplicate keys', async () => {
    const findings = await review(
      {},
      {
        '.github/workflows/broken.yml': `on: pull_request_target\njobs: [\n  permissions: write-all\n`,
        '.github/workflows/list.yml': '- permissions: write-all\n',
        '.github/workflows/dupes.yml': 'permissions: write-all\npermissions: read-all\n',
        '.github/workflows/tabs.yml': 'on: push\n\tpermissions: write-all\n',
      },
    );
    expect(findings).toEqual([]);
  });

  it('only reads workflows directly in .github/workflows with a YAML extension', async () => {
    const writeAll = 'on: push\npermissions: write-all\n';
    const findings = await review(
      {},
      {
        '.github/workflows/ok.yaml': writeAll,
        '.github/workflows/nested/not-read.yml': writeAll,
        '.github/workflows/not-read.json': writeAll,
        'ci/not-read.yml': writeAll,
        '.github/dependabot.yml': writeAll,
      },
    );
    expect(findings.map((f) => f.path)).toEqual(['.github/workflows/ok.yaml']);
  });

  it('does not read a workflow that is a symlink out of the workspace', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'kilo-wf-'));
    const outside = mkdtempSync(join(tmpdir(), 'kilo-wf-outside-'));
    try {
      mkdirSync(join(workspace, '.github/workflows'), { recursive: true });
      writeFileSync(join(outside, 'evil.yml'), 'on: push\npermissions: write-all\n');
      symlinkSync(join(outside, 'evil.yml'), join(workspace, WORKFLOW));
      const context = makeContext(addedFileDiff(WORKFLOW, ['on: push', 'permissions: write-all']));
      const findings = await scanWorkflowSecurity({
        files: context.files,
        diffIndex: context.diffIndex,
        workspace,
        largeFileBytes: 1024,
      });
      expect(findings).toEqual([]);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('keeps fingerprints when the lines move', () => {
    const added = (source: string) => new Map(source.split('\n').map((text, i) => [i + 1, text] as const));
    const moved = `# a comment added above\n${INJECTION}`;
    const before = scanWorkflow(WORKFLOW, INJECTION, added(INJECTION));
    const after = scanWorkflow(WORKFLOW, moved, added(moved));
    expect(after.map((f) => f.line)).toEqual(before.map((f) => f.line + 1));
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it('does not expand YAML aliases (no billion-laughs blow-up) and never throws', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) {
      const name = String.fromCharCode(98 + i);
      const prev = String.fromCharCode(97 + i);
      bomb.push(
        `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`,
      );
    }
    bomb.push('permissions: write-all');
    const source = bomb.join('\n');
    const lines = new Map(source.split('\n').map((text, i) => [i + 1, text] as const));
    expect(brief(scanWorkflow(WORKFLOW, source, lines))).toEqual([
      ['workflow/write-all-permissions', 14, 'warning'],
    ]);
    expect(scanWorkflow(WORKFLOW, '\u0000\uFFFF: : :', new Map())).toEqual([]);
  });
});
