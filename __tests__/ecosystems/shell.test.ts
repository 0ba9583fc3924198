import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { createProbe } from '../../src/ecosystems/probe.js';
import { shell } from '../../src/ecosystems/shell.js';
import type { DetectInput, EcosystemDetection, ReadFile } from '../../src/ecosystems/types.js';
import { parseCheckstyle } from '../../src/findings/parsers/checkstyle.js';
import { pathMatcher } from '../../src/policy/glob.js';
import { wildcardToRegExp } from '../../src/policy/engine.js';
import { expandFiles, parseCommandLine } from '../../src/sandbox/command.js';

const RUN = 'shellcheck -f checkstyle {files}';
const SCRIPT_GLOB = '**/*.{sh,bash,dash,ksh,bats}';

/** Whether `program --version` runs here: the end-to-end test needs the real shellcheck. */
function toolAvailable(program: string): boolean {
  return spawnSync(program, ['--version'], { stdio: 'ignore' }).status === 0;
}
const missing = !toolAvailable('shellcheck');

let root: string;
/** A PATH directory holding nothing, one holding a stub `shellcheck`, and an empty checkout. */
let emptyPath: string;
let stubPath: string;
let stub: string;
let workspace: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'kilo-shell-')));
  emptyPath = path.join(root, 'empty-bin');
  stubPath = path.join(root, 'stub-bin');
  workspace = path.join(root, 'repo');
  for (const dir of [emptyPath, stubPath, workspace]) mkdirSync(dir);
  stub = path.join(stubPath, 'shellcheck');
  // Never run: the probe only looks at the file mode.
  writeFileSync(stub, '#!/bin/sh\nexit 0\n');
  chmodSync(stub, 0o755);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A reader of in-memory files that records what was read. */
function reader(files: Record<string, string> = {}): ReadFile & { asked: string[] } {
  const asked: string[] = [];
  const read = (file: string): Promise<string | undefined> => {
    asked.push(file);
    return Promise.resolve(files[file]);
  };
  return Object.assign(read, { asked });
}

function input(files: readonly string[], options: { path?: string; read?: ReadFile } = {}): DetectInput {
  return {
    directory: '.',
    read: options.read ?? reader(),
    probe: createProbe(workspace, options.path ?? stubPath),
    files,
    standins: {},
  };
}

function pathsOf(detection: EcosystemDetection | undefined): string[] {
  const task = detection?.tasks[0]?.task;
  return task !== undefined && 'paths' in task ? (task.paths ?? []) : [];
}

describe('shell provider: which files are shell scripts', () => {
  it('owns scripts by extension, anywhere in the tree', () => {
    for (const file of ['a.sh', 'scripts/deploy/run.sh', 'lib/x.bash', 'k.ksh', 'd.dash', 'test/a.bats'])
      expect([file, shell.owns(file)]).toEqual([file, true]);
    for (const file of ['a.zsh', 'a.fish', 'sh', 'a.sh.txt', 'bin/deploy', 'README.md', '.bashrc'])
      expect([file, shell.owns(file)]).toEqual([file, false]);
  });

  it('is called once at the root with every changed file: it has no markers', () => {
    expect(shell.markers).toEqual([]);
  });
});

describe('shell provider: detection', () => {
  it('plans shellcheck with checkstyle output on scripts in nested directories', async () => {
    const files = ['scripts/deploy/run.sh', 'lib/util.bash', 'src/app.ts', 'README.md'];
    const detection = await shell.detect(input(files));
    expect(detection).toEqual({
      ecosystem: 'shell',
      directory: '.',
      tasks: [
        {
          kind: 'analyze',
          task: { name: 'shellcheck', run: RUN, format: 'checkstyle', paths: [SCRIPT_GLOB] },
        },
      ],
      allow: [RUN],
      skipped: [],
      notes: [
        `analyze shellcheck: 2 shell scripts changed (scripts/deploy/run.sh, lib/util.bash) and ${stub}`,
      ],
    });
    // The planner hands `{files}` only what the task's paths match.
    const matches = pathMatcher(pathsOf(detection));
    expect(files.filter((file) => matches(file))).toEqual(['scripts/deploy/run.sh', 'lib/util.bash']);
  });

  it('allows exactly the run line it plans, which parses without a shell', async () => {
    const detection = await shell.detect(input(['a.sh']));
    const run = detection?.tasks[0]?.task.run ?? '';
    expect(detection?.allow.map((entry) => wildcardToRegExp(entry).test(run))).toEqual([true]);
    expect(expandFiles(parseCommandLine(run), ['a.sh', '-x.sh'])).toEqual([
      'shellcheck',
      '-f',
      'checkstyle',
      'a.sh',
      './-x.sh',
    ]);
  });

  it('returns nothing when no changed file is a shell script', async () => {
    const read = reader({ Makefile: 'all:\n\techo hi\n', 'bin/tool': '#!/usr/bin/env python3\nprint(1)\n' });
    const files = ['src/app.ts', 'README.md', 'a.zsh', 'Makefile', 'bin/tool', 'bin/gone'];
    expect(await shell.detect(input(files, { read }))).toBeUndefined();
    // Only files without an extension are read, to look at their shebang.
    expect(read.asked).toEqual(['Makefile', 'bin/tool', 'bin/gone']);
  });

  it('skips shellcheck with the fix when it is not installed', async () => {
    const detection = await shell.detect(input(['scripts/a.sh'], { path: emptyPath }));
    const reason =
      'shellcheck is not installed: run `sudo apt-get install -y shellcheck` before this step (ubuntu-latest has it)';
    expect(detection).toEqual({
      ecosystem: 'shell',
      directory: '.',
      tasks: [],
      allow: [],
      skipped: [{ kind: 'analyze', tool: 'shellcheck', reason }],
      notes: [`skipped analyze shellcheck (1 shell script changed (scripts/a.sh)): ${reason}`],
    });
  });

  it('says that shellcheck reads the repository .shellcheckrc', async () => {
    const withRc = path.join(root, 'with-rc');
    mkdirSync(withRc);
    writeFileSync(path.join(withRc, '.shellcheckrc'), 'disable=SC2034\n');
    const detection = await shell.detect({ ...input(['a.sh']), probe: createProbe(withRc, stubPath) });
    expect(detection?.notes).toEqual([
      `analyze shellcheck: 1 shell script changed (a.sh) and ${stub}; shellcheck reads .shellcheckrc itself`,
    ]);
  });

  it('names a few scripts in its note, not all of them', async () => {
    const detection = await shell.detect(input(['a.sh', 'b.sh', 'c.sh', 'd.sh']));
    expect(detection?.notes).toEqual([
      `analyze shellcheck: 4 shell scripts changed (a.sh, b.sh, c.sh, …) and ${stub}`,
    ]);
  });
});

describe('shell provider: scripts without an extension', () => {
  const sources: Record<string, string> = {
    'bin/deploy': '#!/usr/bin/env bash\nset -e\n',
    'bin/setup': '#! /bin/sh -e\n',
    'tools/split': '#!/usr/bin/env -S bash -eu\n',
    'bin/py': '#!/usr/bin/env python3\n',
    'bin/z': '#!/bin/zsh\n',
    'bin/lint': '#!/usr/local/bin/shellcheck\n',
    LICENSE: 'MIT License\n',
    configure: `#! /bin/sh\n${'# generated\n'.repeat(30_000)}`,
  };

  it('takes those whose shebang names a shell shellcheck checks, by their exact path', async () => {
    const read = reader(sources);
    const files = [...Object.keys(sources), 'bin/new-in-fork', '.envrc', 'x.sh'];
    const detection = await shell.detect(input(files, { read }));
    expect(pathsOf(detection)).toEqual([SCRIPT_GLOB, 'bin/deploy', 'bin/setup', 'tools/split']);
    expect(detection?.notes).toEqual([
      'bin/deploy: a shell script by its shebang (#!/usr/bin/env bash)',
      'bin/setup: a shell script by its shebang (#! /bin/sh -e)',
      'tools/split: a shell script by its shebang (#!/usr/bin/env -S bash -eu)',
      'configure: a shell script by its shebang, but over 256 KiB: left out as generated',
      `analyze shellcheck: 4 shell scripts changed (x.sh, bin/deploy, bin/setup, …) and ${stub}`,
    ]);
    // Dotfiles and files with an extension are never read.
    expect(read.asked).toEqual([...Object.keys(sources), 'bin/new-in-fork']);
  });

  it('plans shellcheck for a PR that changes only such a script', async () => {
    const detection = await shell.detect(input(['bin/deploy'], { read: reader(sources) }));
    expect(detection?.tasks.map(({ task }) => task.run)).toEqual([RUN]);
    expect(pathsOf(detection)).toEqual([SCRIPT_GLOB, 'bin/deploy']);
  });

  it('matches a name with glob syntax in it literally', async () => {
    const read = reader({ 'bin/run[1]': '#!/bin/sh\n', 'bin/a{b,c}!': '#!/bin/sh\n' });
    const detection = await shell.detect(input(['bin/run[1]', 'bin/a{b,c}!'], { read }));
    const matches = pathMatcher(pathsOf(detection));
    expect(['bin/run[1]', 'bin/a{b,c}!', 'bin/run1', 'bin/ab!', 'bin/ac'].filter((f) => matches(f))).toEqual([
      'bin/run[1]',
      'bin/a{b,c}!',
    ]);
  });

  it('reads at most 20 of them and says so', async () => {
    const many = Array.from({ length: 25 }, (_, i) => `bin/tool${i}`);
    const read = reader(Object.fromEntries(many.map((file) => [file, '#!/bin/sh\n'])));
    const detection = await shell.detect(input(many, { read }));
    expect(read.asked).toEqual(many.slice(0, 20));
    expect(pathsOf(detection)).toHaveLength(21);
    expect(detection?.notes).toContain(
      'looked for a shebang in the first 20 of 25 changed files without an extension',
    );
  });
});

describe('shell provider through the zero-config driver', () => {
  it('plans one root task and reports its coverage', async () => {
    const result = await detectEcosystems([shell], reader(), {
      files: ['scripts/ci/build.sh', 'src/main.go'],
      probe: createProbe(workspace, emptyPath),
      standins: {},
    });
    expect(result.tasks.analyze).toEqual([]);
    expect(result.coverage).toEqual([
      {
        ecosystem: 'shell',
        files: 1,
        directories: ['.'],
        tools: [],
        skipped: [
          {
            kind: 'analyze',
            tool: 'shellcheck',
            reason:
              'shellcheck is not installed: run `sudo apt-get install -y shellcheck` before this step (ubuntu-latest has it)',
            directory: '.',
          },
        ],
      },
    ]);
  });
});

describe('shell provider end to end with the real shellcheck', () => {
  (missing && !process.env.CI ? it.skip : it)(
    'runs the planned line and reads its findings with the checkstyle parser (shellcheck is needed here)',
    async () => {
      const repo = path.join(root, 'e2e');
      mkdirSync(path.join(repo, 'scripts/deploy'), { recursive: true });
      mkdirSync(path.join(repo, 'bin'));
      // SC2034 (unused variable) is turned off by the repository's own rc file.
      writeFileSync(path.join(repo, '.shellcheckrc'), 'disable=SC2034\n');
      writeFileSync(path.join(repo, 'scripts/deploy/run.sh'), '#!/bin/sh\nunused=1\necho $1\n');
      writeFileSync(path.join(repo, 'bin/release'), '#!/usr/bin/env bash\nset -eu\n\nrm -- $target\n');
      writeFileSync(path.join(repo, 'README.md'), '# demo\n');
      const changed = ['scripts/deploy/run.sh', 'bin/release', 'README.md'];
      const read: ReadFile = (file) => readFile(path.join(repo, file), 'utf8').catch(() => undefined);

      const detection = await shell.detect({
        directory: '.',
        read,
        probe: createProbe(repo, process.env.PATH),
        files: changed,
        standins: {},
      });
      const task = detection?.tasks[0]?.task;
      expect(task?.run).toBe(RUN);
      const matches = pathMatcher(pathsOf(detection));
      const argv = expandFiles(
        parseCommandLine(task?.run ?? ''),
        changed.filter((file) => matches(file)),
      );
      const [program = '', ...args] = argv;
      const result = spawnSync(program, args, { cwd: repo, encoding: 'utf8' });
      expect(result.status).toBe(1); // shellcheck's "found something"

      const lines = new Map([
        ['scripts/deploy/run.sh', ['#!/bin/sh', 'unused=1', 'echo $1']],
        ['bin/release', ['#!/usr/bin/env bash', 'set -eu', '', 'rm -- $target']],
      ]);
      const parsed = parseCheckstyle(result.stdout, {
        workspace: repo,
        source: 'shellcheck',
        lineContent: (file, line) => lines.get(file)?.[line - 1],
      });
      expect(parsed.error).toBeUndefined();
      expect(
        parsed.findings.map(({ rule, severity, path: file, line, message }) => ({
          rule,
          severity,
          file,
          line,
          message,
        })),
      ).toEqual([
        {
          rule: 'SC2086',
          severity: 'notice',
          file: 'scripts/deploy/run.sh',
          line: 3,
          message: 'Double quote to prevent globbing and word splitting.',
        },
        {
          rule: 'SC2154',
          severity: 'warning',
          file: 'bin/release',
          line: 4,
          message: 'target is referenced but not assigned.',
        },
        {
          rule: 'SC2086',
          severity: 'notice',
          file: 'bin/release',
          line: 4,
          message: 'Double quote to prevent globbing and word splitting.',
        },
      ]);
    },
  );
});
