import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { createTester } from '../../src/agents/tester.js';
import { commandSubtask, createPolicy, makeInput, nodeCommand } from './helpers.js';

describe('tester', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createTempRepo('kilo-tester-');
    repo.commit('init', { 'marker.txt': 'here\n' });
  });
  afterAll(() => repo.remove());

  const context = makeContext(addedFileDiff('marker.txt', ['here']));
  const runTests = (command: string, policy = createPolicy(), timeoutSeconds = 30) => {
    const subtask = commandSubtask('test', 'tester', command, [], { name: 'unit', timeoutSeconds });
    return createTester().run(makeInput(subtask, context, repo.dir, policy));
  };

  it('passes when the test command exits 0 in the workspace', async () => {
    const output = await runTests(
      nodeCommand('process.exit(require("fs").existsSync("marker.txt") ? 0 : 4)'),
    );
    expect(output).toEqual({ status: 'ok', findings: [], suggestions: [] });
  });

  it('fails with the exit code and the last non-empty output line', async () => {
    const output = await runTests(
      nodeCommand('console.log("PASS a\\nFAIL b\\nTests: 1 failed, 3 passed\\n"); process.exit(1)'),
    );
    expect([output.status, output.reason]).toEqual([
      'failed',
      'tests failed (exit code 1): Tests: 1 failed, 3 passed',
    ]);
  });

  it('keeps the failure reason to 200 characters', async () => {
    const output = await runTests(nodeCommand('console.error("x".repeat(500)); process.exit(1)'));
    const detail = output.reason?.slice('tests failed (exit code 1): '.length) ?? '';
    expect(detail).toBe(`${'x'.repeat(199)}…`);
  });

  it('reports a run over its timeout as timed-out', async () => {
    const output = await runTests(nodeCommand('setTimeout(() => {}, 20000)'), createPolicy(), 0.3);
    expect([output.status, output.reason]).toEqual(['timed-out', 'node timed out after 0.3s']);
  });

  it('skips when the policy denies the test command', async () => {
    const policy = createPolicy({ command: (command) => command.startsWith('node') });
    const output = await runTests(nodeCommand('process.exit(0)'), policy);
    expect([output.status, output.reason]).toEqual(['skipped', 'policy: command not in commands.allow']);
  });
});
