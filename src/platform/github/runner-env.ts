// The runner's environment, read once at the start of a run into one typed value: the event from
// @actions/github's context (its name and payload, the repository, the run), the runner's folders,
// and our own tuning knobs (KILO_*, for GitHub Enterprise Server and for tests). Nothing after this
// reads process.env for these.
import type { context as actionsContext } from '@actions/github';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { KiloError, getErrorMessage } from '../../util/errors.js';

/** Events whose payload names the change: a run cannot do without it. */
const PAYLOAD_EVENTS = ['pull_request', 'pull_request_target', 'push', 'issue_comment'];

export interface RunnerEnv {
  eventName: string;
  /** The webhook payload as the runner wrote it ({} for an event that can do without one). */
  payload: unknown;
  /** owner/name from GITHUB_REPOSITORY; the payload's repository wins where it names one. */
  repository: string | undefined;
  workspace: string;
  /** RUNNER_TEMP, else the system's temp dir (a run outside Actions). */
  temp: string;
  /** GITHUB_SERVER_URL (GHES has its own); absent outside Actions. */
  serverUrl: string | undefined;
  apiUrl: string;
  /** This workflow run's page, for the summary's links (absent outside Actions). */
  runUrl: string | undefined;
  job: string | undefined;
  /** GITHUB_RUN_ATTEMPT as the runner wrote it. */
  runAttempt: string | undefined;
  knobs: Knobs;
}

export interface Knobs {
  llmCacheDir?: string;
  resultsCacheDir?: string;
  llmRetryBaseMs?: number;
  progressIntervalMs?: number;
  checksInProgressAfterMs?: number;
  apiRetryBaseMs?: number;
  apiWriteIntervalMs?: number;
  apiTimeoutMs?: number;
}

type ActionsContext = typeof actionsContext;

/**
 * Reads the environment. @actions/github parses the event file when it is first imported, so the
 * import happens here, where a missing or broken file becomes one EVENT_INVALID line (and a run that
 * never needs the event, the CLI, never loads it).
 */
export async function readRunnerEnv(
  env: NodeJS.ProcessEnv = process.env,
  loadContext: () => Promise<ActionsContext> = async () => (await import('@actions/github')).context,
): Promise<RunnerEnv> {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const path = env.GITHUB_EVENT_PATH || undefined;
  if (!path && PAYLOAD_EVENTS.includes(eventName))
    throw new KiloError('EVENT_INVALID', 'GITHUB_EVENT_PATH is not set: run inside GitHub Actions');
  if (path && !existsSync(path))
    throw new KiloError('EVENT_INVALID', `cannot read the event payload ${path}: no such file`);
  let context: ActionsContext;
  let payload: unknown = {};
  try {
    context = await loadContext();
    if (path) payload = context.payload;
  } catch (error) {
    throw new KiloError('EVENT_INVALID', `cannot read the event payload ${path}: ${getErrorMessage(error)}`);
  }
  const serverUrl = env.GITHUB_SERVER_URL || undefined;
  const repository = env.GITHUB_REPOSITORY || undefined;
  const { GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: runAttempt } = env;
  return {
    eventName: context.eventName ?? eventName,
    payload,
    repository,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    temp: env.RUNNER_TEMP || tmpdir(),
    serverUrl,
    apiUrl: context.apiUrl || 'https://api.github.com',
    runUrl:
      serverUrl && repository && runId
        ? `${serverUrl}/${repository}/actions/runs/${runId}${runAttempt ? `/attempts/${runAttempt}` : ''}`
        : undefined,
    job: env.GITHUB_JOB || undefined,
    runAttempt: runAttempt || undefined,
    knobs: {
      ...text('llmCacheDir', env.KILO_LLM_CACHE_DIR),
      ...text('resultsCacheDir', env.KILO_RESULTS_CACHE_DIR),
      ...ms('llmRetryBaseMs', env.KILO_LLM_RETRY_BASE_MS),
      ...ms('progressIntervalMs', env.KILO_PROGRESS_INTERVAL_MS),
      ...ms('checksInProgressAfterMs', env.KILO_CHECKS_IN_PROGRESS_AFTER_MS),
      ...ms('apiRetryBaseMs', env.KILO_API_RETRY_BASE_MS),
      ...ms('apiWriteIntervalMs', env.KILO_API_WRITE_INTERVAL_MS),
      ...ms('apiTimeoutMs', env.KILO_API_TIMEOUT_MS),
    },
  };
}

function text<K extends keyof Knobs>(key: K, value: string | undefined): Partial<Knobs> {
  return value ? { [key]: value } : {};
}

/** A duration knob: a finite number ≥ 0, else unset (the default applies). */
function ms<K extends keyof Knobs>(key: K, value: string | undefined): Partial<Knobs> {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? { [key]: n } : {};
}
