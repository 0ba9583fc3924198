// The dependency rules of `npm run lint` (.dependency-cruiser.cjs) catch what they are for, with the
// project's own config: an import cycle (one side type-only, through NodeNext `.js` specifiers), an
// import from a lower layer up to a higher one (a back-arrow, a type-only one included), a folder in no
// layer; the same import pointing down passes. One run over a temp tree holding every case (each its
// own modules), and one over src/ (no cycle, no back-arrow today).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve('.');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');
const temp = mkdtempSync(join(tmpdir(), 'kilo-dependency-rules-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const CASES: Record<string, string> = {
  'tsconfig.json': '{"compilerOptions":{"module":"NodeNext"}}',
  // A cycle: llm/types ↔ policy/types, one side type-only.
  'src/llm/types.ts':
    "import type { Decision } from '../policy/types.js';\nexport type Purpose = 'review';\nexport type D = Decision;\n",
  'src/policy/types.ts':
    "import type { Purpose } from '../llm/types.js';\nexport interface Decision { purpose: Purpose }\n",
  // A back-arrow by value: the LLM client importing the orchestrator's breaker (model → orchestrator).
  'src/orchestrator/breaker.ts': 'export class CircuitBreaker {}\n',
  'src/llm/client.ts':
    "import { CircuitBreaker } from '../orchestrator/breaker.js';\nexport const b = new CircuitBreaker();\n",
  // A type-only back-arrow (trace → report).
  'src/report/types.ts': 'export interface ReviewReport { runId: string }\n',
  'src/trace/read.ts':
    "import type { ReviewReport } from '../report/types.js';\nexport const none: ReviewReport[] = [];\n",
  // The same kind of import pointing down (orchestrator → util): allowed.
  'src/util/circuit-breaker.ts': 'export class Breaker {}\n',
  'src/orchestrator/board.ts':
    "import { Breaker } from '../util/circuit-breaker.js';\nexport const b = new Breaker();\n",
  // A module in no layer.
  'src/util/text.ts': 'export const y = 1;\n',
  'src/helpers/x.ts': "import { y } from '../util/text.js';\nexport const x = y;\n",
};

let cases: SpawnSyncReturns<string>;
beforeAll(() => {
  for (const [path, text] of Object.entries(CASES)) {
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), text);
  }
  cases = spawnSync(depcruise, ['src', '--config', config], { cwd: temp, encoding: 'utf8' });
});

describe('the dependency rules', () => {
  it('fail the run', () => {
    expect(cases.status).not.toBe(0);
  });

  it('catch a cycle, a type-only import included', () => {
    expect(cases.stdout).toMatch(
      /error no-circular: src\/llm\/types\.ts →\s+src\/policy\/types\.ts →\s+src\/llm\/types\.ts/,
    );
  });

  it('catch a back-arrow by value and a type-only one', () => {
    expect(cases.stdout).toMatch(
      /error back-arrow-from-model: src\/llm\/client\.ts → src\/orchestrator\/breaker\.ts/,
    );
    expect(cases.stdout).toMatch(/error back-arrow-from-base: src\/trace\/read\.ts → src\/report\/types\.ts/);
  });

  it('catch a module in no layer', () => {
    expect(cases.stdout).toMatch(/error no-unlayered: src\/helpers\/x\.ts → src\/util\/text\.ts/);
  });

  it('let an import pointing down pass', () => {
    expect(cases.stdout).toContain('src/llm/client.ts');
    expect(cases.stdout).not.toContain('src/orchestrator/board.ts');
  });

  it('pass on this repository’s src/: no cycle, no back-arrow, no exception', () => {
    const run = spawnSync(depcruise, ['src', '--config', config], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
