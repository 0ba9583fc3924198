// What the loopback fake LLM servers (server.mjs, anthropic.mjs) share: a server on 127.0.0.1 that
// records every request, refuses what the real API would refuse, and answers valid ones with scripted
// replies (a queue first, then a responder), with delays that end when the client goes or the server
// closes. Each fake brings its own checks and wire format.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

/**
 * @param {{
 *   name: string,
 *   refuse: (record: object, raw: string) => ({ status: number, message: string } | undefined),
 *   checkReply: (reply: unknown) => object,
 *   answer: (record: object, reply: object, n: number) => unknown,
 *   requestIdHeader: string,
 *   sendError: (res: import('node:http').ServerResponse, status: number, message?: string, extra?: object) => void,
 *   respond?: (record: object) => unknown,
 * }} fake
 */
export async function startScriptedServer(fake) {
  const requests = [];
  const queue = [];
  const pendingWaits = new Set();
  let responder = fake.respond;
  let served = 0;
  let closing;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) fake.sendError(res, 500, `${fake.name} failed: ${messageOf(error)}`);
    });
  });

  async function handle(req, res) {
    const raw = await readBody(req);
    const record = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://fake').pathname,
      headers: req.headers,
      // Parsed JSON; the raw text when it is not JSON, so a test still sees what was sent.
      body: raw.trim() === '' ? undefined : (parseJson(raw) ?? raw),
      receivedAt: Date.now(),
      status: undefined,
      error: undefined,
    };
    requests.push(record);
    const refusal = fake.refuse(record, raw);
    if (refusal) {
      record.error = refusal.message;
      record.status = refusal.status;
      return fake.sendError(res, refusal.status, refusal.message, refusal);
    }
    let reply = queue.shift();
    if (reply === undefined && responder) {
      try {
        reply = fake.checkReply(await responder(record));
      } catch (error) {
        reply = { status: 500, message: `${fake.name} responder failed: ${messageOf(error)}` };
      }
    }
    reply ??= { status: 500, message: 'no reply scripted' };
    while ('delayMs' in reply) {
      await wait(reply.delayMs, res);
      reply = reply.then;
    }
    if (res.destroyed || closing) return;
    record.status = 'status' in reply ? reply.status : 200;
    if ('status' in reply) return fake.sendError(res, reply.status, reply.message, reply);
    served++;
    return sendJson(res, 200, fake.answer(record, reply, served), {
      [fake.requestIdHeader]: `req_fake${served}`,
    });
  }

  /** Resolves after `ms`, or at once when the client goes away or the server closes. */
  function wait(ms, res) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pendingWaits.delete(done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pendingWaits.add(done);
      res.once('close', done);
    });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get queued() {
      return queue.length;
    },
    enqueue: (...replies) => {
      queue.push(...replies.map(fake.checkReply));
    },
    setResponder: (fn) => {
      responder = fn;
    },
    close: () => {
      closing ??= new Promise((resolve, reject) => {
        for (const done of [...pendingWaits]) done();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export function sendJson(res, status, body, headers) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(raw) {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
