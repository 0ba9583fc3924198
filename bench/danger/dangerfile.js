// The Danger JS side of the comparison (bench/danger.bench.mjs): the job Kilo Agent's analyze subtask
// does on the demo PR — run the repository's linter (eslint-json output) on the changed source files,
// warn on each finding at its line — and Danger posts its one comment.
const { execFileSync } = require('node:child_process');

const files = [...danger.git.modified_files, ...danger.git.created_files].filter(
  (file) => file.startsWith('src/') && file.endsWith('.js'),
);
if (files.length > 0) {
  let output;
  try {
    output = execFileSync('node', ['scripts/lint.mjs', ...files], { encoding: 'utf8' });
  } catch (error) {
    output = error.stdout; // the linter exits 1 when it finds problems
  }
  for (const result of JSON.parse(output)) {
    const file = result.filePath.replace(`${process.cwd()}/`, '');
    for (const message of result.messages) warn(`${message.ruleId}: ${message.message}`, file, message.line);
  }
}
