// Zero-config: when the repository has no `.github/kilo.yml`, the ecosystem providers derive tasks
// from what the PR touches (src/ecosystems/). This module turns their answer into a config.
import { detectEcosystems, type DetectEnvironment, type EcosystemCoverage } from '../ecosystems/detect.js';
import { PROVIDERS } from '../ecosystems/index.js';
import type { EcosystemProvider, ReadFile } from '../ecosystems/types.js';
import { configSchema, type ConfigInput, type KiloConfig } from './schema.js';

export type { ReadFile };

export interface Detection {
  config: KiloConfig;
  /** What detection supplied before defaults: `config` is `configSchema.parse(input)`. */
  input: ConfigInput;
  /** One line per decision, e.g. `javascript: analyze eslint: eslint.config.js and node_modules/.bin/eslint`. */
  notes: string[];
  /** Per ecosystem the PR touches: tools planned, tools skipped and why. */
  coverage: EcosystemCoverage[];
}

export async function detectConfig(
  read: ReadFile,
  env: DetectEnvironment,
  providers: readonly EcosystemProvider[] = PROVIDERS,
): Promise<Detection> {
  const found = await detectEcosystems(providers, read, env);
  const notes = found.notes.length > 0 ? found.notes : ['no ecosystem detected: built-in analyzers only'];
  // Kinds with nothing detected stay out of the input, so `config --print` calls them defaults.
  const tasks = Object.fromEntries(Object.entries(found.tasks).filter(([, list]) => list.length > 0));
  const input: ConfigInput =
    Object.keys(tasks).length > 0 ? { tasks, policy: { commands: { allow: found.allow } } } : {};
  return { config: configSchema.parse(input), input, notes, coverage: found.coverage };
}
