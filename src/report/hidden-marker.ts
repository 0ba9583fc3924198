// Data carried in a comment body as a hidden HTML comment: `<!-- kilo-agent:NAME base64url(JSON) -->`.
// base64url cannot contain `-->`, so no text inside can end the comment early; on the way back the
// last marker of that name is decoded and checked against a schema, so a hand-made or damaged one
// reads as absent.
import type { z } from 'zod';

const SUFFIX = ' -->';

export function encodeMarker(prefix: string, value: unknown): string {
  return `${prefix}${Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')}${SUFFIX}`;
}

/** The last `prefix` marker of `body`, decoded and checked; undefined when absent or not valid. */
export function decodeMarker<T extends z.ZodType>(
  body: string,
  prefix: string,
  schema: T,
): z.output<T> | undefined {
  const start = body.lastIndexOf(prefix);
  if (start < 0) return undefined;
  const end = body.indexOf(SUFFIX, start + prefix.length);
  if (end < 0) return undefined;
  try {
    const json = Buffer.from(body.slice(start + prefix.length, end), 'base64url').toString('utf8');
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The marker itself, verbatim (to carry it into another body); undefined when there is none. */
export function markerIn(body: string, prefix: string): string | undefined {
  const start = body.lastIndexOf(prefix);
  const end = start < 0 ? -1 : body.indexOf(SUFFIX, start + prefix.length);
  return end < 0 ? undefined : body.slice(start, end + SUFFIX.length);
}
