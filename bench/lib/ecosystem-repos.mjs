// The ecosystem PR repositories for ecosystems.bench.mjs: the fixtures of __fixtures__/ecosystem-prs.ts
// (compiled here with bench/tsconfig.fixtures.json) built as real git repositories, base commit on
// main and head on a checked-out topic branch, as __tests__/integration/ecosystems.int.test.ts builds
// them; and which ecosystems this machine has the tools for.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(root, '.tmp', 'bench-fixtures', '__fixtures__');

/** Programs each ecosystem's zero-config tools need on PATH (node and git are the review's own). */
const PROGRAMS = {
  javascript: [],
  python: ['python3', 'flake8'],
  go: ['go', 'gofmt'],
  rust: ['cargo', 'cargo-clippy', 'rustfmt'],
  shell: ['shellcheck'],
};

/** ECOSYSTEM_PRS, JS_TOOLS and createTempRepo from the compiled test fixtures. */
export async function loadEcosystemFixtures() {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'bench/tsconfig.fixtures.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  const load = (file) => import(pathToFileURL(join(FIXTURES, file)).href);
  const [{ ECOSYSTEM_PRS, JS_TOOLS }, { createTempRepo }] = await Promise.all([
    load('ecosystem-prs.js'),
    load('git.js'),
  ]);
  return { ECOSYSTEM_PRS, JS_TOOLS, createTempRepo };
}

/**
 * What this machine lacks to review `ecosystem` with its own tools ([] when nothing): programs not on
 * PATH, pytest not importable, or this repository's JavaScript tools not installed.
 */
export function missingTools(ecosystem, jsTools) {
  const missing = PROGRAMS[ecosystem].filter(
    (program) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0,
  );
  if (ecosystem === 'python' && spawnSync('python3', ['-c', 'import pytest']).status !== 0)
    missing.push('pytest');
  if (ecosystem === 'javascript')
    for (const [name, target] of Object.entries(jsTools))
      if (!existsSync(join(root, 'node_modules', target))) missing.push(name);
  return missing;
}

/**
 * A PR-like repository under the temp dir: `base` committed on main, `head` on the checked-out topic
 * branch; the JavaScript one gets node_modules/.bin links to this repository's own tools, as a
 * package manager makes them (ignored by its .gitignore, so the checkout stays clean).
 */
export function buildPrRepo(fixtures, ecosystem) {
  const { base, head } = fixtures.ECOSYSTEM_PRS[ecosystem];
  const repo = fixtures.createTempRepo(`kilo-bench-eco-${ecosystem}-`);
  repo.commit('base', base);
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('head', head);
  if (ecosystem === 'javascript') {
    const bin = join(repo.dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    for (const [name, target] of Object.entries(fixtures.JS_TOOLS))
      symlinkSync(join(root, 'node_modules', target), join(bin, name));
  }
  return repo;
}
