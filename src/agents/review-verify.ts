// The LLM reviewer's verify pass against noise: every candidate the batches produced is judged once more,
// all in one request, with the lines it is about; each gets a confidence, and those below
// `llm.min-confidence` are dropped and counted. A verify call that fails or is refused drops nothing
// (the candidates stand, and the reason says they were not verified). No tools: the judge sees the
// code in question, not the repository.
import { z } from 'zod';
import type { PrContext } from '../context/types.js';
import type { Finding, Suggestion } from '../findings/types.js';
import { llmAnswerSchema } from '../llm/answer-schema.js';
import { dataRules, quoteUntrusted } from '../llm/quote.js';
import type { LlmGuidance, LlmSchema } from '../llm/types.js';
import { getErrorMessage } from '../util/errors.js';
import { headLines } from './review-answer.js';
import type { AgentInput } from './types.js';

export interface VerifyOptions {
  minConfidence: number;
  maxOutputTokens: number;
}

export interface Verified {
  findings: Finding[];
  suggestions: Suggestion[];
  /** Dropped below the minimum confidence (or left without a verdict). */
  dropped: number;
  /** Why nothing was verified (the call failed or was refused); the candidates were kept. */
  unverified?: string;
}

interface Verdict {
  id: number;
  confidence: number;
}

const wireVerdict = z
  .object({
    id: z.int().min(1).describe('The candidate number, as given.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe('0 to 1: how sure you are that this is a real problem the change introduces.'),
    reason: z.string().describe('One sentence: why.'),
  })
  .strict();
const wireVerdicts = z.object({ verdicts: z.array(wireVerdict) }).strict();
const verdictsShape = z.object({ verdicts: z.array(z.unknown()) });
const verdictItem = z.object({ id: z.int(), confidence: z.number().min(0).max(1) });

// The parsed value has the answer's own shape: the cache stores it and parses it again on a hit.
const verdictSchema: LlmSchema<{ verdicts: Verdict[] }> = llmAnswerSchema(wireVerdicts, {
  name: 'review-verify',
  parse(value) {
    const shape = verdictsShape.safeParse(value);
    if (!shape.success) return { ok: false, error: 'expected an object with a "verdicts" array' };
    // A malformed verdict is a missing one: its candidate has no confidence, and is dropped.
    const verdicts = shape.data.verdicts.flatMap((raw) => {
      const item = verdictItem.safeParse(raw);
      return item.success ? [item.data] : [];
    });
    return { ok: true, value: { verdicts } };
  },
});

const VERIFY_PROMPT = [
  'You are the second reader of a code review. A first pass over a pull request produced the candidate',
  'findings below, each with the lines of the changed file it is about. For each candidate, judge',
  'whether it is a real problem that this change introduces, given the code shown: a wrong claim about',
  'the code, a matter of taste, or a guess without support in the lines gets a low confidence; a',
  'definite bug gets a high one. Answer one verdict per candidate, by its number.',
].join('\n');

/** A candidate with the head-side range it is about, and that range's numbered lines. */
type Candidate = { start: number; end: number; lines: string[] } & (
  { kind: 'finding'; item: Finding } | { kind: 'suggestion'; item: Suggestion }
);

export async function verifyCandidates(
  input: AgentInput,
  llm: LlmGuidance,
  found: { findings: Finding[]; suggestions: Suggestion[] },
  options: VerifyOptions,
): Promise<Verified> {
  const at = (path: string, start: number, end: number) => ({
    start,
    end,
    lines: numberedLines(input.context, path, start, end),
  });
  const candidates: Candidate[] = [
    ...found.findings.map((item): Candidate => ({
      kind: 'finding',
      item,
      ...at(item.path, item.line, item.endLine ?? item.line),
    })),
    ...found.suggestions.map((item): Candidate => ({
      kind: 'suggestion',
      item,
      ...at(item.path, item.startLine, item.endLine),
    })),
  ];
  if (candidates.length === 0) return { ...found, dropped: 0 };
  const system = `${VERIFY_PROMPT}\n\n${dataRules(false)}`;
  const prompt = candidates.map((candidate, index) => describe(candidate, index + 1)).join('\n\n');
  let result;
  try {
    result = await llm.client.generate(
      { purpose: 'review', system, prompt, schema: verdictSchema, maxOutputTokens: options.maxOutputTokens },
      { decide: input.decide, span: input.span, signal: input.signal },
    );
  } catch (error) {
    result = { status: 'failed' as const, reason: getErrorMessage(error) };
  }
  if (result.status !== 'ok') {
    const why = result.status === 'refused' ? result.reason : result.reason.split('\n')[0];
    input.span.event('llm-call', 'review-verify', {
      candidates: candidates.length,
      kept: candidates.length,
      unverified: why,
    });
    return { ...found, dropped: 0, unverified: why ?? 'no answer' };
  }
  const confidence = new Map(result.value.verdicts.map((verdict) => [verdict.id, verdict.confidence]));
  const scored = candidates.map((candidate, index) => ({
    candidate,
    confidence: confidence.get(index + 1),
  }));
  input.span.event('llm-call', 'review-verify', {
    candidates: candidates.length,
    kept: scored.filter((s) => (s.confidence ?? 0) >= options.minConfidence).length,
    minConfidence: options.minConfidence,
    verdicts: scored.map((s) => ({
      fingerprint: s.candidate.item.fingerprint,
      confidence: s.confidence ?? null,
    })),
  });
  // Most confident first: the comment budget (`llm.max-comments`) keeps the head of the list inline.
  const kept = scored
    .filter((s) => (s.confidence ?? 0) >= options.minConfidence)
    .sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))
    .map((s) => s.candidate);
  return {
    findings: kept.flatMap((c) => (c.kind === 'finding' ? [c.item] : [])),
    suggestions: kept.flatMap((c) => (c.kind === 'suggestion' ? [c.item] : [])),
    dropped: candidates.length - kept.length,
  };
}

/** One candidate for the judge: number, place, claim, the lines, and the proposed replacement, all as data. */
function describe(candidate: Candidate, id: number): string {
  const { item, start, end } = candidate;
  const where = `${item.path}:${start}${end > start ? `-${end}` : ''}`;
  const parts = [
    `Candidate ${id} at ${where}:`,
    quoteUntrusted(`claim ${id}`, item.message ?? ''),
    quoteUntrusted(`lines ${id}`, candidate.lines.join('\n')),
  ];
  if (candidate.kind === 'suggestion')
    parts.push(quoteUntrusted(`replacement ${id}`, candidate.item.replacement));
  return parts.join('\n');
}

/** `12: text` for start..end, as validateFindings read them (the candidates passed its checks). */
function numberedLines(context: PrContext, path: string, start: number, end: number): string[] {
  const file = context.files.find((f) => f.path === path);
  const lines = file === undefined ? undefined : headLines(file, context.diffIndex, start, end);
  return (lines ?? []).map((line, i) => `${start + i}: ${line}`);
}
