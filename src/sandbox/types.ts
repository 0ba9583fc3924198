// The port through which every external command runs. The real runner is src/sandbox/runner.ts.

export interface RunRequest {
  /** argv[0] is the program; never passed through a shell. */
  argv: string[];
  cwd: string;
  timeoutMs: number;
  /** Cap on captured bytes per stream; head and tail are kept, the middle elided. */
  maxOutputBytes?: number;
  /** Extra variables added after scrubbing (the config's env allowlist). */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** True when either stream went over maxOutputBytes. */
  truncated: boolean;
  /** Set when the process could not be started (ENOENT, EACCES…). */
  spawnError?: string;
}

export interface CommandRunner {
  run(request: RunRequest): Promise<RunResult>;
}
