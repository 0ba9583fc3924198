// Built-in analyzer: risky patterns in the GitHub Actions workflows a PR changes. A privileged trigger
// (pull_request_target, workflow_run) that checks out the PR's head (a "pwn request"), untrusted event
// text expanded into a script, and `permissions: write-all`. Reports only what the PR's added lines
// introduce. Limits: dot paths only (not `github.event['pull_request']`), no reusable-workflow callers.
// The rules over one parsed workflow; workflow-security.ts finds the files and loads this module.
import { findingFingerprint } from '../../findings/fingerprint.js';
import type { Finding, Severity } from '../../findings/types.js';
import { parseWorkflow, type Expression, type Workflow, type WorkflowStep } from './workflow-model.js';

const SOURCE = 'workflow-security';
const PWN_RULE = 'workflow/pull-request-target-checkout';
const INJECTION_RULE = 'workflow/script-injection';
const WRITE_ALL_RULE = 'workflow/write-all-permissions';

const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run']);
const CHECKOUT = /^actions\/checkout(?:@|$)/i;
// A `ref:` naming the PR's head or merge commit, or the head of the run that triggered workflow_run.
const HEAD_REF =
  /github\.event\.pull_request\.(?:head\.(?:sha|ref)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs\/pull\//i;
// A `repository:` naming the fork (`owner/name` in one expression, or the owner's login in two).
const HEAD_REPOSITORY =
  /github\.event\.pull_request\.head\.repo\.(?:full_name|owner\.login)|github\.event\.workflow_run\.head_repository\./i;
const GITHUB_SCRIPT = /^actions\/github-script(?:@|$)/i;
// Event fields anyone who opens a PR, issue or comment controls (GitHub's "untrusted input" list).
const UNTRUSTED_INPUT = new RegExp(
  [
    String.raw`github\.event\.(?:pull_request|issue|discussion)\.(?:title|body)\b`,
    String.raw`github\.event\.(?:comment|review|review_comment)\.body\b`,
    String.raw`github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)\b`,
    String.raw`github\.head_ref\b`,
    String.raw`github\.event\.(?:head_commit|commits(?:\[[^\]]*\]|\.\*)?)\.(?:message|(?:author|committer)\.(?:name|email))\b`,
    String.raw`github\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|(?:author|committer)\.(?:name|email)))\b`,
    String.raw`github\.event\.workflow_run\.pull_requests(?:\[[^\]]*\]|\.\*)\.head\.ref\b`,
    String.raw`github\.event\.pages(?:\[[^\]]*\]|\.\*)\.page_name\b`,
  ].join('|'),
  'i',
);
const MAX_QUOTED = 80;

/** Findings for one workflow file's head text; `added` are the PR's added lines (line → content). */
export function scanWorkflow(path: string, source: string, added: ReadonlyMap<number, string>): Finding[] {
  const workflow = parseSafely(source);
  if (workflow === undefined) return [];
  const findings: Finding[] = [];
  const report = (rule: string, severity: Severity, line: number, scope: string, message: string): void => {
    // The job id keeps identical lines of two jobs apart; the line content keeps it stable on rebases.
    const fingerprint = findingFingerprint(rule, path, `${scope} ${workflow.lineText(line)}`, line);
    findings.push({ rule, severity, message, path, line, source: SOURCE, fingerprint });
  };

  if (workflow.permissions?.value === 'write-all' && added.has(workflow.permissions.line)) {
    report(WRITE_ALL_RULE, 'warning', workflow.permissions.line, 'workflow', WRITE_ALL);
  }
  const privileged = workflow.triggers.find((trigger) => PRIVILEGED_TRIGGERS.has(trigger.value));
  const addedTriggerLine = privileged && addedTriggerLineOf(workflow, added);
  for (const job of workflow.jobs) {
    const scope = `jobs.${job.id}`;
    if (job.permissions?.value === 'write-all' && added.has(job.permissions.line)) {
      report(WRITE_ALL_RULE, 'warning', job.permissions.line, scope, WRITE_ALL);
    }
    for (const step of job.steps) {
      const checkout = privileged && headCheckout(step);
      // On the checkout line when the PR added it, else on the trigger line it added.
      const line = checkout && (added.has(checkout.line) ? checkout.line : addedTriggerLine);
      if (privileged && checkout && line !== undefined) {
        report(PWN_RULE, 'error', line, scope, pwnMessage(privileged.value, checkout));
      }
      for (const { sink, expression } of scriptExpressions(step)) {
        if (!UNTRUSTED_INPUT.test(expression.text) || !added.has(expression.line)) continue;
        report(INJECTION_RULE, 'warning', expression.line, scope, injectionMessage(sink, expression));
      }
    }
  }
  return findings;
}

function parseSafely(source: string): Workflow | undefined {
  try {
    return parseWorkflow(source);
  } catch {
    // The YAML library reports errors instead of throwing; this is for what it does not foresee.
    return undefined;
  }
}

/** The added line that makes the workflow privileged: a privileged trigger's, else the `on:` key's. */
function addedTriggerLineOf(workflow: Workflow, added: ReadonlyMap<number, string>): number | undefined {
  const trigger = workflow.triggers.find((t) => PRIVILEGED_TRIGGERS.has(t.value) && added.has(t.line));
  if (trigger !== undefined) return trigger.line;
  return workflow.onLine !== undefined && added.has(workflow.onLine) ? workflow.onLine : undefined;
}

interface Checkout {
  input: 'ref' | 'repository';
  value: string;
  line: number;
}

function headCheckout(step: WorkflowStep): Checkout | undefined {
  if (step.uses === undefined || !CHECKOUT.test(step.uses.value)) return undefined;
  const ref = step.with.get('ref');
  if (ref !== undefined && HEAD_REF.test(ref.value)) {
    return { input: 'ref', value: ref.value, line: ref.line };
  }
  const repository = step.with.get('repository');
  if (repository !== undefined && HEAD_REPOSITORY.test(repository.value)) {
    return { input: 'repository', value: repository.value, line: repository.line };
  }
  return undefined;
}

function scriptExpressions(step: WorkflowStep): Array<{ sink: string; expression: Expression }> {
  const sinks: Array<{ sink: string; expressions: Expression[] }> = [];
  if (step.run !== undefined) sinks.push({ sink: 'the `run:` script', expressions: step.run.expressions });
  const script = step.with.get('script');
  if (step.uses !== undefined && GITHUB_SCRIPT.test(step.uses.value) && script !== undefined) {
    sinks.push({ sink: 'the actions/github-script `script:`', expressions: script.expressions });
  }
  return sinks.flatMap(({ sink, expressions }) => expressions.map((expression) => ({ sink, expression })));
}

const WRITE_ALL =
  '`permissions: write-all` gives the GITHUB_TOKEN write access to every scope; ' +
  'grant only the scopes the jobs need (for example `contents: read`).';

function pwnMessage(trigger: string, checkout: Checkout): string {
  return (
    `This job checks out the pull request's code (\`${checkout.input}: ${quote(checkout.value)}\`) in a ` +
    `workflow triggered by \`${trigger}\`, which has this repository's secrets and a write token, so a ` +
    "fork's code runs with them; build and test PR code in a `pull_request` workflow and check out only the " +
    'base branch here.'
  );
}

function injectionMessage(sink: string, expression: Expression): string {
  return (
    `\`\${{ ${quote(expression.text)} }}\` is pasted into ${sink} before it runs, so whoever writes that ` +
    'text can run commands; pass it through `env:` and use the environment variable (e.g. `"$TITLE"`) ' +
    'instead.'
  );
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_QUOTED ? oneLine : `${oneLine.slice(0, MAX_QUOTED - 1)}…`;
}
