// The cycle rule of `npm run lint` (.dependency-cruiser.cjs) catches what it is for: two modules that
// import each other through NodeNext `.js` specifiers, one side type-only. Run on a temp tree with the
// project's own config, and on src/ (no cycle today).
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve('.');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');
const temp = mkdtempSync(join(tmpdir(), 'kilo-cycles-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function cruise(dir: string, cwd: string) {
  return spawnSync(depcruise, [dir, '--config', config], { cwd, encoding: 'utf8' });
}

describe('the no-circular lint rule', () => {
  it('fails on two modules that import each other, a type-only import included', () => {
    const src = join(temp, 'src');
    mkdirSync(join(src, 'llm'), { recursive: true });
    mkdirSync(join(src, 'policy'), { recursive: true });
    writeFileSync(join(temp, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext' } }));
    writeFileSync(
      join(src, 'llm/types.ts'),
      "import type { Decision } from '../policy/types.js';\nexport type Purpose = 'review';\nexport type D = Decision;\n",
    );
    writeFileSync(
      join(src, 'policy/types.ts'),
      "import type { Purpose } from '../llm/types.js';\nexport interface Decision { purpose: Purpose }\n",
    );

    const run = cruise('src', temp);

    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(
      /error no-circular: src\/llm\/types\.ts →\s+src\/policy\/types\.ts →\s+src\/llm\/types\.ts/,
    );
  });

  it('passes on this repository’s src/', () => {
    const run = cruise('src', root);
    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
