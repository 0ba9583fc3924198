// The analyzer: built-in scanners over added lines, or a configured lint command whose output is
// parsed into findings. It reads the workspace, never writes to it.
import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { dedupeFindings, filterToAddedLines, sortFindings } from '../findings/filter.js';
import { parseEslintJson } from '../findings/parsers/eslint-json.js';
import type { BuiltinAnalyzer } from '../policy/schema.js';
import type { RunResult } from '../sandbox/types.js';
import { BUILTIN_SCANNERS } from './builtins/index.js';
import {
  exitCodeText,
  lastOutputLine,
  malfunction,
  outcome,
  runFailure,
  runTaskCommand,
  type CommandTask,
} from './task-command.js';
import type { Agent, AgentInput, AgentOutput } from './types.js';

export function createAnalyzer(): Agent {
  return {
    name: 'analyzer',
    run(input) {
      const { task } = input.subtask;
      if (task.type === 'builtin') return runBuiltin(input, task.name, task.largeFileBytes);
      return runCommand(input, task);
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
  });
  return { ...outcome('ok'), findings: sortFindings(dedupeFindings(findings)) };
}

// ESLint's JSON repeats each file's source next to its messages; the runner's default cap would cut it.
const JSON_MAX_BYTES = 32 * 1024 * 1024;

async function runCommand(input: AgentInput, task: CommandTask): Promise<AgentOutput> {
  const cap = task.format === 'eslint-json' ? JSON_MAX_BYTES : undefined;
  const step = await runTaskCommand(input, task, input.workspace, cap);
  if (step.done) return step.done;
  const failure = runFailure(step.result, step.argv, task.timeoutSeconds * 1000);
  if (failure) return failure;
  if (task.format === 'eslint-json')
    return eslintOutcome(input, task, step.result, await toolCwd(input.workspace));
  if (step.result.exitCode === 0) return outcome('ok');
  return outcome('failed', `${exitCodeText(step.result)}: ${lastOutputLine(step.result)}`);
}

function eslintOutcome(input: AgentInput, task: CommandTask, result: RunResult, cwd: string): AgentOutput {
  const parsed = parseEslintJson(result.stdout, {
    workspace: cwd,
    source: task.name,
    lineContent: createLineReader(input.workspace),
  });
  if (parsed.error !== undefined) {
    return malfunction(`${parsed.error}${parseFailureDetail(result)}`);
  }
  const onAdded = filterToAddedLines(parsed.findings, input.context.diffIndex);
  return { ...outcome('ok'), findings: sortFindings(dedupeFindings(onAdded)) };
}

/** The directory as the tool sees it: its cwd is the real path (macOS /var → /private/var). */
async function toolCwd(workspace: string): Promise<string> {
  try {
    return await realpath(workspace);
  } catch {
    return workspace;
  }
}

function parseFailureDetail(result: RunResult): string {
  if (result.truncated) return ' (output over the capture limit)';
  // ESLint prints no JSON when it crashes (exit 2); its stderr says why.
  if (result.exitCode !== 0) return ` (${exitCodeText(result)}: ${lastOutputLine(result)})`;
  return '';
}

/**
 * Head line content from the workspace checkout, for fingerprints. Synchronous because the parser's
 * callback is; only files that have messages are read, once each. Paths outside the workspace → unknown.
 */
function createLineReader(workspace: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) cache.set(file, readLines(workspace, file));
    return cache.get(file);
  };
  return (file, line) => linesOf(file)?.[line - 1];
}

function readLines(workspace: string, file: string): string[] | undefined {
  const absolute = path.resolve(workspace, file);
  const relative = path.relative(workspace, absolute);
  if (path.isAbsolute(file) || relative === '..' || relative.startsWith(`..${path.sep}`)) return undefined;
  try {
    return readFileSync(absolute, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}
