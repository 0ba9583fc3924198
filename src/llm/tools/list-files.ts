// list_files: the entries of one directory of the checkout, sorted, directories with a trailing `/`.
// Names only: a listing shows `.env` or `.git/` (names are not contents); reading them is refused.
import { readdir } from 'node:fs/promises';
import { resolveReadable } from './checkout-path.js';
import type { ListFilesArgs } from './schemas.js';
import { createLineCollector } from './text-bytes.js';
import type { ToolEnv, ToolOutcome } from './types.js';

export async function listFilesTool(env: ToolEnv, args: ListFilesArgs): Promise<ToolOutcome> {
  const dir = await resolveReadable(env, args.path ?? '.', 'directory');
  if (!dir.ok) return dir;
  const entries = await readdir(dir.real, { withFileTypes: true });
  if (entries.length === 0) return { ok: true, text: '(empty directory)' };
  // Code-unit order, not localeCompare: the same listing on every machine.
  const names = entries
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const collector = createLineCollector(env.maxBytes);
  let shown = 0;
  while (shown < names.length && shown < env.limits.maxListEntries) {
    if (!collector.add(env.redact(names[shown] ?? ''))) break;
    shown += 1;
  }
  // A name cut inside (not even one fit the cap) is shown but not counted as listed.
  const rest = names.length - shown;
  const note = rest > 0 ? [`… and ${rest} more`] : [];
  return { ok: true, text: [...collector.lines, ...note].join('\n') };
}
