import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '../../src/policy/parse-config.js';
import { configSchema } from '../../src/policy/schema.js';

const FILE = '.github/kilo.yml';

function errorOf(text: string): string {
  try {
    parseConfigText(text, FILE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfigText', () => {
  it('accepts an empty file and fills every default', () => {
    expect(parseConfigText('', FILE)).toEqual(configSchema.parse({}));
    expect(parseConfigText('', FILE).policy.budgets.comments).toBe(30);
  });

  it('reads tasks with their defaults', () => {
    const config = parseConfigText(
      'tasks:\n  analyze:\n    - name: eslint\n      run: npx eslint {files}\n',
      FILE,
    );
    expect(config.tasks.analyze).toEqual([
      {
        name: 'eslint',
        run: 'npx eslint {files}',
        format: 'exit-code',
        'timeout-seconds': 300,
        env: [],
        filter: 'added',
      },
    ]);
  });

  it.each([
    [
      'an unknown key (typo)',
      'policy:\n  bugets: {}\n',
      `${FILE}:2 policy: unknown key bugets (check the spelling; see docs/configuration.md)`,
    ],
    ['a missing command', 'tasks:\n  test:\n    - name: unit\n', `${FILE}:3 tasks.test[0].run: required`],
    [
      'an empty command',
      "tasks:\n  test:\n    - name: unit\n      run: '  '\n",
      `${FILE}:4 tasks.test[0].run: must not be empty`,
    ],
    [
      'a wrong type',
      'policy:\n  concurrency: lots\n',
      `${FILE}:2 policy.concurrency: Invalid input: expected number, received string`,
    ],
    [
      'an unknown output format',
      'tasks:\n  analyze:\n    - name: x\n      run: y\n      format: pdf\n',
      `${FILE}:5 tasks.analyze[0].format: Invalid option: expected one of "exit-code"|"eslint-json"|"tsc"|"sarif"|"rdjson"|"rdjsonl"|"checkstyle"|"problem-matcher"`,
    ],
    ['a YAML syntax error', 'policy: [1,\n  b', `${FILE} YAML syntax error:`],
    ['an alias without its anchor', 'version: *a\n', `${FILE} YAML error: Unresolved alias`],
    [
      'an alias flood',
      `policy:\n  skip:\n    labels: &l [x]\n  protected-paths: [${Array(101).fill('*l').join(', ')}]\n`,
      `${FILE} YAML error: Excessive alias count`,
    ],
    ['a wrong version', 'version: 2\n', `${FILE}:1 version: Invalid input: expected 1`],
    [
      'a glob with an unclosed brace',
      "tasks:\n  analyze:\n    - name: x\n      run: y\n      paths: ['src/**/*.{ts,js']\n",
      `${FILE}:5 tasks.analyze[0].paths[0]: 'src/**/*.{ts,js' is not a valid glob: Missing closing: "}"`,
    ],
    [
      "a task asking for the action's own token",
      'tasks:\n  test:\n    - name: unit\n      run: npm test\n      env: [NPM_TOKEN, GITHUB_TOKEN]\n',
      `${FILE}:5 tasks.test[0].env[1]: is one of the action's own credentials`,
    ],
    [
      'a glob outside the repository',
      "policy:\n  protected-paths: ['../secrets/**']\n",
      `${FILE}:2 policy.protected-paths[0]: '../secrets/**' must be relative to the repository root (no leading / or ..)`,
    ],
  ])('rejects %s with one line naming file, line and key', (_name, text, expected) => {
    const message = errorOf(text);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('lists every problem, one per line', () => {
    const message = errorOf('policy:\n  concurrency: x\n  max-files: -1\n');
    expect(message.split('\n')).toHaveLength(2);
  });
});
