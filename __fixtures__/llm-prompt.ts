// What a scripted fake model reads from our prompts: which answer is asked for, and the added lines of
// the hunks as the reviewer's prompt numbers them (`file: src/a.js`, then `   2 + export …`).
import { userOf, type ChatRequest } from './fake-llm/server.mjs';

/** The JSON schema the request asks for (`review`, `plan`), or undefined for free text. */
export function schemaNameOf(request: ChatRequest): string | undefined {
  const format = request.body.response_format;
  return format?.type === 'json_schema' ? format.json_schema.name : undefined;
}

/** Every added line of the prompt's hunks, with its file and its line number in the new file. */
export function addedLinesOf(request: ChatRequest): Array<{ path: string; line: number; text: string }> {
  const lines = [];
  let path: string | undefined;
  for (const row of userOf(request).split('\n')) {
    path = /^file: (.+)$/.exec(row)?.[1] ?? path;
    const added = /^\s*(\d+) \+ (.*)$/.exec(row);
    if (path !== undefined && added) lines.push({ path, line: Number(added[1]), text: added[2] ?? '' });
  }
  return lines;
}
