// Built-in analyzer: files whose head size is over policy.large-file-kb, added or changed by the PR.
// Sizes come from the head checkout (lstat, inside the workspace only); a file that is missing there,
// or is a symlink, is not reported.
import { fingerprint } from '../../findings/fingerprint.js';
import type { Finding } from '../../findings/types.js';
import { formatSize, formatSizeOver } from './file-size.js';
import type { BuiltinScanner } from './types.js';
import { createWorkspaceReader } from './workspace-file.js';

const RULE = 'large-file';

export const scanLargeFiles: BuiltinScanner = ({ files, workspace, largeFileBytes }) => {
  const present = files.filter((file) => file.status !== 'removed');
  const reader = createWorkspaceReader(workspace);
  const sizes = present.map((file) => reader.stat(file.path)?.size);
  const findings: Finding[] = [];
  present.forEach((file, index) => {
    const size = sizes[index];
    if (size !== undefined && size > largeFileBytes)
      findings.push(largeFileFinding(file.path, size, largeFileBytes));
  });
  return findings;
};

function largeFileFinding(path: string, size: number, limit: number): Finding {
  return {
    rule: RULE,
    severity: 'warning',
    message:
      `\`${path}\` is ${formatSizeOver(size, limit)} (over the ${formatSize(limit)} limit, policy.large-file-kb); ` +
      'consider Git LFS or keeping generated files out of the repository.',
    path,
    line: 1,
    source: 'large-files',
    // The file, not its size: pushing the same big file again (or a slightly different build of it)
    // must not post the warning again. Nothing line-specific either: line 1 is only an anchor.
    fingerprint: fingerprint(RULE, path),
  };
}
