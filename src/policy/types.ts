// Policy requests and decisions: every gate, command, write, post and budget charge asks the engine.
import type { BudgetName } from './schema.js';

export type PolicyRequest =
  | { kind: 'gate' }
  | { kind: 'command'; command: string }
  | { kind: 'write'; path: string }
  | { kind: 'post'; what: 'check-run' | 'review' | 'comment' | 'summary' }
  | { kind: 'budget'; budget: BudgetName; amount: number };

export interface Decision {
  allow: boolean;
  /** The rule that decided, e.g. `skip.drafts`, `commands.allow`, `budgets.subtasks`. */
  rule: string;
  reason: string;
}

export interface RecordedDecision extends Decision {
  request: PolicyRequest;
}
