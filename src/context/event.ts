// Parses the parts of a pull_request / pull_request_target webhook payload (or of a pull request
// object from the REST API: same shape) the review needs.
// Lenient about everything else: payloads carry hundreds of fields we do not read.
import { z } from 'zod';
import { KiloError } from '../util/errors.js';
import type { PullRequestMeta, RepoId } from './types.js';

const refSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit SHA'),
  ref: z.string(),
  repo: z.object({ full_name: z.string() }).nullable().optional(),
});

const pullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string().default(''),
  body: z.string().nullable().optional(),
  draft: z.boolean().default(false),
  user: z.object({ login: z.string() }).nullable().optional(),
  author_association: z.string().default('NONE'),
  labels: z.array(z.object({ name: z.string() })).default([]),
  comments: z.number().int().nonnegative().optional(),
  base: refSchema,
  head: refSchema,
});

const pullRequestEventSchema = z.object({
  pull_request: pullRequestSchema,
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
});

export function parsePullRequestEvent(payload: unknown): PullRequestMeta {
  const { pull_request: pr, repository } = parseOrThrow(
    pullRequestEventSchema,
    payload,
    'the event payload is not a pull request event',
  );
  return toMeta(pr, { owner: repository.owner.login, name: repository.name });
}

/** The same mapping for a pull request object as GET /repos/{owner}/{repo}/pulls/{n} returns it. */
export function parsePullRequest(pullRequest: unknown, repo: RepoId): PullRequestMeta {
  const what = `the pull request from the API of ${repo.owner}/${repo.name} is not usable`;
  return toMeta(parseOrThrow(pullRequestSchema, pullRequest, what), repo);
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  throw new KiloError('EVENT_INVALID', `${what}: ${where}: ${issue?.message}`);
}

function toMeta(pr: z.output<typeof pullRequestSchema>, repo: RepoId): PullRequestMeta {
  const baseRepo = pr.base.repo?.full_name ?? `${repo.owner}/${repo.name}`;
  return {
    repo: { owner: repo.owner, name: repo.name },
    number: pr.number,
    title: pr.title,
    ...(pr.body ? { body: pr.body } : {}),
    base: { sha: pr.base.sha, ref: pr.base.ref },
    head: { sha: pr.head.sha, ref: pr.head.ref },
    author: pr.user?.login ?? 'ghost',
    association: pr.author_association,
    draft: pr.draft,
    labels: pr.labels.map((label) => label.name),
    ...(pr.comments === undefined ? {} : { comments: pr.comments }),
    // A deleted head repository (null) is treated as a fork: the token cannot be trusted to write.
    fork: pr.head.repo?.full_name !== baseRepo,
  };
}
