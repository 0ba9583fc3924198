import { describe, expect, it } from '@jest/globals';
import { scanSecrets } from '../../src/agents/builtins/secrets.js';
import { findSecretMatches, shannonEntropy } from '../../src/trace/secret-patterns.js';

// Every secret is assembled at runtime so this file never contains one (our own review would flag it).
const AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_SESSION_KEY = 'ASIA' + 'Y34FZKBOKMUTVV7A';
const GITHUB_PAT = 'ghp_' + 'a1B2c3D4e5'.repeat(3) + 'f6G7h8';
const GITHUB_FINE_GRAINED = 'github_pat_' + '11ABCDEFG0' + 'abcdefghijklmnopqrstuvwxyz_0123456789';
const SLACK = 'xoxb' + '-123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx';
const RANDOM = 'q8Zr2Lx9' + 'Vb4Nm7Tk1Wp3';
const KEY_HEADER = (type: string): string => '-'.repeat(5) + `BEGIN ${type}PRIVATE KEY` + '-'.repeat(5);

function scanLine(content: string): ReturnType<typeof scanSecrets> {
  return scanSecrets('src/config.ts', new Map([[7, content]]));
}

describe('scanSecrets true positives', () => {
  it.each([
    ['aws-access-key-id', `aws_access_key_id = ${AWS_KEY}`, AWS_KEY],
    ['aws-access-key-id', `AWS_ACCESS_KEY_ID: "${AWS_SESSION_KEY}"`, AWS_SESSION_KEY],
    ['github-token', `const client = new Octokit({ auth: '${GITHUB_PAT}' });`, GITHUB_PAT],
    ['github-token', `GH=${GITHUB_FINE_GRAINED}`, GITHUB_FINE_GRAINED],
    ['slack-token', `slack(${JSON.stringify(SLACK)})`, SLACK],
    ['generic-secret', `const apiToken = "${RANDOM}";`, RANDOM],
    ['generic-secret', `DB_PASSWORD = '${RANDOM}'`, RANDOM],
    ['generic-secret', `  "client_secret": "${RANDOM}",`, RANDOM],
    ['generic-secret', `password: "${RANDOM}"`, RANDOM],
    ['generic-secret', `export API_KEY=${RANDOM}`, RANDOM],
  ])('flags a %s in %j without repeating it', (kind, content, secret) => {
    const findings = scanLine(content);
    expect(findings.map((f) => [f.rule, f.severity, f.source, f.path, f.line])).toEqual([
      [`secrets/${kind}`, 'error', 'secrets', 'src/config.ts', 7],
    ]);
    const message = findings[0]?.message ?? '';
    expect(message).toContain(`(${secret.slice(0, 4)}… ${secret.length} chars)`);
    expect(message).not.toContain(secret);
    expect(message).not.toContain(secret.slice(4, 12));
  });

  it('words the AWS message as documented', () => {
    expect(scanLine(`key = ${AWS_KEY}`)[0]?.message).toBe(
      'Possible AWS access key ID (AKIA… 20 chars) added; remove it and rotate the key.',
    );
  });

  it.each(['RSA ', 'OPENSSH ', 'EC ', ''])('flags a %sprivate key header', (type) => {
    const findings = scanLine(KEY_HEADER(type));
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ['secrets/private-key', 'Possible private key block added; remove it and rotate the key.'],
    ]);
  });

  it('reports each added line separately, in line order', () => {
    const findings = scanSecrets(
      'a.env',
      new Map([
        [9, `API_TOKEN=${RANDOM}`],
        [2, `AWS=${AWS_KEY}`],
      ]),
    );
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [2, 'secrets/aws-access-key-id'],
      [9, 'secrets/generic-secret'],
    ]);
  });

  it('reports a token once, as its specific kind, when it is also a secret-looking assignment', () => {
    expect(scanLine(`github_token = "${GITHUB_PAT}"`).map((f) => f.rule)).toEqual(['secrets/github-token']);
  });
});

describe('scanSecrets false positives', () => {
  it.each([
    ['a placeholder of x', 'password = "xxxxxxxxxxxxxxxxxxxxxxxx"'],
    ['changeme', 'token = "changeme-changeme-1234"'],
    ['an Actions secret reference', 'token: ${{ secrets.GITHUB_TOKEN }}'],
    ['a quoted Actions secret reference', 'token: "${{ secrets.NPM_TOKEN_2024 }}"'],
    ['an env reference', 'const token = process.env.GITHUB_TOKEN;'],
    ['a shell variable', 'export API_TOKEN=${API_TOKEN_FROM_VAULT_1}'],
    ['a low-entropy value', 'secret = "1234567812345678"'],
    ['a short value', 'token = "a1b2c3"'],
    ['an identifier-like value', 'const passwordField = "reset_password_confirmation";'],
    ['a URL', 'const tokenUrl = "https://auth.example.org/oauth2/token?v=2";'],
    ['prose', 'passwordHint: "Use 16 characters, a digit and a symbol"'],
    ['a random value under an innocent name', `const greeting = "${RANDOM}";`],
    ['an AKIA prefix without a full key', 'const prefix = "AKIA";'],
    ['a comparison, not an assignment', `if (password == "${RANDOM}") {`],
  ])('ignores %s', (_label, content) => {
    expect(scanLine(content)).toEqual([]);
  });
});

describe('findSecretMatches', () => {
  it('returns the exact spans of the secrets, ordered by position, for redaction', () => {
    const line = `a=${AWS_KEY} b="${SLACK}" token = "${RANDOM}"`;
    const matches = findSecretMatches(line);
    expect(matches.map((m) => [m.kind, line.slice(m.start, m.end)])).toEqual([
      ['aws-access-key-id', AWS_KEY],
      ['slack-token', SLACK],
      ['generic-secret', RANDOM],
    ]);
  });

  it('finds nothing in ordinary code', () => {
    expect(findSecretMatches('const total = items.reduce((sum, item) => sum + item.price, 0);')).toEqual([]);
  });
});

describe('secret fingerprints', () => {
  it('stay the same when the line moves and when only the secret value changes', () => {
    const before = scanSecrets('a.ts', new Map([[3, `key = ${AWS_KEY}`]]))[0]?.fingerprint;
    const moved = scanSecrets('a.ts', new Map([[30, `key = ${AWS_KEY}`]]))[0]?.fingerprint;
    const rotated = scanSecrets('a.ts', new Map([[3, `key = ${AWS_SESSION_KEY}`]]))[0]?.fingerprint;
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(moved).toBe(before);
    expect(rotated).toBe(before);
  });
});

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct characters', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy(RANDOM)).toBeCloseTo(Math.log2(20), 10);
  });
});
