// The layer rules of `npm run lint` (.dependency-cruiser.cjs): an import from a lower layer up to a
// higher one (a back-arrow) fails, a type-only one included; the same import the other way passes; a
// folder in no layer fails. Run on temp trees with the project's own config, and on src/.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve('.');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');
const temp = mkdtempSync(join(tmpdir(), 'kilo-layers-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A tree of `files` (path → text) in a fresh dir, cruised with the project's config. */
function cruise(name: string, files: Record<string, string>) {
  const dir = join(temp, name);
  for (const [path, text] of Object.entries({
    'tsconfig.json': '{"compilerOptions":{"module":"NodeNext"}}',
    ...files,
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return spawnSync(depcruise, ['src', '--config', config], { cwd: dir, encoding: 'utf8' });
}

const breaker = 'export class CircuitBreaker {}\n';

describe('the layer rules', () => {
  it('fail on the LLM client importing the orchestrator’s breaker (model → orchestrator)', () => {
    const run = cruise('value', {
      'src/orchestrator/breaker.ts': breaker,
      'src/llm/client.ts':
        "import { CircuitBreaker } from '../orchestrator/breaker.js';\nexport const b = new CircuitBreaker();\n",
    });

    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(
      /error back-arrow-from-model: src\/llm\/client\.ts → src\/orchestrator\/breaker\.ts/,
    );
  });

  it('fail on a type-only back-arrow (trace → report)', () => {
    const run = cruise('type-only', {
      'src/report/types.ts': 'export interface ReviewReport { runId: string }\n',
      'src/trace/read.ts':
        "import type { ReviewReport } from '../report/types.js';\nexport const none: ReviewReport[] = [];\n",
    });

    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/error back-arrow-from-base: src\/trace\/read\.ts → src\/report\/types\.ts/);
  });

  it('pass on the same import pointing down (orchestrator → util)', () => {
    const run = cruise('down', {
      'src/util/circuit-breaker.ts': breaker,
      'src/orchestrator/breaker.ts':
        "import { CircuitBreaker } from '../util/circuit-breaker.js';\nexport const b = new CircuitBreaker();\n",
    });

    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  it('fail on a module in no layer', () => {
    const run = cruise('unlayered', {
      'src/util/text.ts': 'export const y = 1;\n',
      'src/helpers/x.ts': "import { y } from '../util/text.js';\nexport const x = y;\n",
    });

    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/error no-unlayered: src\/helpers\/x\.ts → src\/util\/text\.ts/);
  });

  it('pass on this repository’s src/: no back-arrow, no exception', () => {
    const run = spawnSync(depcruise, ['src', '--config', config], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
