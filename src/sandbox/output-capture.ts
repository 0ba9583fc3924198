// Bounded capture of one output stream of a process: the first and last half of the cap are kept as
// chunks arrive, the middle is counted and marked, so memory stays bounded whatever the program prints.

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export interface CapturedOutput {
  text: string;
  totalBytes: number;
  truncated: boolean;
}

export interface OutputCapture {
  push(chunk: Buffer): void;
  /** Bytes held right now; never more than the cap. */
  readonly retainedBytes: number;
  finish(): CapturedOutput;
}

/**
 * Keeps the first and last half of `maxBytes` of a stream as chunks arrive, counting what falls in
 * between, so memory stays bounded by the cap whatever the program prints.
 */
export function createOutputCapture(maxBytes: number): OutputCapture {
  const cap = Number.isFinite(maxBytes) ? Math.max(0, Math.floor(maxBytes)) : DEFAULT_MAX_OUTPUT_BYTES;
  const headLimit = Math.floor(cap / 2);
  const tailLimit = cap - headLimit;
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  let headBytes = 0;
  let tailBytes = 0;
  let totalBytes = 0;

  return {
    push(chunk: Buffer): void {
      totalBytes += chunk.length;
      let rest = chunk;
      if (headBytes < headLimit) {
        const take = Math.min(headLimit - headBytes, rest.length);
        head.push(Buffer.from(rest.subarray(0, take)));
        headBytes += take;
        rest = rest.subarray(take);
      }
      if (rest.length === 0) return;
      tail.push(Buffer.from(rest.subarray(Math.max(0, rest.length - tailLimit))));
      tailBytes += Math.min(rest.length, tailLimit);
      while (tailBytes > tailLimit) {
        const first = tail[0]!;
        const excess = tailBytes - tailLimit;
        if (first.length <= excess) tail.shift();
        else tail[0] = Buffer.from(first.subarray(excess));
        tailBytes -= Math.min(first.length, excess);
      }
    },
    get retainedBytes(): number {
      return headBytes + tailBytes;
    },
    finish(): CapturedOutput {
      const headBuffer = Buffer.concat(head, headBytes);
      const tailBuffer = Buffer.concat(tail, tailBytes);
      const elidedBytes = totalBytes - headBytes - tailBytes;
      if (elidedBytes === 0) {
        return {
          text: Buffer.concat([headBuffer, tailBuffer]).toString('utf8'),
          totalBytes,
          truncated: false,
        };
      }
      // Cut at character boundaries so a character split by the cap shows up as elided, not as U+FFFD.
      const headEnd = completeUtf8Length(headBuffer);
      const tailStart = firstUtf8Start(tailBuffer);
      const elided = elidedBytes + (headBuffer.length - headEnd) + tailStart;
      const text =
        headBuffer.subarray(0, headEnd).toString('utf8') +
        `\n… [kilo-agent: ${elided} bytes elided] …\n` +
        tailBuffer.subarray(tailStart).toString('utf8');
      return { text, totalBytes, truncated: true };
    },
  };
}

/** Length of `buffer` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Length(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(4, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buffer.length - back : buffer.length;
  }
  return buffer.length;
}

/** Index of the first byte that is not a UTF-8 continuation byte (at most 3 skipped). */
function firstUtf8Start(buffer: Buffer): number {
  let start = 0;
  while (start < Math.min(3, buffer.length) && (buffer[start]! & 0xc0) === 0x80) start++;
  return start;
}
