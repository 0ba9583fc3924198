// Git's smart HTTP for the fake's one repository, served by `git http-backend` from a bare repository
// the test provides. The fake decides first, as GitHub does: a token without `contents: write` may
// not push, and its refusal reads like GitHub's (403, text/plain, which git prints as `remote:`).
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BOT_LOGIN } from './payloads-repo.js';

export type GitService = 'git-upload-pack' | 'git-receive-pack';

export interface GitTarget {
  service: GitService;
  /** The path after `/<owner>/<repo>.git`, e.g. `/info/refs` or `/git-receive-pack`. */
  suffix: string;
}

/** An answer to a git client instead of running http-backend. */
export interface GitRefusal {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

/** The git request for `<owner>/<repo>(.git)`, or undefined when the URL is not one (a REST call). */
export function gitTarget(url: URL, owner: string, repo: string): GitTarget | undefined {
  const prefix = new RegExp(`^/${escape(owner)}/${escape(repo)}(?:\\.git)?(?=/)`, 'i');
  const base = prefix.exec(url.pathname);
  if (!base) return undefined;
  const suffix = url.pathname.slice(base[0].length);
  if (suffix === '/info/refs') {
    // The dumb protocol (no `service`) only ever reads.
    const asked = url.searchParams.get('service');
    return { service: asked === 'git-receive-pack' ? 'git-receive-pack' : 'git-upload-pack', suffix };
  }
  if (suffix === '/git-upload-pack' || suffix === '/git-receive-pack')
    return { service: suffix.slice(1) as GitService, suffix };
  return undefined;
}

/** The token git sent (`Authorization: basic base64(user:token)`, as actions/checkout sets it). */
export function gitToken(authorization: string | undefined): string | undefined {
  const basic = /^basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') || undefined;
  return /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

/** GitHub's answer to a GITHUB_TOKEN that may not do this (git shows the body as `remote: …`). */
export function gitDenied(owner: string, repo: string): GitRefusal {
  return { status: 403, text: `Permission to ${owner}/${repo}.git denied to ${BOT_LOGIN}.\n` };
}

export function gitUnauthenticated(): GitRefusal {
  return {
    status: 401,
    text: 'Invalid username or token.\n',
    headers: { 'www-authenticate': 'Basic realm="GitHub"' },
  };
}

export function sendGitRefusal(res: ServerResponse, refusal: GitRefusal): void {
  res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers });
  res.end(refusal.text);
}

/** Runs `git http-backend` as a CGI for one request; resolves with the status it answered. */
export function runHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  repository: string,
  suffix: string,
): Promise<number> {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const child = spawn('git', ['http-backend'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_HTTP_EXPORT_ALL: '1',
      // Without GIT_PROJECT_ROOT, http-backend finds the repository in PATH_TRANSLATED.
      PATH_TRANSLATED: `${repository}${suffix}`,
      PATH_INFO: suffix,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: header('content-type'),
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: header('content-length') } : {}),
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      GIT_PROTOCOL: header('git-protocol'),
      // An authenticated user is what lets http-backend accept receive-pack at all.
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(child.stdin);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let status: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (status !== undefined) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = headerEnd(head);
      if (!end) return;
      const cgi = parseCgiHeaders(head.subarray(0, end.at).toString('latin1'));
      status = cgi.status;
      res.writeHead(cgi.status, cgi.headers);
      res.write(head.subarray(end.at + end.length));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (status === undefined) {
        const message = `git http-backend exited ${code} without answering: ${stderr.trim()}`;
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${message}\n`);
        resolve(500);
        return;
      }
      res.end();
      resolve(status);
    });
  });
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  return lf >= 0 ? { at: lf, length: 2 } : undefined;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
