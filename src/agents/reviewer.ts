// The reviewer: asks the LLM about the PR's hunks, batch by batch, and keeps what holds up against the
// diff as findings and suggestions of its own. PR text goes to the model only as quoted data. It never
// fails: without an LLM, or with one that is down or out of budget, the subtask is skipped.
import { readFileSync } from 'node:fs';
import { touches } from '../context/since.js';
import type { ChangedFile, PrContext } from '../context/types.js';
import { dedupeByFingerprint } from '../findings/filter.js';
import type { Finding, Suggestion } from '../findings/types.js';
import { dataRules, quoteUntrusted } from '../llm/quote.js';
import { estimateTokens } from '../llm/tokens.js';
import { TOOL_BOUND_NAMES } from '../llm/tool-loop.js';
import type { LlmGuidance, LlmResult, LlmToolUse, ToolLoopBound } from '../llm/types.js';
import type { LlmReviewSpec } from '../plan/types.js';
import { getErrorMessage } from '../util/errors.js';
import {
  reviewAnswerSchema,
  validateFindings,
  type ReviewAnswer,
  type ReviewDropped,
  type ValidatedReview,
} from './review-answer.js';
import { batchHunks, type ReviewBatch } from './review-hunks.js';
import { createReviewToolbox } from './review-toolbox.js';
import { verifyCandidates, type Verified } from './review-verify.js';
import { outcome } from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';

const MAX_DESCRIPTION_CHARS = 2000;
const DEADLINE_MARGIN_MS = 2000;

export function createReviewer(): Agent {
  return {
    name: 'reviewer',
    run(input) {
      const { task } = input.subtask;
      if (task.type !== 'llm-review') {
        return Promise.resolve(outcome('failed', 'the reviewer runs the llm-review task only'));
      }
      if (!input.llm) return Promise.resolve(outcome('skipped', 'no LLM configured'));
      return review(input, task, input.llm);
    },
  };
}

/**
 * The system prompt: ours and the base branch's, never the PR's (that is why it is the same for every
 * PR); with tools, what they are for.
 */
export function reviewerSystemPrompt(instructions: string, tools = false): string {
  const prompt = readFileSync(new URL('./prompts/reviewer.md', import.meta.url), 'utf8').trimEnd();
  const guidance =
    instructions.trim() === '' ? '' : `\n\nRepository guidance (from the base branch):\n${instructions}`;
  return `${prompt}${tools ? `\n\n${TOOLS_ADVICE}` : ''}\n\n${dataRules(tools)}${guidance}`;
}

const TOOLS_ADVICE = [
  'You can read the repository at the pull request head: read_file, search and list_files. Use them',
  'when a hunk depends on code you cannot see (a called function, a type, a caller), and only then:',
  'every call costs time. Findings still go on the numbered lines of the hunks shown to you.',
].join('\n');

interface Tally {
  hunks: number;
  reviewedPieces: Set<string>;
  calls: number;
  cached: number;
  answered: number;
  findings: Finding[];
  suggestions: Suggestion[];
  dropped: ReviewDropped;
  withheld: number;
  malformedAnswers: number;
  failedCalls: number;
  lastFailure?: string;
  /** Why the remaining batches were not sent (refused, cancelled). */
  stopped?: string;
  /** With tools: calls made, calls denied by the policy, and the bounds that ended a batch's loop. */
  toolCalls: number;
  toolDenied: number;
  bounds: Set<ToolLoopBound>;
}

async function review(input: AgentInput, task: LlmReviewSpec, llm: LlmGuidance): Promise<AgentOutput> {
  const { files, unchanged } = reviewFiles(input);
  const intro = introText(input.context);
  // The PR's own text takes at most half a call, so hunks always have room.
  const hunkBudget = Math.max(Math.ceil(task.batchTokens / 2), task.batchTokens - estimateTokens(intro));
  const batches = batchHunks(files, hunkBudget);
  const tally: Tally = {
    hunks: new Set(batches.flatMap((batch) => batch.pieces.map(hunkKey))).size,
    reviewedPieces: new Set(),
    calls: 0,
    cached: 0,
    answered: 0,
    findings: [],
    suggestions: [],
    dropped: { outsideDiff: 0, malformed: 0, noop: 0, misquoted: 0 },
    withheld: 0,
    malformedAnswers: 0,
    failedCalls: 0,
    toolCalls: 0,
    toolDenied: 0,
    bounds: new Set(),
  };
  if (batches.length === 0 && unchanged > 0) {
    return outcome('ok', `nothing to review: ${plural(unchanged, 'hunk')} unchanged since the last review`);
  }
  if (batches.length === 0) return outcome('ok', 'nothing to review: no text hunks in these files');
  const toolbox =
    task.tools === undefined
      ? undefined
      : createReviewToolbox({
          checkout: input.workspace,
          context: input.context,
          bounds: task.tools,
          decide: input.decide,
          redact: (text) => llm.client.redact(text),
        });
  const system = reviewerSystemPrompt(llm.instructions, toolbox !== undefined);
  const writable = new Map<string, boolean>();
  // A suggestion is a proposed write: asked once per path, as the refactorer does.
  const canSuggest = (path: string): boolean => {
    if (!writable.has(path)) writable.set(path, input.decide({ kind: 'write', path }).allow);
    return writable.get(path) === true;
  };
  // Stop a little before the subtask's budget: a slow provider then ends this review with what it has,
  // instead of the orchestrator timing the subtask out (which would fail the run).
  const available = Math.max(1000, input.subtask.budget.wallSeconds * 1000 - DEADLINE_MARGIN_MS);
  const end = Date.now() + available;
  const outOfTime = AbortSignal.timeout(available);
  const signal = AbortSignal.any([input.signal, outOfTime]);
  for (const [index, batch] of batches.entries()) {
    if (signal.aborted) {
      tally.stopped = input.signal.aborted ? 'cancelled' : "out of time (the subtask's wall-clock budget)";
      break;
    }
    // Each batch's tools get their share of the time left, less a quarter kept for the answer.
    const now = Date.now();
    const tools = toolbox?.forBatch(now + ((end - now) / (batches.length - index)) * 0.75);
    const result = await ask(
      { ...input, signal },
      llm,
      system,
      batchPrompt(intro, batch),
      task.maxOutputTokens,
      tools,
    );
    if (result.loop !== undefined) {
      tally.toolCalls += result.loop.calls.length;
      tally.toolDenied += result.loop.calls.filter((call) => call.outcome === 'denied').length;
      if (result.loop.stoppedBy !== undefined) tally.bounds.add(result.loop.stoppedBy);
    }
    if (result.status === 'refused') {
      tally.stopped = oneLine(result.reason);
      break;
    }
    tally.calls++;
    if (result.status === 'failed') {
      tally.failedCalls++;
      if (result.malformed) tally.malformedAnswers++;
      else tally.lastFailure = oneLine(result.reason);
      continue;
    }
    tally.answered++;
    if (result.cached) tally.cached++;
    for (const piece of batch.pieces) tally.reviewedPieces.add(pieceKey(piece));
    const checked = validateFindings(result.value, input.context, input.subtask.files, { canSuggest });
    addAnswer(tally, checked);
    input.span.event('llm-call', 'review-answer', {
      batch: index + 1,
      findings: checked.findings.length,
      suggestions: checked.suggestions.length,
      dropped: checked.dropped,
    });
  }
  const candidates = {
    findings: dedupeByFingerprint(tally.findings),
    suggestions: dedupeByFingerprint(tally.suggestions),
  };
  const verified =
    task.verify === undefined || signal.aborted
      ? undefined
      : await verifyCandidates({ ...input, signal }, llm, candidates, {
          minConfidence: task.verify.minConfidence,
          maxOutputTokens: task.maxOutputTokens,
        });
  const { findings, suggestions } = verified ?? candidates;
  // An unavailable LLM (down, out of budget, breaker open) must not turn a PR check red: skipped, never failed.
  const status = tally.answered > 0 ? 'ok' : 'skipped';
  const reviewed = [
    summary(tally, reviewedHunks(batches, tally.reviewedPieces), findings, suggestions),
    ...(verified === undefined ? [] : [verifiedText(verified, task.verify?.minConfidence ?? 0)]),
  ]
    .filter((part) => part !== '')
    .join('; ');
  const reason =
    unchanged > 0 ? `${reviewed}; ${plural(unchanged, 'hunk')} unchanged since the last review` : reviewed;
  return { ...outcome(status, reason), findings, suggestions };
}

function addAnswer(tally: Tally, checked: ValidatedReview): void {
  tally.findings.push(...checked.findings);
  tally.suggestions.push(...checked.suggestions);
  tally.dropped.outsideDiff += checked.dropped.outsideDiff;
  tally.dropped.malformed += checked.dropped.malformed;
  tally.dropped.noop += checked.dropped.noop;
  tally.dropped.misquoted += checked.dropped.misquoted;
  tally.withheld += checked.withheld;
}

async function ask(
  input: AgentInput,
  llm: LlmGuidance,
  system: string,
  prompt: string,
  maxOutputTokens: number,
  tools: LlmToolUse | undefined,
): Promise<LlmResult<ReviewAnswer>> {
  try {
    return await llm.client.generate(
      {
        purpose: 'review',
        system,
        prompt,
        schema: reviewAnswerSchema,
        maxOutputTokens,
        ...(tools === undefined ? {} : { tools }),
      },
      { decide: input.decide, span: input.span, signal: input.signal },
    );
  } catch (error) {
    // The client reports failures as results; a throw (a bug, an abort) counts as one failed call.
    return {
      status: 'failed',
      reason: getErrorMessage(error),
      usage: { inputTokens: 0, outputTokens: 0 },
      malformed: false,
    };
  }
}

/**
 * The subtask's files that have head-side text (not removed, not binary) with their hunks; after an
 * earlier review of an ancestor head, only the hunks changed since (`unchanged`: how many were left).
 */
function reviewFiles(input: AgentInput): { files: ChangedFile[]; unchanged: number } {
  const wanted = new Set(input.subtask.files);
  const files = input.context.files.filter(
    (file) => wanted.has(file.path) && !file.binary && file.status !== 'removed',
  );
  const since = input.context.since;
  if (since?.kind !== 'incremental') return { files, unchanged: 0 };
  let unchanged = 0;
  const kept = files.flatMap((file) => {
    const ranges = since.head.get(file.path);
    const hunks = file.hunks.filter((h) =>
      touches(ranges, h.newStart, h.newStart + Math.max(1, h.newLines) - 1),
    );
    unchanged += file.hunks.length - hunks.length;
    return hunks.length > 0 ? [{ ...file, hunks }] : [];
  });
  return { files: kept, unchanged };
}

/** What every call of the run starts with: the PR's title and description, quoted, then the hunks. */
function introText(context: PrContext): string {
  const blocks = [quoteUntrusted('title', context.title)];
  const description = context.body?.trim() ?? '';
  if (description !== '')
    blocks.push(quoteUntrusted('description', cutText(description, MAX_DESCRIPTION_CHARS)));
  return ['The pull request under review:', ...blocks, 'The hunks to review:'].join('\n\n');
}

function batchPrompt(intro: string, batch: ReviewBatch): string {
  // Each block's estimate includes its separator, so the prompt stays within the call's budget.
  return [intro, ...batch.pieces.map((piece) => piece.block)].join('\n\n');
}

function hunkKey(piece: { path: string; hunk: number }): string {
  return `${piece.path}\u0000${piece.hunk}`;
}

function pieceKey(piece: { path: string; hunk: number; part: number }): string {
  return `${hunkKey(piece)}\u0000${piece.part}`;
}

/** Hunks all of whose pieces got an answer. */
function reviewedHunks(batches: readonly ReviewBatch[], reviewed: ReadonlySet<string>): number {
  const missing = new Set<string>();
  const all = new Set<string>();
  for (const piece of batches.flatMap((batch) => batch.pieces)) {
    all.add(hunkKey(piece));
    if (!reviewed.has(pieceKey(piece))) missing.add(hunkKey(piece));
  }
  return all.size - missing.size;
}

/** "reviewed 7 of 9 hunks in 2 calls and 1 cached answer: 4 findings, 1 suggestion; dropped …; 2 hunks not reviewed: …". */
function summary(tally: Tally, reviewed: number, findings: Finding[], suggestions: Suggestion[]): string {
  // Cached answers are not calls (the LLM section counts the same way).
  const cached = tally.cached > 0 ? ` and ${plural(tally.cached, 'cached answer')}` : '';
  const calls = tally.calls - tally.cached;
  const parts = [
    `reviewed ${reviewed} of ${plural(tally.hunks, 'hunk')} in ${plural(calls, 'call')}${cached}: ` +
      `${plural(findings.length, 'finding')}, ${plural(suggestions.length, 'suggestion')}`,
  ];
  const dropped = [
    tally.dropped.outsideDiff > 0 ? `${tally.dropped.outsideDiff} outside the diff` : '',
    tally.dropped.malformed > 0 ? `${tally.dropped.malformed} malformed` : '',
    tally.dropped.noop > 0 ? `${plural(tally.dropped.noop, 'no-op replacement')}` : '',
    tally.dropped.misquoted > 0 ? `${tally.dropped.misquoted} quoting code not in their lines` : '',
  ].filter((text) => text !== '');
  if (dropped.length > 0) parts.push(`dropped ${dropped.join(', ')}`);
  if (tally.withheld > 0) {
    parts.push(`${plural(tally.withheld, 'replacement')} on protected paths kept as findings only`);
  }
  if (tally.toolCalls > 0) {
    const denied = tally.toolDenied > 0 ? ` (${tally.toolDenied} denied)` : '';
    const bounds = [...tally.bounds].map((bound) => TOOL_BOUND_NAMES[bound]);
    const stopped = bounds.length > 0 ? `, stopped by ${bounds.join(', ')}` : '';
    parts.push(`read the repository with ${plural(tally.toolCalls, 'tool call')}${denied}${stopped}`);
  }
  const missing = tally.hunks - reviewed;
  if (missing > 0) {
    const causes: string[] = [];
    if (tally.malformedAnswers > 0) causes.push(plural(tally.malformedAnswers, 'malformed answer'));
    const otherFailures = tally.failedCalls - tally.malformedAnswers;
    if (otherFailures > 0)
      causes.push(`${plural(otherFailures, 'failed call')} (${tally.lastFailure ?? ''})`);
    if (tally.stopped !== undefined) causes.push(tally.stopped);
    parts.push(`${plural(missing, 'hunk')} not reviewed: ${causes.join(', ')}`);
  }
  return parts.join('; ');
}

/** "verify pass dropped 2 below confidence 0.6", or why nothing was verified; '' when it changed nothing. */
function verifiedText(verified: Verified, minConfidence: number): string {
  if (verified.unverified !== undefined) return `not verified (${oneLine(verified.unverified)})`;
  return verified.dropped > 0
    ? `verify pass dropped ${verified.dropped} below confidence ${minConfidence}`
    : '';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/[\uD800-\uDBFF]$/u, '')}… (cut)`;
}
