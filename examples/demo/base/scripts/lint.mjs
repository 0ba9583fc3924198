// A tiny linter with ESLint's JSON output format: `eqeqeq` (error) and `no-console` (warning).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const rules = [
  { id: 'eqeqeq', severity: 2, test: /[^=!]==[^=]|!=[^=]/, message: 'Expected === and !== instead of == and !=.' },
  { id: 'no-console', severity: 1, test: /\bconsole\.log\(/, message: 'Unexpected console statement.' },
];

const results = process.argv.slice(2).map((file) => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const messages = [];
  lines.forEach((text, index) => {
    for (const rule of rules) {
      const match = rule.test.exec(text);
      if (match) {
        messages.push({ ruleId: rule.id, severity: rule.severity, message: rule.message, line: index + 1, column: match.index + 1 });
      }
    }
  });
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return { filePath: resolve(file), messages, errorCount, warningCount: messages.length - errorCount };
});
process.stdout.write(JSON.stringify(results));
process.exitCode = results.some((r) => r.errorCount > 0) ? 1 : 0;
