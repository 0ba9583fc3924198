// Builds the two stand-ins as scripts/bundle.mjs does — tsc, then one ncc build per entry, its
// index.js and wasm copied to dist/standins/ under BUNDLED_STANDINS' names, the licenses joined — into
// a temp directory, so the tests run what ships without touching the repository's build/ or dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_STANDINS } from '../../../src/ecosystems/standins/bundled.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_MODULES = path.join(ROOT, 'node_modules');

/** Builds into `dir` (empty); returns the dist directory, with standins/ in it. */
export function buildStandins(dir: string): string {
  const build = path.join(dir, 'build');
  const dist = path.join(dir, 'dist');
  // The compiled entries resolve their packages from here, as build/ does inside the repository.
  symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const entries = Object.values(BUNDLED_STANDINS).map((s) =>
    path.join(ROOT, 'src', s.entry.replace(/\.js$/, '.ts')),
  );
  const tsconfig = path.join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        rootDir: path.join(ROOT, 'src'),
        outDir: build,
        typeRoots: [path.join(NODE_MODULES, '@types')],
      },
      files: entries,
      include: [],
    }),
  );
  execFileSync(process.execPath, [path.join(NODE_MODULES, 'typescript/bin/tsc'), '-p', tsconfig]);
  mkdirSync(path.join(dist, 'standins'), { recursive: true });
  const licenses: string[] = [];
  for (const [name, standin] of Object.entries(BUNDLED_STANDINS)) {
    const out = path.join(dir, `ncc-${name}`);
    const ncc = path.join(NODE_MODULES, '@vercel/ncc/dist/ncc/cli.js');
    execFileSync(process.execPath, [
      ncc,
      'build',
      path.join(build, standin.entry),
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
    ]);
    const files = readdirSync(out).sort();
    const wasm = path.basename(standin.wasm);
    if (files.join() !== ['index.js', 'licenses.txt', wasm, 'package.json'].sort().join())
      throw new Error(`ncc wrote ${files.join(', ')} for ${name}`);
    cpSync(path.join(out, 'index.js'), path.join(dist, standin.script));
    cpSync(path.join(out, wasm), path.join(dist, standin.wasm));
    licenses.push(readFileSync(path.join(out, 'licenses.txt'), 'utf8'));
  }
  writeFileSync(path.join(dist, 'standins', 'licenses.txt'), licenses.join('\n'));
  return dist;
}
