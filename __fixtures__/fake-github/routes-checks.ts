// Check runs: create, update (annotations accumulate across updates, as on GitHub) and get, with
// GitHub's limits answered 422: output.title ≤ 255 chars, summary/text ≤ 65,535 chars, ≤ 50
// annotations per request, `completed` only with a conclusion, columns only on one-line annotations.
import {
  githubError,
  intParam,
  json,
  notFound,
  validatedBody,
  type RouteContext,
  type RouteTable,
} from './http.js';
import { checkRun } from './payloads-activity.js';
import { BOT_LOGIN, nodeId, simpleUser, timestamp } from './payloads-repo.js';
import type { AnnotationRecord, CheckRunRecord } from './types.js';

const MAX_TITLE = 255;
const MAX_TEXT = 65_535;
const MAX_ANNOTATIONS = 50;

/** The fields of a create/update body the fake keeps (the schema has checked their types). */
interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: AnnotationRecord[] };
}

const render = (ctx: RouteContext, run: CheckRunRecord) => checkRun(ctx.site, run, ctx.store.pulls);

const findRun = (ctx: RouteContext) =>
  ctx.store.checkRuns.find((r) => r.id === intParam(ctx, 'check_run_id'));

export const checkRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/check-runs': {
    limits: checkRunLimits,
    handle(ctx) {
      const body = validatedBody<CheckRunBody & { name: string; head_sha: string }>(ctx);
      const now = timestamp();
      const status = body.conclusion ? 'completed' : (body.status ?? 'queued');
      const run: CheckRunRecord = {
        id: ctx.store.nextId(),
        name: body.name,
        head_sha: body.head_sha,
        status,
        conclusion: body.conclusion ?? null,
        details_url: body.details_url ?? null,
        external_id: body.external_id ?? null,
        started_at: body.started_at ?? now,
        completed_at: status === 'completed' ? (body.completed_at ?? now) : null,
        output: {
          title: body.output?.title ?? null,
          summary: body.output?.summary ?? null,
          text: body.output?.text ?? null,
          annotations: [...(body.output?.annotations ?? [])],
        },
        writes: 1,
      };
      ctx.store.checkRuns.push(run);
      return json(201, render(ctx, run));
    },
  },

  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': {
    limits: checkRunLimits,
    handle(ctx) {
      const run = findRun(ctx);
      if (!run) return notFound(ctx);
      const body = validatedBody<CheckRunBody>(ctx);
      run.writes++;
      if (body.name !== undefined) run.name = body.name;
      if (body.details_url !== undefined) run.details_url = body.details_url;
      if (body.external_id !== undefined) run.external_id = body.external_id;
      if (body.started_at !== undefined) run.started_at = body.started_at;
      if (body.status !== undefined) run.status = body.status;
      if (body.conclusion !== undefined) {
        run.conclusion = body.conclusion;
        run.status = 'completed';
      }
      if (run.status === 'completed') run.completed_at = body.completed_at ?? run.completed_at ?? timestamp();
      if (body.output) {
        if (body.output.title !== undefined) run.output.title = body.output.title;
        if (body.output.summary !== undefined) run.output.summary = body.output.summary;
        if (body.output.text !== undefined) run.output.text = body.output.text;
        run.output.annotations.push(...(body.output.annotations ?? []));
      }
      return json(200, render(ctx, run));
    },
  },

  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': {
    handle(ctx) {
      const run = findRun(ctx);
      return run ? json(200, render(ctx, run)) : notFound(ctx);
    },
  },

  // Commit statuses (Danger posts one); answered, not kept: nothing here reads them back.
  'POST /repos/{owner}/{repo}/statuses/{sha}': {
    handle(ctx) {
      const body = validatedBody<{
        state: string;
        description?: string;
        target_url?: string;
        context?: string;
      }>(ctx);
      const id = ctx.store.nextId();
      const now = timestamp();
      const creator = simpleUser(ctx.site, BOT_LOGIN);
      return json(201, {
        url: `${ctx.site.apiUrl}/repos/${ctx.site.owner}/${ctx.site.repo}/statuses/${ctx.params.sha}`,
        avatar_url: creator.avatar_url,
        id,
        node_id: nodeId('SC', id),
        state: body.state,
        description: body.description ?? null,
        target_url: body.target_url ?? null,
        context: body.context ?? 'default',
        created_at: now,
        updated_at: now,
        creator,
      });
    },
  },
};

/** Runs before schema validation, so it reads the body as untyped JSON. */
function checkRunLimits(ctx: RouteContext) {
  const body = asRecord(ctx.body);
  const output = asRecord(body.output);
  const problems: string[] = [];
  const title = output.title;
  if (typeof title === 'string' && title.length > MAX_TITLE) {
    problems.push(`Title is too long (maximum is ${MAX_TITLE} characters); ${title.length} were supplied.`);
  }
  for (const field of ['summary', 'text']) {
    const value = output[field];
    if (typeof value === 'string' && value.length > MAX_TEXT) {
      problems.push(`Only ${MAX_TEXT} characters are allowed; ${value.length} were supplied.`);
    }
  }
  const annotations = Array.isArray(output.annotations) ? output.annotations.map(asRecord) : [];
  if (annotations.length > MAX_ANNOTATIONS) {
    problems.push(`No more than ${MAX_ANNOTATIONS} items are allowed; ${annotations.length} were supplied.`);
  }
  if (
    annotations.some(
      (a) => a.start_line !== a.end_line && (a.start_column !== undefined || a.end_column !== undefined),
    )
  ) {
    problems.push('start_column and end_column are only allowed when start_line equals end_line.');
  }
  const completing = body.status === 'completed' || body.completed_at !== undefined;
  if (completing && body.conclusion === undefined) problems.push(`"conclusion" wasn't supplied.`);
  if (problems.length === 0) return undefined;
  return githubError(422, `Invalid request.\n\n${problems.join('\n')}`, ctx.documentationUrl);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
