// Built-in analyzer: risky patterns in the GitHub Actions workflows a PR changes (the rules are in
// workflow-rules.ts). A PR that changes no workflow never loads the rules nor the YAML parser: they are
// a lazy chunk of the bundle.
import type { BuiltinScanner } from './types.js';
import { createWorkspaceReader } from './workspace-file.js';

// GitHub reads workflows only from this folder itself, not from subfolders.
const WORKFLOW_PATH = /^\.github\/workflows\/[^/]+\.ya?ml$/;
// Real workflows are a few KiB; a bigger file is not worth parsing for this.
const MAX_WORKFLOW_BYTES = 1024 * 1024;

export const scanWorkflowSecurity: BuiltinScanner = async ({ files, diffIndex, workspace }) => {
  const workflows = files.filter(
    (file) => file.status !== 'removed' && !file.binary && WORKFLOW_PATH.test(file.path),
  );
  if (workflows.length === 0) return [];
  const { scanWorkflow } = await import('./workflow-rules.js');
  const reader = createWorkspaceReader(workspace);
  const sources = await Promise.all(workflows.map((file) => reader.readText(file.path, MAX_WORKFLOW_BYTES)));
  return workflows.flatMap((file, index) => {
    const source = sources[index];
    return source === undefined ? [] : scanWorkflow(file.path, source, diffIndex.addedLines(file.path));
  });
};
