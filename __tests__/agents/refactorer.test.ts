import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRefactorer } from '../../src/agents/refactorer.js';
import { suggestionFingerprint } from '../../src/findings/fingerprint.js';
import {
  commandSubtask,
  createPolicy,
  createPrRepo,
  makeInput,
  nodeCommand,
  type PrRepo,
} from './helpers.js';

// The fixer under test: rewrites `var ` at the start of a line to `const ` in the given files.
const VAR_TO_CONST = nodeCommand(
  'const fs = require("fs"); for (const f of process.argv.slice(1)) ' +
    'fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/^var /gm, "const "));',
  '{files}',
);

const BASE = { 'src/a.js': 'var keep = 1;\nfunction f() {\n  return keep;\n}\n' };
const HEAD = {
  'src/a.js':
    'var keep = 1;\nfunction f() {\n  return keep;\n}\nvar added = 2;\nlet fine = 3;\nvar alsoAdded = 4;\n',
  'legacy/b.js': 'var x = 1;\n',
};

/** Every file of the work tree (outside .git) with its content hash, to prove nothing was touched. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (!entry.isFile() || relative.split(path.sep)[0] === '.git') continue;
    files[relative] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}

/**
 * Runs fn with TMPDIR pointing at a fresh dir and returns what was left in it. Private, because test
 * files running in parallel create kilo-worktree-* dirs in the shared temp dir too.
 */
async function leftInPrivateTmp(fn: () => Promise<unknown>): Promise<string[]> {
  const privateTmp = mkdtempSync(path.join(tmpdir(), 'kilo-refactor-test-'));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  try {
    await fn();
    return readdirSync(privateTmp);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(privateTmp, { recursive: true, force: true });
  }
}

describe('refactorer', () => {
  let pr: PrRepo;
  beforeEach(() => {
    pr = createPrRepo(BASE, HEAD);
  });
  afterEach(() => pr.repo.remove());

  const run = (command: string, files: string[], policy = createPolicy(), timeoutSeconds = 30) => {
    const subtask = commandSubtask('refactor', 'refactorer', command, files, {
      name: 'var-to-const',
      timeoutSeconds,
    });
    const input = makeInput(subtask, pr.context, pr.repo.dir, policy);
    return { input, output: createRefactorer().run(input) };
  };

  it('suggests the fixer’s rewrites only on lines the PR added', async () => {
    const { output } = run(VAR_TO_CONST, ['src/a.js']);
    const result = await output;
    expect(result.status).toBe('ok');
    // The fixer also rewrote base line 1 (`var keep`): counted in the reason, not suggested.
    expect(result.reason).toBe("1 change outside the PR's added lines not suggested (src/a.js)");
    expect(result.suggestions).toEqual([
      {
        path: 'src/a.js',
        startLine: 5,
        endLine: 5,
        replacement: 'const added = 2;',
        source: 'var-to-const',
        message: 'var-to-const would rewrite these lines',
        fingerprint: suggestionFingerprint('src/a.js', 'var added = 2;', 'const added = 2;'),
      },
      {
        path: 'src/a.js',
        startLine: 7,
        endLine: 7,
        replacement: 'const alsoAdded = 4;',
        source: 'var-to-const',
        message: 'var-to-const would rewrite these lines',
        fingerprint: suggestionFingerprint('src/a.js', 'var alsoAdded = 4;', 'const alsoAdded = 4;'),
      },
    ]);
  });

  it('leaves the workspace byte-identical and no worktree or temp dir behind', async () => {
    const before = snapshot(pr.repo.dir);
    expect(await leftInPrivateTmp(() => run(VAR_TO_CONST, ['src/a.js', 'legacy/b.js']).output)).toEqual([]);
    expect(snapshot(pr.repo.dir)).toEqual(before);
    expect(pr.repo.git('status', '--porcelain')).toBe('');
    expect(pr.repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('drops suggestions for files the policy protects, after asking per file', async () => {
    const policy = createPolicy({ path: (file) => file.startsWith('legacy/') });
    const result = await run(VAR_TO_CONST, ['src/a.js', 'legacy/b.js'], policy).output;
    expect(result.suggestions.map((s) => [s.path, s.startLine])).toEqual([
      ['src/a.js', 5],
      ['src/a.js', 7],
    ]);
    expect(policy.requests.filter((r) => r.kind === 'write')).toEqual([
      { kind: 'write', path: 'legacy/b.js' },
      { kind: 'write', path: 'src/a.js' },
    ]);
  });

  it('anchors a pure insertion on the line before it, or on the first line at the top of a file', async () => {
    const insert = nodeCommand(
      'const fs = require("fs"); for (const f of process.argv.slice(1)) ' +
        'fs.writeFileSync(f, "// header\\n" + fs.readFileSync(f, "utf8").replace(/^(var added.*)$/m, "$1\\n// checked"));',
      '{files}',
    );
    const result = await run(insert, ['src/a.js', 'legacy/b.js']).output;
    expect(result.suggestions.map((s) => [s.path, s.startLine, s.endLine, s.replacement])).toEqual([
      ['legacy/b.js', 1, 1, '// header\nvar x = 1;'],
      ['src/a.js', 5, 5, 'var added = 2;\n// checked'],
    ]);
  });

  it('suggests deleting the lines a fixer removed, as an empty replacement', async () => {
    const remove = nodeCommand(
      'const fs = require("fs"); for (const f of process.argv.slice(1)) ' +
        'fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("let fine = 3;\\n", ""));',
      '{files}',
    );
    const result = await run(remove, ['src/a.js']).output;
    expect(result.suggestions.map((s) => [s.startLine, s.endLine, s.replacement])).toEqual([[6, 6, '']]);
  });

  it('keeps suggestions when the fixer exits non-zero but changed files (eslint --fix with leftovers)', async () => {
    const partial = VAR_TO_CONST.replace('"const "));', '"const ")); process.exitCode = 1;');
    const result = await run(partial, ['legacy/b.js']).output;
    expect([result.status, result.suggestions.map((s) => s.replacement)]).toEqual(['ok', ['const x = 1;']]);
  });

  it('fails when the fixer exits non-zero without changing anything', async () => {
    const result = await run(nodeCommand('console.error("config error"); process.exit(2)'), ['src/a.js'])
      .output;
    expect([result.status, result.reason, result.suggestions]).toEqual([
      'failed',
      'exit code 2: config error',
      [],
    ]);
  });

  it('reports a timeout and still removes the worktree', async () => {
    let status: string | undefined;
    const left = await leftInPrivateTmp(async () => {
      const slow = nodeCommand('setTimeout(() => {}, 20000)');
      status = (await run(slow, ['src/a.js'], createPolicy(), 0.3).output).status;
    });
    expect(status).toBe('timed-out');
    expect(left).toEqual([]);
    expect(pr.repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('skips without creating a worktree when the policy denies the command', async () => {
    const { input, output } = run(VAR_TO_CONST, ['src/a.js'], createPolicy({ command: () => true }));
    expect(await output).toEqual({
      status: 'skipped',
      findings: [],
      suggestions: [],
      reason: 'policy: command not in commands.allow',
    });
    expect(input.span.events).toEqual([]);
  });

  it('runs the fixer inside the worktree, not in the workspace', async () => {
    const where = nodeCommand('console.error(process.cwd()); process.exit(1)');
    const { input, output } = run(where, ['src/a.js']);
    const result = await output;
    expect(result.reason).toMatch(
      new RegExp(
        `^exit code 1: ${realpathSync(tmpdir()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*kilo-worktree-`,
      ),
    );
    expect(result.reason).not.toContain(pr.repo.dir);
    expect(
      input.span.events.filter((e) => e.kind === 'command').map((e) => [e.name, e.attrs.exitCode]),
    ).toEqual([
      ['git', 0], // rev-parse --git-common-dir
      ['git', 0], // init
      ['git', 0], // checkout --detach
      ['git', 0], // ls-files: node_modules to link
      ['var-to-const', 1],
      ['git', 0], // diff
    ]);
  });
});
