// Stack traces that name our TypeScript sources instead of dist/kilo.js: the bundle's source maps,
// registered only when a stack is about to be shown. Registered at start-up (ncc's default) they cost
// every run ~75 ms before any work (docs/performance.md); a stack is formatted when first read, so
// registering just before reading it is enough.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { moduleDir } from './bundle-dir.js';

/** Registers the source maps of the bundle that `moduleUrl` belongs to; nothing outside dist/. */
export function registerSourceMaps(moduleUrl: string): void {
  const register = join(moduleDir(moduleUrl), 'sourcemap-register.cjs');
  if (existsSync(register)) createRequire(moduleUrl)(register);
}
