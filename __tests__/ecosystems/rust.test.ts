import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { missingReason } from '../../src/ecosystems/missing.js';
import { rust } from '../../src/ecosystems/rust.js';
import type { EcosystemDetection } from '../../src/ecosystems/types.js';
import { wildcardToRegExp } from '../../src/policy/engine.js';
import { parseCommandLine } from '../../src/sandbox/command.js';
import {
  asRunResult,
  createTinyRepo,
  itWhen,
  realBin,
  removeTinyRepos,
  runPlanned,
  stubBin,
  tempDir,
  toolAvailable,
} from '../../__fixtures__/ecosystems/tiny-repo.js';

afterAll(removeTinyRepos);

const CLIPPY = 'cargo clippy --message-format=json --all-targets';
const TEST = 'cargo test --no-fail-fast';
const TOOLS = ['cargo', 'cargo-clippy', 'rustfmt'];
const FETCH =
  'crates are not downloaded (Cargo runs offline here): run `cargo fetch` before this step (actions/cache of ~/.cargo/registry helps)';

const runs = (detection: EcosystemDetection | undefined) =>
  (detection?.tasks ?? []).map(({ kind, task }) => `${kind} ${task.name}: ${task.run}`);

const crate = (name: string, edition: string) =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = ${edition}\n\n[dependencies]\n`;

/** A workspace of two members: `a` inherits the workspace edition, `b` has its own. */
const WORKSPACE = {
  'Cargo.toml':
    '[workspace]\nmembers = ["a", "b"]\nresolver = "2"\n\n[workspace.package]\nedition = "2021"\n',
  'a/Cargo.toml': crate('a', '{ workspace = true }'),
  'b/Cargo.toml': crate('b', '"2018"'),
};

describe('rust provider: detection', () => {
  it('plans rustfmt with the edition of Cargo.toml, clippy JSON and cargo test for a crate', async () => {
    const repo = createTinyRepo({ 'Cargo.toml': crate('calc', '"2021"'), 'src/lib.rs': '' });
    const bin = stubBin(TOOLS);
    const detection = await rust.detect(repo.input('.', ['src/lib.rs'], [bin]));
    expect(detection).toEqual({
      ecosystem: 'rust',
      directory: '.',
      tasks: [
        {
          kind: 'refactor',
          task: { name: 'rustfmt', run: 'rustfmt --edition 2021 {files}', paths: ['**/*.rs'] },
        },
        {
          kind: 'analyze',
          task: { name: 'clippy', run: CLIPPY, format: 'clippy-json', 'timeout-seconds': 900 },
        },
        {
          kind: 'test',
          task: { name: 'cargo-test', run: TEST, format: 'cargo-test', 'timeout-seconds': 900 },
        },
      ],
      allow: ['rustfmt --edition 2021 {files}', CLIPPY, TEST],
      skipped: [],
      notes: [
        'crate (edition 2021)',
        `refactor rustfmt: Cargo.toml (edition 2021) and ${bin}/rustfmt`,
        `analyze clippy: Cargo.toml and ${bin}/cargo-clippy`,
        'test cargo-test: Cargo.toml and cargo on PATH',
      ],
    });
    for (const run of detection?.allow ?? []) {
      expect(detection?.allow.some((entry) => wildcardToRegExp(entry).test(run))).toBe(true);
      expect(parseCommandLine(run).length).toBeGreaterThan(2);
    }
  });

  it('runs cargo in each touched member of a workspace, with the edition it inherits or sets', async () => {
    const repo = createTinyRepo({ ...WORKSPACE, 'a/src/lib.rs': '', 'b/src/lib.rs': '' });
    const found = await detectEcosystems([rust], repo.read, {
      files: ['a/src/lib.rs', 'b/src/lib.rs'],
      probe: repo.probe([stubBin(TOOLS)]),
      standins: {},
    });
    expect(found.tasks.refactor.map((task) => [task.name, task.run, task['working-directory']])).toEqual([
      ['rustfmt.a', 'rustfmt --edition 2021 {files}', 'a'],
      ['rustfmt.b', 'rustfmt --edition 2018 {files}', 'b'],
    ]);
    expect(found.tasks.analyze).toEqual([
      {
        name: 'clippy.a',
        run: CLIPPY,
        format: 'clippy-json',
        'timeout-seconds': 900,
        paths: ['a/**'],
        'working-directory': 'a',
      },
      {
        name: 'clippy.b',
        run: CLIPPY,
        format: 'clippy-json',
        'timeout-seconds': 900,
        paths: ['b/**'],
        'working-directory': 'b',
      },
    ]);
    expect(found.tasks.test.map((task) => task.name)).toEqual(['cargo-test.a', 'cargo-test.b']);
    expect(found.allow).toEqual([
      'rustfmt --edition 2021 {files}',
      CLIPPY,
      TEST,
      'rustfmt --edition 2018 {files}',
    ]);
    expect(found.notes.filter((note) => note.includes('member'))).toEqual([
      'rust in a: crate (edition 2021), a member of the workspace at Cargo.toml: cargo runs in the member, building this crate only',
      'rust in b: crate (edition 2018), a member of the workspace at Cargo.toml: cargo runs in the member, building this crate only',
    ]);
  });

  it('runs cargo for the whole workspace when its virtual root changes, and counts registry crates', async () => {
    const lock =
      'version = 4\n\n[[package]]\nname = "a"\nversion = "0.1.0"\n\n[[package]]\nname = "itoa"\nversion = "1.0.11"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n';
    const repo = createTinyRepo({
      ...WORKSPACE,
      'Cargo.lock': lock,
      'rust-toolchain.toml': '[toolchain]\nchannel = "1.80"\n',
    });
    const detection = await rust.detect(repo.input('.', ['Cargo.lock'], [stubBin(TOOLS)]));
    // No rustfmt: a virtual root has no sources of its own.
    expect(runs(detection)).toEqual([`analyze clippy: ${CLIPPY}`, `test cargo-test: ${TEST}`]);
    expect(detection?.notes.slice(0, 3)).toEqual([
      'virtual workspace root: cargo runs for every member',
      'Cargo.lock lists 1 crate from a registry: run `cargo fetch` before this step (cargo runs offline here)',
      'rust-toolchain.toml pins the toolchain: the workflow must install it (rustup may not here)',
    ]);
  });

  it('defaults to edition 2015, as cargo does', async () => {
    const repo = createTinyRepo({
      'Cargo.toml': '[package]\nname = "old"\nversion = "0.1.0"\n',
      'src/main.rs': '',
    });
    const detection = await rust.detect(repo.input('.', ['src/main.rs'], [stubBin(TOOLS)]));
    expect(detection?.tasks[0]?.task.run).toBe('rustfmt --edition 2015 {files}');
  });

  it('returns nothing without Rust files or without a manifest', async () => {
    const repo = createTinyRepo({ 'Cargo.toml': crate('x', '"2021"'), 'docs/a.rs': '' });
    const bin = stubBin(TOOLS);
    expect(await rust.detect(repo.input('.', ['README.md'], [bin]))).toBeUndefined();
    expect(await rust.detect(repo.input('docs', ['docs/a.rs'], [bin]))).toBeUndefined();
  });

  it('skips every Rust task with its fix when PATH is empty', async () => {
    const repo = createTinyRepo({ 'Cargo.toml': crate('calc', '"2021"'), 'src/lib.rs': '' });
    const detection = await rust.detect(repo.input('.', ['src/lib.rs'], [stubBin([])]));
    const toolchain = 'cargo is not installed: add `dtolnay/rust-toolchain@stable` before this step';
    expect(detection?.tasks).toEqual([]);
    expect(detection?.skipped).toEqual([
      {
        kind: 'refactor',
        tool: 'rustfmt',
        reason: 'rustfmt is not installed: run `rustup component add rustfmt` before this step',
      },
      { kind: 'analyze', tool: 'cargo clippy', reason: toolchain },
      { kind: 'test', tool: 'cargo test', reason: toolchain },
    ]);
  });

  it('skips clippy alone with the rustup fix when only its component is missing', async () => {
    const repo = createTinyRepo({ 'Cargo.toml': crate('calc', '"2021"'), 'src/lib.rs': '' });
    const detection = await rust.detect(repo.input('.', ['src/lib.rs'], [stubBin(['cargo', 'rustfmt'])]));
    expect(runs(detection)).toEqual([
      'refactor rustfmt: rustfmt --edition 2021 {files}',
      `test cargo-test: ${TEST}`,
    ]);
    expect(detection?.skipped).toEqual([
      {
        kind: 'analyze',
        tool: 'cargo clippy',
        reason: 'cargo-clippy is not installed: run `rustup component add clippy` before this step',
      },
    ]);
  });
});

const cargoAvailable = TOOLS.every((tool) => toolAvailable(tool));
/** Cargo's home in a temp dir: no registry cache, and nothing written to the user's. */
const cargoEnv = (): Record<string, string> => ({ CARGO_HOME: tempDir('cargo-home') });

describe('rust provider: the planned commands, run', () => {
  itWhen(cargoAvailable)(
    "clippy, cargo test and rustfmt in one member report its defects and not the other member's",
    async () => {
      const repo = createTinyRepo({
        ...WORKSPACE,
        'a/src/lib.rs':
          'pub fn total(items: &Vec<i32>) -> i32 {\n    items.iter().sum()\n}\n\npub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n',
        'b/src/lib.rs': 'pub fn same(x: i32) -> bool {\n    x == x\n}\n',
        'a/src/fmt.rs': 'pub fn   spaced( ) ->i32{1}\n',
      });
      const found = await detectEcosystems([rust], repo.read, {
        files: ['a/src/lib.rs', 'a/src/fmt.rs'],
        probe: repo.probe([realBin(TOOLS)]),
        standins: {},
      });
      const member = path.join(repo.dir, 'a');
      const env = cargoEnv();

      const clippy = runPlanned(found.tasks.analyze[0]?.run ?? '', member, { env, timeoutMs: 300_000 });
      const messages = clippy.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) =>
            JSON.parse(line) as {
              reason: string;
              message?: {
                code?: { code: string } | null;
                spans: { file_name: string; line_start: number }[];
              };
            },
        )
        .filter((entry) => entry.reason === 'compiler-message');
      const located = messages.map(({ message }) => [
        message?.code?.code,
        message?.spans[0]?.file_name,
        message?.spans[0]?.line_start,
      ]);
      expect(located).toContainEqual(['clippy::ptr_arg', 'a/src/lib.rs', 1]);
      // b is another member: its `x == x` (clippy::eq_op) is not built, so not reported.
      expect(located.some(([code]) => code === 'clippy::eq_op')).toBe(false);

      const tested = runPlanned(found.tasks.test[0]?.run ?? '', member, { env, timeoutMs: 300_000 });
      expect(tested.exitCode).toBe(101);
      expect(tested.stdout).toContain('test tests::adds ... FAILED');
      expect(tested.stdout).toMatch(/panicked at (?:a\/)?src\/lib\.rs:13:9/);

      const formatted = runPlanned(found.tasks.refactor[0]?.run ?? '', member, {
        files: ['src/fmt.rs'],
        env,
      });
      expect(formatted.exitCode).toBe(0);
      expect(readFileSync(path.join(member, 'src/fmt.rs'), 'utf8')).toBe(
        'pub fn spaced() -> i32 {\n    1\n}\n',
      );
    },
    600_000,
  );

  itWhen(cargoAvailable)(
    'a crate whose registry dependencies are not downloaded is skipped with the fix',
    async () => {
      const repo = createTinyRepo({
        'Cargo.toml': `${crate('needs', '"2021"')}itoa = "1.0"\n`,
        'src/lib.rs': '',
      });
      const detection = await rust.detect(repo.input('.', ['src/lib.rs'], [realBin(TOOLS)]));
      for (const { kind, task } of detection?.tasks ?? []) {
        if (kind === 'refactor') continue;
        const run = runPlanned(task.run, repo.dir, { env: cargoEnv() });
        expect(run.stderr).toContain('error: no matching package named `itoa` found');
        expect([task.name, missingReason(asRunResult(run), run.argv, rust.missing)]).toEqual([
          task.name,
          FETCH,
        ]);
      }
    },
    120_000,
  );

  itWhen(cargoAvailable)(
    'a cargo without clippy says `no such command`, which is a skip with the fix',
    () => {
      const repo = createTinyRepo({ 'Cargo.toml': crate('c', '"2021"'), 'src/lib.rs': '' });
      // The toolchain's own cargo and rustc, without rustup's proxies or clippy next to them.
      const sysroot = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).stdout.trim();
      const bare = tempDir('bare-cargo');
      for (const program of ['cargo', 'rustc'])
        symlinkSync(path.join(sysroot, 'bin', program), path.join(bare, program));
      const run = runPlanned(CLIPPY, repo.dir, { env: { ...cargoEnv(), PATH: `${bare}:/usr/bin:/bin` } });
      expect(run.stderr).toContain('error: no such command: `clippy`');
      expect(missingReason(asRunResult(run), run.argv, rust.missing)).toBe(
        'clippy is not installed: install it with your Rust toolchain (`rustup component add clippy`) before this step',
      );
    },
  );

  const rustupAvailable = cargoAvailable && toolAvailable('rustup');

  itWhen(rustupAvailable)(
    "rustup's word for a missing component or toolchain is a skip with the fix",
    () => {
      const repo = createTinyRepo({ 'Cargo.toml': crate('c', '"2021"'), 'src/lib.rs': '' });
      const env = {
        ...cargoEnv(),
        RUSTUP_HOME: rustupHomeWithout(['clippy', 'rustfmt']),
        RUST_BACKTRACE: '0',
      };
      const clippy = runPlanned(CLIPPY, repo.dir, { env });
      expect(clippy.stderr).toMatch(/^error: 'cargo-clippy' is not installed for the toolchain '[^']+'/m);
      expect(missingReason(asRunResult(clippy), clippy.argv, rust.missing)).toBe(
        'clippy is not installed for the toolchain: run `rustup component add clippy` before this step',
      );
      const rustfmt = runPlanned('rustfmt --edition 2021 {files}', repo.dir, { files: ['src/lib.rs'], env });
      expect(rustfmt.stderr).toMatch(/^error: 'rustfmt' is not installed for the toolchain/m);
      expect(missingReason(asRunResult(rustfmt), rustfmt.argv, rust.missing)).toBe(
        'rustfmt is not installed for the toolchain: run `rustup component add rustfmt` before this step',
      );
      // A pinned toolchain that is not installed: RUSTUP_AUTO_INSTALL=0 (the sandbox's) refuses to fetch it.
      repo.write({ 'rust-toolchain.toml': '[toolchain]\nchannel = "1.70.0"\n' });
      const pinned = runPlanned(TEST, repo.dir, { env });
      expect(pinned.stderr).toMatch(/^error: toolchain '1\.70\.0-[^']+' is not installed/m);
      expect(missingReason(asRunResult(pinned), pinned.argv, rust.missing)).toBe(
        'the toolchain rust-toolchain.toml names is not installed: install it (e.g. `dtolnay/rust-toolchain` with that toolchain) before this step',
      );
    },
    60_000,
  );
});

/**
 * A RUSTUP_HOME whose default toolchain is this machine's, as links, minus the given components: their
 * binaries are left out and rustup's record of installed components no longer lists them.
 */
function rustupHomeWithout(components: readonly string[]): string {
  const sysroot = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).stdout.trim();
  const home = tempDir('rustup-home');
  const toolchain = path.join(home, 'toolchains', path.basename(sysroot));
  const dropped = new Set(['cargo-clippy', 'clippy-driver', 'rustfmt', 'cargo-fmt']);
  const mirror = (from: string, to: string, keep: (name: string) => boolean) => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from))
      if (keep(name)) symlinkSync(path.join(from, name), path.join(to, name));
  };
  writeFileSync(
    path.join(home, 'settings.toml'),
    `version = "12"\ndefault_toolchain = "${path.basename(sysroot)}"\n`,
  );
  mkdirSync(toolchain, { recursive: true });
  for (const name of readdirSync(sysroot))
    if (name !== 'bin' && name !== 'lib') symlinkSync(path.join(sysroot, name), path.join(toolchain, name));
  mirror(path.join(sysroot, 'bin'), path.join(toolchain, 'bin'), (name) => !dropped.has(name));
  mirror(path.join(sysroot, 'lib'), path.join(toolchain, 'lib'), (name) => name !== 'rustlib');
  const rustlib = path.join(sysroot, 'lib', 'rustlib');
  const record = new Set(['components', 'multirust-config.toml']);
  mirror(rustlib, path.join(toolchain, 'lib', 'rustlib'), (name) => !record.has(name));
  const mentions = (text: string) => components.some((component) => text.includes(component));
  const installed = readFileSync(path.join(rustlib, 'components'), 'utf8');
  writeFileSync(
    path.join(toolchain, 'lib', 'rustlib', 'components'),
    installed
      .split('\n')
      .filter((line) => !mentions(line))
      .join('\n'),
  );
  const config = readFileSync(path.join(rustlib, 'multirust-config.toml'), 'utf8');
  writeFileSync(
    path.join(toolchain, 'lib', 'rustlib', 'multirust-config.toml'),
    config
      .split('[[components]]')
      .filter((block, index) => index === 0 || !mentions(block))
      .join('[[components]]'),
  );
  return home;
}
