// The check-run channel of the publisher: one run per subtask kind, begun in progress or created
// completed, annotations 50 a request, and none left spinning (a kind without a report is concluded
// neutral; a failed review concludes every open run as failure).
import type { SubtaskKind } from '../../plan/types.js';
import type { CheckRunPlan } from '../../report/types.js';
import type { Span } from '../../trace/types.js';
import type { GitHubClient } from './octokit.js';
import type { Writer } from './publish-writer.js';

const ANNOTATIONS_PER_REQUEST = 50;
const FAILURE_RUN_NAME = 'Kilo Agent';

export interface CheckRunChannel {
  start(kinds: readonly SubtaskKind[], span: Span): Promise<void>;
  complete(runs: readonly CheckRunPlan[], span: Span): Promise<number>;
  fail(message: string, span: Span): Promise<void>;
}

export function createCheckRunChannel(
  octokit: GitHubClient,
  target: { owner: string; repo: string; headSha: string },
  { write }: Writer,
): CheckRunChannel {
  const { owner, repo } = target;
  const runIds = new Map<string, number>();
  const checkName = (kind: string) => `Kilo Agent / ${kind}`;

  /** Completes every run still in progress, so none is left spinning on the PR. */
  async function concludeOpenRuns(
    conclusion: 'neutral' | 'failure',
    output: { title: string; summary: string },
    span: Span,
  ): Promise<void> {
    for (const [name, id] of [...runIds]) {
      await write(`conclude the check run ${name}`, 'checks', span, () =>
        octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: id,
          status: 'completed',
          conclusion,
          output,
        }),
      );
      runIds.delete(name);
    }
  }

  async function completeRun(run: CheckRunPlan, span: Span): Promise<boolean> {
    const batches = chunk(run.annotations, ANNOTATIONS_PER_REQUEST);
    const output = (annotations: CheckRunPlan['annotations']) => ({
      title: run.title,
      summary: run.summary,
      annotations,
    });
    const id = runIds.get(run.name);
    const completed = {
      status: 'completed' as const,
      conclusion: run.conclusion,
      completed_at: new Date().toISOString(),
      output: output(batches[0] ?? []),
    };
    const verb = id === undefined ? 'create' : 'complete';
    const first = await write(`${verb} the check run ${run.name}`, 'checks', span, async () =>
      id === undefined
        ? (
            await octokit.rest.checks.create({
              owner,
              repo,
              name: run.name,
              head_sha: target.headSha,
              ...completed,
            })
          ).data.id
        : (await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...completed })).data.id,
    );
    if (first === undefined) return false;
    for (const batch of batches.slice(1)) {
      await write(`add annotations to ${run.name}`, 'checks', span, () =>
        octokit.rest.checks.update({ owner, repo, check_run_id: first, output: output(batch) }),
      );
    }
    runIds.delete(run.name);
    return true;
  }

  return {
    async start(kinds, span) {
      for (const kind of kinds) {
        const name = checkName(kind);
        const id = await write(`create the check run ${name}`, 'checks', span, async () => {
          const response = await octokit.rest.checks.create({
            owner,
            repo,
            name,
            head_sha: target.headSha,
            status: 'in_progress',
            started_at: new Date().toISOString(),
            output: { title: 'Running', summary: `Kilo Agent is running the ${kind} subtasks.` },
          });
          return response.data.id;
        });
        if (id !== undefined) runIds.set(name, id);
      }
    },

    async complete(runs, span) {
      let completed = 0;
      for (const run of runs) if (await completeRun(run, span)) completed++;
      // A run begun for a kind the post plan no longer has must not stay in progress forever.
      await concludeOpenRuns(
        'neutral',
        { title: 'Nothing to report', summary: 'This kind of subtask produced no report.' },
        span,
      );
      return completed;
    },

    async fail(message, span) {
      const output = { title: 'Kilo Agent could not finish the review', summary: message.slice(0, 65_000) };
      if (runIds.size === 0) {
        await write('report the failure in a check run', 'checks', span, () =>
          octokit.rest.checks.create({
            owner,
            repo,
            name: FAILURE_RUN_NAME,
            head_sha: target.headSha,
            status: 'completed',
            conclusion: 'failure',
            output,
          }),
        );
      }
      await concludeOpenRuns('failure', output, span);
    },
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
