import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { scanSecrets } from '../../src/agents/builtins/secrets.js';
import {
  findSecretMatches,
  findSecretMatchesUnchecked,
  scanAddedLineSecrets,
} from '../../src/trace/secret-patterns.js';

// Secret-shaped text is assembled from pieces at runtime, never written whole (our own review would flag it).
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
const run = (alphabet: string[], min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((chars) => chars.join(''));

/** Pieces a line is made of: each rule's prefixes and shapes, in several cases, and plain code. */
const piece = fc.oneof(
  fc.constantFrom(
    'AK',
    'IA',
    'AS',
    'ak' + 'ia',
    'gh',
    'p_',
    'o_',
    'github',
    '_pat_',
    'xox',
    'b-',
    'x' + 'oxp-',
  ),
  fc.constantFrom('-----', 'BEGIN ', 'RSA ', 'EC ', 'PRIVATE', ' KEY', ' BLOCK', 'private key'),
  fc.constantFrom('secret', 'Secret', 'TOKEN', 'token', 'pass' + 'word', 'PASS' + 'WD', 'api_key', 'ApiKey'),
  fc.constantFrom('db_', 'GITHUB_', 'const ', 'export ', '- ', 'my', '.', '$', '_'),
  fc.constantFrom(' = ', '=', ': ', ':', ' := ', ' => ', ': str = ', '"', "'", '`', ' # note', ' ', '\t'),
  fc.constantFrom('AKIA', 'ASIA').chain((prefix) => run(UPPER, 14, 18).map((rest) => prefix + rest)),
  fc.constantFrom('ghp_', 'gho_', 'ghs_', 'github_pat_').chain((p) => run(ALNUM, 20, 40).map((r) => p + r)),
  run('0123456789'.split(''), 1, 12).map((digits) => `${'xox'}b-${digits}-`),
  run(ALNUM, 8, 40),
  fc.string({ maxLength: 6 }),
  fc
    .tuple(fc.constantFrom('', 'RSA ', 'EC ', 'OPENSSH ', 'rsa '), fc.constantFrom('', ' BLOCK'))
    .map(([type, block]) => `${'-'.repeat(5)}BEGIN ${type}PRIVATE KEY${block}${'-'.repeat(5)}`),
);
/** An assignment of a random value to a name that may be secret-looking, in each syntax the rules read. */
const assignment = fc
  .tuple(
    fc.constantFrom('', 'db_', 'GITHUB_', 'my', 'x.'),
    fc.constantFrom('secret', 'Secret', 'TOKEN', 'pass' + 'word', 'PASS' + 'WD', 'api_key', 'ApiKey', 'name'),
    fc.constantFrom('', '_v2', 'Value'),
    fc.constantFrom(' = ', '=', ': ', ':', ' := ', ' => ', ': str = '),
    fc.constantFrom('"', "'", '`', ''),
    run(ALNUM, 12, 40),
  )
  .map(
    ([before, name, after, operator, quote, value]) =>
      `${before}${name}${after}${operator}${quote}${value}${quote}`,
  );
const line = fc.array(fc.oneof(piece, assignment), { maxLength: 8 }).map((pieces) => pieces.join(''));
const PATHS = [undefined, 'src/config.ts', 'deploy/values.yaml', '.env'] as const;

describe('the secret scan pre-check', () => {
  it('never skips a line any rule would match (every path kind, lines built from the rules’ parts)', () => {
    let matched = 0;
    let lines = 0;
    fc.assert(
      fc.property(line, (text) => {
        lines++;
        for (const path of PATHS) {
          const full = findSecretMatchesUnchecked(text, path);
          if (full.length > 0) matched++;
          expect(findSecretMatches(text, path)).toEqual(full);
        }
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: a good share of the generated lines hold a secret by the rules themselves.
    expect(matched).toBeGreaterThan(lines / 10);
  });

  it('never skips a line of any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(findSecretMatches(text)).toEqual(findSecretMatchesUnchecked(text));
      }),
    );
  });
});

describe('scanAddedLineSecrets', () => {
  const yamlShaped = `api_token: ${'q8Zr2Lx9' + 'Vb4Nm7Tk1Wp3'}`;
  const awsKey = `const key = '${'AKIA' + 'IOSFODNN7EXAMPLE'}';`;
  const files = new Map<string, ReadonlyMap<number, string>>([
    [
      'src/a.ts',
      new Map([
        [3, awsKey],
        [4, yamlShaped],
        [5, 'const total = 1;'],
      ]),
    ],
    ['config/b.yml', new Map([[1, yamlShaped]])],
  ]);
  const scan = scanAddedLineSecrets(files.keys(), (path) => files.get(path) ?? new Map());

  it('answers each added line as findSecretMatches does for its path', () => {
    for (const [path, lines] of files) {
      for (const [number, content] of lines)
        expect(scan.at(path, number, content)).toEqual(findSecretMatches(content, path));
    }
  });

  it('masks what any rule finds, the YAML rule in a .ts file included', () => {
    const expected = [...files.values()].flatMap((lines) =>
      [...lines.values()].flatMap((content) =>
        findSecretMatches(content).map((match) => content.slice(match.start, match.end)),
      ),
    );
    expect([...scan.values].sort()).toEqual(expected.sort());
    expect(scan.values).toContain(yamlShaped.slice('api_token: '.length));
  });

  it('does not answer for a line it did not scan with that content', () => {
    expect(scan.at('src/a.ts', 5, awsKey)).toBeUndefined();
    expect(scan.at('src/other.ts', 3, awsKey)).toBeUndefined();
  });

  it('gives the secrets analyzer the findings it finds by scanning itself', () => {
    for (const [path, lines] of files)
      expect(scanSecrets(path, lines, scan)).toEqual(scanSecrets(path, lines));
    expect(scanSecrets('src/a.ts', files.get('src/a.ts')!, scan).map((f) => f.rule)).toEqual([
      'secrets/aws-access-key-id',
    ]);
  });
});

describe('scanAddedLineSecrets for a whole file', () => {
  it('lists only the lines with a secret, for the very map it scanned', () => {
    const aws = `key = '${'AKIA' + 'IOSFODNN7EXAMPLE'}'`;
    const lines = new Map([
      [1, 'plain'],
      [2, aws],
      [3, `password: ${'q8Zr2Lx9' + 'Vb4Nm7Tk1Wp3'}`],
    ]);
    const scan = scanAddedLineSecrets(['a.ts'], () => lines);
    expect([...scan.linesWithSecrets('a.ts', lines)!.keys()]).toEqual([2]);
    expect(scan.linesWithSecrets('a.ts', new Map(lines))).toBeUndefined();
    // Another map with the same lines: answered line by line, the same findings.
    expect(scanSecrets('a.ts', new Map(lines), scan)).toEqual(scanSecrets('a.ts', lines));
    expect(scanSecrets('a.yml', lines, scan)).toEqual(scanSecrets('a.yml', lines));
  });
});
