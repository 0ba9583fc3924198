// The subagents by name, as the orchestrator looks them up.
import type { AgentName } from '../plan/types.js';
import { createAnalyzer } from './analyzer.js';
import { createRefactorer } from './refactorer.js';
import { createReviewer } from './reviewer.js';
import { createTester } from './tester.js';
import type { Agent } from './types.js';

export function createAgents(): Record<AgentName, Agent> {
  return {
    analyzer: createAnalyzer(),
    refactorer: createRefactorer(),
    tester: createTester(),
    reviewer: createReviewer(),
  };
}
