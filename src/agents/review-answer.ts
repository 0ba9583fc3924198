// The LLM reviewer's answer: its JSON schema, a lenient parse (one bad item does not lose the others),
// and the check of every item against the diff before it becomes a Finding or a Suggestion. Nothing the
// model says is trusted: paths, lines and ranges must be the subtask's and commentable in one hunk.
import { z } from 'zod';
import type { ChangedFile, DiffIndex, PrContext } from '../context/types.js';
import { findingFingerprint, suggestionFingerprint } from '../findings/fingerprint.js';
import type { Finding, Severity, Suggestion } from '../findings/types.js';
import { llmAnswerSchema } from '../llm/answer-schema.js';
import { LLM_REVIEW_TASK_NAME } from '../policy/task-names.js';
import type { LlmSchema } from '../llm/types.js';

/** Rule and source of every finding and suggestion the LLM review makes. */
export const LLM_REVIEW_RULE = LLM_REVIEW_TASK_NAME;
const MAX_MESSAGE_CHARS = 1000;

// What the model is asked for: every field present, `null` for "none" (strict structured outputs).
const wireItem = z
  .object({
    path: z.string().describe('The file path exactly as given after "file:".'),
    line: z.int().min(1).describe('Head-side line number, as shown in the diff.'),
    endLine: z
      .int()
      .min(1)
      .nullable()
      .describe('Last line of a range (inclusive), in the same hunk; null for one line.'),
    severity: z.enum(['error', 'warning', 'notice']),
    message: z.string().describe('What is wrong, why it matters, how to fix it.'),
    replacement: z
      .string()
      .nullable()
      .describe('Only when certain: the complete new text of lines line..endLine; null otherwise.'),
    quote: z
      .string()
      .nullable()
      .describe(
        'The code at fault, copied exactly from the lines line..endLine; null for the lines as a whole.',
      ),
  })
  .strict();
const wireAnswer = z.object({ findings: z.array(wireItem) }).strict();

// What is accepted: the same, leniently (absent or null both mean "none"; unknown keys are ignored).
const itemSchema = z
  .object({
    path: z.string(),
    line: z.int().min(1),
    endLine: z.int().min(1).nullish(),
    severity: z.enum(['error', 'warning', 'notice']),
    message: z.string(),
    replacement: z.string().nullish(),
    quote: z.string().nullish(),
  })
  .refine((item) => item.endLine === undefined || item.endLine === null || item.endLine >= item.line, {
    message: 'endLine before line',
  });

const answerShape = z.object({ findings: z.array(z.unknown()) });

export interface ReviewItem {
  path: string;
  line: number;
  endLine?: number;
  severity: 'error' | 'warning' | 'notice';
  message: string;
  replacement?: string;
  /** Code the model says is at fault: it must be found in the lines, or the item is dropped. */
  quote?: string;
}

export interface ReviewAnswer {
  /** The items that have the schema's shape. */
  findings: ReviewItem[];
  /** Items dropped because they did not. */
  malformed: number;
}

/**
 * The answer's schema. An answer that is not an object with a `findings` array fails (malformed); a bad
 * item is dropped and counted, so one slip of the model does not lose the rest of its findings.
 */
export const reviewAnswerSchema: LlmSchema<ReviewAnswer> = llmAnswerSchema(wireAnswer, {
  name: 'review',
  parse(value) {
    const shape = answerShape.safeParse(value);
    if (!shape.success) return { ok: false, error: 'expected an object with a "findings" array' };
    const findings: ReviewItem[] = [];
    let malformed = 0;
    for (const raw of shape.data.findings) {
      const item = itemSchema.safeParse(raw);
      if (item.success) findings.push(withoutNulls(item.data));
      else malformed++;
    }
    return { ok: true, value: { findings, malformed } };
  },
});

export interface ReviewDropped {
  /** Wrong path, or lines not commentable on the head side within one hunk. */
  outsideDiff: number;
  /** Not the schema's shape, or an empty message. */
  malformed: number;
  /** A replacement equal to the lines it replaces (the item is kept as a finding). */
  noop: number;
  /** Quoted code that is not in the lines it points at: the model misread them. */
  misquoted: number;
}

export interface ValidatedReview {
  findings: Finding[];
  suggestions: Suggestion[];
  dropped: ReviewDropped;
  /** Replacements on paths that may not be written (protected): kept as findings, not suggested. */
  withheld: number;
}

export interface ValidateOptions {
  /** May a suggestion change this path (the policy's write gate)? Default: yes. */
  canSuggest?: (path: string) => boolean;
}

/**
 * The answer's items that hold up against the diff. An item with a replacement becomes a Suggestion
 * (which carries its message) rather than a Finding too: one inline comment per problem, not two.
 * Duplicates (same fingerprint) keep the first.
 */
export function validateFindings(
  answer: ReviewAnswer,
  context: Pick<PrContext, 'files' | 'diffIndex'>,
  files: readonly string[],
  options: ValidateOptions = {},
): ValidatedReview {
  const wanted = new Set(files);
  const byPath = new Map(context.files.filter((file) => wanted.has(file.path)).map((f) => [f.path, f]));
  const result: ValidatedReview = {
    findings: [],
    suggestions: [],
    dropped: { outsideDiff: 0, malformed: answer.malformed, noop: 0, misquoted: 0 },
    withheld: 0,
  };
  const seen = new Set<string>();
  const keep = <T extends { fingerprint: string }>(list: T[], item: T): void => {
    if (seen.has(item.fingerprint)) return;
    seen.add(item.fingerprint);
    list.push(item);
  };
  for (const item of answer.findings) {
    const message = cutMessage(item.message.trim());
    if (message === '') {
      result.dropped.malformed++;
      continue;
    }
    const endLine = item.endLine ?? item.line;
    const file = byPath.get(item.path);
    const original = file && headLines(file, context.diffIndex, item.line, endLine);
    if (original === undefined) {
      result.dropped.outsideDiff++;
      continue;
    }
    if (item.quote !== undefined && !quotes(original, item.quote)) {
      result.dropped.misquoted++;
      continue;
    }
    if (item.replacement !== undefined) {
      const replacement = item.replacement.replace(/\r?\n$/, '');
      const originalText = original.join('\n');
      if (replacement === originalText) {
        result.dropped.noop++;
      } else if (options.canSuggest?.(item.path) === false) {
        result.withheld++;
      } else {
        keep(result.suggestions, {
          path: item.path,
          startLine: item.line,
          endLine,
          replacement,
          source: LLM_REVIEW_RULE,
          message,
          fingerprint: suggestionFingerprint(item.path, originalText, replacement),
        });
        continue;
      }
    }
    const finding: Finding = {
      rule: LLM_REVIEW_RULE,
      severity: capSeverity(item.severity),
      message,
      path: item.path,
      line: item.line,
      source: LLM_REVIEW_RULE,
      fingerprint: findingFingerprint(LLM_REVIEW_RULE, item.path, original[0], item.line),
    };
    if (endLine > item.line) finding.endLine = endLine;
    keep(result.findings, finding);
  }
  return result;
}

/**
 * At most a warning: a model's opinion alone never fails the check under `fail-on: error`; a human
 * reads it and decides. Deterministic tools are the ones that may report errors.
 */
function capSeverity(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : severity;
}

/** The head-side text of start..end when the range is commentable within one hunk, else undefined. */
export function headLines(
  file: ChangedFile,
  diffIndex: DiffIndex,
  start: number,
  end: number,
): string[] | undefined {
  if (!diffIndex.isCommentableRange(file.path, start, end, 'RIGHT')) return undefined;
  const hunk = file.hunks.find((h) => h.newLines > 0 && start >= h.newStart && end < h.newStart + h.newLines);
  const lines = (hunk?.lines ?? [])
    .filter((line) => line.newLine !== undefined && line.newLine >= start && line.newLine <= end)
    .map((line) => line.content);
  return lines.length === end - start + 1 ? lines : undefined;
}

function cutMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  // Not in the middle of a surrogate pair.
  const cut = message.slice(0, MAX_MESSAGE_CHARS - 1).replace(/[\uD800-\uDBFF]$/u, '');
  return `${cut}…`;
}

/** Whether `quote` is in the lines, whitespace runs compared as one space (indentation varies). */
function quotes(lines: readonly string[], quote: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const wanted = squash(quote);
  return wanted === '' || squash(lines.join('\n')).includes(wanted);
}

/** null and absent both mean "none"; the rest of the code knows only absent. */
function withoutNulls(item: z.output<typeof itemSchema>): ReviewItem {
  const { endLine, replacement, quote, ...rest } = item;
  return {
    ...rest,
    ...(endLine === null || endLine === undefined ? {} : { endLine }),
    ...(replacement === null || replacement === undefined ? {} : { replacement }),
    ...(quote === null || quote === undefined ? {} : { quote }),
  };
}
