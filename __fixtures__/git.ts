// Real git repositories in temp dirs for tests, with a fixed identity (CI machines may have none).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@test.invalid',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  /** Writes the files, commits everything, returns the commit SHA. */
  commit(message: string, files?: Record<string, string>): string;
  remove(): void;
}

export function createTempRepo(prefix = 'kilo-test-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      env: GIT_ENV,
      encoding: 'utf8',
    });
  git('init', '--quiet', '--initial-branch=main');
  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files = {}) {
      write(files);
      git('add', '-A');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return headSha(dir) ?? git('rev-parse', 'HEAD').trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * HEAD's commit read from .git itself (a test repository's refs are loose files), saving a git process
 * per commit across the suite; undefined where git would have to answer (packed refs, a detached HEAD
 * written another way), and the caller asks git.
 */
function headSha(dir: string): string | undefined {
  try {
    const head = readFileSync(join(dir, '.git', 'HEAD'), 'utf8').trim();
    const ref = /^ref: (refs\/heads\/\S+)$/.exec(head)?.[1];
    const sha = ref ? readFileSync(join(dir, '.git', ref), 'utf8').trim() : head;
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}
