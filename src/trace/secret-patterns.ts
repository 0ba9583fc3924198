// What a secret looks like in one line of text: well-known token formats, private key headers, and
// high-entropy values assigned to secret-looking names. Shared by the secrets analyzer (findings), the
// tracer's registration of secrets seen in the diff, and the LLM redactor; it knows none of them.

export type SecretKind =
  'aws-access-key-id' | 'github-token' | 'slack-token' | 'private-key' | 'generic-secret';

export interface SecretMatch {
  kind: SecretKind;
  /** The secret value is line.slice(start, end). */
  start: number;
  end: number;
}

const TOKEN_PATTERNS: ReadonlyArray<{ kind: SecretKind; pattern: RegExp }> = [
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { kind: 'slack-token', pattern: /\bxox[abprs]-\d+-[0-9A-Za-z-]{8,}/g },
  { kind: 'private-key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
];

// name ["']? [: type] (= | : | := | =>) quote value quote; the optional type is a TypeScript or Python
// annotation (`API_KEY: str = "…"`). Names start at a word boundary and lengths are bounded, so a
// minified line stays linear.
const QUOTED_ASSIGNMENT =
  /(?<![\w$.-])([A-Za-z_$][\w$.-]{0,63})["']?(?:\s*:\s*[A-Za-z_][\w.<>[\]|, ]{0,40}?)?\s*(?::=|=>|=|:)\s*(["'`])([^"'`\n]{16,512}?)\2/dg;
// .env / shell: NAME=value with nothing after it.
const ENV_ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][\w.]{0,63})\s*=\s*([^\s"'`#]{16,512})\s*$/d;
// YAML: `key: value` (or `- key: value`) unquoted, alone on its line but for a comment. Only in YAML
// files: in code the same shape is an object property whose value is an expression.
const YAML_ASSIGNMENT =
  /^\s*(?:-\s+)?([A-Za-z_][\w.-]{0,63})\s*:\s+([A-Za-z0-9+/=_.~-]{16,512})\s*(?:#.*)?$/d;
const YAML_PATH = /\.ya?ml$/i;
const SECRET_NAME = /secret|token|password|passwd|api_key|apikey/i;
const PLACEHOLDER =
  /\$\{|\{\{|^\$|process\.env|import\.meta\.env|os\.environ|getenv|secrets\.|x{4,}|\*{4,}|\.{3}|…|change[-_]?me|placeholder|example|dummy|sample|redacted|your[-_]/i;
const WORDS = /^(?:[a-z]+|v?\d+)(?:[-_.](?:[a-z]+|v?\d+))+$/;
const MIN_ENTROPY_BITS = 3.5;

/**
 * The secrets in a PR's added lines, scanned once per run: the pipeline masks every value in the
 * trace and the reports before anything is written, and the secrets analyzer reports the same matches
 * instead of scanning every line again.
 */
export interface AddedLineSecrets {
  /** Every value found, by the rules for text of unknown origin (the YAML rule included). */
  readonly values: readonly string[];
  /**
   * findSecretMatches(content, path) of the added line at path:line, or undefined when that line was
   * not scanned with this very content (the caller then scans it itself).
   */
  at(path: string, line: number, content: string): SecretMatch[] | undefined;
  /**
   * The lines of `addedLines` that hold a secret, with their matches for `path`, when the scan read
   * this very map for that path; else undefined. Nearly every line holds none: a scanner of a whole
   * file then looks at the few that do.
   */
  linesWithSecrets(
    path: string,
    addedLines: ReadonlyMap<number, string>,
  ): Map<number, SecretMatch[]> | undefined;
}

/** Scans each file's added lines once; `addedLines` is the diff index's (DiffIndex.addedLines). */
export function scanAddedLineSecrets(
  paths: Iterable<string>,
  addedLines: (path: string) => ReadonlyMap<number, string>,
): AddedLineSecrets {
  const scanned = new Map<string, ReadonlyMap<number, string>>();
  const found = new Map<string, Map<number, LineMatch[]>>();
  const values: string[] = [];
  for (const path of paths) {
    const lines = addedLines(path);
    scanned.set(path, lines);
    for (const [line, content] of lines) {
      if (!MAY_HOLD_SECRET.test(content)) continue;
      const matches = matchLine(content);
      if (matches.length === 0) continue;
      let inFile = found.get(path);
      if (inFile === undefined) found.set(path, (inFile = new Map()));
      inFile.set(line, matches);
      for (const match of matches) values.push(content.slice(match.start, match.end));
    }
  }
  return {
    values,
    at(path, line, content) {
      if (scanned.get(path)?.get(line) !== content) return undefined;
      return forPath(found.get(path)?.get(line) ?? [], path);
    },
    linesWithSecrets(path, lines) {
      if (scanned.get(path) !== lines) return undefined;
      const inFile = [...(found.get(path) ?? [])].map(
        ([line, matches]) => [line, forPath(matches, path)] as const,
      );
      return new Map(inFile.filter(([, matches]) => matches.length > 0));
    },
  };
}

/**
 * Spans of likely secrets in one line, ordered by position; token formats win over the generic rule.
 * Without `path` (redacting text of unknown origin) the YAML-only rule applies too: masking a value
 * too many costs nothing, missing one leaks it.
 */
export function findSecretMatches(line: string, path?: string): SecretMatch[] {
  if (!MAY_HOLD_SECRET.test(line)) return [];
  return forPath(matchLine(line), path);
}

/**
 * The cheap pre-check: every rule needs one of these words in the line (each token format its fixed
 * prefix or marker, the generic rule a SECRET_NAME in the name it assigns), so a line without any of
 * them has no match; the property test checks it against the rules themselves. Case-insensitive, so
 * a superset of the case-sensitive prefixes. One test instead of four global matchAll scans: most added
 * lines hold no secret.
 */
const MAY_HOLD_SECRET =
  /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|PRIVATE KEY|secret|token|passw(?:or)?d|api_?key/i;

/** findSecretMatches without the pre-check (only the property test calls it so). */
export function findSecretMatchesUnchecked(line: string, path?: string): SecretMatch[] {
  return forPath(matchLine(line), path);
}

/** A line's matches as findSecretMatches(line) finds them, the YAML rule's own marked. */
type LineMatch = SecretMatch & { yamlOnly?: true };

/** The matches for a file at `path` (the YAML rule only in YAML files); without a path, all. */
function forPath(matches: readonly LineMatch[], path: string | undefined): SecretMatch[] {
  const yaml = path === undefined || YAML_PATH.test(path);
  return matches
    .filter((m) => yaml || m.yamlOnly !== true)
    .map(({ kind, start, end }) => ({ kind, start, end }));
}

/**
 * Every rule over one line, YAML included. The YAML candidate comes last, so leaving its matches out
 * gives exactly what the rules without it find: it can only have been dropped for overlapping an
 * earlier match, never have caused another's drop.
 */
function matchLine(line: string): LineMatch[] {
  const matches: LineMatch[] = [];
  for (const { kind, pattern } of TOKEN_PATTERNS) {
    for (const m of line.matchAll(pattern))
      matches.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  for (const generic of genericMatches(line)) {
    if (!matches.some((m) => m.start < generic.end && generic.start < m.end)) matches.push(generic);
  }
  return matches.sort((a, b) => a.start - b.start);
}

function genericMatches(line: string): LineMatch[] {
  const found: LineMatch[] = [];
  // Every candidate's name is part of the line: most lines need no assignment parsing at all.
  if (!SECRET_NAME.test(line)) return found;
  const candidates: Array<{ name: string | undefined; span: [number, number] | undefined; yamlOnly?: true }> =
    [...line.matchAll(QUOTED_ASSIGNMENT)].map((m) => ({ name: m[1], span: m.indices?.[3] }));
  const env = ENV_ASSIGNMENT.exec(line);
  if (env) candidates.push({ name: env[1], span: env.indices?.[2] });
  const yaml = YAML_ASSIGNMENT.exec(line);
  if (yaml) candidates.push({ name: yaml[1], span: yaml.indices?.[2], yamlOnly: true });
  for (const { name, span, yamlOnly } of candidates) {
    if (name === undefined || span === undefined || !SECRET_NAME.test(name)) continue;
    if (looksLikeSecretValue(line.slice(span[0], span[1]))) {
      found.push({ kind: 'generic-secret', start: span[0], end: span[1], ...(yamlOnly ? { yamlOnly } : {}) });
    }
  }
  return found;
}

/**
 * Random-looking, not a reference or a placeholder. Real keys and passwords mix letters and digits and
 * carry no spaces; requiring both keeps prose, URLs, paths and identifiers ("reset_password_title") out.
 * Lowercase words joined by - _ . with whole-number parts ("tls-secret-2", "app.token.v2") are names.
 */
function looksLikeSecretValue(value: string): boolean {
  if (PLACEHOLDER.test(value) || /\s|:\/\/|^\.?\//.test(value) || WORDS.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= MIN_ENTROPY_BITS;
}

/** Bits per character of the string's own character distribution. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...text].length;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
