import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { estimateCost, planShards } from '../../src/plan/shards.js';
import type { Plan, Subtask } from '../../src/plan/types.js';

function command(
  id: string,
  files: number,
  edges: Partial<Pick<Subtask, 'dependsOn' | 'after'>> = {},
): Subtask {
  return {
    id,
    kind: id.startsWith('test') ? 'test' : 'analyze',
    agent: id.startsWith('test') ? 'tester' : 'analyzer',
    task: {
      type: 'command',
      name: id,
      run: 'true',
      format: 'exit-code',
      filter: 'added',
      timeoutSeconds: 60,
      env: [],
      limits: {},
    },
    files: Array.from({ length: files }, (_, i) => `f${i}.ts`),
    dependsOn: edges.dependsOn ?? [],
    ...(edges.after ? { after: edges.after } : {}),
    budget: { wallSeconds: 60 },
  };
}

const planOf = (subtasks: Subtask[]): Plan => ({ version: 1, subtasks });

describe('planShards', () => {
  it('spreads independent subtasks by cost, largest first onto the lightest shard', () => {
    const plan = planOf([command('a', 100), command('b', 10), command('c', 90), command('d', 20)]);
    // Costs: a 15, b 6, c 14, d 7 → a→1, c→2, d→2 (14 < 15), b→1 (15 < 21).
    expect(planShards(plan, 2)).toEqual([
      { shard: '1/2', subtasks: ['a', 'b'], cost: 21 },
      { shard: '2/2', subtasks: ['c', 'd'], cost: 21 },
    ]);
  });

  it('keeps subtasks joined by dependsOn or after in one shard', () => {
    const plan = planOf([
      command('refactor', 5),
      command('test', 5),
      command('validate', 0, { dependsOn: ['test'], after: ['refactor'] }),
      command('lint', 5),
    ]);
    const shards = planShards(plan, 3);
    expect(shards.map((s) => s.subtasks)).toEqual([['refactor', 'test', 'validate'], ['lint']]);
    expect(shards.map((s) => s.shard)).toEqual(['1/2', '2/2']);
  });

  it('makes one empty shard of an empty plan and treats a count below 1 as 1', () => {
    expect(planShards(planOf([]), 4)).toEqual([{ shard: '1/1', subtasks: [], cost: 0 }]);
    expect(planShards(planOf([command('a', 1), command('b', 1)]), 0).map((s) => s.shard)).toEqual(['1/1']);
  });

  it('holds its invariants for any plan: each subtask once, groups whole, LPT bound, deterministic', () => {
    const planArb = fc
      .array(fc.record({ files: fc.nat(300), deps: fc.array(fc.nat(40), { maxLength: 3 }) }), {
        maxLength: 40,
      })
      .map((specs) =>
        planOf(
          specs.map((spec, i) =>
            command(`s${i}`, spec.files, {
              dependsOn: spec.deps.filter((d) => d < i).map((d) => `s${d}`),
            }),
          ),
        ),
      );
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 8 }), (plan, count) => {
        const shards = planShards(plan, count);
        const ids = shards.flatMap((s) => s.subtasks);
        expect([...ids].sort()).toEqual(plan.subtasks.map((s) => s.id).sort());
        const shardOf = new Map(shards.flatMap((s, i) => s.subtasks.map((id) => [id, i] as const)));
        for (const subtask of plan.subtasks)
          for (const dep of subtask.dependsOn) expect(shardOf.get(dep)).toBe(shardOf.get(subtask.id));
        expect(shards.length).toBeLessThanOrEqual(Math.max(1, count));
        const total = plan.subtasks.reduce((sum, s) => sum + estimateCost(s), 0);
        const largest = Math.max(0, ...plan.subtasks.map(estimateCost));
        const heaviest = Math.max(...shards.map((s) => s.cost));
        // LPT on independent subtasks; with groups the bound uses the largest group, at most the total.
        if (plan.subtasks.every((s) => s.dependsOn.length === 0))
          expect(heaviest).toBeLessThanOrEqual(total / shards.length + largest + 0.01);
        expect(planShards(plan, count)).toEqual(shards);
      }),
    );
  });
});
