import { afterEach, describe, expect, it } from '@jest/globals';
import { createAnalyzer } from '../../src/agents/analyzer.js';
import { createTester } from '../../src/agents/tester.js';
import { commandSubtask, createPrRepo, makeInput, nodeCommand, type PrRepo } from './helpers.js';

let pr: PrRepo | undefined;
afterEach(() => pr?.repo.remove());

function repo(): PrRepo {
  pr = createPrRepo(
    { 'package.json': '{}\n', 'pkg/package.json': '{}\n' },
    { 'pkg/src/a.js': 'const a = 1;\n', 'src/b.js': 'let b = 2;\n' },
  );
  return pr;
}

describe('a tool that is not installed', () => {
  it('is skipped with the fix when its program is not on PATH (ENOENT), never failed', async () => {
    const { repo: git, context } = repo();
    const subtask = commandSubtask('test', 'tester', 'kilo-no-such-tool-4711 --run', []);
    const output = await createTester().run(makeInput(subtask, context, git.dir));
    expect(output.status).toBe('skipped');
    expect(output.reason).toBe(
      'kilo-no-such-tool-4711 is not installed: install it before this step, or remove the task from .github/kilo.yml',
    );
    expect(output.toolError).toBeUndefined();
  });

  it('names the install step when a node_modules/.bin tool is missing', async () => {
    const { repo: git, context } = repo();
    const subtask = commandSubtask(
      'analyze',
      'analyzer',
      'node_modules/.bin/eslint --format json {files}',
      ['src/b.js'],
      {
        format: 'eslint-json',
      },
    );
    const output = await createAnalyzer().run(makeInput(subtask, context, git.dir));
    expect(output).toMatchObject({
      status: 'skipped',
      reason:
        'eslint is not installed (no node_modules/.bin/eslint): install the dependencies (e.g. `npm ci`) before this step',
    });
  });

  it("is skipped when a script's shell says `x: not found` (exit 127), quoting the shell", async () => {
    const { repo: git, context } = repo();
    const subtask = commandSubtask('test', 'tester', "sh -c 'xo && ava'", []);
    const output = await createTester().run(makeInput(subtask, context, git.dir));
    expect(output.status).toBe('skipped');
    expect(output.reason).toMatch(
      /^xo is not installed: install it before this step.* \(sh: 1: xo: not found\)$/,
    );
  });

  it('is skipped when the package manager says the dependencies are not installed', async () => {
    const { repo: git, context } = repo();
    const script =
      'console.error(" WARN  Local package.json exists, but node_modules missing, did you mean to install?"); process.exit(1)';
    const output = await createTester().run(
      makeInput(commandSubtask('test', 'tester', nodeCommand(script), []), context, git.dir),
    );
    expect(output).toMatchObject({
      status: 'skipped',
      reason: 'dependencies are not installed (no node_modules): run `pnpm install` before this step',
    });
  });
});

describe('a tool that failed', () => {
  it("keeps its last output lines, not only the package manager's last word", async () => {
    const { repo: git, context } = repo();
    const script =
      'console.log("src/defu.ts:73:14 error  Unexpected any  @typescript-eslint/no-explicit-any\\n\\n1 problem"); console.error("ELIFECYCLE  Command failed with exit code 1."); process.exit(1)';
    const output = await createAnalyzer().run(
      makeInput(commandSubtask('analyze', 'analyzer', nodeCommand(script), []), context, git.dir),
    );
    expect(output.status).toBe('failed');
    expect(output.reason).toBe('exit code 1: ELIFECYCLE  Command failed with exit code 1.');
    expect(output.output).toBe(
      'src/defu.ts:73:14 error  Unexpected any  @typescript-eslint/no-explicit-any\n1 problem\nELIFECYCLE  Command failed with exit code 1.',
    );
  });

  it('fails, with its output, when it exits non-zero and no finding can be read', async () => {
    const { repo: git, context } = repo();
    const script = 'console.log("[]"); console.error("Oops! Something went wrong"); process.exit(2)';
    const subtask = commandSubtask('analyze', 'analyzer', nodeCommand(script), [], { format: 'eslint-json' });
    const output = await createAnalyzer().run(makeInput(subtask, context, git.dir));
    expect(output.status).toBe('failed');
    expect(output.reason).toBe('exit code 2 and no findings could be read: Oops! Something went wrong');
    expect(output.output).toContain('Oops! Something went wrong');
  });
});

describe('a tool that printed nothing', () => {
  it('found nothing when it exited 0 (oxlint when its config ignores every file it was given)', async () => {
    const { repo: git, context } = repo();
    const quiet = commandSubtask('analyze', 'analyzer', nodeCommand('process.exit(0)'), [], {
      format: 'checkstyle',
    });
    expect(await createAnalyzer().run(makeInput(quiet, context, git.dir))).toMatchObject({
      status: 'ok',
      findings: [],
    });
    const crashed = commandSubtask('analyze', 'analyzer', nodeCommand('process.exit(3)'), [], {
      format: 'checkstyle',
    });
    expect((await createAnalyzer().run(makeInput(crashed, context, git.dir))).status).toBe('failed');
  });
});

describe('a task with a working directory', () => {
  it("runs in the package, hands it the package's files relative to it, and maps findings back", async () => {
    const { repo: git, context } = repo();
    const script =
      'const files = process.argv.slice(1); console.log(JSON.stringify([{ filePath: files[0], messages: [{ ruleId: "prefer-const", severity: 2, message: "cwd " + process.cwd().split("/").pop() + " files " + files.join(","), line: 1 }] }]))';
    const subtask = commandSubtask(
      'analyze',
      'analyzer',
      nodeCommand(script, '{files}'),
      ['pkg/src/a.js', 'src/b.js'],
      {
        format: 'eslint-json',
      },
    );
    if (subtask.task.type === 'command') subtask.task.workingDirectory = 'pkg';
    const output = await createAnalyzer().run(makeInput(subtask, context, git.dir));
    expect(output.status).toBe('ok');
    expect(output.findings).toEqual([
      expect.objectContaining({
        path: 'pkg/src/a.js',
        line: 1,
        rule: 'prefer-const',
        message: 'cwd pkg files src/a.js',
      }),
    ]);
  });
});
