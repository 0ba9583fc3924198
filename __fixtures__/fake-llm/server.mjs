// A loopback fake of an OpenAI-compatible `POST /v1/chat/completions`, for tests and benchmarks: it checks
// each request as api.openai.com would, records it, and answers with scripted replies. Plain ESM so jest
// tests and bench/*.mjs share it (types in server.d.mts). Function tools (tool calls and tool messages,
// checked as the API checks them); no streaming, no other endpoints.
import { Buffer } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import { isObject, parseJson, sendJson, startScriptedServer } from './loopback.mjs';

const CHAT_PATH = '/v1/chat/completions';
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const DEFAULT_MESSAGES = {
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.',
};

/** @param {import('./server.d.mts').FakeLlmOptions} [options] */
export function startFakeLlm(options = {}) {
  return startScriptedServer({
    name: 'fake-llm',
    refuse: (record, raw) => refuse(record, raw, options.apiKey),
    checkReply,
    answer: (record, reply, n) => completion(record.body, reply, n),
    requestIdHeader: 'x-request-id',
    sendError,
    respond: options.respond,
  });
}

/** The text of the request's system (and developer) messages, joined by blank lines. */
export function systemOf(request) {
  return textOf(request, (role) => role === 'system' || role === 'developer');
}

/** The text of the request's user messages, joined by blank lines. */
export function userOf(request) {
  return textOf(request, (role) => role === 'user');
}

function textOf(request, wanted) {
  const messages =
    isObject(request.body) && Array.isArray(request.body.messages) ? request.body.messages : [];
  return messages
    .filter((m) => isObject(m) && wanted(m.role))
    .map((m) => contentText(m.content))
    .join('\n\n');
}

function contentText(content) {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => part?.text ?? '').join('') : '';
}

/** A scripted reply as given, or a TypeError naming what is wrong with it (a typo in a test). */
function checkReply(reply) {
  const fail = (problem) => {
    throw new TypeError(`fake-llm: reply ${JSON.stringify(reply)} ${problem}`);
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
      if (!isObject(call) || typeof call.name !== 'string' || !('arguments' in call))
        fail('needs each tool call to have a name and arguments');
  } else if ('text' in reply) {
    if (typeof reply.text !== 'string') fail('needs text to be a string');
  } else if (!('json' in reply) || JSON.stringify(reply.json) === undefined) {
    fail('is none of {json}, {text}, {toolCalls}, {status}, {delayMs, then}');
  }
  return reply;
}

function completion(body, reply, n) {
  const calls = 'toolCalls' in reply ? toolCallsOf(reply.toolCalls, n) : undefined;
  const content = 'json' in reply ? JSON.stringify(reply.json) : (reply.text ?? null);
  const prompt =
    reply.usage?.prompt ?? Math.ceil(byteLength(body.messages.map((m) => contentText(m.content))) / 4);
  const output =
    reply.usage?.completion ?? Math.ceil(byteLength([content ?? '', JSON.stringify(calls ?? [])]) / 4);
  return {
    id: `chatcmpl-fake${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, ...(calls ? { tool_calls: calls } : {}) },
        logprobs: null,
        finish_reason: reply.finishReason ?? (calls ? 'tool_calls' : 'stop'),
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output },
    system_fingerprint: 'fp_fake',
  };
}

/** `arguments` as the API sends them: a JSON string (a string given as-is, malformed or not). */
function toolCallsOf(calls, n) {
  return calls.map((call, i) => ({
    id: call.id ?? `call_fake${n}_${i + 1}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

function byteLength(texts) {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
}

/** Why api.openai.com would not serve this request (status, message, param, code), or undefined. */
function refuse(record, raw, apiKey) {
  const invalid = (message, param = null, code = null) => ({ status: 400, message, param, code });
  if (record.method !== 'POST' || record.path !== CHAT_PATH)
    return { status: 404, message: `Invalid URL (${record.method} ${record.path})`, code: null };
  const auth = authProblem(record.headers.authorization, apiKey);
  if (auth) return { status: 401, ...auth };
  const body = parseJson(raw);
  if (!isObject(body))
    return invalid('We could not parse the JSON body of your request. The API expects a JSON object.');
  if (body.stream === true) return invalid('fake-llm does not implement streaming (stream: true)', 'stream');
  if (body.model === undefined || body.model === '')
    return invalid('you must provide a model parameter', 'model');
  if (typeof body.model !== 'string') return invalid(typeMessage('model', 'a string', body.model), 'model');
  const messages = messagesProblem(body.messages);
  if (messages) return invalid(messages.message, messages.param);
  for (const name of ['max_tokens', 'max_completion_tokens']) {
    const value = body[name];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 1))
      return invalid(
        `Invalid '${name}': expected an integer >= 1, but got ${JSON.stringify(value)} instead.`,
        name,
      );
  }
  const t = body.temperature;
  if (t !== undefined && t !== null && (typeof t !== 'number' || t < 0 || t > 2))
    return invalid(
      `Invalid 'temperature': expected a number from 0 to 2, but got ${JSON.stringify(t)}.`,
      'temperature',
    );
  const tools = toolsProblem(body.tools, body.tool_choice);
  if (tools) return invalid(tools.message, tools.param);
  const format = formatProblem(body.response_format, body.messages);
  return format ? invalid(format, 'response_format') : undefined;
}

function authProblem(header, apiKey) {
  if (apiKey === undefined) return undefined;
  if (!header)
    return {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      code: null,
    };
  if (header === `Bearer ${apiKey}`) return undefined;
  const given = header.replace(/^Bearer\s+/i, '');
  const masked = given.length > 8 ? `${given.slice(0, 3)}***${given.slice(-4)}` : '***';
  return { message: `Incorrect API key provided: ${masked}.`, code: 'invalid_api_key' };
}

function messagesProblem(messages) {
  if (messages === undefined)
    return { message: "Missing required parameter: 'messages'.", param: 'messages' };
  if (!Array.isArray(messages))
    return { message: typeMessage('messages', 'an array', messages), param: 'messages' };
  if (messages.length === 0)
    return {
      message:
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: 'messages',
    };
  for (const [i, m] of messages.entries()) {
    const param = `messages[${i}]`;
    if (!isObject(m)) return { message: typeMessage(param, 'an object', m), param };
    if (!ROLES.includes(m.role))
      return {
        message: `Invalid value for '${param}.role': ${JSON.stringify(m.role)}. Supported values are: ${ROLES.map((r) => `'${r}'`).join(', ')}.`,
        param: `${param}.role`,
      };
    const textParts =
      Array.isArray(m.content) &&
      m.content.every((p) => isObject(p) && p.type === 'text' && typeof p.text === 'string');
    // An assistant turn that calls tools may have no content.
    const empty = m.role === 'assistant' && Array.isArray(m.tool_calls) && (m.content ?? null) === null;
    if (typeof m.content !== 'string' && !textParts && !empty)
      return {
        message: typeMessage(`${param}.content`, 'a string or an array of text parts', m.content),
        param: `${param}.content`,
      };
  }
  return toolMessagesProblem(messages);
}

/** Tool messages answer the tool calls of the assistant turn before them, every one, and only those. */
function toolMessagesProblem(messages) {
  let open = new Set();
  for (const [i, m] of messages.entries()) {
    const param = `messages[${i}]`;
    if (m.role === 'tool') {
      if (typeof m.tool_call_id !== 'string')
        return {
          message: `Missing required parameter: '${param}.tool_call_id'.`,
          param: `${param}.tool_call_id`,
        };
      if (!open.delete(m.tool_call_id))
        return {
          message: `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`,
          param,
        };
      continue;
    }
    if (open.size > 0)
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
        param: 'messages',
      };
    if (m.role === 'assistant' && m.tool_calls !== undefined) {
      if (!Array.isArray(m.tool_calls))
        return {
          message: typeMessage(`${param}.tool_calls`, 'an array', m.tool_calls),
          param: `${param}.tool_calls`,
        };
      for (const [j, call] of m.tool_calls.entries()) {
        const where = `${param}.tool_calls[${j}]`;
        if (
          !isObject(call) ||
          call.type !== 'function' ||
          !isObject(call.function) ||
          typeof call.id !== 'string'
        )
          return { message: `Invalid '${where}': expected a function tool call with an id.`, param: where };
        if (typeof call.function.arguments !== 'string')
          return {
            message: typeMessage(`${where}.function.arguments`, 'a string', call.function.arguments),
            param: `${where}.function.arguments`,
          };
      }
      open = new Set(m.tool_calls.map((call) => call.id));
    }
  }
  return undefined;
}

/** `tools` and `tool_choice` as the API checks them. */
function toolsProblem(tools, choice) {
  if (tools === undefined || tools === null) {
    return choice === undefined || choice === null || choice === 'none'
      ? undefined
      : {
          message:
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
          param: 'tool_choice',
        };
  }
  if (!Array.isArray(tools)) return { message: typeMessage('tools', 'an array', tools), param: 'tools' };
  const names = new Set();
  for (const [i, tool] of tools.entries()) {
    const param = `tools[${i}]`;
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function))
      return { message: `Invalid '${param}': expected an object with type 'function'.`, param };
    const name = tool.function.name;
    if (typeof name !== 'string' || !TOOL_NAME.test(name))
      return {
        message: `Invalid '${param}.function.name': string does not match pattern ${TOOL_NAME}.`,
        param: `${param}.function.name`,
      };
    if (names.has(name))
      return { message: `Invalid 'tools': duplicate function name ${name}.`, param: 'tools' };
    names.add(name);
    const parameters = tool.function.parameters;
    if (parameters !== undefined && (!isObject(parameters) || parameters.type !== 'object'))
      return {
        message: `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"'.`,
        param: `${param}.function.parameters`,
      };
  }
  if (choice === undefined || choice === null || ['none', 'auto', 'required'].includes(choice))
    return undefined;
  if (isObject(choice) && choice.type === 'function' && names.has(choice.function?.name)) return undefined;
  return { message: `Invalid value for 'tool_choice': ${JSON.stringify(choice)}.`, param: 'tool_choice' };
}

function formatProblem(format, messages) {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format) || !['text', 'json_object', 'json_schema'].includes(format.type))
    return "Invalid 'response_format.type': expected one of 'text', 'json_object', 'json_schema'.";
  if (format.type === 'json_object') {
    const mentionsJson = messages.some((m) => /json/i.test(contentText(m.content)));
    return mentionsJson
      ? undefined
      : "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
  }
  if (format.type !== 'json_schema') return undefined;
  const spec = format.json_schema;
  if (!isObject(spec)) return "Missing required parameter: 'response_format.json_schema'.";
  if (typeof spec.name !== 'string' || !SCHEMA_NAME.test(spec.name))
    return `Invalid 'response_format.json_schema.name': ${JSON.stringify(spec.name)} does not match ${SCHEMA_NAME}.`;
  if (!isObject(spec.schema)) return "Invalid 'response_format.json_schema.schema': expected an object.";
  if (spec.strict !== true) return undefined;
  if (spec.schema.type !== 'object')
    return `Invalid schema for response_format '${spec.name}': schema must be a JSON Schema of 'type: "object"'.`;
  const problem = strictSchemaProblem(spec.schema, []);
  return problem && `Invalid schema for response_format '${spec.name}': ${problem}`;
}

/** What OpenAI's strict structured outputs reject most often: open objects and optional properties. */
function strictSchemaProblem(schema, context) {
  if (!isObject(schema)) return undefined;
  const where = `In context=(${context.map((c) => `'${c}'`).join(', ')})`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) {
    if (schema.additionalProperties !== false)
      return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = Object.keys(schema.properties ?? {}).find((key) => !required.includes(key));
    if (missing !== undefined)
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  const children = [
    ...Object.entries(schema.properties ?? {}).map(([key, child]) => [['properties', key], child]),
    ...Object.entries(schema.$defs ?? {}).map(([key, child]) => [['$defs', key], child]),
    ...Object.entries(schema.definitions ?? {}).map(([key, child]) => [['definitions', key], child]),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf.map((child, i) => [['anyOf', String(i)], child]) : []),
    [['items'], schema.items],
  ];
  for (const [path, child] of children) {
    const problem = strictSchemaProblem(child, [...context, ...path]);
    if (problem) return problem;
  }
  return undefined;
}

function typeMessage(param, expected, value) {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`;
}

/** OpenAI's error body `{ error: { message, type, param, code } }`, with retry-after when asked. */
function sendError(res, status, message, extra = {}) {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = extra.code !== undefined ? extra.code : status === 429 ? 'rate_limit_exceeded' : null;
  const retryAfter = extra.retryAfter !== undefined ? extra.retryAfter : status === 429 ? 1 : null;
  const error = {
    message: message ?? DEFAULT_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error',
    type: extra.type ?? type,
    param: extra.param ?? null,
    code,
  };
  sendJson(res, status, { error }, retryAfter === null ? {} : { 'retry-after': String(retryAfter) });
}

/** Whether the request is the LLM reviewer's verify pass (its answer schema is `review-verify`). */
export function isVerifyRequest(request) {
  const format = isObject(request.body) ? request.body.response_format : undefined;
  return isObject(format) && format.json_schema?.name === 'review-verify';
}

/** The verify pass's answer confirming every candidate the prompt lists, with `confidence`. */
export function confirmAll(request, confidence = 0.9) {
  const ids = [...userOf(request).matchAll(/^Candidate (\d+) at /gm)].map((m) => Number(m[1]));
  return { json: { verdicts: ids.map((id) => ({ id, confidence, reason: 'confirmed by the fake' })) } };
}
