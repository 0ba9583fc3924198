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
 * Spans of likely secrets in one line, ordered by position; token formats win over the generic rule.
 * Without `path` (redacting text of unknown origin) the YAML-only rule applies too: masking a value
 * too many costs nothing, missing one leaks it.
 */
export function findSecretMatches(line: string, path?: string): SecretMatch[] {
  const matches: SecretMatch[] = [];
  for (const { kind, pattern } of TOKEN_PATTERNS) {
    for (const m of line.matchAll(pattern))
      matches.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  for (const generic of genericMatches(line, path === undefined || YAML_PATH.test(path))) {
    if (!matches.some((m) => m.start < generic.end && generic.start < m.end)) matches.push(generic);
  }
  return matches.sort((a, b) => a.start - b.start);
}

function genericMatches(line: string, yaml: boolean): SecretMatch[] {
  const found: SecretMatch[] = [];
  // Every candidate's name is part of the line: most lines need no assignment parsing at all.
  if (!SECRET_NAME.test(line)) return found;
  const candidates = [...line.matchAll(QUOTED_ASSIGNMENT)].map((m) => ({ name: m[1], span: m.indices?.[3] }));
  for (const pattern of yaml ? [ENV_ASSIGNMENT, YAML_ASSIGNMENT] : [ENV_ASSIGNMENT]) {
    const match = pattern.exec(line);
    if (match) candidates.push({ name: match[1], span: match.indices?.[2] });
  }
  for (const { name, span } of candidates) {
    if (name === undefined || span === undefined || !SECRET_NAME.test(name)) continue;
    if (looksLikeSecretValue(line.slice(span[0], span[1]))) {
      found.push({ kind: 'generic-secret', start: span[0], end: span[1] });
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
