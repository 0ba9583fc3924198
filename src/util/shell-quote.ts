// Quoting for command lines we print or hand to the sandbox's parser (src/sandbox/command.ts), which
// reads POSIX single quotes; shared by the report's "Reproduce locally" block and the stand-ins.

/** One shell word: as is when it is plainly safe, else single-quoted (POSIX sh). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
