// Shared setup for agent tests: a real process runner, a recording span and a scriptable policy.
import { makeContext } from '../../__fixtures__/context.js';
import { createRecordingSpan, type RecordingSpan } from '../../__fixtures__/span.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import type { AgentInput } from '../../src/agents/types.js';
import type { PrContext } from '../../src/context/types.js';
import type { FilterMode, OutputFormat } from '../../src/policy/schema.js';
import type { AgentName, CommandTaskSpec, Subtask, SubtaskKind } from '../../src/plan/types.js';
import type { Decision, PolicyRequest } from '../../src/policy/types.js';
import { createProcessRunner } from '../../src/sandbox/runner.js';

export interface TestPolicy {
  requests: PolicyRequest[];
  decide(request: PolicyRequest): Decision;
}

/** Allows everything except commands/paths the predicates deny; records every request. */
export function createPolicy(
  deny: { command?: (command: string) => boolean; path?: (path: string) => boolean } = {},
): TestPolicy {
  const requests: PolicyRequest[] = [];
  return {
    requests,
    decide(request) {
      requests.push(request);
      if (request.kind === 'command' && deny.command?.(request.command)) {
        return { allow: false, rule: 'commands.allow', reason: 'command not in commands.allow' };
      }
      if (request.kind === 'write' && deny.path?.(request.path)) {
        return { allow: false, rule: 'protected-paths', reason: `${request.path} is protected` };
      }
      return { allow: true, rule: 'default', reason: 'allowed' };
    },
  };
}

export function commandSubtask(
  kind: SubtaskKind,
  agent: AgentName,
  run: string,
  files: string[],
  options: {
    format?: OutputFormat;
    timeoutSeconds?: number;
    name?: string;
    filter?: FilterMode;
    /** The task's `report:` file (relative to where the command runs). */
    report?: string;
    /** The task's `matcher:` file (format problem-matcher). */
    matcher?: string;
  } = {},
): Subtask {
  const name = options.name ?? 'tool';
  return {
    id: `${kind}:${name}`,
    kind,
    agent,
    task: {
      type: 'command',
      name,
      run,
      format: options.format ?? 'exit-code',
      timeoutSeconds: options.timeoutSeconds ?? 30,
      env: [],
      limits: {},
      filter: options.filter ?? 'added',
      ...(options.report === undefined ? {} : { report: options.report }),
      ...(options.matcher === undefined ? {} : { matcher: options.matcher }),
    },
    files,
    dependsOn: [],
    budget: { wallSeconds: 60 },
  };
}

export interface TestInput extends AgentInput {
  span: RecordingSpan;
}

export function makeInput(
  subtask: Subtask,
  context: PrContext,
  workspace: string,
  policy = createPolicy(),
): TestInput {
  return {
    subtask,
    context,
    workspace,
    runner: createProcessRunner({ killGraceMs: 200 }),
    decide: (request) => policy.decide(request),
    span: createRecordingSpan(),
    signal: new AbortController().signal,
    dryRun: false,
    upstream: () => undefined,
  };
}

export interface PrRepo {
  repo: TempRepo;
  context: PrContext;
}

/** A temp repo with a base commit and a head commit (checked out), and the PR context between them. */
export function createPrRepo(base: Record<string, string>, head: Record<string, string>): PrRepo {
  const repo = createTempRepo('kilo-agents-');
  const baseSha = repo.commit('base', base);
  const headSha = repo.commit('head', head);
  const diff = repo.git('diff', '--no-color', baseSha, headSha);
  const context = makeContext(diff, {
    base: { sha: baseSha, ref: 'main' },
    head: { sha: headSha, ref: 'feature' },
  });
  return { repo, context };
}

/** `node -e` with a script, quoted for parseCommandLine (single quotes: taken literally). */
export function nodeCommand(script: string, trailing = ''): string {
  if (script.includes("'")) throw new Error('use double quotes inside test scripts');
  return `node -e '${script}'${trailing === '' ? '' : ` ${trailing}`}`;
}

/** The suggestion-validation subtask: re-runs `test` (as subtask `testId`) after the refactor `after`. */
export function validationSubtask(test: CommandTaskSpec, testId: string, after: string): Subtask {
  return structuredClone({
    id: 'test:validate-suggestions',
    kind: 'test',
    agent: 'tester',
    task: { type: 'validate', name: 'validate-suggestions', tests: [{ id: testId, task: test, files: [] }] },
    files: [],
    dependsOn: [testId],
    after: [after],
    budget: { wallSeconds: 120 },
  } satisfies Subtask);
}

/** The LLM review subtask as the planner makes it, over `files`. */
export function llmReviewSubtask(
  files: string[],
  options: { batchTokens?: number; maxOutputTokens?: number; minConfidence?: number } = {},
): Subtask {
  return {
    id: 'analyze:llm-review',
    kind: 'analyze',
    agent: 'reviewer',
    task: {
      type: 'llm-review',
      name: 'llm-review',
      batchTokens: options.batchTokens ?? 8000,
      maxOutputTokens: options.maxOutputTokens ?? 2000,
      ...(options.minConfidence === undefined ? {} : { verify: { minConfidence: options.minConfidence } }),
    },
    files,
    dependsOn: [],
    budget: { wallSeconds: 60 },
  };
}
