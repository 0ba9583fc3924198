// A fixer tool for tests that need a real refactor: double quotes become single quotes, in place, in
// every file it is given (`node fix.mjs {files}`).
export const QUOTE_FIXER = `import { readFileSync, writeFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) writeFileSync(f, readFileSync(f, 'utf8').replace(/"([^"']*)"/g, "'$1'"));
`;
