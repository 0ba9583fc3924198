// The action's source under GitHub's own local runner emulator, @github/local-action (which replaces
// @actions/core, @actions/github and @actions/artifact with its own), through `npm run local-action`:
// the documented .env.example with its paths filled in, on the demo repository.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const childTmp = mkdtempSync(join(tmpdir(), 'kilo-local-action-tmp-'));
afterAll(() => rmSync(childTmp, { recursive: true, force: true }));

describe('npm run local-action', () => {
  it('reviews the demo PR under the emulator: annotations, outputs and the job summary', () => {
    const result = spawnSync(process.execPath, ['scripts/local-action.mjs'], {
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, TMPDIR: childTmp },
    });
    expect(result.stderr).not.toMatch(/Error|ERR_/);
    expect(result.status).toBe(0);
    // The emulator ran src/main.ts: its banner, then what our run wrote through its @actions/core.
    expect(result.stdout).toContain('Running Action');
    expect(result.stdout).toContain('::notice::No llm-provider set: deterministic review, no LLM.');
    // action.yml's default token (`${{ github.token }}`, passed unexpanded) is no token: no API call.
    expect(result.stdout).not.toContain('api.github.com');
    expect(result.stdout).toMatch(/::error title=secrets\/aws-access-key-id,file=src\/payments\.js,line=4/);
    expect(result.stdout).toMatch(/::error title=conflict-marker,file=README\.md,line=5/);
    expect(result.stdout).toMatch(/'findings'\s*│\s*'6'/);
    expect(result.stdout).toContain('local-action: the review reached the job summary (### ⚠️ Kilo Agent');
  }, 180_000);
});
