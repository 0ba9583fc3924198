// Stack traces that name the compiled sources (build/…js) instead of dist/kilo.js: the bundle's source
// maps, registered only for a run that shows stacks (step debug logging, KILO_DEBUG for the CLI).
// Registered at every start-up (ncc's default) they cost each run ~75 ms before any work
// (docs/performance.md). Registering when an error is caught would be too late: Node formats a system
// error's stack when it creates it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { moduleDir } from './bundle-dir.js';

/** Registers the source maps of the bundle that `moduleUrl` belongs to; nothing outside dist/. */
export function registerSourceMaps(moduleUrl: string): void {
  const register = join(moduleDir(moduleUrl), 'sourcemap-register.cjs');
  if (existsSync(register)) createRequire(moduleUrl)(register);
}
