// Benchmark: the bundled ruff stand-in's wall time for one `check` of a 200-line file — a process
// start, the 10 MB WebAssembly module's load and the lint — spawned with the run line's node flags
// (createStandins), against the same run without them (V8's optimizing tier compiling the module in
// the background). setup builds dist/standins/ruff.mjs with ncc from the compiled sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A 200-line module with a few findings (an unused import, an undefined name). */
function twoHundredLines() {
  const lines = ['"""Timing fixture."""', 'import json', 'import os', 'from typing import Any', '', ''];
  for (let i = 1; lines.length < 199; i++)
    lines.push(
      `def function_${i}(value: int, items: list[Any]) -> dict:`,
      `    result = {"index": ${i}, "count": len(items)}`,
      `    if value > ${i}:`,
      `        result["value"] = value * ${i} + sum(x for x in items if isinstance(x, int))`,
      '    for key, item in enumerate(items):',
      '        result[str(key)] = json.dumps(item)',
      '    return result',
      '',
      '',
    );
  return `${[...lines.slice(0, 199), 'print(undefined_name)'].join('\n')}\n`;
}

function spawnTimed(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  // 1: findings, as expected; anything else means the figure measures a failure.
  if (result.status !== 1 || !result.stdout.includes('"F821"'))
    throw new Error(`ruff stand-in exited ${result.status}: ${result.stderr}`);
  return ms;
}

export default {
  name: 'stand-in ruff: one `check` of a 200-line file (load + lint), vs without the node flags',
  target: 1500,
  unit: 'ms',
  rounds: { warmup: 1, measured: 5 },

  async setup({ buildDir }) {
    const { BUNDLED_STANDINS, STANDIN_NODE_FLAGS } = await import(
      pathToFileURL(join(buildDir, 'ecosystems/standins/bundled.js')).href
    );
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-standin-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'ncc');
    const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
    execFileSync(process.execPath, [
      ncc,
      'build',
      join(buildDir, BUNDLED_STANDINS.ruff.entry),
      '-o',
      out,
      '--quiet',
    ]);
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, 'big.py'), twoHundredLines());
    const script = join(out, 'ruff.mjs');
    copyFileSync(join(out, 'index.js'), script);
    return { repo, script, flags: [...STANDIN_NODE_FLAGS], note: '' };
  },

  run(state) {
    const ours = spawnTimed([...state.flags, state.script, 'check', 'big.py'], state.repo);
    const baseline = spawnTimed([state.script, 'check', 'big.py'], state.repo);
    state.note = `node ${state.flags.join(' ')}; baseline: the same without the flags`;
    return { ours, baseline };
  },
};
