// Uploads the run's trace and report files as one workflow artifact. Best effort: it never throws, since
// an artifact is a convenience that must not fail the review; @actions/artifact (Azure blob client,
// archiver) loads only when an upload is attempted. It does not work on GHES (the library refuses it).
import type * as ArtifactLibrary from '@actions/artifact';
import { getErrorMessage } from '../../util/errors.js';

export interface ReportArtifactOptions {
  /**
   * The artifact's name, unique in the workflow run: a rerun of the job keeps the earlier attempt's
   * artifacts, and the service answers 409 to a second artifact of the same name. Include the run
   * attempt, e.g. `kilo-agent-<pr>-<GITHUB_RUN_ATTEMPT>`; no `/ \ " : < > | * ?`.
   */
  name: string;
  /** Absolute paths, all under `rootDirectory`; missing files fail the upload. */
  files: string[];
  /** Paths inside the zip are relative to this directory. */
  rootDirectory: string;
  /** Capped by the repository's retention setting; the repository default when absent. */
  retentionDays?: number;
  /**
   * Where the runtime token and results URL come from (default `process.env`). @actions/artifact reads
   * `process.env` itself, so the variables it reads are set from this for the duration of the call.
   */
  env?: NodeJS.ProcessEnv;
}

export type ReportArtifactResult =
  | { status: 'uploaded'; id: number; size: number }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/** Every variable @actions/artifact 6 reads while uploading. */
const LIBRARY_ENV = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS',
  'ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY',
  'ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS',
] as const;

export async function uploadReportArtifact(options: ReportArtifactOptions): Promise<ReportArtifactResult> {
  const env = options.env ?? process.env;
  const token = env.ACTIONS_RUNTIME_TOKEN;
  if (!token || !env.ACTIONS_RESULTS_URL) {
    return {
      status: 'skipped',
      reason: 'artifact upload needs the Actions runtime (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL unset)',
    };
  }
  if (options.files.length === 0) return { status: 'skipped', reason: 'no report files to upload' };
  let library: typeof ArtifactLibrary | undefined;
  try {
    library = await import('@actions/artifact');
    const client = new library.DefaultArtifactClient();
    const { retentionDays } = options;
    const response = await withLibraryEnv(env, () =>
      client.uploadArtifact(options.name, options.files, options.rootDirectory, {
        ...(retentionDays ? { retentionDays } : {}),
      }),
    );
    if (response.id === undefined) {
      return {
        status: 'failed',
        reason: `artifact '${options.name}' not uploaded: the service returned no id`,
      };
    }
    return { status: 'uploaded', id: response.id, size: response.size ?? 0 };
  } catch (error) {
    const reason = `artifact '${options.name}' not uploaded: ${oneLine(redact(getErrorMessage(error), token))}`;
    return library && error instanceof library.GHESNotSupportedError
      ? { status: 'skipped', reason }
      : { status: 'failed', reason };
  }
}

/** Runs `fn` with the library's variables taken from `env`, then puts `process.env` back as it was. */
async function withLibraryEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  if (env === process.env) return fn();
  const saved = LIBRARY_ENV.map((name) => [name, process.env[name]] as const);
  for (const name of LIBRARY_ENV) setEnv(name, env[name]);
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) setEnv(name, value);
  }
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The library's messages can span lines (network and quota errors append help); keep the first. */
function oneLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() || 'unknown error';
}

/** The runtime token, and the signature of a signed blob URL, must not reach a log or a summary. */
function redact(message: string, token: string): string {
  return message
    .split(token)
    .join('***')
    .replace(/([?&]sig=)[^&\s'"]+/gi, '$1***');
}
