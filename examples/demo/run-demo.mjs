// `npm run demo`: builds the demo repository in a temp dir with real git (a base commit on main and a
// PR-like commit on feature), then runs the bundled CLI on it and prints the review. Offline, no keys.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const cli = join(here, '../../dist/cli.js');

// Planted problems are assembled here, not stored in the repo, so no scanner flags this project itself.
// The key is AWS's documented example access key ID.
const PLANTED = {
  '{{AWS_ACCESS_KEY_ID}}': ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  '{{CONFLICT_OURS}}': `${'<'.repeat(7)} HEAD`,
  '{{CONFLICT_SEPARATOR}}': '='.repeat(7),
  '{{CONFLICT_THEIRS}}': `${'>'.repeat(7)} main`,
};

// Fixed identity and dates: the same commits (and SHAs) on every run and machine.
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Demo Author',
  GIT_AUTHOR_EMAIL: 'author@demo.invalid',
  GIT_COMMITTER_NAME: 'Demo Author',
  GIT_COMMITTER_EMAIL: 'author@demo.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T12:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const git = (cwd, ...args) => execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv, stdio: 'pipe' });

export function buildDemoRepo(parent) {
  const repo = join(parent, 'demo-shop');
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '--quiet', '--initial-branch=main');
  cpSync(join(here, 'base'), repo, { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'Initial demo shop');
  git(repo, 'checkout', '--quiet', '-b', 'feature/discounts');
  overlay(join(here, 'change'), repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'Add discount codes and payment settings');
  return repo;
}

function overlay(from, to) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) {
      mkdirSync(target, { recursive: true });
      overlay(source, target);
    } else {
      let text = readFileSync(source, 'utf8');
      for (const [placeholder, value] of Object.entries(PLANTED)) text = text.split(placeholder).join(value);
      writeFileSync(target, text);
    }
  }
}

function main() {
  const parent = mkdtempSync(join(tmpdir(), 'kilo-demo-'));
  const repo = buildDemoRepo(parent);
  try {
    const out = join(parent, 'out');
    console.log('Kilo Agent demo: reviewing feature/discounts against main in a fresh temp repository\n');
    const extra = process.argv.slice(2);
    const result = spawnSync(
      process.execPath,
      [cli, 'review', '--repo', repo, '--base', 'main', '--head', 'feature/discounts', '--out', out, ...extra],
      { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
    );
    // Exit 1 means "the review found problems", which is the point of the demo.
    if (result.status !== 0 && result.status !== 1) process.exitCode = result.status ?? 1;
  } finally {
    // The repository goes; the report files in out/ stay for a look.
    rmSync(repo, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
