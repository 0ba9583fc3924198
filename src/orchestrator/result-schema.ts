// The schema of a SubtaskResult read back from a file another process wrote (a shard's results file,
// the results cache). Strict where the renderers rely on a field (a results file is an artifact anyone
// with write access to the run could swap): a bad file is refused, never half-rendered.
import { z } from 'zod';

const findingSchema = z
  .object({
    rule: z.string(),
    severity: z.enum(['error', 'warning', 'notice']),
    message: z.string(),
    path: z.string(),
    line: z.number().int(),
    source: z.string(),
    fingerprint: z.string(),
  })
  .loose();
const suggestionSchema = z
  .object({
    path: z.string(),
    startLine: z.number().int().positive(),
    endLine: z.number().int().positive(),
    replacement: z.string(),
    source: z.string(),
    fingerprint: z.string(),
  })
  .loose();
export const subtaskResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(['ok', 'failed', 'skipped', 'timed-out', 'cancelled']),
    findings: z.array(findingSchema),
    suggestions: z.array(suggestionSchema),
    durationMs: z.number(),
    output: z.string().optional(),
  })
  .loose();
