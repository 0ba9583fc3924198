// The one interface every subagent implements; the orchestrator delegates a subtask to its agent.
import type { PrContext } from '../context/types.js';
import type { Finding, Suggestion, SuggestionValidation } from '../findings/types.js';
import type { LlmGuidance } from '../llm/types.js';
import type { SubtaskStatus } from '../orchestrator/types.js';
import type { Subtask, AgentName } from '../plan/types.js';
import type { Decision, PolicyRequest } from '../policy/types.js';
import type { CommandRunner } from '../sandbox/types.js';
import type { Span } from '../trace/types.js';
import type { AddedLineSecrets } from '../trace/secret-patterns.js';

export interface AgentInput {
  subtask: Subtask;
  context: PrContext;
  /** Checkout of the PR head; agents never write to it. */
  workspace: string;
  runner: CommandRunner;
  /** Ask the policy engine (records the decision in the trace). */
  decide(request: PolicyRequest): Decision;
  span: Span;
  signal: AbortSignal;
  dryRun: boolean;
  /** What a subtask this one runs after (dependsOn or after) returned; undefined when it did not return. */
  upstream(id: string): AgentOutput | undefined;
  /** The language model and the repository's guidance; absent without an LLM provider. */
  llm?: LlmGuidance;
  /**
   * Reads a file the config names (a problem matcher) where the config came from: the base commit
   * for a fork PR or pull_request_target. Absent when the config is the checkout's own.
   */
  readPolicyFile?: (path: string) => Promise<string | undefined>;
  /** The run's scan of the added lines for secrets (the built-in secrets analyzer reuses it). */
  secrets?: AddedLineSecrets;
}

export interface AgentOutput {
  status: Extract<SubtaskStatus, 'ok' | 'failed' | 'skipped' | 'timed-out'>;
  findings: Finding[];
  suggestions: Suggestion[];
  reason?: string;
  /** The failure may pass on a retry (resources exhausted, the tool crashed on a signal). */
  transient?: boolean;
  /** The tool malfunctioned (could not start, crashed, unreadable output) rather than reporting problems. */
  toolError?: boolean;
  /** The suggestion validation's verdicts (its subtask only). */
  validation?: SuggestionValidation;
  /** A failed or skipped command's last output lines (redacted before they are reported). */
  output?: string;
}

export interface Agent {
  readonly name: AgentName;
  run(input: AgentInput): Promise<AgentOutput>;
}

/** What the PR changes, per group of files, as the LLM put it (untrusted text: renderers escape it). */
export type Walkthrough = { groups: Array<{ files: string[]; summary: string }> } | { unavailable: string };
