// The `read` request: which paths of the checkout the reviewer's tools may read, and the rule that says no.
import { describe, expect, it } from '@jest/globals';
import { PolicyEngine, normalizeRepoPath } from '../../src/policy/engine.js';
import { configSchema, type ConfigInput } from '../../src/policy/schema.js';
import type { RecordedDecision } from '../../src/policy/types.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';

function engine(config: ConfigInput = {}) {
  const seen: RecordedDecision[] = [];
  const policy = new PolicyEngine({
    config: configSchema.parse(config),
    context: makeContext(addedFileDiff('a.ts', ['x'])),
    onDecision: (d) => seen.push(d),
  });
  return { policy, seen };
}

const read = (path: string, config: ConfigInput = {}) => engine(config).policy.decide({ kind: 'read', path });

describe('PolicyEngine reads', () => {
  it.each([
    ['src/a.ts', 'src/a.ts may be read'],
    ['./src/./a.ts', 'src/a.ts may be read'],
    ['src//lib/', 'src/lib may be read'],
    ['.github/dependabot.yml', '.github/dependabot.yml may be read'],
    ['src/environment.ts', 'src/environment.ts may be read'],
    ['docs/credentials.md', 'docs/credentials.md may be read'],
    ['keys.ts', 'keys.ts may be read'],
    ['.', 'the checkout root may be read'],
    ['./', 'the checkout root may be read'],
  ])('allows %j', (path, reason) => {
    expect(read(path)).toEqual({ allow: true, rule: 'read', reason });
  });

  it.each([
    ['', 'the path is empty'],
    ['a\0b', 'the path contains a NUL byte'],
    ['/etc/passwd', '/etc/passwd is absolute: paths are relative to the checkout root'],
    ['../../etc/passwd', '../../etc/passwd has a .. segment: paths stay inside the checkout'],
    ['src/../../x', 'src/../../x has a .. segment: paths stay inside the checkout'],
    ['src/..', 'src/.. has a .. segment: paths stay inside the checkout'],
  ])('refuses the malformed path %j (read.path)', (path, reason) => {
    expect(read(path)).toEqual({ allow: false, rule: 'read.path', reason });
  });

  it.each([
    ['.git', '.git is in .git/'],
    ['.git/config', '.git/config is in .git/'],
    ['./.git/hooks/pre-commit', '.git/hooks/pre-commit is in .git/'],
    ['vendor/lib/.git/HEAD', 'vendor/lib/.git/HEAD is in .git/'],
    ['.GIT/config', '.GIT/config is in .git/'],
  ])('refuses %j inside .git (read.git-dir)', (path, reason) => {
    expect(read(path)).toEqual({ allow: false, rule: 'read.git-dir', reason });
  });

  it.each([
    '.env',
    'config/.env.local',
    '.env.example',
    '.ENV',
    'certs/server.pem',
    'Server.PEM',
    'tls.key',
    '.ssh/id_rsa',
    'id_rsa.pub',
    'id_dsa',
    'id_ecdsa',
    'keys/id_ed25519',
    'store.p12',
    'store.pfx',
    '.npmrc',
    'pkg/.pypirc',
    '.netrc',
    '.git-credentials',
    'credentials.json',
    'gcp/credentials-prod.json',
    'vault.kdbx',
  ])('refuses %j, which looks like a secret (read.secret-path)', (path) => {
    expect(read(path)).toEqual({
      allow: false,
      rule: 'read.secret-path',
      reason: `${path} looks like a secret`,
    });
  });

  it('refuses the protected paths, the same globs as writes', () => {
    expect(read('.github/workflows/ci.yml')).toEqual({
      allow: false,
      rule: 'protected-paths',
      reason: '.github/workflows/ci.yml is a protected path',
    });
    expect(read('./.github/workflows')).toEqual({
      allow: false,
      rule: 'protected-paths',
      reason: '.github/workflows is a protected path',
    });
    const custom = { policy: { 'protected-paths': ['vendor/private/**'] } };
    expect(read('vendor/private/notes.txt', custom)).toEqual({
      allow: false,
      rule: 'protected-paths',
      reason: 'vendor/private/notes.txt is a protected path',
    });
    expect(read('.github/workflows/ci.yml', custom)).toEqual({
      allow: true,
      rule: 'read',
      reason: '.github/workflows/ci.yml may be read',
    });
  });

  it('records every read decision with its request, as the trace sees it', () => {
    const { policy, seen } = engine();
    policy.decide({ kind: 'read', path: 'src/a.ts' });
    policy.decide({ kind: 'read', path: '.env' });
    expect(seen.map((d) => [d.request, d.allow, d.rule])).toEqual([
      [{ kind: 'read', path: 'src/a.ts' }, true, 'read'],
      [{ kind: 'read', path: '.env' }, false, 'read.secret-path'],
    ]);
  });
});

describe('normalizeRepoPath', () => {
  it.each([
    ['a/./b', 'a/b'],
    ['./a', 'a'],
    ['a//b/', 'a/b'],
    ['././a/.', 'a'],
    ['.', ''],
    ['./', ''],
  ])('normalises %j to %j', (path, normal) => {
    expect(normalizeRepoPath(path)).toBe(normal);
  });
});
