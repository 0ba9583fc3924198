// The environment a sandboxed command sees: the parent's, minus anything that looks like a credential.
// Name-based only: a secret stored under an innocent name (e.g. `FOO=ghp_…`) is not detected here.

const SECRET_NAMES: ReadonlySet<string> = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'NPM_TOKEN',
  'NODE_AUTH_TOKEN',
]);
const SECRET_PREFIXES: readonly string[] = ['ACTIONS_', 'INPUT_', 'OPENAI_', 'ANTHROPIC_'];
const SECRET_SUFFIXES: readonly string[] = ['_TOKEN', '_SECRET', '_KEY', '_PASSWORD', '_API_KEY'];
const SECRET_FRAGMENTS: readonly string[] = ['SECRET', 'PASSWORD', 'API_KEY'];

/**
 * Variables no config may hand to a command, even by name: the action's own credentials (the workflow
 * token, the runner's ACTIONS_* tokens, inputs that carry the token and LLM keys, LLM provider keys).
 */
export function isReservedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    upper === 'GITHUB_TOKEN' ||
    upper === 'GH_TOKEN' ||
    SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix))
  );
}

/**
 * True for variables a sandboxed command must not see: GitHub/npm tokens, the runner's `ACTIONS_*`
 * and `INPUT_*` (action inputs carry the token and LLM keys), LLM provider variables, and any name
 * that says token/secret/key/password. Case-insensitive, since Windows names are.
 */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    SECRET_NAMES.has(upper) ||
    SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix)) ||
    SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix)) ||
    SECRET_FRAGMENTS.some((fragment) => upper.includes(fragment))
  );
}

/**
 * Set for every command, over anything else: no tool may download code during a review. npx refuses
 * to install a missing package, corepack to fetch a package manager, Go to fetch modules or a newer
 * toolchain, Cargo to reach a registry, rustup to install a toolchain, pip an index. A tool that needs a download then fails, and
 * the agents report it as not installed, with the set-up step that fixes it.
 */
export const NO_DOWNLOAD_ENV: Readonly<Record<string, string>> = {
  npm_config_yes: 'false',
  COREPACK_ENABLE_NETWORK: '0',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  GOPROXY: 'off',
  GOTOOLCHAIN: 'local',
  CARGO_NET_OFFLINE: 'true',
  // rustup 1.28+ installs the toolchain a rust-toolchain.toml names the first time cargo runs.
  RUSTUP_AUTO_INSTALL: '0',
  PIP_NO_INDEX: '1',
};

/**
 * Copies `env` without secret variables (see `isSecretEnvName`) or unset values, then adds `extra`
 * as given: `extra` is the config's explicit allowlist, so it is trusted and wins over `env`. The
 * no-download settings win over both.
 */
export function scrubEnv(env: NodeJS.ProcessEnv, extra?: Record<string, string>): Record<string, string> {
  const scrubbed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isSecretEnvName(name)) scrubbed[name] = value;
  }
  return { ...scrubbed, ...extra, ...NO_DOWNLOAD_ENV };
}

/**
 * Secrets the workflow put in the environment (`*_TOKEN`, `*_KEY`, `ACTIONS_*`, …), to mask wherever we
 * write. Inputs are not: `INPUT_*` holds plain values too ('true', 'error'), and the secret inputs are
 * registered by name. Short values are not: masking "true" would garble every report.
 */
export function secretEnvValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    value && value.length >= 8 && isSecretEnvName(name) && !/^INPUT_/i.test(name) ? [value] : [],
  );
}
