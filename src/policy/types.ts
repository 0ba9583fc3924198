// Policy requests and decisions: every gate, command, write, read, post and budget charge asks the engine.
import type { BudgetName } from './schema.js';

/** What the LLM is used for; each is switched on or off in config (`llm.review`, `llm.plan`). */
export type LlmPurpose = 'review' | 'plan';

export type PolicyRequest =
  /**
   * May this change be reviewed at all? `requested`: a person asked for this review by hand (a command,
   * a dispatch), so the skip rules for automatic reviews (drafts, labels, authors) do not apply.
   */
  | { kind: 'gate'; requested?: boolean }
  | { kind: 'command'; command: string }
  | { kind: 'write'; path: string }
  /**
   * May the reviewer's tools read this path of the checkout (a file, a directory, a search hit)? The path
   * is relative to the checkout root, as the model wrote it; `.` is the root.
   */
  | { kind: 'read'; path: string }
  | { kind: 'post'; what: 'check-run' | 'review' | 'comment' | 'summary' }
  /**
   * A charge against a budget. `spent` records what was already used (LLM tokens after a call): it is
   * counted even past the limit, and the decision says whether the budget still holds.
   */
  | { kind: 'budget'; budget: BudgetName; amount: number; spent?: boolean }
  /** Before an LLM call: is the purpose on, and do `tokens` (prompt + most answer) fit the budgets? */
  | { kind: 'llm-call'; purpose: LlmPurpose; tokens: number };

export interface Decision {
  allow: boolean;
  /** The rule that decided, e.g. `skip.drafts`, `commands.allow`, `budgets.subtasks`. */
  rule: string;
  reason: string;
}

export interface RecordedDecision extends Decision {
  request: PolicyRequest;
}
