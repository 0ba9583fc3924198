// The by-hand side of ecosystems.bench.mjs: the command lines a review ran, taken from its own JSON
// report (plan.subtasks[].task.run, expanded as src/agents/task-command.ts expands them), replayed one
// after another with spawnSync and no shell, as a person at a terminal would. Built-ins and the
// validation of suggestions have no by-hand counterpart: they are part of the review's cost only.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const OUTPUT_MAX_BYTES = 32 * 1024 * 1024;

/** The review's parser and placeholders, from the sources compiled by run.mjs. */
export async function loadCommandLine(buildDir) {
  const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
  const [command, schema, env] = await Promise.all([
    load('sandbox/command.js'),
    load('policy/schema.js'),
    load('sandbox/env.js'),
  ]);
  return {
    parse: command.parseCommandLine,
    expandFiles: command.expandFiles,
    filesPlaceholder: command.FILES_PLACEHOLDER,
    reportPlaceholder: schema.REPORT_PLACEHOLDER,
    noDownloadEnv: env.NO_DOWNLOAD_ENV,
  };
}

/**
 * The steps a person would run for the review `report`: one per command subtask, with its argv
 * (`{files}` expanded to the subtask's files relative to the working directory; `{report}` left for
 * the run), its working directory and whether it rewrites files (a refactor: run on a scratch copy).
 * A `{files}` task with no file in its directory is left out, as the review skips it.
 */
export function stepsOf(report, commandLine) {
  const steps = [];
  for (const subtask of report.plan.subtasks) {
    const { task } = subtask;
    if (task.type !== 'command') continue;
    const words = commandLine.parse(task.run);
    const directory = task.workingDirectory ?? '.';
    const files = relativeTo(directory, subtask.files);
    if (words.includes(commandLine.filesPlaceholder) && files.length === 0) continue;
    steps.push({
      name: task.name,
      argv: commandLine.expandFiles(words, files),
      directory,
      rewrites: subtask.kind === 'refactor',
    });
  }
  return steps;
}

function relativeTo(directory, files) {
  if (directory === '.') return [...files];
  const prefix = `${directory.replace(/\/+$/, '')}/`;
  return files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
}

/**
 * Runs `steps` in `repo` one after another, each timed on its own: the scratch copies for refactors
 * and the report files' temp dirs are made outside the timing (a person would not copy the repo).
 * Returns each step's wall time and exit status.
 */
export function runByHand(steps, repo, { env, tmp, reportPlaceholder }) {
  return steps.map((step) => {
    const scratch = step.rewrites ? mkdtempSync(join(tmp, 'by-hand-copy-')) : undefined;
    const reportDir = mkdtempSync(join(tmp, 'by-hand-report-'));
    try {
      if (scratch) cpSync(repo, scratch, { recursive: true, verbatimSymlinks: true });
      const reportFile = join(reportDir, 'report');
      const argv = step.argv.map((word) => word.split(reportPlaceholder).join(reportFile));
      const start = performance.now();
      const result = spawnSync(argv[0], argv.slice(1), {
        cwd: join(scratch ?? repo, step.directory),
        env,
        encoding: 'utf8',
        maxBuffer: OUTPUT_MAX_BYTES,
        shell: false,
      });
      const ms = performance.now() - start;
      if (result.error)
        throw new Error(`by hand, '${argv.join(' ')}' did not start: ${result.error.message}`);
      return { name: step.name, ms, status: result.status, stderr: result.stderr };
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      rmSync(reportDir, { recursive: true, force: true });
    }
  });
}
