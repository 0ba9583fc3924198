// A tiny formatter: double-quoted strings become single-quoted, trailing spaces go. Rewrites in place.
import { readFileSync, writeFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const before = readFileSync(file, 'utf8');
  const after = before
    .split('\n')
    .map((line) => line.replace(/"([^"'\\]*)"/g, "'$1'").replace(/[ \t]+$/, ''))
    .join('\n');
  if (after !== before) writeFileSync(file, after);
}
