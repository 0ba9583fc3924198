// The LLM reviewer's verify pass against noise: every candidate the batches produced is judged once more,
// all in one request, with the lines it is about; each gets a confidence, and those below
// `llm.min-confidence` are dropped and counted. A verify call that fails or is refused drops nothing
// (the candidates stand, and the reason says they were not verified). No tools: the judge sees the
// code in question, not the repository.
import { z } from 'zod';
import type { PrContext } from '../context/types.js';
import type { Finding, Suggestion } from '../findings/types.js';
import { answerJsonSchema } from '../llm/json-schema.js';
import { dataRules, quoteUntrusted } from '../llm/quote.js';
import type { LlmGuidance, LlmSchema } from '../llm/types.js';
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
const verdictSchema: LlmSchema<{ verdicts: Verdict[] }> = {
  name: 'review-verify',
  jsonSchema: answerJsonSchema(wireVerdicts),
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
};

const VERIFY_PROMPT = [
  'You are the second reader of a code review. A first pass over a pull request produced the candidate',
  'findings below, each with the lines of the changed file it is about. For each candidate, judge',
  'whether it is a real problem that this change introduces, given the code shown: a wrong claim about',
  'the code, a matter of taste, or a guess without support in the lines gets a low confidence; a',
  'definite bug gets a high one. Answer one verdict per candidate, by its number.',
].join('\n');

type Candidate =
  | { kind: 'finding'; item: Finding; lines: string[] }
  | { kind: 'suggestion'; item: Suggestion; lines: string[] };

export async function verifyCandidates(
  input: AgentInput,
  llm: LlmGuidance,
  found: { findings: Finding[]; suggestions: Suggestion[] },
  options: VerifyOptions,
): Promise<Verified> {
  const candidates: Candidate[] = [
    ...found.findings.map((item): Candidate => ({
      kind: 'finding',
      item,
      lines: linesOf(input.context, item.path, item.line, item.endLine ?? item.line),
    })),
    ...found.suggestions.map((item): Candidate => ({
      kind: 'suggestion',
      item,
      lines: linesOf(input.context, item.path, item.startLine, item.endLine),
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
    result = { status: 'failed' as const, reason: String(error) };
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
  const kept = candidates.filter((_, index) => (confidence.get(index + 1) ?? 0) >= options.minConfidence);
  input.span.event('llm-call', 'review-verify', {
    candidates: candidates.length,
    kept: kept.length,
    minConfidence: options.minConfidence,
    verdicts: candidates.map((candidate, index) => ({
      fingerprint: candidate.item.fingerprint,
      confidence: confidence.get(index + 1) ?? null,
    })),
  });
  // Most confident first: the comment budget (`llm.max-comments`) keeps the head of the list inline.
  const byConfidence = kept
    .map((candidate) => ({ candidate, confidence: confidence.get(candidates.indexOf(candidate) + 1) ?? 0 }))
    .sort((a, b) => b.confidence - a.confidence);
  return {
    findings: byConfidence.flatMap(({ candidate }) => (candidate.kind === 'finding' ? [candidate.item] : [])),
    suggestions: byConfidence.flatMap(({ candidate }) =>
      candidate.kind === 'suggestion' ? [candidate.item] : [],
    ),
    dropped: candidates.length - kept.length,
  };
}

/** One candidate for the judge: number, place, claim, the lines, and the proposed replacement, all as data. */
function describe(candidate: Candidate, id: number): string {
  const { item } = candidate;
  const [start, end] =
    candidate.kind === 'finding'
      ? [candidate.item.line, candidate.item.endLine ?? candidate.item.line]
      : [candidate.item.startLine, candidate.item.endLine];
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

/** The head-side text of start..end from the PR's hunks (the candidates were checked to be there). */
function linesOf(context: PrContext, path: string, start: number, end: number): string[] {
  const file = context.files.find((f) => f.path === path);
  return (file?.hunks ?? [])
    .flatMap((hunk) => hunk.lines)
    .filter((line) => line.newLine !== undefined && line.newLine >= start && line.newLine <= end)
    .map((line) => `${line.newLine}: ${line.content}`);
}
