// `kilo-agent trace <file.jsonl>`: a post-mortem from the trace alone: the timeline of the last run in
// the file and the summary it posted, rebuilt from its traced report with the function the run used.
import { readFile } from 'node:fs/promises';
import { renderJobSummary } from '../report/post-plan.js';
import { readTrace, selectRun } from '../report/read-trace.js';
import { renderTimeline } from '../trace/timeline.js';
import { getErrorMessage } from '../util/errors.js';

export type TraceView = 'both' | 'timeline' | 'summary';

export interface TraceOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: TraceOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit status: 0 shown, 2 unreadable file, not a trace, or a summary asked for that the run never made. */
export async function traceCommand(
  file: string,
  view: TraceView,
  output: TraceOutput = PROCESS_OUTPUT,
): Promise<number> {
  const fail = (message: string) => {
    output.stderr(`kilo-agent: ${message}\n`);
    return 2;
  };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot read trace ${file}: ${readProblem(error)}`);
  }
  const all = readTrace(text);
  const runId = all.runIds.at(-1);
  if (runId === undefined) {
    return fail(`${file} is not a trace: no line is a trace event (expected kilo-trace.jsonl)`);
  }
  // Runs with the same --out append to one file: the last run is the one its report files show.
  if (all.runIds.length > 1) {
    output.stderr(`kilo-agent: ${file} holds ${all.runIds.length} runs; showing the last (${runId})\n`);
  }
  const trace = selectRun(all, runId);
  const parts: string[] = [];
  if (view !== 'summary') parts.push(`${renderTimeline(trace.events, { broken: trace.broken })}\n`);
  if (view !== 'timeline' && trace.report !== undefined) {
    parts.push(renderJobSummary(trace.report));
    // The preview lists inline comments, which need the diff; the trace does not hold it.
    if (trace.report.dryRun) {
      output.stderr(
        "kilo-agent: a dry run's post preview is not rebuilt from the trace (it needs the diff)\n",
      );
    }
  }
  output.stdout(ensureNewline(parts.join('\n')));
  if (view !== 'timeline' && trace.report === undefined) {
    const unreadable = trace.broken > 0 ? ` (or its line is among the ${trace.broken} unreadable)` : '';
    return fail(`run ${runId} ended before its report${unreadable}: no summary to rebuild from ${file}`);
  }
  return 0;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return getErrorMessage(error);
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
