// Replaces registered secret values (and their JSON-escaped forms) with a fixed mask.
export const REDACTED = '***';

/** What a half-masked key becomes (the LLM redactor's mask, so both read the same). */
const LLM_MASK = '[REDACTED]';

export interface Redactor {
  add(value: string): void;
  redact(text: string): string;
}

/** Secrets shorter than this are not registered: masking "a" or "true" would garble everything. */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(): Redactor {
  const values = new Set<string>();
  return {
    add(value: string) {
      const trimmed = value.trim();
      if (trimmed.length < MIN_SECRET_LENGTH) return;
      values.add(trimmed);
      // The same secret inside a JSON string is escaped; mask that form too.
      values.add(JSON.stringify(trimmed).slice(1, -1));
    },
    redact(text: string) {
      let out = text;
      // Longest first, so a secret that contains another is masked whole.
      for (const value of [...values].sort((a, b) => b.length - a.length)) {
        if (out.includes(value)) out = out.split(value).join(REDACTED);
      }
      return out;
    },
  };
}

/**
 * A copy of `value` with every string redacted, keys included; the shape is kept. Used on the report
 * before any renderer sees it: renderers escape text (markdown, JSON, XML), and an escaped secret no
 * longer matches its mask.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  return walk(value, redact) as T;
}

function walk(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), walk(item, redact)]));
  }
  return value;
}

/**
 * Providers quote a rejected key half-masked (`sk-proj-****…Izy4`, `sk-***Izy4`): the visible ends are
 * still part of a credential, so the whole fragment is masked. Errors only: code never looks like this.
 */
export function maskKeyFragments(text: string): string {
  return text.replace(/[\w-]*…?\*{3,}[\w-]*/g, (fragment) => (/\w/.test(fragment) ? LLM_MASK : fragment));
}

/**
 * For a failure line printed outside the trace (the action's setFailed, the CLI's error): `secrets`
 * masked, and any half-masked key fragment a provider echoed.
 */
export function errorRedactor(secrets: Iterable<string>): (text: string) => string {
  const redactor = createRedactor();
  for (const secret of secrets) redactor.add(secret);
  return (text) => maskKeyFragments(redactor.redact(text));
}
