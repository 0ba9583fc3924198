// The results cache's keys against a real git checkout: what must change a key, and what must not.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheScope, createSubtaskKeyer, type KeyEnv } from '../../src/cache/subtask-key.js';
import type { PrContext } from '../../src/context/types.js';
import type { Subtask } from '../../src/plan/types.js';
import { configSchema } from '../../src/policy/schema.js';
import { makeContext } from '../../__fixtures__/context.js';
import { createPrRepo, type PrRepo } from '../agents/helpers.js';

const config = configSchema.parse({});
const BASE = { 'a.js': 'a\n', 'b.js': 'b\n', 'lib/c.js': 'c\n' };
const HEAD = { 'a.js': 'a\nA\n', 'b.js': 'b\nB\n' };

function builtin(files: string[], id = 'analyze:secrets'): Subtask {
  return {
    id,
    kind: 'analyze',
    agent: 'analyzer',
    task: { type: 'builtin', name: 'secrets', largeFileBytes: 1024 },
    files,
    dependsOn: [],
    budget: { wallSeconds: 60 },
  };
}

function command(files: string[]): Subtask {
  return {
    id: 'analyze:lint',
    kind: 'analyze',
    agent: 'analyzer',
    task: {
      type: 'command',
      name: 'lint',
      run: 'npx eslint {files}',
      format: 'exit-code',
      filter: 'added',
      timeoutSeconds: 60,
      env: [],
      limits: {},
    },
    files,
    dependsOn: [],
    budget: { wallSeconds: 60 },
  };
}

describe('createSubtaskKeyer', () => {
  const made: PrRepo[] = [];
  afterEach(() => made.splice(0).forEach(({ repo }) => repo.remove()));
  function prRepo(): PrRepo {
    const pr = createPrRepo(BASE, HEAD);
    made.push(pr);
    return pr;
  }
  const keyOf = async (env: KeyEnv, subtask: Subtask) => (await createSubtaskKeyer(env).key(subtask)).key;
  const envOf = (pr: PrRepo, over: Partial<KeyEnv> = {}): KeyEnv => ({
    workspace: pr.repo.dir,
    context: pr.context,
    config,
    env: {},
    ...over,
  });

  it('gives the same key for the same inputs, in another checkout of the same commits too', async () => {
    const pr = prRepo();
    const first = await keyOf(envOf(pr), builtin(['a.js', 'b.js']));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyOf(envOf(pr), builtin(['a.js', 'b.js']))).toBe(first);
    const tree = await keyOf(envOf(pr), command(['a.js']));
    expect(tree).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyOf(envOf(pr), command(['a.js']))).toBe(tree);
    // Another runner's checkout: a fresh clone at the same commit.
    const clone = mkdtempSync(join(tmpdir(), 'kilo-clone-'));
    try {
      execFileSync('git', ['clone', '--quiet', pr.repo.dir, clone]);
      const other = envOf(pr, { workspace: clone });
      expect(await keyOf(other, builtin(['a.js', 'b.js']))).toBe(first);
      expect(await keyOf(other, command(['a.js']))).toBe(tree);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it("changes a files-scoped key with its files' content or diff, not with other files", async () => {
    const pr = prRepo();
    const subtask = builtin(['a.js']);
    const before = await keyOf(envOf(pr), subtask);
    // Another file changes (committed or not): the built-in reads only a.js.
    writeFileSync(join(pr.repo.dir, 'b.js'), 'b\nB\nmore\n');
    writeFileSync(join(pr.repo.dir, 'untracked.js'), 'x\n');
    expect(await keyOf(envOf(pr), subtask)).toBe(before);
    // Its own content.
    writeFileSync(join(pr.repo.dir, 'a.js'), 'a\nA!\n');
    const edited = await keyOf(envOf(pr), subtask);
    expect(edited).not.toBe(before);
    // Its diff alone (a filter depends on which lines were added), with the same content on disk.
    const otherDiff = makeContext(
      'diff --git a/a.js b/a.js\n--- a/a.js\n+++ b/a.js\n@@ -1 +1,2 @@\n-x\n+a\n+A!\n',
      { base: pr.context.base, head: pr.context.head },
    );
    expect(await keyOf(envOf(pr, { context: otherDiff }), subtask)).not.toBe(edited);
  });

  it('changes a tree-scoped key with any change in the checkout: committed, uncommitted or untracked', async () => {
    const pr = prRepo();
    const subtask = command(['a.js']);
    const keys = [await keyOf(envOf(pr), subtask)];
    writeFileSync(join(pr.repo.dir, 'lib/c.js'), 'c changed\n'); // a file the task does not list
    keys.push(await keyOf(envOf(pr), subtask));
    writeFileSync(join(pr.repo.dir, 'new.js'), 'new\n');
    keys.push(await keyOf(envOf(pr), subtask));
    pr.repo.commit('more');
    keys.push(await keyOf(envOf(pr), subtask));
    expect(new Set(keys).size).toBe(4);
    // Ignored files (node_modules) are not part of it.
    writeFileSync(join(pr.repo.dir, '.gitignore'), 'node_modules/\n');
    pr.repo.commit('ignore');
    const clean = await keyOf(envOf(pr), subtask);
    mkdirSync(join(pr.repo.dir, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(pr.repo.dir, 'node_modules/pkg/index.js'), 'x');
    expect(await keyOf(envOf(pr), subtask)).toBe(clean);
  });

  it('changes with the subtask, the config, the LLM, the runner image and the PR text for the LLM review', async () => {
    const pr = prRepo();
    const base = await keyOf(envOf(pr), builtin(['a.js']));
    const changed = [
      await keyOf(envOf(pr), builtin(['a.js'], 'analyze:secrets#2')),
      await keyOf(envOf(pr), {
        ...builtin(['a.js']),
        task: { type: 'builtin', name: 'secrets', largeFileBytes: 9 },
      }),
      await keyOf(
        envOf(pr, { config: configSchema.parse({ policy: { concurrency: 3 } }) }),
        builtin(['a.js']),
      ),
      await keyOf(envOf(pr, { env: { ImageVersion: '20261201.1' } }), builtin(['a.js'])),
    ];
    for (const key of changed) expect(key).not.toBe(base);

    const review: Subtask = {
      ...builtin(['a.js'], 'analyze:llm-review'),
      task: { type: 'llm-review', name: 'llm-review', batchTokens: 1000, maxOutputTokens: 100 },
    };
    expect(cacheScope(review)).toBe('files');
    const llm = { model: 'openai:gpt', instructions: 'be brief' };
    const withLlm = await keyOf(envOf(pr, { llm }), review);
    const retitled: PrContext = { ...pr.context, title: 'another title' };
    expect(await keyOf(envOf(pr, { llm, context: retitled }), review)).not.toBe(withLlm);
    expect(await keyOf(envOf(pr, { llm: { ...llm, model: 'openai:other' } }), review)).not.toBe(withLlm);
    expect(await keyOf(envOf(pr, { llm: { ...llm, instructions: 'x' } }), review)).not.toBe(withLlm);
    // A built-in does not read the PR text.
    expect(await keyOf(envOf(pr, { context: retitled }), builtin(['a.js']))).toBe(base);
  });

  it('hashes a symlink by its target text and never follows it out of the workspace', async () => {
    const pr = prRepo();
    const outside = mkdtempSync(join(tmpdir(), 'kilo-outside-'));
    try {
      writeFileSync(join(outside, 'secret'), 'one');
      rmSync(join(pr.repo.dir, 'a.js'));
      symlinkSync(join(outside, 'secret'), join(pr.repo.dir, 'a.js'));
      const subtask = builtin(['a.js']);
      const before = await keyOf(envOf(pr), subtask);
      writeFileSync(join(outside, 'secret'), 'two'); // the target changes, the link does not
      expect(await keyOf(envOf(pr), subtask)).toBe(before);
      // Paths that climb out of the workspace are never read.
      expect(await keyOf(envOf(pr), builtin(['../x']))).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('says why a tree-scoped subtask has no key outside a git checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-nogit-'));
    try {
      const pr = prRepo();
      const env = envOf(pr, { workspace: dir });
      const result = await createSubtaskKeyer(env).key(command(['a.js']));
      expect(result).toEqual({ reason: expect.stringContaining('not a git checkout') });
      // A built-in still has one: it reads files, not the repository.
      expect((await createSubtaskKeyer(env).key(builtin(['a.js']))).key).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the working tree once: files a test writes later do not change later keys', async () => {
    const pr = prRepo();
    const keyer = createSubtaskKeyer(envOf(pr));
    const first = await keyer.key(command(['a.js']));
    writeFileSync(join(pr.repo.dir, 'junit.xml'), '<testsuites/>');
    const second = await keyer.key({ ...command(['b.js']), id: 'analyze:lint#2' });
    const fresh = await createSubtaskKeyer(envOf(pr)).key({ ...command(['b.js']), id: 'analyze:lint#2' });
    expect(first.key).toBeDefined();
    expect(second.key).not.toBe(fresh.key);
  });
});
