// GitHub's GraphQL endpoint (`POST /graphql`) for the fake. Every document is parsed and validated
// against GitHub's published schema (@octokit/graphql-schema, built once per process) and its
// variables coerced against the operation's definitions; only a valid request is executed, by
// graphql-js against the resolvers of graphql-threads.ts. GitHub answers 200 even for a document it
// rejects (`errors`, no `data`) and for partial failures (`data` with null fields, plus `errors`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildSchema,
  executeSync,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  print,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { GitHubGraphqlError, mutationRoot, queryRoot, type GraphqlContext } from './graphql-threads.js';
import type { Violation } from './types.js';

export const GRAPHQL_PATH = '/graphql';
/** How `requests` names a GraphQL call, like a REST operation's `METHOD template`. */
export const GRAPHQL_ROUTE = 'POST /graphql';
export const GRAPHQL_DOCS = 'https://docs.github.com/graphql';

/** An entry of a GraphQL answer's `errors`, with GitHub's fields in GitHub's order. */
export interface GraphqlErrorJson {
  type?: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
}

export interface GraphqlRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/** A request ready to execute, or GitHub's answer to one that breaks the schema. */
export type CheckedGraphql = { request: GraphqlRequest } | { errors: GraphqlErrorJson[] };

/** What the fake answers, and what it learnt about itself: a resolver bug or a field it lacks. */
export interface GraphqlOutcome {
  body: { data: unknown; errors?: GraphqlErrorJson[] };
  problems: Array<{ kind: Violation['kind']; errors: string[] }>;
}

let schema: GraphQLSchema | undefined;

/** GitHub's schema, built on first use (~0.3 s) and kept for the process (one jest test file). */
export function githubSchema(): GraphQLSchema {
  // The SDL defines a few fields twice (EnterpriseOwnerInfo), which graphql-js's SDL check refuses:
  // GitHub's own schema is trusted instead of checked, which is also what makes the build fast.
  schema ??= buildSchema(readFileSync(schemaFile(), 'utf8'), { assumeValidSDL: true, assumeValid: true });
  return schema;
}

/** The package exports only its JS entry (which parses a 9 MB JSON on import), so the SDL is found on disk. */
function schemaFile(): string {
  const require = createRequire(import.meta.url);
  const file = (require.resolve.paths('@octokit/graphql-schema') ?? [])
    .map((dir) => join(dir, '@octokit', 'graphql-schema', 'schema.graphql'))
    .find((candidate) => existsSync(candidate));
  if (!file) throw new Error('fake-github: @octokit/graphql-schema/schema.graphql is not installed');
  return file;
}

/** Parses, validates and coerces the variables of a `{ query, variables, operationName }` body. */
export function checkGraphql(body: unknown): CheckedGraphql {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const { query, variables, operationName } = fields;
  if (typeof query !== 'string')
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return { errors: [{ message: 'Variables must be a JSON object.' }] };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [plainError(error)] };
    throw error;
  }
  const invalid = validate(githubSchema(), document);
  if (invalid.length > 0) return { errors: invalid.map(validationError) };
  const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
  if (!operation)
    return { errors: [{ message: 'An operation name is required when a document has several operations.' }] };
  const values = (variables ?? {}) as Record<string, unknown>;
  const coerced = getVariableValues(githubSchema(), operation.variableDefinitions ?? [], values, {
    maxErrors: 50,
  });
  if (coerced.errors) return { errors: coerced.errors.map((error) => variableError(error, values)) };
  return { request: { document, operation, variables: values } };
}

/** Runs a checked request: queries and mutations (fields in order, as GraphQL runs mutations). */
export function executeGraphql(request: GraphqlRequest, ctx: GraphqlContext): GraphqlOutcome {
  const kind = request.operation.operation;
  const result = executeSync({
    schema: githubSchema(),
    document: request.document,
    operationName: request.operation.name?.value,
    rootValue: kind === 'mutation' ? mutationRoot(ctx) : kind === 'query' ? queryRoot(ctx) : {},
    variableValues: request.variables,
  });
  const problems: GraphqlOutcome['problems'] = [];
  const errors = (result.errors ?? []).map((error) => {
    const original = error.originalError;
    if (original instanceof GitHubGraphqlError) return typedError(error, original);
    // Anything else is the fake's own failing: a non-null field it has no value for, or a bug.
    const unimplemented = /^Cannot return null for non-nullable field/.test(error.message);
    problems.push({ kind: unimplemented ? 'unimplemented' : 'response', errors: [describe(error)] });
    return plainError(error);
  });
  const data = result.data ?? null;
  return { body: errors.length > 0 ? { data, errors } : { data }, problems };
}

/** One line per error, for a violation: the message, why (for a variable) and where in the document. */
export function describe(error: GraphqlErrorJson | GraphQLError): string {
  const at = (error.locations ?? []).map((l) => `line ${l.line}, column ${l.column}`).join('; ');
  const path = error.path && error.path.length > 0 ? ` at ${error.path.join('.')}` : '';
  const problems = error.extensions?.problems;
  const why = Array.isArray(problems)
    ? problems.map((p: { explanation?: unknown }) => `: ${String(p.explanation)}`).join('')
    : '';
  return `GraphQL: ${error.message}${why}${path}${at ? ` (${at})` : ''}`;
}

function plainError(error: GraphQLError): GraphqlErrorJson {
  return {
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: error.message,
  };
}

function typedError(error: GraphQLError, original: GitHubGraphqlError): GraphqlErrorJson {
  return {
    type: original.type,
    ...(error.path ? { path: error.path } : {}),
    ...(original.extensions ? { extensions: original.extensions } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: original.message,
  };
}

/** GitHub's wording for the commonest rejection, an unknown field; graphql-js's for the others. */
function validationError(error: GraphQLError): GraphqlErrorJson {
  const unknownField = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (!unknownField) return plainError(error);
  const [, fieldName = '', typeName = ''] = unknownField;
  return {
    extensions: { code: 'undefinedField', typeName, fieldName },
    ...(error.locations ? { locations: error.locations } : {}),
    message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
  };
}

/** GitHub's `Variable $number of type Int! was provided invalid value`, graphql-js's reason in `problems`. */
function variableError(error: GraphQLError, values: Record<string, unknown>): GraphqlErrorJson {
  const node = error.nodes?.[0];
  if (node?.kind !== 'VariableDefinition') return plainError(error);
  const name = node.variable.name.value;
  return {
    extensions: { value: values[name] ?? null, problems: [{ path: [], explanation: error.message }] },
    ...(error.locations ? { locations: error.locations } : {}),
    message: `Variable $${name} of type ${print(node.type)} was provided invalid value`,
  };
}
