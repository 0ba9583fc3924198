import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectEcosystems } from '../../src/ecosystems/detect.js';
import { go } from '../../src/ecosystems/go.js';
import { missingReason } from '../../src/ecosystems/missing.js';
import type { EcosystemDetection } from '../../src/ecosystems/types.js';
import { wildcardToRegExp } from '../../src/policy/engine.js';
import { parseCommandLine } from '../../src/sandbox/command.js';
import {
  asRunResult,
  createTinyRepo,
  itWhen,
  onPath,
  realBin,
  removeTinyRepos,
  runPlanned,
  stubBin,
  tempDir,
  toolAvailable,
} from '../../__fixtures__/ecosystems/tiny-repo.js';

afterAll(removeTinyRepos);

const SETUP_GO = 'Go is not installed: add `actions/setup-go` before this step';
const GO_MOD = 'module example.com/shop\n\ngo 1.19\n';
const LIMITS = '--max-issues-per-linter=0 --max-same-issues=0 --allow-parallel-runners';

const runs = (detection: EcosystemDetection | undefined) =>
  (detection?.tasks ?? []).map(({ kind, task }) => `${kind} ${task.name}: ${task.run}`);

/** A module with nested packages, testdata, an ignored `_tools` directory and a nested module. */
const NESTED = {
  'go.mod': GO_MOD,
  'main.go': 'package main\n\nfunc main() {}\n',
  'cmd/shop/main.go': 'package main\n\nfunc main() {}\n',
  'internal/cart/cart.go': 'package cart\n',
  'internal/cart/cart_test.go': 'package cart\n',
  'internal/cart/testdata/golden.go': 'package golden\n',
  '_tools/gen.go': 'package tools\n',
  'README.md': '# shop\n',
};

describe('go provider: detection', () => {
  it('vets and tests the touched packages, as ./dir patterns of the module', async () => {
    const repo = createTinyRepo(NESTED);
    const bin = stubBin(['go', 'gofmt']);
    const files = Object.keys(NESTED).filter((file) => file !== 'go.mod');
    const detection = await go.detect(repo.input('.', files, [bin]));
    const targets = '. ./cmd/shop ./internal/cart';
    expect(detection).toEqual({
      ecosystem: 'go',
      directory: '.',
      tasks: [
        { kind: 'refactor', task: { name: 'gofmt', run: 'gofmt -w {files}', paths: ['**/*.go'] } },
        {
          kind: 'analyze',
          task: {
            name: 'go-vet',
            run: `go vet ${targets}`,
            format: 'gnu',
            paths: ['**/*.go', 'go.mod', 'go.sum'],
          },
        },
        {
          kind: 'test',
          task: {
            name: 'go-test',
            run: `go test -vet=off -json ${targets}`,
            format: 'go-test-json',
            'timeout-seconds': 600,
          },
        },
      ],
      allow: ['gofmt -w {files}', `go vet ${targets}`, `go test -vet=off -json ${targets}`],
      skipped: [],
      notes: [
        `refactor gofmt: ${bin}/gofmt`,
        `analyze go-vet: go.mod and go on PATH, on 3 touched packages (${targets})`,
        `test go-test: go.mod and go on PATH, on 3 touched packages (${targets})`,
      ],
    });
    for (const run of detection?.allow ?? []) {
      expect(detection?.allow.some((entry) => wildcardToRegExp(entry).test(run))).toBe(true);
      expect(parseCommandLine(run)[0]).toMatch(/^(?:go|gofmt)$/);
    }
  });

  it('checks the whole module when only go.mod or go.sum changed, and says what it requires', async () => {
    const repo = createTinyRepo({
      'go.mod': `${GO_MOD}\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgolang.org/x/text v0.3.0 // indirect\n)\n`,
      'go.sum': '',
    });
    const detection = await go.detect(repo.input('.', ['go.mod', 'go.sum'], [stubBin(['go', 'gofmt'])]));
    expect(runs(detection)).toEqual([
      'refactor gofmt: gofmt -w {files}',
      'analyze go-vet: go vet ./...',
      'test go-test: go test -vet=off -json ./...',
    ]);
    expect(detection?.notes[0]).toBe(
      'go.mod requires 2 modules: run `go mod download` before this step (Go may not download here)',
    );
  });

  it('leaves out a package whose changed files were all deleted', async () => {
    const repo = createTinyRepo({ 'go.mod': GO_MOD, 'a/a.go': 'package a\n' });
    const detection = await go.detect(
      repo.input('.', ['a/a.go', 'gone/gone.go'], [stubBin(['go', 'gofmt'])]),
    );
    expect(runs(detection)).toContain('analyze go-vet: go vet ./a');
  });

  it('runs in a module of a monorepo, with the task placed in its directory', async () => {
    const repo = createTinyRepo({
      'services/api/go.mod': 'module example.com/api\n\ngo 1.19\n',
      'services/api/handler/h.go': 'package handler\n',
      'web/app.ts': '',
    });
    const found = await detectEcosystems([go], repo.read, {
      files: ['services/api/handler/h.go', 'web/app.ts'],
      probe: repo.probe([stubBin(['go', 'gofmt'])]),
      standins: {},
    });
    expect(found.tasks.analyze).toEqual([
      {
        name: 'go-vet.services-api',
        run: 'go vet ./handler',
        format: 'gnu',
        paths: ['services/api/**/*.go', 'services/api/go.mod', 'services/api/go.sum'],
        'working-directory': 'services/api',
      },
    ]);
    expect(found.coverage).toEqual([
      {
        ecosystem: 'go',
        files: 1,
        directories: ['services/api'],
        tools: ['refactor gofmt.services-api', 'analyze go-vet.services-api', 'test go-test.services-api'],
        skipped: [],
      },
    ]);
  });

  it('plans golangci-lint with the flags of the config version: v1 to stdout, v2 to the report file', async () => {
    const bin = stubBin(['go', 'gofmt', 'golangci-lint']);
    const v1 = createTinyRepo({
      'go.mod': GO_MOD,
      'a/a.go': '',
      '.golangci.yml': 'linters:\n  enable: [errcheck]\n',
    });
    expect(runs(await go.detect(v1.input('.', ['a/a.go'], [bin])))).toContain(
      `analyze golangci-lint: golangci-lint run --out-format=checkstyle ${LIMITS} ./a`,
    );
    const v2 = createTinyRepo({
      'go.mod': GO_MOD,
      'a/a.go': '',
      '.golangci.yaml': 'version: "2"\nlinters:\n  default: standard\n',
    });
    const detection = await go.detect(v2.input('.', ['a/a.go'], [bin]));
    expect(detection?.tasks.at(-1)).toEqual({
      kind: 'analyze',
      task: {
        name: 'golangci-lint',
        run: `golangci-lint run --output.checkstyle.path={report} ${LIMITS} ./a`,
        format: 'checkstyle',
        'timeout-seconds': 600,
      },
    });
    expect(detection?.notes.at(-1)).toBe(
      'analyze golangci-lint: .golangci.yaml (v2 config) and golangci-lint on PATH',
    );
  });

  it('asks golangci-lint v2 for absolute paths when its config is above the module', async () => {
    // v2 prints paths relative to the config's directory, not to where it runs.
    const repo = createTinyRepo({
      '.golangci.toml': 'version = "2"\n',
      'tools/go.mod': GO_MOD,
      'tools/t.go': '',
    });
    const detection = await go.detect(
      repo.input('tools', ['tools/t.go'], [stubBin(['go', 'gofmt', 'golangci-lint'])]),
    );
    expect(detection?.tasks.at(-1)?.task.run).toBe(
      `golangci-lint run --output.checkstyle.path={report} ${LIMITS} --path-mode=abs .`,
    );
  });

  it('returns nothing without Go files, and nothing for Go files outside a module', async () => {
    const repo = createTinyRepo({ 'go.mod': GO_MOD, 'loose/x.go': '' });
    const bin = stubBin(['go', 'gofmt']);
    expect(await go.detect(repo.input('.', ['README.md'], [bin]))).toBeUndefined();
    expect(await go.detect(repo.input('loose', ['loose/x.go'], [bin]))).toBeUndefined();
  });

  it('skips every Go task with the setup-go fix when Go is not installed', async () => {
    const repo = createTinyRepo({ 'go.mod': GO_MOD, 'a/a.go': '', '.golangci.yml': 'linters: {}\n' });
    const detection = await go.detect(repo.input('.', ['a/a.go'], [stubBin([])]));
    expect(detection?.tasks).toEqual([]);
    expect(detection?.skipped).toEqual([
      { kind: 'refactor', tool: 'gofmt', reason: SETUP_GO },
      { kind: 'analyze', tool: 'go vet', reason: SETUP_GO },
      { kind: 'test', tool: 'go test', reason: SETUP_GO },
      { kind: 'analyze', tool: 'golangci-lint', reason: SETUP_GO },
    ]);
    expect(detection?.notes).toEqual([
      `skipped refactor gofmt (go.mod): ${SETUP_GO}`,
      `skipped analyze go vet (go.mod): ${SETUP_GO}`,
      `skipped test go test (go.mod): ${SETUP_GO}`,
      `skipped analyze golangci-lint (.golangci.yml): ${SETUP_GO}`,
    ]);
  });

  it('skips golangci-lint with its install hint when only it is missing', async () => {
    const repo = createTinyRepo({ 'go.mod': GO_MOD, 'a/a.go': '', '.golangci.json': '{"version": "2"}' });
    const detection = await go.detect(repo.input('.', ['a/a.go'], [stubBin(['go', 'gofmt'])]));
    expect(detection?.skipped).toEqual([
      {
        kind: 'analyze',
        tool: 'golangci-lint',
        reason:
          'golangci-lint is not installed: add `golangci/golangci-lint-action` (with `install-only: true`) before this step',
      },
    ]);
  });
});

const goAvailable = toolAvailable('go', ['version']) && onPath('gofmt') !== undefined;
/** Go writes its caches here, never into the user's; GOFLAGS of the machine must not change the run. */
const goEnv = (): Record<string, string> => {
  const home = tempDir('gohome');
  return { GOPATH: path.join(home, 'gopath'), GOCACHE: path.join(home, 'cache'), GOFLAGS: '' };
};

describe('go provider: the planned commands, run', () => {
  itWhen(goAvailable)(
    'go vet, go test -json and gofmt report or fix the planted defects in nested packages',
    async () => {
      const repo = createTinyRepo({
        'go.mod': GO_MOD,
        'pkg/report/report.go':
          'package report\n\nimport "fmt"\n\nfunc Line(n int) string {\n\treturn fmt.Sprintf("%d items", "n")\n}\n',
        'internal/calc/calc.go':
          'package calc\n\n// Add adds.\nfunc Add(a, b int) int {\n\treturn a - b\n}\n',
        'internal/calc/calc_test.go':
          'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(2, 3); got != 5 {\n\t\tt.Errorf("Add(2, 3) = %d, want 5", got)\n\t}\n}\n',
        'main.go': 'package main\n\nfunc main()  {\n}\n',
      });
      const changed = [
        'pkg/report/report.go',
        'internal/calc/calc.go',
        'internal/calc/calc_test.go',
        'main.go',
      ];
      const detection = await go.detect(repo.input('.', changed, [realBin(['go', 'gofmt'])]));
      const targets = '. ./internal/calc ./pkg/report';
      expect(runs(detection)).toEqual([
        'refactor gofmt: gofmt -w {files}',
        `analyze go-vet: go vet ${targets}`,
        `test go-test: go test -vet=off -json ${targets}`,
      ]);
      const [gofmt, vet, test] = (detection?.tasks ?? []).map(({ task }) => task.run);
      const env = goEnv();

      const vetted = runPlanned(vet ?? '', repo.dir, { env });
      expect(vetted.exitCode).not.toBe(0);
      // go vet writes its diagnostics to stderr, not stdout.
      expect(vetted.stderr).toContain(
        'pkg/report/report.go:6:9: fmt.Sprintf format %d has arg "n" of wrong type string',
      );

      const tested = runPlanned(test ?? '', repo.dir, { env });
      expect(tested.exitCode).toBe(1);
      const events = tested.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) => JSON.parse(line) as { Action: string; Package?: string; Test?: string; Output?: string },
        );
      expect(events).toContainEqual(
        expect.objectContaining({
          Action: 'fail',
          Package: 'example.com/shop/internal/calc',
          Test: 'TestAdd',
        }),
      );
      expect(events.map((event) => event.Output ?? '').join('')).toContain(
        'calc_test.go:7: Add(2, 3) = -1, want 5',
      );

      const formatted = runPlanned(gofmt ?? '', repo.dir, { files: ['main.go'], env });
      expect(formatted.exitCode).toBe(0);
      expect(readFileSync(path.join(repo.dir, 'main.go'), 'utf8')).toBe('package main\n\nfunc main() {\n}\n');
    },
    120_000,
  );

  itWhen(goAvailable)(
    'a module whose dependencies are not downloaded is skipped with the fix, not failed',
    async () => {
      const repo = createTinyRepo({
        'go.mod': `${GO_MOD}\nrequire github.com/pkg/errors v0.9.1\n`,
        'go.sum':
          'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\ngithub.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\n',
        'main.go': 'package main\n\nimport "github.com/pkg/errors"\n\nfunc main() { _ = errors.New("x") }\n',
      });
      const detection = await go.detect(repo.input('.', ['main.go'], [realBin(['go', 'gofmt'])]));
      const reason =
        'Go modules are not downloaded (Go runs with GOPROXY=off here): run `go mod download` before this step';
      for (const { kind, task } of detection?.tasks ?? []) {
        if (kind === 'refactor') continue;
        const run = runPlanned(task.run, repo.dir, { env: goEnv() });
        expect(run.stderr).toContain('main.go:3:8: module lookup disabled by GOPROXY=off');
        expect([task.name, missingReason(asRunResult(run), run.argv, go.missing)]).toEqual([
          task.name,
          reason,
        ]);
      }
    },
    120_000,
  );
});
