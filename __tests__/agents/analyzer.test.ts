import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { createAnalyzer } from '../../src/agents/analyzer.js';
import { findingFingerprint } from '../../src/findings/fingerprint.js';
import type { Subtask } from '../../src/plan/types.js';
import {
  commandSubtask,
  createPolicy,
  createPrRepo,
  makeInput,
  nodeCommand,
  type PrRepo,
} from './helpers.js';

// A stand-in for `eslint --format json`: flags every line that starts with "var " in the given files.
const FAKE_ESLINT = nodeCommand(
  [
    'const fs = require("fs"), path = require("path");',
    'const results = process.argv.slice(1).map((file) => ({ filePath: path.resolve(file), messages:',
    '  fs.readFileSync(file, "utf8").split("\\n").flatMap((text, i) => text.startsWith("var ")',
    '    ? [{ ruleId: "no-var", severity: 2, message: "Unexpected var, use let or const instead.",',
    '         line: i + 1, column: 1, endLine: i + 1, endColumn: text.length + 1 }] : []) }));',
    'console.log(JSON.stringify(results));',
    'process.exit(results.some((r) => r.messages.length > 0) ? 1 : 0);',
  ].join(' '),
  '{files}',
);

function builtin(name: 'secrets' | 'conflict-markers', files: string[]): Subtask {
  return {
    id: `analyze:${name}`,
    kind: 'analyze',
    agent: 'analyzer',
    task: { type: 'builtin', name, largeFileBytes: 1024 * 1024 },
    files,
    dependsOn: [],
    budget: { wallSeconds: 60 },
  };
}

describe('analyzer with an eslint-json command', () => {
  let pr: PrRepo;
  beforeAll(() => {
    pr = createPrRepo(
      { 'src/app.js': 'var old = 1;\nfunction f() {\n  return old;\n}\n' },
      {
        'src/app.js':
          'var old = 1;\nfunction f() {\n  var added = 2;\n  return old + added;\n}\nvar tail = 3;\n',
      },
    );
  });
  afterAll(() => pr.repo.remove());

  it('reports findings only on lines the PR added, with paths relative to the workspace', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', FAKE_ESLINT, ['src/app.js'], {
      format: 'eslint-json',
      name: 'eslint',
    });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect(output.status).toBe('ok');
    expect(output.findings.map((f) => [f.path, f.line, f.rule, f.severity, f.source])).toEqual([
      ['src/app.js', 6, 'no-var', 'error', 'eslint'],
    ]);
  });

  it('fingerprints findings by the content of the flagged line, not its number', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', FAKE_ESLINT, ['src/app.js'], {
      format: 'eslint-json',
    });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect(output.findings[0]?.fingerprint).toBe(
      findingFingerprint('no-var', 'src/app.js', 'var tail = 3;', 99),
    );
  });

  it('records the command in the trace by program, exit code and duration, never its environment', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', FAKE_ESLINT, ['src/app.js'], {
      format: 'eslint-json',
      name: 'eslint',
    });
    const input = makeInput(subtask, pr.context, pr.repo.dir);
    await createAnalyzer().run(input);
    const commands = input.span.events.filter((e) => e.kind === 'command');
    expect(commands.map((e) => [e.name, e.attrs.program, e.attrs.exitCode, e.attrs.timedOut])).toEqual([
      ['eslint', 'node', 1, false],
    ]);
    expect(typeof commands[0]?.attrs.durationMs).toBe('number');
    expect(Object.keys(commands[0]?.attrs ?? {})).not.toContain('env');
  });

  it('skips without running anything when the policy denies the command', async () => {
    const policy = createPolicy({ command: () => true });
    const subtask = commandSubtask('analyze', 'analyzer', FAKE_ESLINT, ['src/app.js'], {
      format: 'eslint-json',
    });
    const input = makeInput(subtask, pr.context, pr.repo.dir, policy);
    const output = await createAnalyzer().run(input);
    expect(output).toEqual({
      status: 'skipped',
      findings: [],
      suggestions: [],
      reason: 'policy: command not in commands.allow',
    });
    expect(policy.requests).toEqual([{ kind: 'command', command: FAKE_ESLINT }]);
    expect(input.span.events).toEqual([]);
  });

  it('fails with the parse error when the tool prints something other than ESLint JSON', async () => {
    const run = nodeCommand('console.log("Oops! Something went wrong!"); process.exit(2)');
    const subtask = commandSubtask('analyze', 'analyzer', run, ['src/app.js'], { format: 'eslint-json' });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect(output.status).toBe('failed');
    expect(output.reason).toMatch(
      /^ESLint output is not JSON: .* \(exit code 2: Oops! Something went wrong!\)$/,
    );
  });

  it('skips a {files} command when the subtask has no files, instead of checking the whole project', async () => {
    const subtask = commandSubtask('analyze', 'analyzer', FAKE_ESLINT, [], { format: 'eslint-json' });
    const output = await createAnalyzer().run(makeInput(subtask, pr.context, pr.repo.dir));
    expect([output.status, output.reason]).toEqual(['skipped', 'no files to run on']);
  });
});

describe('analyzer with an exit-code command', () => {
  const context = makeContext(addedFileDiff('a.txt', ['x']));
  const run = (command: string, timeoutSeconds = 30) =>
    createAnalyzer().run(
      makeInput(
        commandSubtask('analyze', 'analyzer', command, ['a.txt'], { timeoutSeconds }),
        context,
        process.cwd(),
      ),
    );

  it('is ok with no findings on exit 0', async () => {
    expect(await run(nodeCommand('process.exit(0)'))).toEqual({
      status: 'ok',
      findings: [],
      suggestions: [],
    });
  });

  it('fails with the exit code and the last non-empty stderr line', async () => {
    const output = await run(
      nodeCommand('console.log("out"); console.error("first\\nlast problem\\n\\n"); process.exit(3)'),
    );
    expect([output.status, output.reason]).toEqual(['failed', 'exit code 3: last problem']);
    // The tool ran and said no: not a malfunction, nothing to retry.
    expect([output.toolError, output.transient]).toEqual([undefined, undefined]);
  });

  it('reports a tool killed by a signal as a transient malfunction', async () => {
    const output = await run(nodeCommand('process.kill(process.pid, "SIGSEGV")'));
    expect(output).toMatchObject({
      status: 'failed',
      reason: 'node crashed (SIGSEGV)',
      toolError: true,
      transient: true,
    });
  });

  it('reports a timeout as timed-out', async () => {
    const output = await run(nodeCommand('setTimeout(() => {}, 20000)'), 0.3);
    expect([output.status, output.reason]).toEqual(['timed-out', 'node timed out after 0.3s']);
  });

  it('is skipped, not failed, when the program is not installed (ENOENT): never retried, never red', async () => {
    const output = await run('kilo-no-such-program-xyz --version');
    expect(output.status).toBe('skipped');
    expect(output.reason).toBe(
      'kilo-no-such-program-xyz is not installed: install it before this step, or remove the task from .github/kilo.yml',
    );
    expect([output.toolError, output.transient]).toEqual([undefined, undefined]);
  });

  it('fails with a one-line reason when the command needs a shell', async () => {
    const output = await run('npm test | tee log.txt');
    expect(output.status).toBe('failed');
    expect(output.reason).toMatch(/^invalid command "npm test \| tee log\.txt": '\|' \(pipe\) needs a shell/);
  });
});

describe('analyzer with built-in analyzers', () => {
  const secret = 'AKIA' + 'IOSFODNN7EXAMPLE';
  const diff = [
    addedFileDiff('config/keys.env', ['REGION=eu-west-1', `AWS_KEY=${secret}`]),
    addedFileDiff('docs/guide.md', ['Guide', '='.repeat(7), '<'.repeat(7) + ' HEAD']),
    [
      'diff --git a/logo.png b/logo.png',
      'new file mode 100644',
      'index 0000000..1234567',
      'Binary files /dev/null and b/logo.png differ',
      '',
    ].join('\n'),
  ].join('');
  const context = makeContext(diff);

  it('scans the added lines of the subtask files for secrets', async () => {
    const output = await createAnalyzer().run(
      makeInput(
        builtin('secrets', ['config/keys.env', 'docs/guide.md', 'logo.png']),
        context,
        '/nonexistent',
      ),
    );
    expect(output.status).toBe('ok');
    expect(output.findings.map((f) => [f.path, f.line, f.rule])).toEqual([
      ['config/keys.env', 2, 'secrets/aws-access-key-id'],
    ]);
    expect(output.findings[0]?.message).not.toContain(secret);
  });

  it('scans for conflict markers, skipping binary files and the setext underline', async () => {
    const output = await createAnalyzer().run(
      makeInput(builtin('conflict-markers', ['docs/guide.md', 'logo.png']), context, '/nonexistent'),
    );
    expect(output.findings.map((f) => [f.path, f.line, f.rule])).toEqual([
      ['docs/guide.md', 3, 'conflict-marker'],
    ]);
  });
});
