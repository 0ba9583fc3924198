// GitHub's official OpenAPI description (@octokit/openapi), loaded once per process (once per jest test
// file), and a router from `METHOD /path` to the operation it is. Only the non-dereferenced file is read
// (13 MB, ~100 ms); `$ref`s are left for ajv to resolve.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** JSON Schema as found in the description: untyped JSON, narrowed where it is read. */
export type SchemaObject = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
  /** A path param that may span several segments (`contents/{path}` with `path` = `src/a.ts`). */
  'x-multi-segment'?: boolean;
}

interface RefObject {
  $ref: string;
}

interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface RequestBodyObject {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  parameters?: Array<ParameterObject | RefObject>;
  requestBody?: RequestBodyObject | RefObject;
  responses: Record<string, ResponseObject | RefObject>;
  externalDocs?: { url: string };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
type LowerMethod = (typeof METHODS)[number];

type PathItem = Partial<Record<LowerMethod, OperationObject>> & {
  parameters?: Array<ParameterObject | RefObject>;
};

export interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, SchemaObject>;
    parameters: Record<string, ParameterObject>;
    responses: Record<string, ResponseObject>;
    requestBodies?: Record<string, RequestBodyObject>;
  };
}

/** One operation of the description, with its parameters and body already resolved. */
export interface OperationInfo {
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  template: string;
  /** `METHOD template`: the key routes are registered under. */
  key: string;
  operationId: string;
  documentationUrl: string;
  parameters: ParameterObject[];
  requestBody: RequestBodyObject | undefined;
  responses: Record<string, ResponseObject>;
}

export interface OperationMatch {
  operation: OperationInfo;
  /** Raw (decoded, not yet coerced) values of the template's `{params}`. */
  pathParams: Record<string, string>;
}

interface RouteEntry {
  operation: OperationInfo;
  /** Literal segments as strings, `{param}` segments as their name wrapped in an object. */
  segments: Array<string | { param: string }>;
}

export class OpenApiSpec {
  private readonly routes = new Map<string, RouteEntry[]>();
  /** By method: operations whose last segment is a multi-segment param, tried when no exact one fits. */
  private readonly tails = new Map<string, RouteEntry[]>();
  private readonly byKey = new Map<string, OperationInfo>();

  constructor(readonly document: OpenApiDocument) {
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const info = this.describe(method.toUpperCase(), template, operation, item.parameters ?? []);
        this.byKey.set(info.key, info);
        const segments = splitPath(template).map((s) =>
          s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : s,
        );
        const bucket = `${info.method} ${segments.length}`;
        const entries = this.routes.get(bucket) ?? [];
        entries.push({ operation: info, segments });
        this.routes.set(bucket, entries);
        const last = segments.at(-1);
        const spans = info.parameters.some(
          (p) => typeof last === 'object' && p.in === 'path' && p.name === last.param && p['x-multi-segment'],
        );
        if (spans)
          this.tails.set(info.method, [
            ...(this.tails.get(info.method) ?? []),
            { operation: info, segments },
          ]);
      }
    }
    // Most specific first: a literal segment beats a parameter at the first position they differ,
    // so `/issues/comments/{id}` wins over `/issues/{issue_number}/…` for `/issues/comments/5`.
    for (const entries of this.routes.values()) entries.sort((a, b) => compareSpecificity(a, b));
  }

  /** The operation `METHOD pathname` is, or undefined when GitHub has no such route. */
  match(method: string, pathname: string): OperationMatch | undefined {
    const parts = splitPath(pathname).map(safeDecode);
    const entries = this.routes.get(`${method.toUpperCase()} ${parts.length}`) ?? [];
    for (const entry of entries) {
      const pathParams = matchSegments(entry.segments, parts);
      if (pathParams) return { operation: entry.operation, pathParams };
    }
    // GitHub also takes `contents/src/a.ts` unencoded: the trailing param swallows the rest.
    for (const entry of this.tails.get(method.toUpperCase()) ?? []) {
      const n = entry.segments.length;
      if (parts.length <= n) continue;
      const pathParams = matchSegments(entry.segments, [
        ...parts.slice(0, n - 1),
        parts.slice(n - 1).join('/'),
      ]);
      if (pathParams) return { operation: entry.operation, pathParams };
    }
    return undefined;
  }

  /** The operation registered under `METHOD template`; throws for a typo in a route table. */
  operation(key: string): OperationInfo {
    const operation = this.byKey.get(key);
    if (!operation) throw new Error(`no operation ${key} in GitHub's OpenAPI`);
    return operation;
  }

  private describe(
    method: string,
    template: string,
    operation: OperationObject,
    shared: Array<ParameterObject | RefObject>,
  ): OperationInfo {
    const { components } = this.document;
    const parameters = [...shared, ...(operation.parameters ?? [])].map((p) =>
      isRef(p) ? lookup(components.parameters, p.$ref) : p,
    );
    const body = operation.requestBody;
    const responses: Record<string, ResponseObject> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] = isRef(response) ? lookup(components.responses, response.$ref) : response;
    }
    return {
      method,
      template,
      key: `${method} ${template}`,
      operationId: operation.operationId,
      documentationUrl: operation.externalDocs?.url ?? 'https://docs.github.com/rest',
      parameters,
      requestBody: body && isRef(body) ? lookup(components.requestBodies ?? {}, body.$ref) : body,
      responses,
    };
  }
}

let cached: OpenApiSpec | undefined;

/** GitHub's REST description for api.github.com, parsed once per process. */
export function loadOpenApiSpec(): OpenApiSpec {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = new OpenApiSpec(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }
  return cached;
}

/** The template's params when every literal segment matches and no param is empty. */
function matchSegments(
  segments: RouteEntry['segments'],
  parts: string[],
): Record<string, string> | undefined {
  const pathParams: Record<string, string> = {};
  const matches = segments.every((segment, i) => {
    const part = parts[i] ?? '';
    if (typeof segment === 'string') return segment === part;
    pathParams[segment.param] = part;
    return part !== '';
  });
  return matches ? pathParams : undefined;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s, i) => i > 0 || s !== '');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compareSpecificity(a: RouteEntry, b: RouteEntry): number {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = typeof a.segments[i] === 'string';
    const bLiteral = typeof b.segments[i] === 'string';
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}

function isRef(value: object): value is RefObject {
  return typeof (value as Partial<RefObject>).$ref === 'string';
}

function lookup<T>(table: Record<string, T>, ref: string): T {
  const found = table[ref.slice(ref.lastIndexOf('/') + 1)];
  if (!found) throw new Error(`unresolved $ref ${ref} in GitHub's OpenAPI`);
  return found;
}
