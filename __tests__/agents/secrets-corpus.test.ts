// A corpus of realistic added lines, each with the secret kinds the scanner must report (none for the
// true negatives). Every secret-looking value is assembled at run time from pieces, so this file holds
// nothing a secret scanner (ours, or GitHub push protection) would flag.
import { describe, expect, it } from '@jest/globals';
import { scanSecrets } from '../../src/agents/builtins/secrets.js';
import { findSecretMatches, type SecretKind } from '../../src/trace/secret-patterns.js';

const join = (...parts: string[]): string => parts.join('');

// Well-known token formats.
const AWS = join('AKIA', 'Z7Q2', 'LM4T', 'X9RB', 'W3KD');
const AWS_SESSION = join('ASIA', 'J5NC', 'Y8PV', 'F2HU', 'R6GE');
const GH_CLASSIC = join('ghp', '_', 'R4nD0mT0k3n', 'Q8zL2xV9b4', 'Nm7Tk1Wp3s', 'Yc6Ei');
const GH_OAUTH = join('gho', '_', 'Zx9Kq2Lm7P', 'b4Vn8Rt1Ws', '3Jd6Fh0Gy5', 'Ua2CeR');
const GH_SERVER = join('ghs', '_', 'Pq7Wm2Xk9R', 'v4Ln8Bt1Hs', '3Zd6Cf0Jy5', 'Ea2NkT');
const GH_FINE = join(
  'github',
  '_pat_',
  '11AB3CD5E0',
  'q8Zr2Lx9Vb4Nm7Tk1Wp3s',
  '_',
  'Yc6Ea0Ud2Gf5Hj8Kl1Mn4Pq7Rs',
);
const SLACK_BOT = join('xox', 'b-', '2094857361', '-', '4758102938475', '-', 'Qw3Er5Ty7Ui9Op1As2Df4Gh6');
const SLACK_USER = join('xox', 'p-', '1029384756', '-', '5647382910', '-', 'Lk9Jh7Gf5Ds3');
const PEM = (type: string): string => join('-----', 'BEGIN ', type, 'PRIVATE KEY', '-----');
// Random-looking values for the generic rule: mixed case and digits, hex, base64.
const RANDOM = join('q8Zr2Lx9', 'Vb4Nm7Tk', '1Wp3');
const HEX = join('9f8e7d6c', '5b4a3f2e', '1d0c8b7a', '6e5f4d3c');
const BASE64 = join('bG9uZy1y', 'YW5kb20t', 'dmFsdWUx', 'Mj+/=');
// Not secrets, but long and random enough to tempt a scanner.
const UUID = join('3f2504e0', '-4f89-', '11d3-9a0c-', '0305e82c3301');
const SHA1 = join('da39a3ee5e6b4b0d', '3255bfef95601890', 'afd80709');
const INTEGRITY = join('sha512-', 'v2kDEe57lecTul', 'aAJi8OgKbqYt3L', 'cMGo2gNqrT4vU0', 'w==');

type Case = [label: string, path: string, line: string, kinds: SecretKind[]];

const TRUE_POSITIVES: Case[] = [
  ['AWS key id in JS', 'src/s3.js', `const accessKeyId = '${AWS}';`, ['aws-access-key-id']],
  ['AWS key id in Python', 'app/settings.py', `aws_access_key_id = "${AWS}"`, ['aws-access-key-id']],
  ['AWS key id in .env', '.env', `AWS_ACCESS_KEY_ID=${AWS}`, ['aws-access-key-id']],
  ['AWS key id in YAML', 'deploy/values.yaml', `  accessKey: ${AWS}`, ['aws-access-key-id']],
  ['AWS session key in JSON', 'creds.json', `  "AccessKeyId": "${AWS_SESSION}",`, ['aws-access-key-id']],
  [
    'GitHub classic token in TS',
    'src/gh.ts',
    `const octokit = new Octokit({ auth: '${GH_CLASSIC}' });`,
    ['github-token'],
  ],
  ['GitHub OAuth token in YAML', 'config/ci.yml', `github_token: ${GH_OAUTH}`, ['github-token']],
  [
    'GitHub app token in a clone URL',
    'scripts/clone.sh',
    `git clone https://x-access-token:${GH_SERVER}@github.com/o/r.git`,
    ['github-token'],
  ],
  ['GitHub fine-grained token in .env', '.env.local', `GH_TOKEN=${GH_FINE}`, ['github-token']],
  ['GitHub fine-grained token in JSON', 'settings.json', `{ "token": "${GH_FINE}" }`, ['github-token']],
  ['GitHub token exported in shell', 'setup.sh', `export GITHUB_TOKEN="${GH_CLASSIC}"`, ['github-token']],
  ['Slack bot token in Python', 'bot.py', `client = WebClient(token="${SLACK_BOT}")`, ['slack-token']],
  ['Slack user token in YAML', 'slack.yml', `slack_user_token: "${SLACK_USER}"`, ['slack-token']],
  ['RSA private key header', 'id_rsa', PEM('RSA '), ['private-key']],
  [
    'OpenSSH private key in a template string',
    'test/keys.ts',
    `const key = \`${PEM('OPENSSH ')}`,
    ['private-key'],
  ],
  ['encrypted PKCS#8 key header', 'certs/key.pem', PEM('ENCRYPTED '), ['private-key']],
  [
    'private key inside a service-account JSON',
    'gcp.json',
    `  "private_key": "${PEM('')}\\nMIIEvQ",`,
    ['private-key'],
  ],
  [
    'PGP private key block',
    'keys.asc',
    join('-----', 'BEGIN PGP ', 'PRIVATE KEY BLOCK', '-----'),
    ['private-key'],
  ],
  ['apiKey in JS', 'src/maps.js', `const apiKey = "${RANDOM}";`, ['generic-secret']],
  [
    'class field in TS',
    'src/client.ts',
    `  private readonly clientSecret = '${RANDOM}';`,
    ['generic-secret'],
  ],
  [
    'typed constant in TS',
    'src/config.ts',
    `export const API_TOKEN: string = '${RANDOM}';`,
    ['generic-secret'],
  ],
  ['object property in TS', 'src/auth.ts', `  authToken: '${RANDOM}',`, ['generic-secret']],
  ['Django SECRET_KEY', 'mysite/settings.py', `SECRET_KEY = '${HEX}'`, ['generic-secret']],
  ['typed Python constant', 'app/config.py', `API_KEY: str = "${RANDOM}"`, ['generic-secret']],
  ['Python keyword argument', 'app/stripe.py', `stripe.Client(api_key="${RANDOM}")`, ['generic-secret']],
  ['unquoted YAML password', 'docker-compose.yml', `      POSTGRES_PASSWORD: ${RANDOM}`, ['generic-secret']],
  ['unquoted YAML list item', 'k8s/secret.yaml', `  - client_secret: ${BASE64}`, ['generic-secret']],
  ['quoted YAML secret', 'config/app.yml', `client_secret: "${BASE64}"`, ['generic-secret']],
  ['unquoted YAML with a comment', 'config/db.yml', `password: ${HEX} # rotate monthly`, ['generic-secret']],
  ['.env password', '.env', `DB_PASSWORD=${RANDOM}`, ['generic-secret']],
  ['.env quoted token', '.env', `SENTRY_AUTH_TOKEN="${HEX}"`, ['generic-secret']],
  ['JSON secret', 'appsettings.json', `    "ClientSecret": "${RANDOM}",`, ['generic-secret']],
  ['Go short assignment', 'main.go', `\ttoken := "${RANDOM}"`, ['generic-secret']],
  ['Java properties', 'application.properties', `spring.datasource.password=${RANDOM}`, ['generic-secret']],
  ['TOML', 'config.toml', `api_key = "${HEX}"  # production`, ['generic-secret']],
  ['Ruby hash rocket', 'config/initializers/api.rb', `  :secret => '${RANDOM}',`, ['generic-secret']],
  ['UUID used as an API key', 'heroku.env', `HEROKU_API_KEY=${UUID}`, ['generic-secret']],
  [
    'a token and an AWS key on one line',
    'mixed.sh',
    `AWS=${AWS} TOKEN="${RANDOM}"`,
    ['aws-access-key-id', 'generic-secret'],
  ],
];

const TRUE_NEGATIVES: Case[] = [
  ['a placeholder', 'README.md', 'api_key = "your-api-key-goes-here"', []],
  ['an angle-bracket placeholder', '.env.example', 'GITHUB_TOKEN=<your-token-here>', []],
  ['an Actions secret', '.github/workflows/ci.yml', '          token: ${{ secrets.GITHUB_TOKEN }}', []],
  [
    'a quoted Actions secret',
    '.github/workflows/ci.yml',
    '      password: "${{ secrets.DB_PASSWORD_2024 }}"',
    [],
  ],
  ['process.env', 'src/env.ts', 'const token = process.env.TOKEN;', []],
  ['os.environ', 'app/env.py', 'api_key = os.environ["API_KEY_V2"]', []],
  ['import.meta.env', 'src/vite.ts', '  apiKey: import.meta.env.VITE_API_KEY_2,', []],
  ['a shell variable', 'run.sh', 'export API_TOKEN=$API_TOKEN_FROM_VAULT_1', []],
  ['a YAML env reference', 'compose.yml', '      DB_PASSWORD: ${DB_PASSWORD_PROD_1}', []],
  ['a UUID under an innocent name', 'src/ids.ts', `const requestId = "${UUID}";`, []],
  ['a UUID as a JSON id', 'fixtures/user.json', `  "id": "${UUID}",`, []],
  ['a commit SHA under an innocent name', 'src/version.ts', `export const commit = "${SHA1}";`, []],
  ['a lockfile integrity hash', 'package-lock.json', `      "integrity": "${INTEGRITY}",`, []],
  ['a yarn.lock integrity line', 'yarn.lock', `  integrity ${INTEGRITY}`, []],
  [
    'a lockfile URL',
    'package-lock.json',
    '      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",',
    [],
  ],
  [
    'prose about passwords',
    'docs/security.md',
    'The password must be at least 12 characters long and contain a digit.',
    [],
  ],
  [
    'a code comment',
    'src/login.ts',
    '// TODO: rotate the api_key every 90 days (see runbook section 4.2)',
    [],
  ],
  ['an i18n string', 'locales/en.json', '  "passwordResetTitle": "Reset your password in 2 steps",', []],
  ['a fixture of x', 'test/login.test.ts', "  password: 'xxxxxxxxxxxxxxxx',", []],
  ['a masked value', 'test/mask.test.ts', 'token = "****************"', []],
  ['a dummy value', 'test/api.test.ts', 'const apiKey = "dummy-key-1234567890abcdef";', []],
  ['a short password', 'test/seed.py', 'password = "hunter2"', []],
  ['a short token', 'src/demo.ts', 'const token = "abc123";', []],
  ['a token endpoint URL', 'src/oauth.ts', 'const tokenUrl = "https://oauth2.googleapis.com/token";', []],
  ['a token endpoint in .env', '.env', 'TOKEN_ENDPOINT=https://login.example.com/oauth2/v2.0/token', []],
  ['an identifier-like value', 'src/form.ts', 'const PASSWORD_FIELD = "new_password_confirmation";', []],
  ['a TypeScript type annotation', 'src/types.ts', '  apiToken: string;', []],
  ['a model name under a token-ish key', 'config/model.yml', 'tokenizer: bert-base-uncased-v2', []],
  ['a Kubernetes secret name', 'k8s/deploy.yaml', '          secretName: my-app-tls-secret-2', []],
  ['a storage key', 'src/storage.ts', 'const tokenStorageKey = "app.auth.token.v2";', []],
  ['a CSS class', 'src/highlight.ts', 'const tokenClass = "token-highlight-keyword-2";', []],
  ['a JS object value that is code', 'src/auth.ts', '  token: getTokenFromVault(userId2),', []],
  ['a YAML-shaped line in code', 'src/auth.ts', '  clientSecret: vaultSecretsPrimary2024', []],
  ['a template literal', 'src/http.ts', 'headers.authorization = `Bearer ${token}`;', []],
  ['a comparison', 'src/check.ts', `if (password === "${RANDOM}") {`, []],
  ['a random value under an innocent name', 'src/seed.ts', `const seed = "${RANDOM}";`, []],
  ['a GitHub token prefix alone', 'src/mask.ts', "const prefix = 'ghp_';", []],
  [
    'a Markdown table row',
    'docs/api.md',
    '| token | string | The API token, e.g. from `gh auth token` |',
    [],
  ],
];

function scan(path: string, line: string) {
  return scanSecrets(path, new Map([[12, line]]));
}

/** The secret values in a line, as the scanner's own spans say. */
const secretsIn = (line: string): string[] => findSecretMatches(line).map((m) => line.slice(m.start, m.end));

describe('secrets corpus', () => {
  it('has at least 40 lines, true positives and true negatives', () => {
    expect(TRUE_POSITIVES.length + TRUE_NEGATIVES.length).toBeGreaterThanOrEqual(40);
    expect(TRUE_POSITIVES.length).toBeGreaterThanOrEqual(20);
    expect(TRUE_NEGATIVES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(TRUE_POSITIVES)('flags %s', (_label, path, line, kinds) => {
    const findings = scan(path, line);
    expect(findings.map((f) => [f.rule, f.severity, f.path, f.line])).toEqual(
      kinds.map((kind) => [`secrets/${kind}`, 'error', path, 12]),
    );
  });

  it.each(TRUE_NEGATIVES)('ignores %s', (_label, path, line) => {
    expect(scan(path, line)).toEqual([]);
  });

  it('never puts a secret value, or most of it, in a message or fingerprint', () => {
    for (const [label, path, line] of TRUE_POSITIVES) {
      const secrets = secretsIn(line);
      expect({ label, count: secrets.length > 0 }).toEqual({ label, count: true });
      for (const finding of scan(path, line)) {
        for (const secret of secrets) {
          // The first four characters are shown on purpose (see redact()); anything longer is a leak.
          expect({ label, leaked: finding.message.includes(secret.slice(0, 8)) }).toEqual({
            label,
            leaked: false,
          });
          expect(finding.fingerprint).toMatch(/^[0-9a-f]{16}$/);
          expect(finding.fingerprint.includes(secret.slice(0, 8))).toBe(false);
        }
      }
    }
  });

  it('gives the same fingerprint when only the secret value changes', () => {
    for (const [label, path, line] of TRUE_POSITIVES) {
      const secrets = secretsIn(line);
      const rotated = secrets.reduce((text, secret) => text.replace(secret, rotate(secret)), line);
      expect({ label, same: scan(path, rotated).map((f) => f.fingerprint) }).toEqual({
        label,
        same: scan(path, line).map((f) => f.fingerprint),
      });
    }
  });
});

/** Another value of the same shape: digits shifted, letters rotated, case kept (prefixes too, harmless). */
function rotate(secret: string): string {
  return secret.replace(/[0-9]/g, (d) => String((Number(d) + 3) % 10));
}
