// What the LLM reviewer's tools did, for the summary (a collapsed list) and the terminal (one line):
// every call with its arguments (redacted and cut by the loop), outcome and size, never the results.
import { TOOL_BOUND_NAMES } from '../llm/tool-loop.js';
import type { ToolLoopBound, ToolTotals } from '../llm/types.js';
import { codeSpan, escapeMarkdown, plural } from './format.js';

const MAX_LISTED = 50;

/** "6 tool calls (5 denied, 1 failed), 41 KiB read; 1 loop stopped by the turn limit (llm.max-turns)". */
export function toolCallsHeadline(tools: ToolTotals): string {
  const denied = tools.calls.filter((call) => call.outcome === 'denied').length;
  const failed = tools.calls.filter((call) => call.outcome === 'error').length;
  const troubles = [denied > 0 ? `${denied} denied` : '', failed > 0 ? `${failed} failed` : ''].filter(
    Boolean,
  );
  const bytes = tools.calls.reduce((sum, call) => sum + call.bytes, 0);
  const stops = Object.entries(tools.stopped).map(
    ([bound, count]) =>
      `${plural(count ?? 0, 'loop')} stopped by ${TOOL_BOUND_NAMES[bound as ToolLoopBound]}`,
  );
  return [
    `${plural(tools.calls.length, 'tool call')}${troubles.length > 0 ? ` (${troubles.join(', ')})` : ''}, ${formatBytes(bytes)} read`,
    ...stops,
  ].join('; ');
}

/** The collapsed list of calls for the summary; undefined when no tool was called. */
export function renderToolCalls(tools: ToolTotals | undefined): string | undefined {
  if (tools === undefined || tools.calls.length === 0) return undefined;
  const items = tools.calls.slice(0, MAX_LISTED).map((call) => {
    const outcome =
      call.outcome === 'ok'
        ? `${formatBytes(call.bytes)}`
        : call.outcome === 'denied'
          ? `denied by ${codeSpan(call.rule ?? 'policy', 80)}`
          : 'failed';
    return `- ${codeSpan(call.tool, 64)} ${codeSpan(call.args, 220)}: ${outcome}, ${Math.round(call.durationMs)} ms`;
  });
  const more = tools.calls.length - items.length;
  if (more > 0) items.push(`- … and ${plural(more, 'more call')} (in the trace)`);
  return [
    `<details><summary>${escapeMarkdown(toolCallsHeadline(tools), 400)}</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ].join('\n');
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
