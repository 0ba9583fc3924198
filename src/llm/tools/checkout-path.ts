// Where a tool may read: the policy decides on the path as written (traced), then the disk is asked
// what the policy cannot see — a symlink that leads out of the checkout, a file where a directory was
// asked for.
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { normalizeRepoPath } from '../../policy/engine.js';
import type { ToolEnv, ToolFailure } from './types.js';

/** A readable path: `path` normalised (`.` for the root), `real` with every symlink resolved. */
export interface ReadablePath {
  ok: true;
  path: string;
  real: string;
  /** Bytes, for a file (resolveReadable). */
  size?: number;
}

/** The checkout's own real path, against which every resolved path is compared (once per review). */
export function checkoutRoot(env: ToolEnv): Promise<string> {
  return env.root();
}

/** The policy's answer and the symlink check, for a path of any type. */
export async function checkReadPath(
  env: ToolEnv,
  root: string,
  path: string,
): Promise<ReadablePath | ToolFailure> {
  const decision = env.decide({ kind: 'read', path });
  if (!decision.allow) return denied(decision.reason, decision.rule);
  const shown = normalizeRepoPath(path) || '.';
  let real: string;
  try {
    real = await realpath(join(root, shown));
  } catch (error) {
    return { ok: false, error: unreadable(shown, error) };
  }
  if (real !== root && !real.startsWith(root + sep)) {
    return denied(`${shown} leads outside the checkout`, 'read.outside-checkout');
  }
  // A symlink inside the checkout (`notes.txt -> .env`) is judged by where it leads, too.
  const target =
    real === root
      ? ''
      : real
          .slice(root.length + 1)
          .split(sep)
          .join('/');
  if (target !== '' && target !== shown) {
    const behind = env.decide({ kind: 'read', path: target });
    if (!behind.allow) return denied(`${shown} leads to ${target}: ${behind.reason}`, behind.rule);
  }
  return { ok: true, path: shown, real };
}

/** A path the tool may open as `want`: allowed, inside the checkout, and of that type. */
export async function resolveReadable(
  env: ToolEnv,
  path: string,
  want: 'file' | 'directory',
): Promise<ReadablePath | ToolFailure> {
  const checked = await checkReadPath(env, await checkoutRoot(env), path);
  if (!checked.ok) return checked;
  const stats = await stat(checked.real);
  if (want === 'file' && !stats.isFile()) {
    const hint = stats.isDirectory() ? ' (a directory: use list_files)' : '';
    return { ok: false, error: `${checked.path} is not a regular file${hint}` };
  }
  if (want === 'directory' && !stats.isDirectory()) {
    return { ok: false, error: `${checked.path} is not a directory (use read_file)` };
  }
  return { ...checked, size: stats.size };
}

function denied(reason: string, rule: string): ToolFailure {
  return { ok: false, error: `read denied: ${reason} (rule ${rule})`, denied: rule };
}

function unreadable(path: string, error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return `${path} does not exist`;
  return `${path} cannot be read (${code ?? 'unknown error'})`;
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
