// The stand-ins this installation can run: for each bundled tool whose script and wasm are on disk, the
// run-line prefix a provider puts before the tool's arguments. Only paths are looked at here; the
// WebAssembly builds load in their own process, when a planned task runs one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../../util/shell-quote.js';
import type { StandinName, Standins } from '../types.js';
import { BUNDLED_STANDINS, STANDIN_NODE_FLAGS } from './bundled.js';

/**
 * `distDir` is the directory of the running bundle (dist/, where kilo.js is); `nodePath` the node that
 * runs the scripts. A tool whose files are missing (a partial build, a source checkout) is left out.
 */
export function createStandins(distDir: string, nodePath: string = process.execPath): Standins {
  const standins: Standins = {};
  for (const name of Object.keys(BUNDLED_STANDINS) as StandinName[]) {
    const bundled = BUNDLED_STANDINS[name];
    const script = path.join(distDir, bundled.script);
    if (!existsSync(script) || !existsSync(path.join(distDir, bundled.wasm))) continue;
    const command = [nodePath, ...STANDIN_NODE_FLAGS, script].map(shellQuote).join(' ');
    standins[name] = { command, version: bundled.version };
  }
  return standins;
}
