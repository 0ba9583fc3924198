// Benchmark: the size of dist/ as committed (every file, source maps and licences included) against
// a budget of 32 MB, and in the note what the action loads at start (dist/index.js + dist/kilo.js) and
// the bundled WebAssembly stand-ins' share (dist/standins/). A measurement of files, not of time:
// one round. MB here are 10^6 bytes.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const START_FILES = ['index.js', 'kilo.js'];
const MB = 1e6;

/** Every file under `dir` with its size in bytes, paths relative to dist/. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file);
    return entry.isFile() ? [{ path: relative(DIST, file), bytes: statSync(file).size }] : [];
  });
}

const megabytes = (bytes) => bytes / MB;
const sum = (files) => files.reduce((total, file) => total + file.bytes, 0);

export default {
  name: 'dist/ size (all files)',
  target: 32,
  unit: 'MB',
  rounds: { warmup: 0, measured: 1 },

  run(state) {
    const files = filesUnder(DIST);
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    const absent = START_FILES.filter((file) => !byPath.has(file));
    // A half-written dist/ (a bundle in progress) must not pass as a small one.
    if (absent.length > 0) throw new Error(`dist/ has no ${absent.join(', ')}: run \`npm run bundle\` first`);
    const total = sum(files);
    const start = START_FILES.reduce((bytes, file) => bytes + byPath.get(file), 0);
    const standins = files.filter((file) => file.path.startsWith('standins/'));
    const wasm = sum(standins.filter((file) => file.path.endsWith('.wasm')));
    const maps = sum(files.filter((file) => file.path.endsWith('.map')));
    const share = ((100 * sum(standins)) / total).toFixed(0);
    state.note =
      `${files.length} files; loaded at start (${START_FILES.join(' + ')}) ${megabytes(start).toFixed(2)} MB; ` +
      `stand-ins (dist/standins/) ${megabytes(sum(standins)).toFixed(2)} MB = ${share}% of dist, ` +
      `of which WebAssembly ${megabytes(wasm).toFixed(2)} MB; source maps ${megabytes(maps).toFixed(2)} MB; ` +
      'MB = 10^6 bytes';
    return { ours: megabytes(total) };
  },
};
