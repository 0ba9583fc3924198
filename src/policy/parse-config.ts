// Reads `.github/kilo.yml` (YAML), validates it with the one schema, and reports problems as one
// line each that names the file, line and key path: `.github/kilo.yml:12 tasks.analyze[1].run: required`.
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { getErrorMessage, KiloError } from '../util/errors.js';
import { configSchema, type KiloConfig } from './schema.js';

export function parseConfigText(text: string, file: string): KiloConfig {
  return parseConfigWithInput(text, file).config;
}

/** The validated config and the file's own values before defaults (for `config --print` provenance). */
export function parseConfigWithInput(text: string, file: string): { config: KiloConfig; input: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    const message =
      syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
    throw new KiloError('CONFIG_INVALID', `${file}${line ? `:${line}` : ''} YAML syntax error: ${message}`);
  }
  let raw: unknown;
  try {
    // Aliases resolve here, not in the parse: one without its anchor, or an alias flood.
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const message = getErrorMessage(error).split('\n')[0];
    throw new KiloError('CONFIG_INVALID', `${file} YAML error: ${message}`);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, input: raw };

  const lineOf = (path: PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const lines = result.error.issues.map((issue) => formatIssue(issue, file, lineOf));
  throw new KiloError('CONFIG_INVALID', lines.join('\n'));
}

function formatIssue(
  issue: z.core.$ZodIssue,
  file: string,
  lineOf: (path: PropertyKey[]) => number | undefined,
): string {
  const path = issue.path;
  const line = lineOf(path);
  const where = `${file}${line ? `:${line}` : ''}`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    const at = path.length ? `${formatPath(path)}: ` : '';
    return `${where} ${at}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (check the spelling; see docs/configuration.md)`;
  }
  const message =
    issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'required' : issue.message;
  // One line per problem, even when the message quotes a value with a line break in it.
  return `${where} ${formatPath(path) || '(root)'}: ${message.replace(/\r?\n/g, '\\n')}`;
}

/** ['tasks', 'analyze', 1, 'run'] → `tasks.analyze[1].run` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
