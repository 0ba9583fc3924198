// The PR files GitHub would list for a real git range: filename, status and `patch` (hunks only).
import { execFileSync } from 'node:child_process';

export interface FakePrFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  patch?: string;
  previous_filename?: string;
  additions: number;
  deletions: number;
}

export function prFilesFromGit(repo: string, base: string, head: string): FakePrFile[] {
  const diff = execFileSync(
    'git',
    ['-c', 'core.quotePath=false', 'diff', '--find-renames', `${base}...${head}`],
    {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return diff
    .split(/^(?=diff --git )/m)
    .filter((section) => section.startsWith('diff --git '))
    .map(toFile);
}

function toFile(section: string): FakePrFile {
  const header = section.slice(0, section.search(/^@@|^Binary files/m) >>> 0);
  const from = /^rename from (.+)$/m.exec(header)?.[1];
  const to = /^rename to (.+)$/m.exec(header)?.[1];
  const [, a = '', b = ''] = /^diff --git a\/(.+) b\/(.+)$/m.exec(section) ?? [];
  const status = /^new file mode/m.test(header)
    ? 'added'
    : /^deleted file mode/m.test(header)
      ? 'removed'
      : from
        ? 'renamed'
        : 'modified';
  const at = section.search(/^@@/m);
  const patch = at >= 0 ? section.slice(at).replace(/\n$/, '') : undefined;
  const lines = patch?.split('\n') ?? [];
  const file: FakePrFile = {
    filename: to ?? (status === 'removed' ? a : b),
    status,
    additions: lines.filter((l) => l.startsWith('+')).length,
    deletions: lines.filter((l) => l.startsWith('-')).length,
  };
  if (patch !== undefined) file.patch = patch;
  if (from) file.previous_filename = from;
  return file;
}
