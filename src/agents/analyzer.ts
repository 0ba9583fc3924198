// The analyzer: built-in scanners over added lines, or a configured lint command whose output is
// parsed into findings. It reads the workspace, never writes to it.
import { dedupeFindings, filterByMode, sortFindings } from '../findings/filter.js';
import type { FindingParser } from '../findings/parsers/types.js';
import type { BuiltinAnalyzer } from '../policy/schema.js';
import type { RunResult } from '../sandbox/types.js';
import { BUILTIN_SCANNERS } from './builtins/index.js';
import { createWorkspaceReader } from './builtins/workspace-file.js';
import {
  commandCwd,
  exitCodeText,
  lastOutputLine,
  malfunction,
  outcome,
  runFailure,
  runTaskCommand,
  withOutput,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';
import { createLineReader, toolCwd } from './workspace-read.js';

export function createAnalyzer(): Agent {
  return {
    name: 'analyzer',
    run(input) {
      const { task } = input.subtask;
      if (task.type === 'builtin') return runBuiltin(input, task.name, task.largeFileBytes);
      if (task.type === 'command') return runCommand(input, task);
      return Promise.resolve(outcome('failed', 'the analyzer runs built-ins and commands only'));
    },
  };
}

async function runBuiltin(
  input: AgentInput,
  name: BuiltinAnalyzer,
  largeFileBytes: number,
): Promise<AgentOutput> {
  const wanted = new Set(input.subtask.files);
  const files = input.context.files.filter((file) => wanted.has(file.path));
  const findings = await BUILTIN_SCANNERS[name]({
    files,
    diffIndex: input.context.diffIndex,
    workspace: input.workspace,
    largeFileBytes,
    ...(input.secrets ? { secrets: input.secrets } : {}),
  });
  return { ...outcome('ok'), findings: sortFindings(dedupeFindings(findings)) };
}

type ParsedFormat = Exclude<CommandTask['format'], 'exit-code'>;

/**
 * Each format's reader, loaded the first time a task reads that format: a lazy chunk of the bundle
 * (their schemas, and fast-xml-parser for checkstyle), which a run without that tool never loads.
 */
const PARSERS: Partial<Record<ParsedFormat, () => Promise<FindingParser>>> = {
  'eslint-json': async () => (await import('../findings/parsers/eslint-json.js')).parseEslintJson,
  tsc: async () => (await import('../findings/parsers/tsc.js')).parseTsc,
  gnu: async () => (await import('../findings/parsers/gnu.js')).parseGnu,
  'clippy-json': async () => (await import('../findings/parsers/clippy-json.js')).parseClippyJson,
  sarif: async () => (await import('../findings/parsers/sarif.js')).parseSarif,
  rdjson: async () => (await import('../findings/parsers/rdjson.js')).parseRdjson,
  rdjsonl: async () => (await import('../findings/parsers/rdjson.js')).parseRdjsonl,
  checkstyle: async () => (await import('../findings/parsers/checkstyle.js')).parseCheckstyle,
};

async function runCommand(input: AgentInput, task: CommandTask): Promise<AgentOutput> {
  const step = await runTaskCommand(input, task, input.workspace);
  if (step.done) return step.done;
  const failure = runFailure(step.result, step.argv, task.timeoutSeconds * 1000);
  if (failure) return failure;
  if (task.format === 'exit-code') {
    if (step.result.exitCode === 0) return outcome('ok');
    return withOutput(
      outcome('failed', `${exitCodeText(step.result)}: ${lastOutputLine(step.result)}`),
      step.result,
    );
  }
  if (step.reportError !== undefined)
    return withOutput(malfunction(`${step.reportError}${parseFailureDetail(step.result)}`), step.result);
  // A tool that printed nothing and exited 0 found nothing (oxlint when its config ignores every file).
  if (step.report === undefined && step.result.exitCode === 0 && step.result.stdout.trim() === '')
    return outcome('ok');
  const parser = await parserFor(input, task);
  if (typeof parser === 'string') return outcome('failed', parser);
  // Problem matchers read a step's whole log, as on GitHub, and so does gnu (go vet writes to stderr);
  // the others the report or stdout.
  const text =
    step.report ??
    (READS_BOTH_STREAMS.has(task.format)
      ? `${step.result.stdout}\n${step.result.stderr}`
      : step.result.stdout);
  const result = parser(text, {
    workspace: await toolCwd(input.workspace),
    cwd: await toolCwd(commandCwd(input.workspace, task)),
    source: task.name,
    lineContent: createLineReader(input.workspace),
  });
  if (result.error !== undefined && result.findings.length === 0) {
    return withOutput(malfunction(`${result.error}${parseFailureDetail(step.result)}`), step.result);
  }
  // A tool that failed and reported nothing readable did not check the code: say so, with its output.
  if (result.findings.length === 0 && step.result.exitCode !== 0) {
    return withOutput(
      outcome(
        'failed',
        `${exitCodeText(step.result)} and no findings could be read: ${lastOutputLine(step.result)}`,
      ),
      step.result,
    );
  }
  if (result.error !== undefined)
    input.span.event('command', `${task.name}: partly unreadable`, { error: result.error });
  const kept = filterByMode(result.findings, task.filter, input.context.files, input.context.diffIndex);
  return { ...outcome('ok'), findings: sortFindings(dedupeFindings(kept)) };
}

const READS_BOTH_STREAMS: ReadonlySet<CommandTask['format']> = new Set(['problem-matcher', 'gnu']);
const MATCHER_MAX_BYTES = 1024 * 1024;

/** The task's parser; for problem matchers, compiled from the matcher file (a message when unusable). */
async function parserFor(input: AgentInput, task: CommandTask): Promise<FindingParser | string> {
  if (task.format !== 'problem-matcher') {
    const load = task.format === 'exit-code' ? undefined : PARSERS[task.format];
    return load ? await load() : `the analyzer cannot read format ${task.format}`;
  }
  const file = task.matcher ?? '';
  // From where the config came (the base commit for a fork); else from the checkout, not through a
  // symlink or out of it.
  const text = input.readPolicyFile
    ? await input.readPolicyFile(file).catch(() => undefined)
    : await createWorkspaceReader(input.workspace).readText(file, MATCHER_MAX_BYTES);
  if (text === undefined) return `the problem matcher ${file} could not be read`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, which need not be ours to show.
    return `the problem matcher ${file} is not valid JSON`;
  }
  const { compileProblemMatchers, createProblemMatcherParser } =
    await import('../findings/parsers/problem-matcher.js');
  const compiled = compileProblemMatchers(json);
  return compiled.ok
    ? createProblemMatcherParser(compiled.matchers)
    : `the problem matcher ${file}: ${compiled.error}`;
}

function parseFailureDetail(result: RunResult): string {
  if (result.truncated) return ' (output over the capture limit)';
  // ESLint prints no JSON when it crashes (exit 2); its stderr says why.
  if (result.exitCode !== 0) return ` (${exitCodeText(result)}: ${lastOutputLine(result)})`;
  return '';
}
