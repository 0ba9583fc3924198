// Byte-measured text for tool results: a collector of lines that stops at a byte cap, cutting only
// inside a line when not even the first one fits, and never inside a UTF-8 character.

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest head of `text` of at most `maxBytes` bytes that ends on a character boundary. */
export function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // Continuation bytes are 10xxxxxx: step back to the first byte of the character that would be split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

export interface LineCollector {
  /** Adds a line when it fits; false when it does not (the first line is then kept, cut to the cap). */
  add(line: string): boolean;
  readonly lines: readonly string[];
  /** Whether the only line kept is the head of a longer one. */
  readonly cutInsideLine: boolean;
}

/** Lines joined by `\n`, at most `maxBytes` bytes in all. */
export function createLineCollector(maxBytes: number): LineCollector {
  const lines: string[] = [];
  let used = 0;
  let cutInsideLine = false;
  return {
    add(line) {
      const cost = byteLength(line) + (lines.length > 0 ? 1 : 0);
      if (used + cost <= maxBytes) {
        lines.push(line);
        used += cost;
        return true;
      }
      if (lines.length === 0) {
        lines.push(cutToBytes(line, maxBytes));
        used = maxBytes;
        cutInsideLine = true;
      }
      return false;
    },
    lines,
    get cutInsideLine() {
      return cutInsideLine;
    },
  };
}
