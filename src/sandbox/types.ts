// The port through which every external command runs. The real runner is src/sandbox/runner.ts.

/**
 * OS limits for one process, applied through `prlimit` when it is installed (see docs/security.md).
 * Each limit binds every process of the command on its own; children inherit it, they do not share it.
 */
export interface ResourceLimits {
  /** CPU time in seconds: SIGXCPU at the limit, SIGKILL one second later (RLIMIT_CPU). */
  cpuSeconds?: number;
  /** Virtual address space in bytes (RLIMIT_AS). Node needs about 1 GiB to start, WebAssembly ~10 GiB. */
  addressSpaceBytes?: number;
  /**
   * Processes of the whole user, not of this command (RLIMIT_NPROC); the kernel ignores it for root.
   * A fork-bomb ceiling, not a budget.
   */
  processes?: number;
}

export interface RunRequest {
  /** argv[0] is the program; never passed through a shell. */
  argv: string[];
  cwd: string;
  timeoutMs: number;
  /** Cap on captured bytes per stream; head and tail are kept, the middle elided. */
  maxOutputBytes?: number;
  /** Extra variables added after scrubbing. */
  env?: Record<string, string>;
  /**
   * Names copied from the runner's own environment after scrubbing (a task's `env` allowlist, e.g.
   * NPM_TOKEN for a private registry). Reserved names (the action's credentials) are never copied.
   */
  passEnv?: readonly string[];
  /** Merged field by field over the runner's default limits. */
  limits?: ResourceLimits;
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
  /** The errno code behind spawnError, when there was one; see isTransientSpawnError. */
  spawnErrorCode?: string;
  /**
   * Set when limits were requested and the process started: true when prlimit enforced them, false
   * when prlimit is not installed and the command ran without OS limits.
   */
  limitsApplied?: boolean;
}

export interface CommandRunner {
  run(request: RunRequest): Promise<RunResult>;
}
