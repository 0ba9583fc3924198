import { describe, expect, it } from '@jest/globals';
import type { SubtaskResult } from '../src/orchestrator/types.js';
import {
  mergeShardResults,
  parseShard,
  parseShardResults,
  planDigest,
  shardPlan,
  type ShardResults,
} from '../src/pipeline-shards.js';
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
