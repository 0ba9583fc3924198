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
  // Lazily loaded chunks (the AI SDK, the artifact client) have stable ids: an entry shares a chunk the
  // previous entry wrote when the bytes are the same, and gets its own copy (`<id>.<entry>.js`) when not.
  const own = {};
  for (const file of readdirSync(tmp)) {
    const chunk = /^(\d+)\.index\.js$/.exec(file);
    if (!chunk || !existsSync(join(root, 'dist', file))) continue;
    const same =
      readFileSync(join(tmp, file)).equals(readFileSync(join(root, 'dist', file))) &&
      readFileSync(join(tmp, `${file}.map`)).equals(readFileSync(join(root, 'dist', `${file}.map`)));
    if (!same) own[chunk[1]] = `${chunk[1]}.${name}.js`;
  }
  for (const file of readdirSync(tmp)) {
    const chunk = /^(\d+)\.index\.js(\.map)?$/.exec(file);
    if (file === 'index.js') {
      let code = readFileSync(join(tmp, file), 'utf8').replace(
        /\/\/# sourceMappingURL=index\.js\.map/,
        `//# sourceMappingURL=${name}.js.map`,
      );
      if (Object.keys(own).length > 0) {
        const loader = 'return "" + chunkId + ".index.js"';
        if (!code.includes(loader)) throw new Error(`${name}: cannot find the chunk loader to rename chunks`);
        code = code.replace(loader, `return (${JSON.stringify(own)})[chunkId] || "" + chunkId + ".index.js"`);
      }
      writeFileSync(join(root, 'dist', `${name}.js`), code);
    } else if (chunk && own[chunk[1]]) {
      const target = `${own[chunk[1]]}${chunk[2] ?? ''}`;
      const code = readFileSync(join(tmp, file), 'utf8').replace(
        `//# sourceMappingURL=${chunk[1]}.index.js.map`,
        `//# sourceMappingURL=${own[chunk[1]]}.map`,
      );
      writeFileSync(join(root, 'dist', target), code);
    } else if (chunk && existsSync(join(root, 'dist', file))) {
      // Shared with the previous entry (same bytes).
    } else if (file === 'licenses.txt') {
      if (!existsSync(join(root, 'dist', file))) cpSync(join(tmp, file), join(root, 'dist', file));
    } else if (file !== 'package.json' || !existsSync(join(root, 'dist', file))) {
      cpSync(join(tmp, file), join(root, 'dist', file.replace(/^index\./, `${name}.`)), { recursive: true });
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`bundled: ${readdirSync(join(root, 'dist')).join(', ')}`);
