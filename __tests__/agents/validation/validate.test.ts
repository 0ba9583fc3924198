// Suggestion validation end to end on a real repository: a real fixer run by the refactorer makes
// suggestions, the tester re-runs real node:test tests with them applied and bisects to the culprit.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRefactorer } from '../../../src/agents/refactorer.js';
import { createTester } from '../../../src/agents/tester.js';
import type { AgentOutput } from '../../../src/agents/types.js';
import type { CommandTaskSpec } from '../../../src/plan/types.js';
import {
  commandSubtask,
  createPrRepo,
  makeInput,
  nodeCommand,
  validationSubtask,
  type PrRepo,
} from '../helpers.js';

const BASE = {
  'package.json': '{ "type": "module" }\n',
  'src/price.js': 'export const TAX = 0.2;\nexport const total = (net) => net * (1 + TAX);\n',
  'test/price.test.js': [
    "import test from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { total, label } from '../src/price.js';",
    "test('total adds the tax', () => assert.equal(total(100), 120));",
    "test('label', () => assert.equal(label(3), 'x3'));",
    '',
  ].join('\n'),
};
const HEAD = {
  ...BASE,
  'src/price.js': [
    'export const TAX = 0.2;',
    'export const total = (net) => net * (1 + TAX);',
    'export const label = (n)=>"x"+n;',
    '// rates',
    'export const RATE = 0.2;',
    '',
  ].join('\n'),
};

/** A fixer (node -e) that applies string replacements to src/price.js. */
function fixer(rewrites: Array<[string, string]>): string {
  const body = rewrites
    .map(([from, to]) => `.replace(${JSON.stringify(from)}, ${JSON.stringify(to)})`)
    .join('');
  return nodeCommand(
    `const fs = require("fs"); fs.writeFileSync("src/price.js", fs.readFileSync("src/price.js", "utf8")${body})`,
  );
}

const testTask: CommandTaskSpec = {
  type: 'command',
  name: 'unit',
  run: 'node --test test/price.test.js',
  format: 'exit-code',
  timeoutSeconds: 60,
  env: [],
  limits: {},
  filter: 'added',
};

describe('suggestion validation', () => {
  let pr: PrRepo;
  beforeAll(() => {
    pr = createPrRepo(BASE, HEAD);
  });
  afterAll(() => pr.repo.remove());

  async function refactorThenValidate(rewrites: Array<[string, string]>) {
    const refactor = commandSubtask('refactor', 'refactorer', fixer(rewrites), ['src/price.js']);
    const refactored = await createRefactorer().run(makeInput(refactor, pr.context, pr.repo.dir));
    expect(refactored.status).toBe('ok');
    const input = makeInput(
      validationSubtask(testTask, 'test:unit', 'refactor:tool'),
      pr.context,
      pr.repo.dir,
    );
    input.upstream = (id) => (id === 'refactor:tool' ? refactored : undefined);
    const validated: AgentOutput = await createTester().run(input);
    return { refactored, validated, events: input.span.events };
  }

  it('rolls back the suggestion that breaks a test and validates the others, in few test runs', async () => {
    const before = readFileSync(path.join(pr.repo.dir, 'src/price.js'), 'utf8');
    const { refactored, validated, events } = await refactorThenValidate([
      ['(n)=>"x"+n', '(n) => "y" + n'], // breaks test 'label'
      ['RATE = 0.2;', 'RATE = 0.2; // per cent / 100'],
    ]);
    expect(refactored.suggestions.map((s) => [s.startLine, s.replacement])).toEqual([
      [3, 'export const label = (n) => "y" + n;'],
      [5, 'export const RATE = 0.2; // per cent / 100'],
    ]);
    const [breaking, harmless] = refactored.suggestions;
    expect(validated.status).toBe('ok');
    expect(validated.validation).toEqual({
      validated: [harmless!.fingerprint],
      dropped: [
        {
          fingerprint: breaking!.fingerprint,
          reason: 'rolled back: test:unit failed (exit code 1) with it applied',
        },
      ],
      testRuns: 3,
    });
    expect(validated.reason).toBe('1 validated, 1 rolled back, 3 test runs');
    // Every run is in the trace, with the number of suggestions applied and the verdict.
    const runs = events.filter((e) => e.kind === 'validate' && e.name.startsWith('run '));
    expect(runs.map((e) => [e.attrs.applied, e.attrs.passed])).toEqual([
      [2, false],
      [1, false],
      [1, true],
    ]);
    expect(events.filter((e) => e.kind === 'validate' && e.name === 'rolled back')).toHaveLength(1);
    // The tests ran for real: one node process per run.
    expect(events.filter((e) => e.kind === 'command' && e.name === 'unit')).toHaveLength(3);
    // The user's checkout was never written.
    expect(readFileSync(path.join(pr.repo.dir, 'src/price.js'), 'utf8')).toBe(before);
  });

  it('validates everything in one run when the tests pass with all suggestions applied', async () => {
    const { refactored, validated } = await refactorThenValidate([
      ['(n)=>"x"+n', '(n) => "x" + n'],
      ['RATE = 0.2;', 'RATE = 0.2; // per cent / 100'],
    ]);
    expect(validated.validation).toEqual({
      validated: refactored.suggestions.map((s) => s.fingerprint),
      dropped: [],
      testRuns: 1,
    });
  });

  it('runs validate-run with {files} as the files the applied suggestions change, when the task has it', async () => {
    const refactor = commandSubtask('refactor', 'refactorer', fixer([['(n)=>"x"+n', '(n) => "x" + n']]), [
      'src/price.js',
    ]);
    const refactored = await createRefactorer().run(makeInput(refactor, pr.context, pr.repo.dir));
    const subtask = validationSubtask(testTask, 'test:unit', 'refactor:tool');
    if (subtask.task.type !== 'validate') throw new Error('expected a validation task');
    // Exits 3 exactly when it is handed the file the suggestion changes.
    subtask.task.tests[0]!.task.validateRun = nodeCommand(
      'process.exit(process.argv.slice(1).join() === "src/price.js" ? 3 : 0)',
      '{files}',
    );
    const input = makeInput(subtask, pr.context, pr.repo.dir);
    input.upstream = () => refactored;
    const output = await createTester().run(input);
    expect(output.validation?.dropped).toEqual([
      {
        fingerprint: refactored.suggestions[0]!.fingerprint,
        reason: 'rolled back: test:unit failed (exit code 3) with it applied',
      },
    ]);
  });

  it('has nothing to do without suggestions', async () => {
    const input = makeInput(
      validationSubtask(testTask, 'test:unit', 'refactor:tool'),
      pr.context,
      pr.repo.dir,
    );
    const output = await createTester().run(input);
    expect([output.status, output.reason, output.validation]).toEqual([
      'ok',
      'no suggestions to validate',
      undefined,
    ]);
  });
});
