import { describe, expect, it } from '@jest/globals';
import { createAgents } from '../../src/agents/index.js';

describe('createAgents', () => {
  it('returns one agent per agent name, each carrying its own name', () => {
    const agents = createAgents();
    expect(Object.entries(agents).map(([key, agent]) => [key, agent.name])).toEqual([
      ['analyzer', 'analyzer'],
      ['refactorer', 'refactorer'],
      ['tester', 'tester'],
      ['reviewer', 'reviewer'],
    ]);
  });
});
