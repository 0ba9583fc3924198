// The ecosystem providers, in the order their tasks are planned. Adding a language is adding a file
// and a line here.
import { go } from './go.js';
import { javascript } from './javascript/index.js';
import { python } from './python.js';
import { rust } from './rust.js';
import { shell } from './shell.js';
import type { EcosystemProvider, MissingSignature } from './types.js';
import { workflows } from './workflows.js';

export const PROVIDERS: readonly EcosystemProvider[] = [javascript, python, go, rust, shell, workflows];

/** Every provider's "not installed" signatures, for the agents that run the commands. */
export const MISSING_SIGNATURES: readonly MissingSignature[] = PROVIDERS.flatMap(
  (provider) => provider.missing ?? [],
);
