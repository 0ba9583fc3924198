// The tool loop: the model reads the repository through read-only tools before it answers. Each turn is
// one provider request (the client's: policy, breaker, retries, trace); tool calls run here, one after
// another, each traced. Bounds (turns, calls, result bytes, deadline) end the loop: the model is then
// asked once, without tools, for its answer. Results go back fenced as untrusted data, like the diff.
import type { ModelMessage } from 'ai';
import type { Span } from '../trace/types.js';
import { clip } from '../util/text.js';
import type { StepCall } from './attempt.js';
import { quoteUntrusted } from './quote.js';
import type { LlmToolOutcome, LlmToolUse, ToolCallRecord, ToolLoopBound, ToolLoopReport } from './types.js';

/** What one turn of the conversation came to, as the client's step reports it. */
export type StepResult =
  | { kind: 'answer'; value: unknown }
  | { kind: 'tools'; calls: StepCall[]; assistant: ModelMessage[] }
  | { kind: 'refused'; reason: string; rule: string }
  | { kind: 'failed'; reason: string; malformed: boolean };

export type LoopResult = Exclude<StepResult, { kind: 'tools' }>;

export interface ToolLoopOptions {
  /** The first user message: the review's prompt, already redacted. */
  prompt: string;
  use: LlmToolUse;
  step: (messages: ModelMessage[], mode: 'tools' | 'final', turn: number) => Promise<StepResult>;
  redact: (text: string) => string;
  span: Span;
  now: () => number;
}

const ARGS_CHARS = 200;

/** Each bound as the summary and the reviewer's reason name it: with the setting that moves it. */
export const TOOL_BOUND_NAMES: Readonly<Record<ToolLoopBound, string>> = {
  turns: 'the turn limit (llm.max-turns)',
  'tool-calls': 'the tool-call limit (llm.max-tool-calls)',
  'result-bytes': 'the tool result budget (llm.max-tool-bytes)',
  deadline: "the subtask's time",
};

/** Each bound as the model is told it, when it is asked for its final answer. */
const BOUND_WORDS: Record<ToolLoopBound, string> = {
  turns: 'the turn limit is reached',
  'tool-calls': 'the tool-call limit is reached',
  'result-bytes': 'the tool result budget is spent',
  deadline: 'the time for tools is up',
};

export async function runToolLoop(options: ToolLoopOptions): Promise<{
  result: LoopResult;
  report: ToolLoopReport;
}> {
  const { use, now } = options;
  const messages: ModelMessage[] = [{ role: 'user', content: options.prompt }];
  const report: ToolLoopReport = { turns: 0, calls: [] };
  for (;;) {
    const bound = boundReached(use, report, now());
    if (bound !== undefined) {
      report.stoppedBy = bound;
      messages.push({
        role: 'user',
        content: `No more tools: ${BOUND_WORDS[bound]}. Give your final answer now, as JSON only.`,
      });
    }
    const mode = bound === undefined ? 'tools' : 'final';
    report.turns++;
    const outcome = await options.step(messages, mode, report.turns);
    if (outcome.kind !== 'tools') return { result: outcome, report };
    if (mode === 'final') {
      const reason = 'the model kept calling tools after it was asked for its final answer';
      return { result: { kind: 'failed', reason, malformed: true }, report };
    }
    messages.push(...outcome.assistant);
    const content = [];
    for (const call of outcome.calls) content.push(await answerCall(options, report, call));
    messages.push({ role: 'tool', content });
  }
}

function boundReached(use: LlmToolUse, report: ToolLoopReport, now: number): ToolLoopBound | undefined {
  const { bounds, toolbox } = use;
  if (report.turns >= bounds.maxTurns) return 'turns';
  if (report.calls.length >= bounds.maxToolCalls) return 'tool-calls';
  if (toolbox.remainingBytes() <= 0) return 'result-bytes';
  if (bounds.deadline !== undefined && now >= bounds.deadline) return 'deadline';
  return undefined;
}

/** Runs one call (or says why not), traces it, and writes the result the model reads. */
async function answerCall(options: ToolLoopOptions, report: ToolLoopReport, call: StepCall) {
  const started = options.now();
  const limit = options.use.bounds.maxToolCalls;
  const outcome: LlmToolOutcome =
    call.invalid !== undefined
      ? { ok: false, text: `${call.name}: the arguments are not valid JSON: ${call.invalid}`, bytes: 0 }
      : report.calls.length >= limit
        ? { ok: false, text: `not run: the tool-call limit (${limit}) is reached`, bytes: 0 }
        : await options.use.toolbox.run(call.name, call.input);
  const record: ToolCallRecord = {
    tool: clip(call.name, 64),
    args: clip(options.redact(argsText(call.input)), ARGS_CHARS),
    outcome: outcome.ok ? 'ok' : outcome.denied !== undefined ? 'denied' : 'error',
    ...(outcome.denied === undefined ? {} : { rule: outcome.denied }),
    bytes: outcome.bytes,
    durationMs: options.now() - started,
  };
  report.calls.push(record);
  options.span.event('tool-call', record.tool, { ...record, turn: report.turns });
  // Everything sent is redacted by the client; the tools masked their results already.
  const text = options.redact(outcome.text);
  return {
    type: 'tool-result' as const,
    toolCallId: call.id,
    toolName: call.name,
    output: outcome.ok
      ? { type: 'text' as const, value: quoteUntrusted(`${call.name}-result`, text) }
      : { type: 'error-text' as const, value: text },
  };
}

/** The arguments as the model gave them: JSON, or its raw text when that was not JSON. */
function argsText(input: unknown): string {
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return String(input);
  }
}
