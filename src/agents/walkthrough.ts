// The walkthrough (opt-in `llm.walkthrough`): a short account of what the PR changes, per group of files,
// written by the LLM in one request from the PR's title, description, file list and first hunks. What
// it says is untrusted text: files it names must be the PR's, summaries are cut, and the renderers
// escape it like any PR text. It never fails a review: without an answer, the summary says why.
import { z } from 'zod';
import type { PrContext } from '../context/types.js';
import { llmAnswerSchema } from '../llm/answer-schema.js';
import { dataRules, quoteUntrusted } from '../llm/quote.js';
import type { LlmCallContext, LlmClient, LlmSchema } from '../llm/types.js';
import type { Walkthrough } from './types.js';
import { clip } from '../util/text.js';
import { batchHunks } from './review-hunks.js';

const MAX_GROUPS = 8;
const MAX_SUMMARY_CHARS = 400;
const MAX_FILES_LISTED = 200;
/** The hunks the model sees: the first ones, up to this estimate; the file list covers the rest. */
const HUNK_TOKENS = 6000;
const OUTPUT_TOKENS = 1200;

interface Answer {
  groups: Array<{ files: string[]; summary: string }>;
}

const wireAnswer = z
  .object({
    groups: z
      .array(
        z
          .object({
            files: z.array(z.string()).describe('Paths of changed files, exactly as listed.'),
            summary: z.string().describe('One or two plain sentences: what this group of changes does.'),
          })
          .strict(),
      )
      .describe(`At most ${MAX_GROUPS} groups, in the order a reviewer should read them.`),
  })
  .strict();
const answerShape = z.object({ groups: z.array(z.unknown()) });
const groupShape = z.object({ files: z.array(z.string()), summary: z.string() });

// The parsed value keeps the answer's shape: the cache stores it and parses it again on a hit.
const answerSchema: LlmSchema<Answer> = llmAnswerSchema(wireAnswer, {
  name: 'walkthrough',
  parse(value) {
    const shape = answerShape.safeParse(value);
    if (!shape.success) return { ok: false, error: 'expected an object with a "groups" array' };
    const groups = shape.data.groups.flatMap((raw) => {
      const group = groupShape.safeParse(raw);
      return group.success ? [group.data] : [];
    });
    return { ok: true, value: { groups } };
  },
});

const SYSTEM = [
  'You write the walkthrough of a pull request for its reviewers: what it changes, grouped by purpose',
  `(at most ${MAX_GROUPS} groups), each with the files it touches and one or two plain sentences. Describe;`,
  'do not judge, praise or suggest. Name only files from the list you are given.',
].join('\n');

export async function writeWalkthrough(
  client: LlmClient,
  context: PrContext,
  call: LlmCallContext,
): Promise<Walkthrough> {
  const files = context.files;
  if (files.length === 0) return { unavailable: 'no changed files' };
  const listed = files
    .slice(0, MAX_FILES_LISTED)
    .map((file) => `${file.path} (${file.status}, +${file.additions} -${file.deletions})`);
  const more = files.length - listed.length;
  const hunks = batchHunks(
    files.filter((file) => !file.binary && file.status !== 'removed'),
    HUNK_TOKENS,
  )[0];
  const prompt = [
    quoteUntrusted('title', context.title),
    ...(context.body?.trim() ? [quoteUntrusted('description', clip(context.body.trim(), 2000))] : []),
    'The changed files:',
    quoteUntrusted('files', [...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n')),
    ...(hunks ? ['The first hunks:', ...hunks.pieces.map((piece) => piece.block)] : []),
  ].join('\n\n');
  // The client reports failures as results; a throw (a bug) is the caller's (startWalkthrough) to catch.
  const result = await client.generate(
    {
      purpose: 'review',
      system: `${SYSTEM}\n\n${dataRules(false)}`,
      prompt,
      schema: answerSchema,
      maxOutputTokens: OUTPUT_TOKENS,
    },
    call,
  );
  if (result.status !== 'ok') return { unavailable: result.reason };
  const changed = new Set(files.map((file) => file.path));
  const groups = result.value.groups
    .map((group) => ({
      files: [...new Set(group.files)].filter((path) => changed.has(path)),
      summary: clip(group.summary.replace(/\s+/g, ' ').trim(), MAX_SUMMARY_CHARS),
    }))
    .filter((group) => group.files.length > 0 && group.summary !== '')
    .slice(0, MAX_GROUPS);
  call.span.event('llm-call', 'walkthrough', { groups: groups.length, answered: result.value.groups.length });
  return groups.length > 0 ? { groups } : { unavailable: 'the answer named none of the changed files' };
}
