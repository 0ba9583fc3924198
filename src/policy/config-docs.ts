// The key reference in docs/configuration.md, generated from the JSON schema: one table row per key.
// Cells are padded the way prettier pads markdown tables, so `prettier --check` and the stale check agree.
import type { JsonSchema } from './config-json-schema.js';

export const REFERENCE_START = '<!-- generated:config-reference:start -->';
export const REFERENCE_END = '<!-- generated:config-reference:end -->';

interface Row {
  path: string;
  type: string;
  default: string;
  description: string;
}

/** The markdown between the markers (markers excluded). */
export function configReference(schema: JsonSchema): string {
  const rows: Row[] = [];
  const refUses = new Map<string, string[]>();
  walkProperties(schema, '', rows, refUses);
  // A shared definition (a task) is listed once, under a path with `*` where its users differ.
  for (const [name, paths] of refUses) {
    const def = definition(schema, name);
    const defRows: Row[] = [];
    walkProperties(def, commonPath(paths), defRows, new Map());
    const after = Math.max(...paths.map((path) => rows.findIndex((row) => `${row.path}[]` === path)));
    rows.splice(after + 1, 0, ...defRows);
  }
  const header: Row = { path: 'key', type: 'type', default: 'default', description: 'description' };
  const cells = [header, ...rows].map((row) => [
    row === header ? row.path : code(row.path),
    row.type,
    row.default,
    row.description,
  ]);
  const widths = cells[0]!.map((_, column) => Math.max(3, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    '',
    'Generated from `schema/kilo.schema.json` by `npm run schema`; edit the descriptions in',
    '`src/policy/schema.ts`, not here.',
    '',
    line(cells[0]!),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.slice(1).map(line),
    '',
  ].join('\n');
}

/** `doc` with the text between the markers replaced; throws when a marker is missing. */
export function replaceReference(doc: string, reference: string): string {
  const start = doc.indexOf(REFERENCE_START);
  const end = doc.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`markers ${REFERENCE_START} … ${REFERENCE_END} not found`);
  return `${doc.slice(0, start + REFERENCE_START.length)}\n${reference}\n${doc.slice(end)}`;
}

function walkProperties(node: JsonSchema, prefix: string, rows: Row[], refUses: Map<string, string[]>): void {
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((node.required ?? []) as string[]);
  for (const [key, prop] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    rows.push({
      path,
      type: typeOf(prop),
      default: required.has(key) ? 'required' : defaultOf(prop),
      description: escape(String(prop.description ?? '')),
    });
    const items = prop.items as JsonSchema | undefined;
    const ref = refName(items);
    if (ref) refUses.set(ref, [...(refUses.get(ref) ?? []), `${path}[]`]);
    else if (prop.type === 'object') walkProperties(prop, path, rows, refUses);
  }
}

function typeOf(node: JsonSchema): string {
  const ref = refName(node);
  if (ref) return ref;
  if (Array.isArray(node.enum)) return node.enum.map((value) => code(JSON.stringify(value))).join(' \\| ');
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.type === 'integer') return integerRange(node);
  if (node.type === 'array') {
    const item = typeOf(node.items as JsonSchema);
    return /^\w+$/.test(item) ? `list of ${item}s` : `list of ${item}`;
  }
  return String(node.type);
}

function integerRange(node: JsonSchema): string {
  const min =
    typeof node.exclusiveMinimum === 'number'
      ? node.exclusiveMinimum + 1
      : (node.minimum as number | undefined);
  // zod's int() bounds every integer to the safe range; only a real limit is worth showing.
  const max =
    typeof node.maximum === 'number' && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (min !== undefined && max !== undefined) return `integer ${min}–${max}`;
  if (min !== undefined) return `integer ≥ ${min}`;
  return max !== undefined ? `integer ≤ ${max}` : 'integer';
}

function defaultOf(node: JsonSchema): string {
  // An object's default is `{}`: its keys carry the real defaults.
  if (node.default === undefined || node.type === 'object') return '–';
  return code(formatValue(node.default));
}

function formatValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(formatValue).join(', ')}]` : JSON.stringify(value);
}

function refName(node: JsonSchema | undefined): string | undefined {
  const ref = node?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
}

function definition(schema: JsonSchema, name: string): JsonSchema {
  const def = (schema.$defs as Record<string, JsonSchema> | undefined)?.[name];
  if (!def) throw new Error(`#/$defs/${name} is referenced but not defined`);
  return def;
}

/** `tasks.analyze[]`, `tasks.test[]` → `tasks.*[]`: names that differ become `*`. */
function commonPath(paths: string[]): string {
  const split = paths.map((path) => path.match(/\[\]|[^.[\]]+/g) ?? []);
  const segments = split[0]!.map((segment, i) =>
    split.every((parts) => parts[i] === segment) ? segment : '*',
  );
  return segments.reduce(
    (path, segment) => (segment === '[]' ? `${path}[]` : path ? `${path}.${segment}` : segment),
    '',
  );
}

function code(text: string): string {
  return `\`${escape(text)}\``;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
