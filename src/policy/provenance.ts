// Where each value of the effective config came from, and the YAML `config --print` shows with it.
// The file and detection never mix (a file replaces detection), so each leaf has exactly one source.
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { formatPath } from './parse-config.js';
import type { ConfigInput, KiloConfig } from './schema.js';

export type ValueSource = 'file' | 'detected' | 'default';

/**
 * One entry per leaf of `config`, keyed by dotted path (`policy.budgets.comments`). Lists of strings and
 * empty lists are leaves; a list of tasks is walked, so a task from the file shows its defaulted keys
 * (`tasks.analyze[0].format`) as `default`.
 */
export function configProvenance(
  config: KiloConfig,
  fileInput: unknown,
  detectedInput: ConfigInput | undefined,
): Map<string, ValueSource> {
  const sources = new Map<string, ValueSource>();
  const visit = (value: unknown, path: PropertyKey[]): void => {
    // An empty object (e.g. `policy.limits: {}`) is a leaf: it has no keys of its own to annotate.
    if (
      (isRecord(value) && Object.keys(value).length > 0) ||
      (Array.isArray(value) && value.some(isRecord))
    ) {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, toKey(value, key)]);
      return;
    }
    const source: ValueSource =
      valueAt(fileInput, path) !== undefined
        ? 'file'
        : valueAt(detectedInput, path) !== undefined
          ? 'detected'
          : 'default';
    sources.set(formatPath(path), source);
  };
  visit(config, []);
  return sources;
}

/** The config as YAML where every leaf line ends with `# file`, `# detected` or `# default`. */
export function configYamlWithSources(config: KiloConfig, sources: ReadonlyMap<string, ValueSource>): string {
  const doc = new Document(config);
  const annotate = (node: unknown, path: PropertyKey[]): void => {
    const source = sources.get(formatPath(path));
    if (source && (isScalar(node) || isSeq(node) || (isMap(node) && node.items.length === 0))) {
      // A one-line flow list (or `{}`) keeps "one leaf, one line, one comment".
      if (isSeq(node) || isMap(node)) node.flow = true;
      (node as Node).comment = ` ${source}`;
    } else if (isMap(node)) {
      for (const pair of node.items)
        annotate(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => annotate(item, [...path, index]));
    }
  };
  annotate(doc.contents, []);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function toKey(container: object, key: string): PropertyKey {
  return Array.isArray(container) ? Number(key) : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
