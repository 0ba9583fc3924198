// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc, from tsc's output in build/.
// ncc writes one index.js per entry, so each entry is built in its own temp folder and moved into dist/.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'build'), { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
// Prompts are .md files next to the code that reads them; ncc copies what the code reads into dist/.
cpSync(join(root, 'src'), join(root, 'build'), {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || source.endsWith('.md'),
});

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'));
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
for (const [entry, name] of [
  ['build/index.js', 'index'],
  ['build/cli.js', 'cli'],
]) {
  const tmp = join(root, `.ncc-${name}`);
  rmSync(tmp, { recursive: true, force: true });
  run(process.execPath, [
    ncc,
    'build',
    entry,
    '-o',
    tmp,
    '--source-map',
    '--license',
    'licenses.txt',
    '--quiet',
  ]);
  for (const file of readdirSync(tmp)) {
    const target = file.replace(/^index\./, `${name}.`);
    if (file === 'index.js') {
      const code = readFileSync(join(tmp, file), 'utf8').replace(
        /\/\/# sourceMappingURL=index\.js\.map/,
        `//# sourceMappingURL=${name}.js.map`,
      );
      writeFileSync(join(root, 'dist', target), code);
    } else if (/^\d+\.index\.js(\.map)?$/.test(file) && existsSync(join(root, 'dist', file))) {
      // Lazily loaded chunks (the AI SDK) have stable ids: the entries share the ones they both load.
      if (!readFileSync(join(tmp, file)).equals(readFileSync(join(root, 'dist', file)))) {
        throw new Error(`chunk ${file} differs between the entries: cannot share it`);
      }
    } else if (file === 'licenses.txt') {
      if (!existsSync(join(root, 'dist', file))) cpSync(join(tmp, file), join(root, 'dist', file));
    } else if (file !== 'package.json' || !existsSync(join(root, 'dist', file))) {
      cpSync(join(tmp, file), join(root, 'dist', target), { recursive: true });
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`bundled: ${readdirSync(join(root, 'dist')).join(', ')}`);
