// Validates a request's path params, query params and JSON body (and, on demand, the fake's own
// response bodies) against GitHub's OpenAPI description with ajv. Validators compile on the first use
// of an operation and are cached for the process. Query and path values arrive as strings and are
// coerced to the parameter's declared type first, as GitHub's own parameter parsing does.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  loadOpenApiSpec,
  type OpenApiSpec,
  type OperationInfo,
  type ParameterObject,
  type SchemaObject,
} from './openapi-spec.js';

const COMPONENTS_ID = 'https://fake-github.test/openapi-components.json';

export interface RequestParts {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
}

export interface CheckedRequest {
  /** Path and query params coerced to their declared types, merged (path wins). */
  params: Record<string, unknown>;
  /** One line per problem, e.g. `body.status must be one of: queued, in_progress, completed (got "done")`. */
  errors: string[];
}

interface CompiledOperation {
  params: ValidateFunction;
  body: ValidateFunction | undefined;
  bodyRequired: boolean;
  responses: Map<string, ValidateFunction | undefined>;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(readonly spec: OpenApiSpec) {
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, logger: false });
    addFormats.default(this.ajv);
    // GitHub-specific formats the description uses without defining.
    this.ajv.addFormat('repo.nwo', true);
    this.ajv.addFormat('timestamp', true);
    // Only schemas are ever `$ref`ed from a schema; parameters and responses are resolved by the spec.
    this.ajv.addSchema({
      $id: COMPONENTS_ID,
      components: { schemas: toAjvSchema(spec.document.components.schemas) },
    });
  }

  checkRequest(operation: OperationInfo, parts: RequestParts): CheckedRequest {
    const compiled = this.compile(operation);
    const path = coerceAll(operation.parameters, 'path', Object.entries(parts.pathParams));
    const query = coerceAll(operation.parameters, 'query', [...parts.query.entries()]);
    const errors: string[] = [];
    if (!compiled.params({ path, query })) errors.push(...formatErrors(compiled.params.errors, ''));
    if (parts.body === undefined) {
      if (compiled.bodyRequired) errors.push('body is required');
    } else if (compiled.body && !compiled.body(parts.body)) {
      errors.push(...formatErrors(compiled.body.errors, 'body'));
    }
    return { params: { ...query, ...path }, errors };
  }

  /** Problems with a response body the fake is about to send (a bug in the fake, not the client). */
  checkResponse(operation: OperationInfo, status: number, body: unknown): string[] {
    const compiled = this.compile(operation);
    const key = String(status);
    if (!compiled.responses.has(key)) {
      const schema = operation.responses[key]?.content?.['application/json']?.schema;
      compiled.responses.set(key, schema ? this.ajv.compile(toAjvSchema(schema)) : undefined);
    }
    if (!operation.responses[key]) return [`status ${status} is not a documented response`];
    const validate = compiled.responses.get(key);
    return validate && !validate(body) ? formatErrors(validate.errors, 'response') : [];
  }

  private compile(operation: OperationInfo): CompiledOperation {
    const existing = this.compiled.get(operation.key);
    if (existing) return existing;
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const compiled: CompiledOperation = {
      params: this.ajv.compile({
        type: 'object',
        properties: {
          path: paramsSchema(operation.parameters, 'path', true),
          query: paramsSchema(operation.parameters, 'query', false),
        },
      }),
      body: bodySchema ? this.ajv.compile(toAjvSchema(bodySchema)) : undefined,
      bodyRequired: Boolean(bodySchema && operation.requestBody?.required),
      responses: new Map(),
    };
    this.compiled.set(operation.key, compiled);
    return compiled;
  }
}

let cached: OpenApiValidator | undefined;

/** The process-wide validator over api.github.com's description. */
export function loadOpenApiValidator(): OpenApiValidator {
  cached ??= new OpenApiValidator(loadOpenApiSpec());
  return cached;
}

function paramsSchema(
  parameters: ParameterObject[],
  location: 'path' | 'query',
  additionalProperties: boolean,
): SchemaObject {
  const own = parameters.filter((p) => p.in === location);
  return {
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [p.name, toAjvSchema(p.schema ?? {})])),
    required: own.filter((p) => p.required).map((p) => p.name),
    // GitHub ignores unknown query params; a misspelt one (`perPage`) is a client bug worth seeing.
    additionalProperties,
  };
}

function coerceAll(
  parameters: ParameterObject[],
  location: 'path' | 'query',
  entries: Array<[string, string]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of entries) {
    const declared = parameters.find((p) => p.in === location && p.name === name);
    out[name] = coerce(raw, declared?.schema?.type);
  }
  return out;
}

/** A string as the declared scalar type; left as a string (so validation names it) when it is not one. */
function coerce(raw: string, type: unknown): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (type === 'array') return raw.split(',');
  return raw;
}

/**
 * A deep copy ajv can compile: `#/components/…` refs point at the registered components, OpenAPI
 * 3.0's `nullable: true` without a `type` (which ajv rejects) becomes `anyOf: [null, schema]`, and a
 * nullable `enum` admits null.
 */
export function toAjvSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => toAjvSchema(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')
        ? COMPONENTS_ID + value
        : toAjvSchema(value);
  }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] } as T;
  }
  // GitHub answers `start_side: null` where the schema says nullable + enum [LEFT, RIGHT].
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  return out as T;
}

function formatErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const where = pointerToPath(root, e.instancePath);
      const params = e.params as Record<string, unknown>;
      switch (e.keyword) {
        case 'additionalProperties':
          return `${where} has an unknown property '${String(params.additionalProperty)}'`;
        case 'required':
          return `${where} is missing required property '${String(params.missingProperty)}'`;
        case 'enum':
          return `${where} must be one of: ${(params.allowedValues as unknown[]).join(', ')} (got ${preview(e.data)})`;
        default:
          return `${where} ${e.message ?? 'is invalid'}${e.keyword === 'type' ? ` (got ${preview(e.data)})` : ''}`;
      }
    });
}

/** `/output/annotations/0/path` under `body` → `body.output.annotations[0].path`. */
function pointerToPath(root: string, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let path = root;
  for (const part of parts) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : path === '' ? key : `.${key}`;
  }
  return path === '' ? '(root)' : path;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
