// A PR that a fixer and a test can both act on: the head adds a double-quoted greeting, the `quotes`
// refactor suggests single quotes, and the `unit` test passes with either (it checks the value). The
// repository the slash-command and permission suites review and apply suggestions to.
import { createTempRepo, type TempRepo } from './git.js';
import { QUOTE_FIXER } from './quote-fixer.js';

export const GREETING_CONFIG = `policy:
  commands: { allow: ['node fix.mjs*', 'node test.mjs'] }
tasks:
  refactor: [{ name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }]
  test: [{ name: unit, run: 'node test.mjs' }]
`;
const TEST = `import { greeting } from './src/app.js';
if (greeting !== 'hello') { console.error('greeting is ' + greeting); process.exit(1); }
`;

export function greetingRepo(prefix: string): { repo: TempRepo; base: string; head: string } {
  const repo = createTempRepo(prefix);
  const base = repo.commit('base', {
    'package.json': '{ "type": "module" }\n',
    '.github/kilo.yml': GREETING_CONFIG,
    'fix.mjs': QUOTE_FIXER,
    'test.mjs': TEST,
    'src/app.js': "export const a = 'x';\n",
  });
  const head = repo.commit('head', {
    'src/app.js': `export const a = 'x';\nexport const greeting = "hello";\n`,
  });
  return { repo, base, head };
}
