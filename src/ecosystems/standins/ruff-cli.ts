// The bundled ruff's entry (dist/standins/ruff.mjs): its one side effect. Importing the wasm-bindgen
// glue compiles the WebAssembly module, so this runs only as a stand-in's own process.
import * as wasm from '@astral-sh/ruff-wasm-nodejs';
import { runRuffCli } from './ruff-run.js';

process.exitCode = runRuffCli(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  wasm,
);
