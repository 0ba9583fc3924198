import { describe, expect, it } from '@jest/globals';
import type { SubtaskResult } from '../src/orchestrator/types.js';
import {
  mergeShardResults,
  formatShard,
  parseShard,
  parseShardResults,
  planDigest,
  shardPlan,
  type ShardResults,
} from '../src/pipeline/shards.js';
import { planShards } from '../src/plan/shards.js';
import type { Plan, Subtask } from '../src/plan/types.js';

const HEAD = 'a'.repeat(40);

function subtask(id: string, dependsOn: string[] = []): Subtask {
  return {
    id,
    kind: 'analyze',
    agent: 'analyzer',
    task: { type: 'builtin', name: 'secrets', largeFileBytes: 1 },
    files: [],
    dependsOn,
    budget: { wallSeconds: 1 },
  };
}

const plan: Plan = { version: 1, subtasks: [subtask('a'), subtask('b'), subtask('c', ['a'])] };
const result = (id: string): SubtaskResult => ({
  id,
  status: 'ok',
  findings: [],
  suggestions: [],
  durationMs: 1,
});
const file = (shard: string, ids: string[], overrides: Partial<ShardResults> = {}): ShardResults => ({
  version: 1,
  shard,
  head: HEAD,
  plan: planDigest(plan),
  results: ids.map(result),
  ...overrides,
});

describe('shard results', () => {
  it('gives each shard its slice, dependencies together', () => {
    expect(shardPlan(plan, parseShard('1/2')).subtasks.map((s) => s.id)).toEqual(['a', 'c']);
    expect(shardPlan(plan, parseShard('2/2')).subtasks.map((s) => s.id)).toEqual(['b']);
    expect(() => shardPlan(plan, parseShard('1/3'))).toThrow("input 'shard': 1/3 does not match the plan");
  });

  it('runs exactly the positions the plan job chose, and refuses positions that do not fit this plan', () => {
    const big: Plan = {
      version: 1,
      subtasks: [...'abcdefgh'].map((id, i) => subtask(id, i === 7 ? ['a'] : [])),
    };
    const shards = planShards(big, 3, (s) => (s.id === 'b' ? 10 : 1));
    const written = shards.map((shard) => formatShard(shard, big));
    expect(written[0]).toBe('1/3:1'); // the heavy one alone
    const ran = written.map((value) => shardPlan(big, parseShard(value)).subtasks.map((s) => s.id));
    expect(ran.flat().sort()).toEqual([...'abcdefgh']);
    expect(ran).toEqual(shards.map((shard) => shard.subtasks));
    // Ranges and singles.
    expect(parseShard('2/4:0-2,5,7-8').members).toEqual([0, 1, 2, 5, 7, 8]);
    expect(formatShard({ shard: '2/4', subtasks: ['a', 'b', 'c', 'f'], cost: 1 }, big)).toBe('2/4:0-2,5');

    const refuse = (value: string, why: string) =>
      expect(() => shardPlan(big, parseShard(value))).toThrow(
        new RegExp(`input 'shard': .* does not match the plan \\(${why}`),
      );
    refuse('1/2:0-8', 'the plan has 8 subtasks');
    refuse('1/2:3-1', 'the plan has 8 subtasks');
    refuse('1/2:x', 'the plan has 8 subtasks');
    refuse('1/2:7', 'h needs a, which another shard runs');
  });

  it('merges the files into plan order whatever order they come in', () => {
    const merged = mergeShardResults(plan, HEAD, [file('2/2', ['b']), file('1/2', ['c', 'a'])]);
    expect(merged.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a missing subtask, a shard twice, another head and another plan', () => {
    expect(() => mergeShardResults(plan, HEAD, [file('1/2', ['a', 'c'])])).toThrow('no shard reported b');
    expect(() => mergeShardResults(plan, HEAD, [file('1/2', ['a', 'c']), file('1/2', ['b'])])).toThrow(
      'the results of shard 1/2 came twice',
    );
    expect(() =>
      mergeShardResults(plan, HEAD, [file('1/1', ['a', 'b', 'c'], { head: 'b'.repeat(40) })]),
    ).toThrow('belong to another run');
    expect(() => mergeShardResults(plan, HEAD, [file('1/1', ['a', 'b', 'c'], { plan: 'other' })])).toThrow(
      'belong to another run',
    );
  });

  it('reads a file back, and refuses one that is not JSON or lacks what the renderers need', () => {
    const good = file('1/1', ['a', 'b', 'c']);
    expect(parseShardResults(JSON.stringify(good), 'r.json')).toEqual(good);
    expect(() => parseShardResults('nope', 'r.json')).toThrow('r.json is not a Kilo Agent results file');
    const bad = { ...good, results: [{ ...result('a'), findings: [{ rule: 'x' }] }] };
    expect(() => parseShardResults(JSON.stringify(bad), 'r.json')).toThrow(
      /r\.json is not a Kilo Agent results file: results\.0\.findings\.0\.severity/,
    );
  });
});
