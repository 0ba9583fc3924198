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
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'core.quotePath=false', 'diff', '--find-renames', ...args, `${base}...${head}`],
      {
        cwd: repo,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  // Names as they are (git C-quotes a name with a newline or a quote in the patch headers), in the
  // order of the patch sections: `status NUL [from NUL] to NUL`.
  const fields = git('--name-status', '-z').split('\0');
  const names: Array<{ from?: string; to: string }> = [];
  for (let i = 0; i < fields.length - 1;) {
    const status = fields[i++]!;
    if (/^[RC]/.test(status)) names.push({ from: fields[i++]!, to: fields[i++]! });
    else names.push({ to: fields[i++]! });
  }
  return git()
    .split(/^(?=diff --git )/m)
    .filter((section) => section.startsWith('diff --git '))
    .map((section, i) => toFile(section, names[i]!));
}

function toFile(section: string, name: { from?: string; to: string }): FakePrFile {
  const header = section.slice(0, section.search(/^@@|^Binary files/m) >>> 0);
  const from = /^rename from /m.test(header) ? name.from : undefined;
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
    filename: name.to,
    status,
    additions: lines.filter((l) => l.startsWith('+')).length,
    deletions: lines.filter((l) => l.startsWith('-')).length,
  };
  if (patch !== undefined) file.patch = patch;
  if (from) file.previous_filename = from;
  return file;
}
