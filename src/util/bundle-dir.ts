// Where the running code lives: dist/ when bundled (the stand-ins' scripts and wasm sit under it),
// src/ under the test runner (where no stand-in is built, so none is offered).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of the module whose `import.meta.url` is given. */
export function moduleDir(moduleUrl: string): string {
  return path.dirname(fileURLToPath(moduleUrl));
}
