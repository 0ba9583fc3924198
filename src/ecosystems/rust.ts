// Rust crates: rustfmt as a refactor, cargo clippy (JSON messages) and cargo test. Cargo runs in the
// crate's own directory, also for a member of a workspace: there cargo builds and checks that member
// only, sharing the workspace's target directory, so a PR touching one crate of twenty compiles one
// (plus its dependencies). A virtual workspace root (only `[workspace]`), touched by its Cargo.toml or
// Cargo.lock, runs cargo for every member, as a lockfile change concerns them all. The sandbox runs
// cargo with CARGO_NET_OFFLINE=true and rustup with RUSTUP_AUTO_INSTALL=0, so crates or a toolchain
// the workflow did not provide turn into a skip with the fix (`missing` below). Limits: Cargo.toml is
// read by its section headers and a few keys, not parsed; `[workspace] exclude` is not read.
import path from 'node:path';
import { addTask, ancestors, inDir, skipTool } from './common.js';
import { notInstalled } from './missing.js';
import type {
  DetectInput,
  EcosystemDetection,
  EcosystemProvider,
  MissingSignature,
  ReadFile,
} from './types.js';

// Compiling dependencies the first time takes minutes; the plan's own deadline still applies.
const CARGO_TIMEOUT_SECONDS = 900;
const CLIPPY_RUN = 'cargo clippy --message-format=json --all-targets';
const TEST_RUN = 'cargo test --no-fail-fast';
const FETCH =
  'crates are not downloaded (Cargo runs offline here): run `cargo fetch` before this step (actions/cache of ~/.cargo/registry helps)';

/** What cargo and rustup print when a crate, a component or a toolchain is not there (real output). */
const RUST_MISSING: readonly MissingSignature[] = [
  {
    // rustup 1.29: `error: 'cargo-clippy' is not installed for the toolchain 'stable-x86_64-…'.`
    pattern: /'cargo-clippy' is not installed for the toolchain/,
    reason: 'clippy is not installed for the toolchain: run `rustup component add clippy` before this step',
  },
  {
    pattern: /'(?:rustfmt|cargo-fmt)' is not installed for the toolchain/,
    reason: 'rustfmt is not installed for the toolchain: run `rustup component add rustfmt` before this step',
  },
  {
    // A cargo without rustup's proxies (a distribution's package): `error: no such command: `clippy``.
    pattern: /^error: no such command: `clippy`/m,
    reason:
      'clippy is not installed: install it with your Rust toolchain (`rustup component add clippy`) before this step',
  },
  {
    // rust-toolchain.toml names a toolchain rustup does not have, and may not install here.
    pattern: /^error: toolchain '[^'\n]+' is not installed/m,
    reason:
      'the toolchain rust-toolchain.toml names is not installed: install it (e.g. `dtolnay/rust-toolchain` with that toolchain) before this step',
  },
  {
    // A registry crate (`no matching package named … As a reminder, you're using offline mode`), a
    // downloaded index without the crate (`attempting to make an HTTP request, but --offline was
    // specified`), or a git dependency (`you are in the offline mode (--offline)`).
    pattern:
      /you're using offline mode \(--offline\)|but --offline was specified|you are in the offline mode \(--offline\)/,
    reason: FETCH,
  },
];

export const rust: EcosystemProvider = {
  name: 'rust',
  markers: ['Cargo.toml'],
  owns: (file) =>
    /\.rs$/.test(file) ||
    /(?:^|\/)(?:Cargo\.toml|Cargo\.lock|rust-toolchain|rust-toolchain\.toml|\.?rustfmt\.toml|\.?clippy\.toml)$/.test(
      file,
    ),
  detect,
  missing: RUST_MISSING,
};

interface Manifest {
  file: string;
  text: string;
}

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  const { directory, probe, read } = input;
  if (!input.files.some((file) => rust.owns(file))) return undefined;
  const manifest = await readManifest(read, directory);
  if (manifest === undefined) return undefined;
  const isPackage = section(manifest.text, 'package') !== undefined;
  const isWorkspace = section(manifest.text, 'workspace') !== undefined;
  if (!isPackage && !isWorkspace) return undefined;
  const out: EcosystemDetection = {
    ecosystem: 'rust',
    directory,
    tasks: [],
    allow: [],
    skipped: [],
    notes: [],
  };
  const root = isWorkspace ? manifest : await workspaceRoot(read, directory);
  const edition = editionOf(manifest, root);
  out.notes.push(crateNote(directory, isPackage, root, edition));
  const registry = await registryCrates(read, root ?? manifest);
  if (registry > 0)
    out.notes.push(
      `Cargo.lock lists ${registry} crate${registry === 1 ? '' : 's'} from a registry: run \`cargo fetch\` before this step (cargo runs offline here)`,
    );
  const pin = await toolchainPin(input);
  if (pin !== undefined)
    out.notes.push(`${pin} pins the toolchain: the workflow must install it (rustup may not here)`);

  const evidence = manifest.file;
  // A virtual root has no sources of its own: the .rs files are its members', formatted there.
  if (isPackage) await rustfmtTask(input, out, evidence, edition);
  if ((await probe.which('cargo')) === undefined) {
    skipTool(out, { kind: 'analyze', tool: 'cargo clippy', reason: notInstalled('cargo') }, evidence);
    skipTool(out, { kind: 'test', tool: 'cargo test', reason: notInstalled('cargo') }, evidence);
    return out;
  }
  const clippy = await probe.which('cargo-clippy');
  if (clippy === undefined)
    skipTool(out, { kind: 'analyze', tool: 'cargo clippy', reason: notInstalled('cargo-clippy') }, evidence);
  else {
    const task = {
      name: 'clippy',
      run: CLIPPY_RUN,
      format: 'clippy-json',
      'timeout-seconds': CARGO_TIMEOUT_SECONDS,
    } as const;
    addTask(out, { kind: 'analyze', task }, `analyze clippy: ${evidence} and ${clippy}`);
  }
  const task = {
    name: 'cargo-test',
    run: TEST_RUN,
    format: 'cargo-test',
    'timeout-seconds': CARGO_TIMEOUT_SECONDS,
  } as const;
  addTask(out, { kind: 'test', task }, `test cargo-test: ${evidence} and cargo on PATH`);
  return out;
}

/**
 * rustfmt on the changed files, not `cargo fmt` on every file of the crate; it reads no Cargo.toml, so
 * the edition is passed as cargo fmt would.
 */
async function rustfmtTask(
  input: DetectInput,
  out: EcosystemDetection,
  evidence: string,
  edition: string,
): Promise<void> {
  const rustfmt = await input.probe.which('rustfmt');
  if (rustfmt === undefined)
    return skipTool(out, { kind: 'refactor', tool: 'rustfmt', reason: notInstalled('rustfmt') }, evidence);
  const run = `rustfmt --edition ${edition} {files}`;
  addTask(
    out,
    { kind: 'refactor', task: { name: 'rustfmt', run, paths: ['**/*.rs'] } },
    `refactor rustfmt: ${evidence} (edition ${edition}) and ${rustfmt}`,
  );
}

function crateNote(
  directory: string,
  isPackage: boolean,
  root: Manifest | undefined,
  edition: string,
): string {
  if (!isPackage) return 'virtual workspace root: cargo runs for every member';
  if (root === undefined || path.posix.dirname(root.file) === directory)
    return `crate (edition ${edition})${root === undefined ? '' : ', also the workspace root: cargo runs for it alone'}`;
  return `crate (edition ${edition}), a member of the workspace at ${root.file}: cargo runs in the member, building this crate only`;
}

async function readManifest(read: ReadFile, directory: string): Promise<Manifest | undefined> {
  const file = inDir(directory, 'Cargo.toml');
  const text = await read(file);
  return text === undefined ? undefined : { file, text };
}

/** The nearest Cargo.toml above the crate with a `[workspace]`. */
async function workspaceRoot(read: ReadFile, directory: string): Promise<Manifest | undefined> {
  for (const dir of ancestors(directory).slice(1)) {
    const manifest = await readManifest(read, dir);
    if (manifest !== undefined && section(manifest.text, 'workspace') !== undefined) return manifest;
  }
  return undefined;
}

/** `[package] edition`, or the workspace's when it is inherited; cargo's default is 2015. */
function editionOf(manifest: Manifest, root: Manifest | undefined): string {
  const own = section(manifest.text, 'package');
  const inherited =
    own !== undefined &&
    /^[ \t]*edition(?:\.workspace[ \t]*=[ \t]*true|[ \t]*=[ \t]*\{[^}]*workspace[ \t]*=[ \t]*true)/m.test(
      own,
    );
  const from = own === undefined || inherited ? section(root?.text ?? '', 'workspace.package') : own;
  return /^[ \t]*edition[ \t]*=[ \t]*["'](\d{4})["']/m.exec(from ?? '')?.[1] ?? '2015';
}

async function registryCrates(read: ReadFile, manifest: Manifest): Promise<number> {
  const lock = await read(inDir(path.posix.dirname(manifest.file), 'Cargo.lock'));
  return (lock?.match(/^source = "(?:sparse\+|registry\+)/gm) ?? []).length;
}

async function toolchainPin(input: DetectInput): Promise<string | undefined> {
  for (const dir of ancestors(input.directory))
    for (const name of ['rust-toolchain.toml', 'rust-toolchain']) {
      const file = inDir(dir, name);
      if ((await input.read(file)) !== undefined) return file;
    }
  return undefined;
}

/** A TOML table's body up to the next header; undefined when it is absent. */
function section(text: string, table: string): string | undefined {
  const escaped = table.replace(/\./g, '\\.');
  const match = new RegExp(`^[ \\t]*\\[[ \\t]*${escaped}[ \\t]*\\][ \\t]*(?:#.*)?$`, 'm').exec(text);
  if (!match) return undefined;
  const rest = text.slice(match.index + match[0].length);
  const next = /^[ \t]*\[/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}
