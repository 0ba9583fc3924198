// actions/checkout leaves the job's token in `.git/config` (an `http.<url>.extraheader`) unless told
// `persist-credentials: false`. The sandbox scrubs the token from tools' environment, but a tool of the
// PR can still read that file: worth one warning when this checkout is about to run the PR's tools.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The warning to print, or undefined when the checkout's git config holds no Authorization header. */
export function persistedCredentialsWarning(workspace: string): string | undefined {
  let config: string;
  try {
    config = readFileSync(path.join(workspace, '.git', 'config'), 'utf8');
  } catch {
    return undefined; // not a checkout, or a worktree's `.git` file: nothing persisted here
  }
  if (!/^\s*extraheader\s*=\s*AUTHORIZATION:/im.test(config)) return undefined;
  return (
    "the checkout keeps the job's token in .git/config, where the pull request's tools can read it; " +
    'set `persist-credentials: false` on actions/checkout (Kilo Agent does not need it)'
  );
}
