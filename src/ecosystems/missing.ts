// When a command could not do its job because something it needs is not installed: a program that is
// not on PATH, a package manager's "install first", a module cache the offline sandbox may not fill.
// Such a subtask is skipped with the fix, never failed: a missing tool is the workflow's set-up, not a
// finding about the pull request. Only unambiguous signs count; anything else stays a failure.
import path from 'node:path';
import type { RunResult } from '../sandbox/types.js';
import type { MissingSignature } from './types.js';

const SETUP_NODE = 'add `actions/setup-node` before this step';
const PIP = (name: string) => `add \`pip install ${name}\` (or your requirements) after actions/setup-python`;

/** The fix for a program that is not installed, by its name. */
const PROGRAM_HINTS: Readonly<Record<string, string>> = {
  node: SETUP_NODE,
  npm: SETUP_NODE,
  npx: SETUP_NODE,
  pnpm: 'add `pnpm/action-setup` before this step, or run `corepack enable`',
  yarn: 'run `corepack enable` before this step (Yarn 2+), or `npm install -g yarn` (Yarn 1)',
  bun: 'add `oven-sh/setup-bun` before this step',
  go: 'add `actions/setup-go` before this step',
  gofmt: 'add `actions/setup-go` before this step',
  'golangci-lint': 'add `golangci/golangci-lint-action` (with `install-only: true`) before this step',
  cargo: 'add `dtolnay/rust-toolchain@stable` before this step',
  rustc: 'add `dtolnay/rust-toolchain@stable` before this step',
  'cargo-clippy': 'run `rustup component add clippy` before this step',
  rustfmt: 'run `rustup component add rustfmt` before this step',
  python: 'add `actions/setup-python` before this step',
  python3: 'add `actions/setup-python` before this step',
  pytest: PIP('pytest'),
  ruff: PIP('ruff'),
  flake8: PIP('flake8'),
  mypy: PIP('mypy'),
  black: PIP('black'),
  shellcheck: 'run `sudo apt-get install -y shellcheck` before this step',
  actionlint:
    'add `actions/setup-go` and run `go install github.com/rhysd/actionlint/cmd/actionlint@latest` before this step',
};

/** "pnpm is not installed: add `pnpm/action-setup` …" for a program name or path. */
export function notInstalled(program: string): string {
  const name = path.basename(program);
  if (program.includes('node_modules/.bin/')) {
    return `${name} is not installed (no ${program}): install the dependencies (e.g. \`npm ci\`) before this step`;
  }
  const hint = PROGRAM_HINTS[name] ?? 'install it before this step, or remove the task from .github/kilo.yml';
  return `${name} is not installed: ${hint}`;
}

const NOT_FOUND_LINE = /^(?:\S*sh: (?:\d+: )?(?:line \d+: )?)?(\S+): (?:command )?not found\s*$/m;

/** Signs any command may show, whatever its ecosystem. */
const GENERIC_SIGNATURES: readonly MissingSignature[] = [
  {
    pattern: /Local package\.json exists, but node_modules missing/,
    reason: 'dependencies are not installed (no node_modules): run `pnpm install` before this step',
  },
  {
    pattern: /doesn't seem to have been installed - running an install there might help/,
    reason: 'dependencies are not installed: run `yarn install --immutable` before this step',
  },
  {
    pattern: /npx canceled due to missing packages/,
    reason:
      'a tool it runs through npx is not installed (npx may not download it): install the dependencies before this step',
  },
  {
    pattern: /Network access disabled by the environment|COREPACK_ENABLE_NETWORK/,
    reason:
      'the package manager is not installed and corepack may not download it here: add a set-up step for it (e.g. `pnpm/action-setup`)',
  },
];

/**
 * Why the command's result means "not installed", or undefined when it does not: the program could
 * not start (ENOENT), the shell said `x: not found` (exit 127), or the output matches a signature.
 */
export function missingReason(
  result: RunResult,
  argv: readonly string[],
  signatures: readonly MissingSignature[] = [],
): string | undefined {
  const program = argv[0] ?? '';
  if (result.spawnErrorCode === 'ENOENT') return notInstalled(program);
  if (result.exitCode === 0 || result.timedOut) return undefined;
  const output = `${result.stderr}\n${result.stdout}`;
  const notFound = NOT_FOUND_LINE.exec(output);
  if (result.exitCode === 127 && notFound?.[1] !== undefined) {
    return `${notInstalled(notFound[1])} (${notFound[0].trim()})`;
  }
  for (const signature of [...GENERIC_SIGNATURES, ...signatures]) {
    if (signature.pattern.test(output)) return signature.reason;
  }
  return undefined;
}
