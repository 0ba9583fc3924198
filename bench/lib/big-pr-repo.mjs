// The analyzer benchmarks' seeded PR (analyzer-workload.mjs) as a real git repository: a `base` commit
// and, checked out on `main`, the head commit, so `git diff base HEAD` is that PR (as git writes it).
// The base tree is the head checkout with the text part of the seeded diff applied in reverse; binary
// files the PR adds are left out of it and those it modifies get other bytes. Both commits hold a
// `.github/kilo.yml` of `version: 1`: built-in analyzers only, no zero-config detection.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@kilo-agent.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@kilo-agent.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

/** Builds the repository in a new temp dir; returns its path (the caller removes it). */
export function buildBigPrRepo(workload) {
  const repo = mkdtempSync(join(tmpdir(), 'kilo-bench-big-pr-'));
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: repo,
      env: GIT_ENV,
      maxBuffer: 1 << 30,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'core.autocrlf', 'false');
  cpSync(workload.workspace, repo, { recursive: true });
  writeFileSync(join(repo, '.github', 'kilo.yml'), 'version: 1\n');
  git('add', '-A');
  const headTree = git('write-tree');

  const { text, binaries } = splitDiff(readFileSync(workload.diffPath, 'utf8'));
  const textDiff = join(repo, '.git', 'text.diff');
  writeFileSync(textDiff, text);
  git('apply', '--reverse', '--whitespace=nowarn', textDiff);
  for (const { path, added } of binaries) {
    if (added) rmSync(join(repo, path));
    else writeFileSync(join(repo, path), Buffer.alloc(512, 7));
  }
  git('add', '-A');
  const base = git('commit-tree', git('write-tree'), '-m', 'base');
  const head = git('commit-tree', headTree, '-p', base, '-m', 'A 3,000-file PR');
  git('update-ref', 'refs/heads/base', base);
  git('update-ref', 'refs/heads/main', head);
  git('reset', '--quiet', '--hard', 'main');
  return repo;
}

/** The seeded diff without its binary sections (git apply needs full blob ids for those), and them. */
function splitDiff(diff) {
  const sections = diff.split(/^(?=diff --git )/m);
  const binaries = [];
  const text = [];
  for (const section of sections) {
    const binary = /^Binary files (\S+) and b\/(\S+) differ$/m.exec(section);
    if (binary) binaries.push({ path: binary[2], added: binary[1] === '/dev/null' });
    else text.push(section);
  }
  return { text: text.join(''), binaries };
}
