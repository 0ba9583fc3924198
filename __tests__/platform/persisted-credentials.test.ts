// The warning for a checkout that keeps the job's token in .git/config, where a PR's tools can read it.
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { persistedCredentialsWarning } from '../../src/platform/github/persisted-credentials.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function checkout(persist: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'kilo-persisted-'));
  dirs.push(dir);
  execFileSync('git', ['init', '--quiet', dir]);
  // What actions/checkout writes with persist-credentials left at true (the value is base64 of x-access-token:…).
  if (persist) {
    execFileSync('git', [
      '-C',
      dir,
      'config',
      '--local',
      'http.https://github.com/.extraheader',
      'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2Zha2U=',
    ]);
  }
  return dir;
}

describe('persistedCredentialsWarning', () => {
  it('warns when actions/checkout left its Authorization header in .git/config', () => {
    expect(persistedCredentialsWarning(checkout(true))).toMatch(/set `persist-credentials: false`/);
  });

  it('is quiet for a checkout without it, and for a directory that is no checkout', () => {
    expect(persistedCredentialsWarning(checkout(false))).toBeUndefined();
    expect(persistedCredentialsWarning(join(tmpdir(), 'kilo-no-such-dir'))).toBeUndefined();
  });
});
