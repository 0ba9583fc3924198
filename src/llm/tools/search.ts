// search: `git grep` over the checkout's tracked files (untracked and ignored files are never
// searched, nor `.git/`), as an extended regex or, when git rejects it, as a fixed string. Every hit's
// file goes through the same read check as read_file; hits in refused files are left out and counted.
import { execFile } from 'node:child_process';
import { checkReadPath, checkoutRoot } from './checkout-path.js';
import type { SearchArgs } from './schemas.js';
import { createLineCollector, cutToBytes } from './text-bytes.js';
import type { ToolEnv, ToolOutcome } from './types.js';

/** More output than any result can show: git is stopped there and what came is used. */
const GREP_MAX_BUFFER = 1024 * 1024;

type Grep =
  /** `truncated`: git was stopped at the buffer's end, there is more. */
  | { kind: 'hits'; stdout: string; truncated: boolean }
  | { kind: 'none' }
  | { kind: 'timeout' }
  | { kind: 'failed'; message: string };

interface Hit {
  path: string;
  line: string;
  text: string;
}

export async function searchTool(env: ToolEnv, args: SearchArgs): Promise<ToolOutcome> {
  let grep = await gitGrep(env, args, '-E');
  const fixed = grep.kind === 'failed';
  if (fixed) grep = await gitGrep(env, args, '-F');
  if (grep.kind === 'timeout') {
    const seconds = env.limits.searchTimeoutMs / 1000;
    return { ok: false, error: `search timed out after ${seconds} s (narrow the pattern or path_glob)` };
  }
  if (grep.kind === 'failed') return { ok: false, error: `search failed: ${grep.message}` };
  const header = fixed ? ['(searched as a fixed string: the pattern is not a valid extended regex)'] : [];
  const shown =
    grep.kind === 'hits' ? await showHits(env, parseHits(grep.stdout), grep.truncated) : ['no matches'];
  return { ok: true, text: [...header, ...shown].join('\n') };
}

/** The hits that may be shown, up to the caps, then what was left out. */
async function showHits(env: ToolEnv, hits: readonly Hit[], truncated: boolean): Promise<string[]> {
  const root = await checkoutRoot(env);
  const readable = new Map<string, boolean>();
  const collector = createLineCollector(env.maxBytes);
  let leftOut = 0;
  let more = truncated;
  for (const hit of hits) {
    let allowed = readable.get(hit.path);
    if (allowed === undefined) {
      allowed = (await checkReadPath(env, root, hit.path)).ok;
      readable.set(hit.path, allowed);
    }
    if (!allowed) {
      leftOut += 1;
      continue;
    }
    // Redacted before it is shortened, so that a cut never splits a secret the redactor knows.
    const text = cutToBytes(env.redact(hit.text), env.limits.maxSearchLineBytes);
    if (
      collector.lines.length >= env.limits.maxSearchResults ||
      !collector.add(`${hit.path}:${hit.line}: ${text}`)
    ) {
      more = true;
      break;
    }
  }
  const lines = collector.lines.length > 0 ? [...collector.lines] : ['no matches'];
  if (more) lines.push('… and more (narrow the pattern or path_glob)');
  if (leftOut > 0) lines.push(`${leftOut} result${leftOut === 1 ? '' : 's'} in protected files left out`);
  return lines;
}

/**
 * `-z`: `path\0line\0text\n`, so a `:` in a path cannot be mistaken for the separator. Repository
 * config cannot change the output (`--no-column`) nor run a program (`core.fsmonitor`).
 */
function gitGrep(env: ToolEnv, args: SearchArgs, mode: '-E' | '-F'): Promise<Grep> {
  const pathspec = args.path_glob === undefined ? [] : ['--', `:(glob)${args.path_glob}`];
  const argv = ['-C', env.checkout, '-c', 'core.fsmonitor=false', 'grep', '-n', '--no-column', '-I'];
  argv.push('--no-color', '--full-name', '-z', mode, '-e', args.pattern, ...pathspec);
  const options = {
    maxBuffer: GREP_MAX_BUFFER,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
  };
  return new Promise((resolve) => {
    // Our own timer, not execFile's `timeout`: that one drops the output of a git that exited just
    // before it fired, and the search would say `no matches`.
    let timedOut = false;
    const child = execFile('git', argv, options, (error, stdout, stderr) => {
      clearTimeout(timer);
      resolve(timedOut && error !== null ? { kind: 'timeout' } : grepOutcome(error, stdout, stderr));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, env.limits.searchTimeoutMs);
  });
}

function grepOutcome(
  error: { code?: unknown; signal?: unknown } | null,
  stdout: string,
  stderr: string,
): Grep {
  if (error === null) return { kind: 'hits', stdout, truncated: false };
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { kind: 'hits', stdout, truncated: true };
  if (error.code === 1) return { kind: 'none' };
  const message =
    stderr
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^fatal: /, '') ?? '';
  const exit =
    typeof error.signal === 'string' ? `was killed by ${error.signal}` : `exited with ${String(error.code)}`;
  return { kind: 'failed', message: message || `git grep ${exit}` };
}

/** Whole records only: output cut at the buffer's end loses its last, partial one. */
export function parseHits(stdout: string): Hit[] {
  const hits: Hit[] = [];
  let at = 0;
  for (;;) {
    const afterPath = stdout.indexOf('\0', at);
    const afterLine = afterPath < 0 ? -1 : stdout.indexOf('\0', afterPath + 1);
    const end = afterLine < 0 ? -1 : stdout.indexOf('\n', afterLine + 1);
    if (end < 0) return hits;
    hits.push({
      path: stdout.slice(at, afterPath),
      line: stdout.slice(afterPath + 1, afterLine),
      text: stdout.slice(afterLine + 1, end).replace(/\r$/, ''),
    });
    at = end + 1;
  }
}
