// A loopback fake of the Actions artifact service as @actions/artifact 6 talks to it: the Twirp JSON
// calls CreateArtifact and FinalizeArtifact under ACTIONS_RESULTS_URL (bearer = the runtime token, a
// JWT whose `scp` claim names the run's backend ids), and the Azure block-blob upload (Put Block + Put
// Block List, or one Put Blob) to the signed URL CreateArtifact returns. It records each finalized
// artifact's zip; `readZip` unpacks one. Scriptable faults: CreateArtifact answers 500 or 409, blob
// writes 403.
// Listens on 127.0.0.1 only. Not modelled: List/GetSignedURL/Delete, retention, blob leases.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, inflateRawSync } from 'node:zlib';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
const ACCOUNT_PATH = '/devstoreaccount1/actions-results/';

export interface UploadedArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** What FinalizeArtifact reported, as the service stores it. */
  size: number;
  hash: string | undefined;
  /** RFC 3339, when the client asked for a retention period. */
  expiresAt: string | undefined;
  mimeType: string | undefined;
  /** The committed blob: the zip the client streamed. */
  zip: Buffer;
}

export interface RecordedArtifactCall {
  method: string;
  /** `CreateArtifact`, `FinalizeArtifact`, `PutBlock`, `PutBlockList`, `PutBlob`, or the raw path. */
  operation: string;
  status: number;
}

export interface CreateArtifactFault {
  status: 500 | 409;
  /** The Twirp error `msg`; a default like the service's otherwise. */
  msg?: string;
}

export interface FakeArtifacts {
  /** ACTIONS_RESULTS_URL. */
  readonly url: string;
  /** ACTIONS_RUNTIME_TOKEN: an unsigned JWT with the run's backend ids in `scp`. */
  readonly token: string;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  /** The variables a step in Actions sees; pass as `env` or copy into process.env. */
  env(): NodeJS.ProcessEnv;
  readonly artifacts: UploadedArtifact[];
  readonly calls: RecordedArtifactCall[];
  /** Every CreateArtifact answers this until cleared with `undefined`. */
  failCreateArtifact(fault: CreateArtifactFault | undefined): void;
  /** Every blob write answers 403 AuthenticationFailed (an expired or wrong SAS) until cleared. */
  failBlobUpload(on: boolean): void;
  /** Forgets artifacts, pending uploads, calls and faults. */
  reset(): void;
  close(): Promise<void>;
}

/** A syntactically valid, unsigned (`alg: none`) JWT; the client only decodes it. */
export function unsignedRuntimeToken(workflowRunBackendId: string, workflowJobRunBackendId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ typ: 'JWT', alg: 'none' }),
    part({
      scp: `Actions.ExampleScope Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
      iss: 'vstoken.actions.githubusercontent.com',
      nbf: now,
      exp: now + 3600,
    }),
    '',
  ].join('.');
}

interface PendingUpload {
  name: string;
  sig: string;
  blocks: Map<string, Buffer>;
  blob: Buffer | undefined;
  expiresAt: string | undefined;
  mimeType: string | undefined;
}

interface Reply {
  status: number;
  /** JSON, or the text of `headers['content-type']`. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Azure Storage's error answer: an XML body and the `x-ms-error-code` header. */
function azureError(status: number, code: string, message: string): Reply {
  return {
    status,
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
  };
}

export async function startFakeArtifacts(): Promise<FakeArtifacts> {
  const workflowRunBackendId = 'ce7f54c7-61c7-4aae-887f-30da475f5f1a';
  const workflowJobRunBackendId = 'ca395085-040a-526b-2ce8-bdc85f692774';
  const token = unsignedRuntimeToken(workflowRunBackendId, workflowJobRunBackendId);
  const artifacts: UploadedArtifact[] = [];
  const calls: RecordedArtifactCall[] = [];
  /** Blob path (after the account/container prefix) → upload in progress. */
  const pending = new Map<string, PendingUpload>();
  let fault: CreateArtifactFault | undefined;
  let blobFault = false;
  let nextId = 1001;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const twirpError = (status: number, code: string, msg: string): Reply => ({ status, body: { code, msg } });

  function createArtifact(request: Record<string, unknown>): Reply {
    if (fault?.status === 500) {
      return twirpError(500, 'internal', fault.msg ?? 'internal error while creating the artifact');
    }
    const name = String(request.name ?? '');
    if (!name) return twirpError(400, 'invalid_argument', 'name is required');
    const exists =
      artifacts.some((a) => a.name === name) || [...pending.values()].some((p) => p.name === name);
    if (fault?.status === 409 || exists) {
      return twirpError(
        409,
        'already_exists',
        fault?.msg ?? 'an artifact with this name already exists on the workflow run',
      );
    }
    const sig = randomBytes(16).toString('base64url');
    const blobPath = `${workflowRunBackendId}/${workflowJobRunBackendId}/${encodeURIComponent(name)}.zip`;
    pending.set(blobPath, {
      name,
      sig,
      blocks: new Map(),
      blob: undefined,
      expiresAt: typeof request.expires_at === 'string' ? request.expires_at : undefined,
      mimeType: typeof request.mime_type === 'string' ? request.mime_type : undefined,
    });
    const signed = new URL(`${ACCOUNT_PATH}${blobPath}`, url);
    signed.search = new URLSearchParams({
      sv: '2023-11-03',
      sr: 'b',
      sp: 'cw',
      se: '2099-01-01',
      sig,
    }).toString();
    return { status: 200, body: { ok: true, signed_upload_url: signed.href } };
  }

  function finalizeArtifact(request: Record<string, unknown>): Reply {
    const name = String(request.name ?? '');
    const entry = [...pending.entries()].find(([, upload]) => upload.name === name);
    if (!entry) return twirpError(404, 'not_found', `no artifact upload in progress named '${name}'`);
    const [blobPath, upload] = entry;
    if (!upload.blob) return twirpError(400, 'failed_precondition', 'the artifact blob was not committed');
    pending.delete(blobPath);
    const id = nextId++;
    artifacts.push({
      id,
      name,
      workflowRunBackendId: String(request.workflow_run_backend_id),
      workflowJobRunBackendId: String(request.workflow_job_run_backend_id),
      size: Number(request.size ?? 0),
      hash: typeof request.hash === 'string' ? request.hash : undefined,
      expiresAt: upload.expiresAt,
      mimeType: upload.mimeType,
      zip: upload.blob,
    });
    return { status: 200, body: { ok: true, artifact_id: String(id) } };
  }

  function twirp(method: string, headers: IncomingMessage['headers'], raw: Buffer): Reply {
    if (headers.authorization !== `Bearer ${token}`) {
      return twirpError(401, 'unauthenticated', 'invalid or missing runtime token');
    }
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(400, 'malformed', 'the body is not JSON');
    }
    if (
      request.workflow_run_backend_id !== workflowRunBackendId ||
      request.workflow_job_run_backend_id !== workflowJobRunBackendId
    ) {
      return twirpError(400, 'invalid_argument', 'backend ids do not match the runtime token');
    }
    if (method === 'CreateArtifact') return createArtifact(request);
    if (method === 'FinalizeArtifact') return finalizeArtifact(request);
    return twirpError(404, 'bad_route', `no handler for ${method}`);
  }

  function blob(target: URL, headers: IncomingMessage['headers'], raw: Buffer): [string, Reply] {
    const upload = pending.get(target.pathname.slice(ACCOUNT_PATH.length));
    const comp = target.searchParams.get('comp');
    const operation = comp === 'block' ? 'PutBlock' : comp === 'blocklist' ? 'PutBlockList' : 'PutBlob';
    if (blobFault || !upload || target.searchParams.get('sig') !== upload.sig) {
      return [
        operation,
        azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.'),
      ];
    }
    const written = { 'x-ms-request-id': randomBytes(8).toString('hex'), 'x-ms-version': '2023-11-03' };
    if (comp === 'block') {
      upload.blocks.set(target.searchParams.get('blockid') ?? '', raw);
      return [operation, { status: 201, headers: written }];
    }
    if (comp === 'blocklist') {
      const ids = [...raw.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)];
      const parts = ids.map((match) => upload.blocks.get(match[2] ?? ''));
      if (parts.some((part) => part === undefined)) {
        return [operation, azureError(400, 'InvalidBlockList', 'The specified block list is invalid.')];
      }
      upload.blob = Buffer.concat(parts as Buffer[]);
      return [operation, { status: 201, headers: { ...written, etag: '"0x1"' } }];
    }
    if (headers['x-ms-blob-type'] !== 'BlockBlob') {
      return [operation, azureError(400, 'InvalidHeaderValue', 'x-ms-blob-type must be BlockBlob.')];
    }
    upload.blob = raw;
    return [operation, { status: 201, headers: { ...written, etag: '"0x1"' } }];
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const target = new URL(req.url ?? '/', url);
      let operation = target.pathname;
      let reply: Reply;
      if (req.method === 'POST' && target.pathname.startsWith(SERVICE)) {
        operation = target.pathname.slice(SERVICE.length);
        reply = twirp(operation, req.headers, raw);
      } else if (req.method === 'PUT' && target.pathname.startsWith(ACCOUNT_PATH)) {
        [operation, reply] = blob(target, req.headers, raw);
      } else {
        reply = twirpError(404, 'bad_route', `no route for ${req.method} ${target.pathname}`);
      }
      calls.push({ method: req.method ?? '', operation, status: reply.status });
      send(res, reply);
    });
  });

  return {
    url,
    token,
    workflowRunBackendId,
    workflowJobRunBackendId,
    env: () => ({
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_RESULTS_URL: `${url}/`,
      GITHUB_SERVER_URL: 'https://github.com',
    }),
    artifacts,
    calls,
    failCreateArtifact: (next) => {
      fault = next;
    },
    failBlobUpload: (on) => {
      blobFault = on;
    },
    reset: () => {
      artifacts.length = 0;
      calls.length = 0;
      pending.clear();
      fault = undefined;
      blobFault = false;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string';
  const body = reply.body === undefined ? '' : text ? String(reply.body) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(reply.body === undefined || text ? {} : { 'content-type': 'application/json' }),
    'content-length': String(Buffer.byteLength(body)),
    ...reply.headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The files of a zip by path, read from its central directory (sizes there are final even when the
 * writer streamed with data descriptors, as archiver does). Stored and deflated entries; CRCs checked.
 * No zip64, no encryption: enough for the small archives the tests upload.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    const content = method === 8 ? inflateRawSync(data) : method === 0 ? Buffer.from(data) : undefined;
    if (!content) throw new Error(`${name}: unsupported compression method ${method}`);
    if (crc32(content) !== crc) throw new Error(`${name}: CRC mismatch`);
    files.set(name, content);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
