// What comes back from running a subtask. Results are returned in plan order.
import type { Finding, Suggestion } from '../findings/types.js';

export type SubtaskStatus = 'ok' | 'failed' | 'skipped' | 'timed-out' | 'cancelled';

export interface SubtaskResult {
  id: string;
  status: SubtaskStatus;
  findings: Finding[];
  suggestions: Suggestion[];
  durationMs: number;
  reason?: string;
}
