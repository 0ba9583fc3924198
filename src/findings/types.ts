// One model for everything the agents report: findings (problems) and suggestions (replacements).

export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  endLine?: number;
  /** Which task produced it (e.g. `secrets`, `eslint`). */
  source: string;
  /** Stable identity across reruns and rebases (rule + path + normalised line content). */
  fingerprint: string;
}

export interface Suggestion {
  path: string;
  /** Head-side line range that the replacement replaces (inclusive). */
  startLine: number;
  endLine: number;
  /** The new text for those lines, without a trailing newline; empty string deletes them. */
  replacement: string;
  source: string;
  /** One line saying why, shown above the suggestion block. */
  message?: string;
  /** true once the tester re-ran the tests with it applied and they passed. */
  validated?: boolean;
  fingerprint: string;
}

/** What the suggestion validation decided, by suggestion fingerprint. */
export interface SuggestionValidation {
  /** The tests passed with these applied together. */
  validated: string[];
  /** Rolled back: the tests failed with these applied; never posted. */
  dropped: Array<{ fingerprint: string; reason: string }>;
  /** How often the tests ran. */
  testRuns: number;
}
