// A Probe over lists instead of a machine, for tests of what detection decides (never of what runs).
import type { Probe } from '../src/ecosystems/types.js';

export function listProbe(installed: { programs?: string[]; paths?: string[] } = {}): Probe {
  const programs = new Set(installed.programs ?? []);
  const paths = new Set(installed.paths ?? []);
  return {
    which: (program) => Promise.resolve(programs.has(program) ? `/usr/bin/${program}` : undefined),
    exists: (path) => Promise.resolve(paths.has(path)),
  };
}
