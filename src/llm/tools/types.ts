// Types of the reviewer's read-only tools (read_file, search, list_files): their limits, the shared
// review budget and what a call returns to the model.
import type { Decision, PolicyRequest } from '../../policy/types.js';

export interface ToolLimits {
  /** Bytes of content one call may return; notes such as the cut marker come on top. */
  maxResultBytes: number;
  /** Matching lines one search returns. */
  maxSearchResults: number;
  /** Bytes of one matching line's text in a search result (a minified file is one long line). */
  maxSearchLineBytes: number;
  /** Entries one listing returns. */
  maxListEntries: number;
  /** How long one `git grep` may run. */
  searchTimeoutMs: number;
}

export const DEFAULT_TOOL_LIMITS: Readonly<ToolLimits> = {
  maxResultBytes: 16 * 1024,
  maxSearchResults: 50,
  maxSearchLineBytes: 512,
  maxListEntries: 200,
  searchTimeoutMs: 5000,
};

/** Bytes of tool results left for the whole review, shared (and decremented) across calls. */
export interface ReviewBudget {
  remaining: number;
}

/** What one call hands back to the model: never thrown, always readable. `bytes`: of `text` or `error`. */
export type ToolCallResult =
  | { ok: true; text: string; bytes: number }
  | { ok: false; error: string; bytes: number; /** The rule that denied the read. */ denied?: string };

/** A tool's answer before it is redacted, measured and charged. */
export type ToolOutcome = { ok: true; text: string } | { ok: false; error: string; denied?: string };

export type ToolFailure = Extract<ToolOutcome, { ok: false }>;

/** What every tool works with during one call. */
export interface ToolEnv {
  checkout: string;
  /** The checkout's real path, resolved once per review. */
  root: () => Promise<string>;
  decide: (request: PolicyRequest) => Decision;
  redact: (text: string) => string;
  limits: ToolLimits;
  /** Content bytes this call may return: the per-call cap or what is left of the review's budget. */
  maxBytes: number;
}
