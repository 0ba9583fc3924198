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
  // The first four code units of every value: a text without any of them holds no value. A report
  // passes tens of thousands of strings (every planned file path) through here, nearly all clean.
  const heads = new Set<number>();
  let longestFirst: string[] | undefined;
  const register = (value: string) => {
    values.add(value);
    heads.add(headAt(value, 0));
    longestFirst = undefined;
  };
  return {
    add(value: string) {
      const trimmed = value.trim();
      if (trimmed.length < MIN_SECRET_LENGTH) return;
      register(trimmed);
      // The same secret inside a JSON string is escaped; mask that form too.
      register(JSON.stringify(trimmed).slice(1, -1));
    },
    redact(text: string) {
      if (!holdsAnyHead(text, heads)) return text;
      // Longest first, so a secret that contains another is masked whole.
      longestFirst ??= [...values].sort((a, b) => b.length - a.length);
      let out = text;
      for (const value of longestFirst) {
        if (out.includes(value)) out = out.split(value).join(REDACTED);
      }
      return out;
    },
  };
}

/** The four UTF-16 code units from `index` as one number (13 bits each: other units may collide). */
function headAt(text: string, index: number): number {
  const unit = (i: number) => text.charCodeAt(index + i) & 0x1fff;
  return ((unit(0) * 0x2000 + unit(1)) * 0x2000 + unit(2)) * 0x2000 + unit(3);
}

/** Whether some position of `text` starts with a registered head; a collision only costs the full check. */
function holdsAnyHead(text: string, heads: ReadonlySet<number>): boolean {
  if (heads.size === 0) return false;
  for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; i++) if (heads.has(headAt(text, i))) return true;
  return false;
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
