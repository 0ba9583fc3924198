// Built-in analyzer: binary files the PR adds. A notice, not a problem: it asks a reviewer to confirm
// the file belongs in the repository. Modified binaries were accepted before and are not reported.
import { fingerprint } from '../../findings/fingerprint.js';
import type { Finding } from '../../findings/types.js';
import { formatSize } from './file-size.js';
import type { BuiltinScanner } from './types.js';
import { createWorkspaceReader } from './workspace-file.js';

const RULE = 'binary-file';

export const scanBinaryFiles: BuiltinScanner = ({ files, workspace }) => {
  const added = files.filter((file) => file.binary && file.status === 'added');
  const reader = createWorkspaceReader(workspace);
  const sizes = added.map((file) => reader.stat(file.path)?.size);
  return added.map((file, index) => binaryFileFinding(file.path, sizes[index]));
};

function binaryFileFinding(path: string, size: number | undefined): Finding {
  const sized = size === undefined ? '' : ` (${formatSize(size)})`;
  return {
    rule: RULE,
    severity: 'notice',
    message:
      `Binary file \`${path}\`${sized} added; check that it belongs in the repository ` +
      '(build output and large assets are better kept out or in Git LFS).',
    path,
    line: 1,
    source: 'binary-files',
    // Like large-file: the file is the finding, whatever its bytes, so a re-push posts nothing new.
    fingerprint: fingerprint(RULE, path),
  };
}
