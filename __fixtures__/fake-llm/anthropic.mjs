// A loopback fake of Anthropic's `POST /v1/messages`, for tests: it checks each request as
// api.anthropic.com would (headers, roles, content blocks, tool_use answered by tool_result, tools
// defined), records it, and answers with scripted replies, the same reply shapes as server.mjs.
// Plain ESM (types in anthropic.d.mts). No streaming, no other endpoints.
import { Buffer } from 'node:buffer';
import { isObject, sendJson, startScriptedServer } from './loopback.mjs';

const MESSAGES_PATH = '/v1/messages';
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ERROR_TYPES = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** @param {import('./anthropic.d.mts').FakeAnthropicOptions} [options] */
export function startFakeAnthropic(options = {}) {
  return startScriptedServer({
    name: 'fake-anthropic',
    refuse: (record) => refuse(record, options.apiKey),
    checkReply,
    answer: (record, reply, n) => message(record.body, reply, n),
    requestIdHeader: 'request-id',
    sendError: (res, status, text, extra) => sendError(res, status, text, extra?.retryAfter),
    respond: options.respond,
  });
}

/** Every tool_result block of the request, in order: what the model was given back. */
export function toolResultsOf(request) {
  const messages =
    isObject(request.body) && Array.isArray(request.body.messages) ? request.body.messages : [];
  return messages.flatMap((m) =>
    Array.isArray(m.content) ? m.content.filter((block) => block?.type === 'tool_result') : [],
  );
}

function checkReply(reply) {
  const fail = (problem) => {
    throw new TypeError(`fake-anthropic: reply ${JSON.stringify(reply)} ${problem}`);
  };
  if (!isObject(reply)) fail('is not an object');
  if ('delayMs' in reply) {
    if (typeof reply.delayMs !== 'number' || reply.delayMs < 0) fail('needs delayMs >= 0');
    checkReply(reply.then);
  } else if ('status' in reply) {
    if (!Number.isInteger(reply.status) || reply.status < 400 || reply.status > 599)
      fail('needs an error status 400-599');
  } else if ('toolCalls' in reply) {
    if (!Array.isArray(reply.toolCalls) || reply.toolCalls.length === 0) fail('needs a non-empty toolCalls');
    for (const call of reply.toolCalls)
      if (!isObject(call) || typeof call.name !== 'string' || !isObject(call.arguments))
        fail('needs each tool call to have a name and an object of arguments (the API parses them)');
  } else if ('text' in reply) {
    if (typeof reply.text !== 'string') fail('needs text to be a string');
  } else if (!('json' in reply) || JSON.stringify(reply.json) === undefined) {
    fail('is none of {json}, {text}, {toolCalls}, {status}, {delayMs, then}');
  }
  return reply;
}

function message(body, reply, n) {
  const content = [];
  const text = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
  if (text !== undefined) content.push({ type: 'text', text });
  if ('toolCalls' in reply)
    reply.toolCalls.forEach((call, i) =>
      content.push({
        type: 'tool_use',
        id: call.id ?? `toolu_fake${n}_${i + 1}`,
        name: call.name,
        input: call.arguments,
      }),
    );
  const input = reply.usage?.prompt ?? Math.ceil(Buffer.byteLength(JSON.stringify(body.messages)) / 4);
  const output = reply.usage?.completion ?? Math.ceil(Buffer.byteLength(JSON.stringify(content)) / 4);
  return {
    id: `msg_fake${n}`,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: reply.finishReason ?? ('toolCalls' in reply ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: output },
  };
}

/** Why api.anthropic.com would not serve this request, or undefined. */
function refuse(record, apiKey) {
  const invalid = (message) => ({ status: 400, message });
  if (record.method !== 'POST' || record.path !== MESSAGES_PATH)
    return { status: 404, message: `Not Found: ${record.method} ${record.path}` };
  if (apiKey !== undefined && record.headers['x-api-key'] !== apiKey)
    return { status: 401, message: 'invalid x-api-key' };
  if (typeof record.headers['anthropic-version'] !== 'string')
    return invalid('anthropic-version: header is required');
  const body = record.body;
  if (!isObject(body)) return invalid('The request body is not valid JSON.');
  if (body.stream === true) return invalid('fake-anthropic does not implement streaming');
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1)
    return invalid('max_tokens: Field required (an integer >= 1)');
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system))
    return invalid('system: Input should be a valid string or a list of text blocks');
  const tools = toolsProblem(body.tools, body.tool_choice);
  if (tools) return invalid(tools);
  const messages = messagesProblem(body.messages, Array.isArray(body.tools) && body.tools.length > 0);
  return messages ? invalid(messages) : undefined;
}

function toolsProblem(tools, choice) {
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
    for (const [i, tool] of tools.entries()) {
      if (!isObject(tool) || typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name))
        return `tools.${i}.name: String should match pattern '${TOOL_NAME.source}'`;
      if (!isObject(tool.input_schema) || tool.input_schema.type !== 'object')
        return `tools.${i}.input_schema: Input should be a JSON Schema of type object`;
    }
  }
  if (choice === undefined) return undefined;
  if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(choice.type))
    return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
  if (choice.type === 'tool' && !(tools ?? []).some((tool) => tool.name === choice.name))
    return `tool_choice: tool '${choice.name}' is not defined`;
  return undefined;
}

function messagesProblem(messages, toolsDefined) {
  if (!Array.isArray(messages) || messages.length === 0) return 'messages: at least one message is required';
  if (messages[0]?.role !== 'user') return 'messages.0.role: the first message must use the "user" role';
  let pending = new Set();
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || !['user', 'assistant'].includes(m.role))
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(blocks) || blocks.length === 0)
      return `messages.${i}.content: Input should be a valid string or a non-empty list of blocks`;
    const answered = new Set();
    for (const [j, block] of blocks.entries()) {
      const where = `messages.${i}.content.${j}`;
      if (!isObject(block)) return `${where}: Input should be an object`;
      if (block.type === 'tool_use' || block.type === 'tool_result') {
        if (!toolsDefined)
          return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
      }
      if (block.type === 'text') {
        if (typeof block.text !== 'string') return `${where}.text: Field required`;
      } else if (block.type === 'tool_use') {
        if (m.role !== 'assistant') return `${where}: tool_use blocks may only be in assistant messages`;
        if (typeof block.id !== 'string' || typeof block.name !== 'string' || !isObject(block.input))
          return `${where}: tool_use needs an id, a name and an object input`;
      } else if (block.type === 'tool_result') {
        if (m.role !== 'user') return `${where}: tool_result blocks may only be in user messages`;
        if (!pending.has(block.tool_use_id))
          return `messages.${i}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        answered.add(block.tool_use_id);
      } else if (block.type !== 'image' && block.type !== 'document' && block.type !== 'thinking') {
        return `${where}.type: Input tag '${block.type}' is not one of the expected tags`;
      }
    }
    const missing = [...pending].filter((id) => !answered.has(id));
    if (missing.length > 0)
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    pending = new Set(
      m.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => b.id) : [],
    );
  }
  if (pending.size > 0)
    return `messages: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...pending].join(', ')}`;
  return undefined;
}

function sendError(res, status, message, retryAfter) {
  const type = ERROR_TYPES[status] ?? 'api_error';
  const after = retryAfter !== undefined ? retryAfter : status === 429 ? 1 : null;
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message: message ?? type } },
    after === null ? {} : { 'retry-after': String(after) },
  );
}
