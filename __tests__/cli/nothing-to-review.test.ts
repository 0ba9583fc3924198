// An empty range on real git: which ranges have no changes, and what an empty review leaves behind
// (a trace that says it skipped, report files with no findings).
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rangeDiff, recordNothingToReview } from '../../src/cli/nothing-to-review.js';
import { readTrace } from '../../src/report/read-trace.js';
import { renderTimeline } from '../../src/trace/timeline.js';
import { createTracer } from '../../src/trace/tracer.js';
import { createTempRepo } from '../../__fixtures__/git.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('rangeDiff', () => {
  const repo = createTempRepo('kilo-empty-range-');
  cleanup.push(repo.dir);
  const base = repo.commit('base', { 'a.txt': 'a\n' });
  const empty = repo.commit('empty commit');
  const changed = repo.commit('change', { 'a.txt': 'b\n' });
  const reverted = repo.commit('revert', { 'a.txt': 'a\n' });

  it('sees none between a commit and itself, or across commits that change no file', async () => {
    expect((await rangeDiff(repo.dir, base, base)).length).toBe(0);
    expect((await rangeDiff(repo.dir, base, empty)).length).toBe(0);
    expect((await rangeDiff(repo.dir, base, reverted)).length).toBe(0);
  });

  it('sees none on a head that is behind its base (nothing on head since their merge base)', async () => {
    expect((await rangeDiff(repo.dir, changed, base)).length).toBe(0);
  });

  it('sees a changed file, and every file of head against the empty tree', async () => {
    expect((await rangeDiff(repo.dir, base, changed)).length).toBeGreaterThan(0);
    expect((await rangeDiff(repo.dir, EMPTY_TREE, base)).length).toBeGreaterThan(0);
  });

  it('compares unrelated histories directly, as the diff does without a merge base', async () => {
    repo.git('checkout', '--quiet', '--orphan', 'other');
    const same = repo.commit('same content, no shared history', { 'a.txt': 'a\n' });
    const other = repo.commit('other content', { 'a.txt': 'z\n' });
    expect((await rangeDiff(repo.dir, base, same)).length).toBe(0);
    expect((await rangeDiff(repo.dir, base, other)).length).toBeGreaterThan(0);
  });
});

describe('recordNothingToReview', () => {
  it('traces a skipped run and writes the report, SARIF and rdjson with no findings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kilo-empty-out-'));
    cleanup.push(out);
    const tracer = createTracer({ path: join(out, 'kilo-trace.jsonl') });
    const sha = 'abcdef0123456789abcdef0123456789abcdef01';
    const range = { base: { ref: 'origin/master', sha }, head: { ref: 'HEAD', sha } };
    await recordNothingToReview(range, { tracer, outDir: out, dryRun: false, toolVersion: '9.9.9' });
    await tracer.flush();

    const trace = readTrace(readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8'));
    expect(trace.events.map((e) => [e.kind, e.name])).toEqual([
      ['run', 'review'],
      ['context', 'git-diff'],
      ['report', 'skipped'],
      ['run', 'review'],
    ]);
    expect(renderTimeline(trace.events)).toContain(
      'report skipped: nothing to review: origin/master and HEAD have no changes',
    );
    expect(readFileSync(join(out, 'kilo-report.md'), 'utf8')).toBe(
      '### Kilo Agent: nothing to review\n\n' +
        '`origin/master` (`abcdef0`) and `HEAD` (`abcdef0`) have no changes: no subtask was planned or run.\n',
    );
    const sarif = JSON.parse(readFileSync(join(out, 'kilo.sarif'), 'utf8')) as {
      runs: Array<{ tool: { driver: { version: string } }; results: unknown[] }>;
    };
    expect(sarif.runs.map((run) => [run.tool.driver.version, run.results])).toEqual([['9.9.9', []]]);
    const rdjson = JSON.parse(readFileSync(join(out, 'kilo.rdjson'), 'utf8')) as { diagnostics: unknown[] };
    expect(rdjson.diagnostics).toEqual([]);
  });
});
