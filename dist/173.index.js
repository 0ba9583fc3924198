export const id = 173;
export const ids = [173];
export const modules = {

/***/ 87173:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scanWorkflow: () => (/* binding */ scanWorkflow)
});

// EXTERNAL MODULE: ./build/findings/fingerprint.js
var findings_fingerprint = __webpack_require__(5163);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./build/agents/builtins/workflow-model.js
// The parts of a GitHub Actions workflow file that workflow-security checks, with 1-based line numbers:
// triggers, `permissions` values, and each job's steps (`uses`, `with`, `run`). Read from the YAML
// document tree, never converted to JS, so aliases are not expanded. Invalid YAML → undefined.

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
function parseWorkflow(source) {
    const lineCounter = new dist/* LineCounter */.HN();
    const document = (0,dist/* parseDocument */.Tp)(source, { lineCounter, prettyErrors: false });
    if (document.errors.length > 0 || !(0,dist/* isMap */.jh)(document.contents))
        return undefined;
    const lineOf = (offset) => lineCounter.linePos(offset).line;
    const lines = source.split(/\r?\n/);
    const root = document.contents;
    const scalarAt = (node) => {
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string' || !node.range)
            return undefined;
        const [start, end] = node.range;
        // Expressions are found in the source text, not the parsed value, so each keeps its own line.
        const expressions = [...source.slice(start, end).matchAll(EXPRESSION)].map((m) => ({
            text: (m[1] ?? '').trim(),
            line: lineOf(start + m.index),
        }));
        return { value: node.value, line: lineOf(start), expressions };
    };
    const onPair = root.items.find((pair) => (0,dist/* isScalar */.jn)(pair.key) && pair.key.value === 'on');
    const onKey = onPair?.key;
    return {
        onLine: onKey?.range ? lineOf(onKey.range[0]) : undefined,
        triggers: triggersOf(onPair?.value, scalarAt),
        permissions: scalarAt(root.get('permissions', true)),
        jobs: jobsOf(root.get('jobs', true), scalarAt),
        lineText: (line) => lines[line - 1] ?? '',
    };
}
function triggersOf(on, scalarAt) {
    if ((0,dist/* isSeq */.oP)(on))
        return on.items.flatMap((item) => located(scalarAt(item)));
    if ((0,dist/* isMap */.jh)(on))
        return on.items.flatMap((pair) => located(scalarAt(pair.key)));
    return located(scalarAt(on));
}
function jobsOf(jobs, scalarAt) {
    if (!(0,dist/* isMap */.jh)(jobs))
        return [];
    return jobs.items.flatMap((pair) => {
        const id = scalarAt(pair.key)?.value;
        if (id === undefined || !(0,dist/* isMap */.jh)(pair.value))
            return [];
        const job = pair.value;
        const steps = job.get('steps', true);
        return [
            {
                id,
                permissions: scalarAt(job.get('permissions', true)),
                steps: (0,dist/* isSeq */.oP)(steps)
                    ? steps.items.flatMap((step) => ((0,dist/* isMap */.jh)(step) ? [stepOf(step, scalarAt)] : []))
                    : [],
            },
        ];
    });
}
function stepOf(step, scalarAt) {
    const inputs = new Map();
    const withNode = step.get('with', true);
    if ((0,dist/* isMap */.jh)(withNode)) {
        for (const pair of withNode.items) {
            const key = scalarAt(pair.key)?.value;
            const value = scalarAt(pair.value);
            if (key !== undefined && value !== undefined)
                inputs.set(key, value);
        }
    }
    return { uses: scalarAt(step.get('uses', true)), with: inputs, run: scalarAt(step.get('run', true)) };
}
function located(value) {
    return value === undefined ? [] : [{ value: value.value, line: value.line }];
}
//# sourceMappingURL=workflow-model.js.map
;// CONCATENATED MODULE: ./build/agents/builtins/workflow-rules.js
// Built-in analyzer: risky patterns in the GitHub Actions workflows a PR changes. A privileged trigger
// (pull_request_target, workflow_run) that checks out the PR's head (a "pwn request"), untrusted event
// text expanded into a script, and `permissions: write-all`. Reports only what the PR's added lines
// introduce. Limits: dot paths only (not `github.event['pull_request']`), no reusable-workflow callers.
// The rules over one parsed workflow; workflow-security.ts finds the files and loads this module.


const SOURCE = 'workflow-security';
const PWN_RULE = 'workflow/pull-request-target-checkout';
const INJECTION_RULE = 'workflow/script-injection';
const WRITE_ALL_RULE = 'workflow/write-all-permissions';
const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run']);
const CHECKOUT = /^actions\/checkout(?:@|$)/i;
// A `ref:` naming the PR's head or merge commit, or the head of the run that triggered workflow_run.
const HEAD_REF = /github\.event\.pull_request\.(?:head\.(?:sha|ref)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs\/pull\//i;
// A `repository:` naming the fork (`owner/name` in one expression, or the owner's login in two).
const HEAD_REPOSITORY = /github\.event\.pull_request\.head\.repo\.(?:full_name|owner\.login)|github\.event\.workflow_run\.head_repository\./i;
const GITHUB_SCRIPT = /^actions\/github-script(?:@|$)/i;
// Event fields anyone who opens a PR, issue or comment controls (GitHub's "untrusted input" list).
const UNTRUSTED_INPUT = new RegExp([
    String.raw `github\.event\.(?:pull_request|issue|discussion)\.(?:title|body)\b`,
    String.raw `github\.event\.(?:comment|review|review_comment)\.body\b`,
    String.raw `github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)\b`,
    String.raw `github\.head_ref\b`,
    String.raw `github\.event\.(?:head_commit|commits(?:\[[^\]]*\]|\.\*)?)\.(?:message|(?:author|committer)\.(?:name|email))\b`,
    String.raw `github\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|(?:author|committer)\.(?:name|email)))\b`,
    String.raw `github\.event\.workflow_run\.pull_requests(?:\[[^\]]*\]|\.\*)\.head\.ref\b`,
    String.raw `github\.event\.pages(?:\[[^\]]*\]|\.\*)\.page_name\b`,
].join('|'), 'i');
const MAX_QUOTED = 80;
/** Findings for one workflow file's head text; `added` are the PR's added lines (line → content). */
function scanWorkflow(path, source, added) {
    const workflow = parseSafely(source);
    if (workflow === undefined)
        return [];
    const findings = [];
    const report = (rule, severity, line, scope, message) => {
        // The job id keeps identical lines of two jobs apart; the line content keeps it stable on rebases.
        const fingerprint = (0,findings_fingerprint/* findingFingerprint */.ix)(rule, path, `${scope} ${workflow.lineText(line)}`, line);
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
                if (!UNTRUSTED_INPUT.test(expression.text) || !added.has(expression.line))
                    continue;
                report(INJECTION_RULE, 'warning', expression.line, scope, injectionMessage(sink, expression));
            }
        }
    }
    return findings;
}
function parseSafely(source) {
    try {
        return parseWorkflow(source);
    }
    catch {
        // The YAML library reports errors instead of throwing; this is for what it does not foresee.
        return undefined;
    }
}
/** The added line that makes the workflow privileged: a privileged trigger's, else the `on:` key's. */
function addedTriggerLineOf(workflow, added) {
    const trigger = workflow.triggers.find((t) => PRIVILEGED_TRIGGERS.has(t.value) && added.has(t.line));
    if (trigger !== undefined)
        return trigger.line;
    return workflow.onLine !== undefined && added.has(workflow.onLine) ? workflow.onLine : undefined;
}
function headCheckout(step) {
    if (step.uses === undefined || !CHECKOUT.test(step.uses.value))
        return undefined;
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
function scriptExpressions(step) {
    const sinks = [];
    if (step.run !== undefined)
        sinks.push({ sink: 'the `run:` script', expressions: step.run.expressions });
    const script = step.with.get('script');
    if (step.uses !== undefined && GITHUB_SCRIPT.test(step.uses.value) && script !== undefined) {
        sinks.push({ sink: 'the actions/github-script `script:`', expressions: script.expressions });
    }
    return sinks.flatMap(({ sink, expressions }) => expressions.map((expression) => ({ sink, expression })));
}
const WRITE_ALL = '`permissions: write-all` gives the GITHUB_TOKEN write access to every scope; ' +
    'grant only the scopes the jobs need (for example `contents: read`).';
function pwnMessage(trigger, checkout) {
    return (`This job checks out the pull request's code (\`${checkout.input}: ${quote(checkout.value)}\`) in a ` +
        `workflow triggered by \`${trigger}\`, which has this repository's secrets and a write token, so a ` +
        "fork's code runs with them; build and test PR code in a `pull_request` workflow and check out only the " +
        'base branch here.');
}
function injectionMessage(sink, expression) {
    return (`\`\${{ ${quote(expression.text)} }}\` is pasted into ${sink} before it runs, so whoever writes that ` +
        'text can run commands; pass it through `env:` and use the environment variable (e.g. `"$TITLE"`) ' +
        'instead.');
}
function quote(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length <= MAX_QUOTED ? oneLine : `${oneLine.slice(0, MAX_QUOTED - 1)}…`;
}
//# sourceMappingURL=workflow-rules.js.map

/***/ })

};

//# sourceMappingURL=173.index.js.map