// Go modules: gofmt as a refactor, go vet and go test -json on the packages the PR touches, and
// golangci-lint where the repository configures it. Commands run in the module directory on `./pkg`
// patterns; the sandbox runs them with GOPROXY=off and GOTOOLCHAIN=local, so a module cache or a Go
// version the workflow did not provide turns into a skip with the fix (`missing` below), never a
// download. Limits: go.work workspaces are not read; a package whose changed files were all deleted is
// not vetted on its own (a deletion that breaks an importer shows through `./...` only when the PR
// touches nothing else).
import path from 'node:path';
import { addTask, ancestors, inDir, skipTool } from './common.js';
import { notInstalled } from './missing.js';
import type {
  DetectInput,
  EcosystemDetection,
  EcosystemProvider,
  MissingSignature,
  ToolSkip,
} from './types.js';

const GO_FILES = ['**/*.go'];
const GOLANGCI_CONFIGS = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json'];
/** More touched packages than this and the module is checked whole: the argv stays short. */
const MAX_PACKAGES = 30;
const SETUP_GO = 'add `actions/setup-go` before this step';

const GO_MISSING: readonly MissingSignature[] = [
  {
    // `main.go:6:2: module lookup disabled by GOPROXY=off`, `go: github.com/x@v1: module lookup …`
    pattern: /module lookup disabled by GOPROXY=off/,
    reason:
      'Go modules are not downloaded (Go runs with GOPROXY=off here): run `go mod download` before this step',
  },
  {
    // Go 1.21+: `go: go.mod requires go >= 1.22.4 (running go 1.22.3; GOTOOLCHAIN=local)`
    pattern: /requires go >= \S+ \(running go \S+; GOTOOLCHAIN=local\)/,
    reason:
      'the module needs a newer Go than is installed (GOTOOLCHAIN=local here): use `go-version-file: go.mod` with actions/setup-go',
  },
];

export const go: EcosystemProvider = {
  name: 'go',
  markers: ['go.mod'],
  owns: (file) => /\.go$/.test(file) || /(?:^|\/)(?:go\.mod|go\.sum|go\.work|go\.work\.sum)$/.test(file),
  detect,
  missing: GO_MISSING,
};

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  const { directory, probe, read } = input;
  if (!input.files.some((file) => go.owns(file))) return undefined;
  const goMod = await read(inDir(directory, 'go.mod'));
  if (goMod === undefined) return undefined;
  const out: EcosystemDetection = {
    ecosystem: 'go',
    directory,
    tasks: [],
    allow: [],
    skipped: [],
    notes: [],
  };
  const packages = await touchedPackages(input);
  const targets = packages.join(' ');
  const requires = requiredModules(goMod);
  if (requires > 0)
    out.notes.push(
      `go.mod requires ${requires} module${requires === 1 ? '' : 's'}: run \`go mod download\` before this step (Go may not download here)`,
    );

  const goFound = (await probe.which('go')) !== undefined;
  const skipGo = (kind: ToolSkip['kind'], tool: string): void =>
    skipTool(out, { kind, tool, reason: `Go is not installed: ${SETUP_GO}` }, 'go.mod');

  const gofmt = await probe.which('gofmt');
  if (gofmt === undefined) skipGo('refactor', 'gofmt');
  else
    addTask(
      out,
      { kind: 'refactor', task: { name: 'gofmt', run: 'gofmt -w {files}', paths: GO_FILES } },
      `refactor gofmt: ${gofmt}`,
    );

  if (!goFound) {
    skipGo('analyze', 'go vet');
    skipGo('test', 'go test');
  } else {
    const scope = packages.includes('./...')
      ? 'the whole module'
      : `${packages.length} touched package${packages.length === 1 ? '' : 's'}`;
    addTask(
      out,
      {
        kind: 'analyze',
        task: {
          name: 'go-vet',
          run: `go vet ${targets}`,
          format: 'gnu',
          paths: [...GO_FILES, 'go.mod', 'go.sum'],
        },
      },
      `analyze go-vet: go.mod and go on PATH, on ${scope} (${targets})`,
    );
    addTask(
      out,
      // -vet=off: the go-vet task reports vet's findings on their lines; go test's own vet pass would
      // turn the same finding into a build failure of the package and hide its tests' results.
      {
        kind: 'test',
        task: {
          name: 'go-test',
          run: `go test -vet=off -json ${targets}`,
          format: 'go-test-json',
          'timeout-seconds': 600,
        },
      },
      `test go-test: go.mod and go on PATH, on ${scope} (${targets})`,
    );
  }
  await golangciLint(input, out, targets, goFound);
  return out;
}

/**
 * golangci-lint where a config is found (in the module or above, as golangci-lint looks for it). Its
 * flags differ by major version, which the config says (`version: "2"`); v2 prints paths relative to
 * the config's directory, so a config above the module needs absolute paths (`--path-mode`, v2.1+).
 */
async function golangciLint(
  input: DetectInput,
  out: EcosystemDetection,
  targets: string,
  goFound: boolean,
): Promise<void> {
  const config = await findConfig(input);
  if (config === undefined) return;
  const reason = !goFound
    ? `Go is not installed: ${SETUP_GO}`
    : (await input.probe.which('golangci-lint')) === undefined
      ? notInstalled('golangci-lint')
      : undefined;
  if (reason !== undefined)
    return skipTool(out, { kind: 'analyze', tool: 'golangci-lint', reason }, config.file);
  const limits = '--max-issues-per-linter=0 --max-same-issues=0 --allow-parallel-runners';
  const run = config.v2
    ? `golangci-lint run --output.checkstyle.path={report} ${limits}${config.inModule ? '' : ' --path-mode=abs'} ${targets}`
    : `golangci-lint run --out-format=checkstyle ${limits} ${targets}`;
  addTask(
    out,
    { kind: 'analyze', task: { name: 'golangci-lint', run, format: 'checkstyle', 'timeout-seconds': 600 } },
    `analyze golangci-lint: ${config.file} (v${config.v2 ? 2 : 1} config) and golangci-lint on PATH`,
  );
}

async function findConfig(
  input: DetectInput,
): Promise<{ file: string; v2: boolean; inModule: boolean } | undefined> {
  for (const dir of ancestors(input.directory)) {
    for (const name of GOLANGCI_CONFIGS) {
      const file = inDir(dir, name);
      const text = await input.read(file);
      if (text === undefined) continue;
      const v2 = /^\s*"?version"?\s*[:=]\s*["']?2\b/m.test(text);
      return { file, v2, inModule: dir === input.directory };
    }
  }
  return undefined;
}

/**
 * `./pkg/dir` for each directory of a changed .go file (`.` for the module root), as the go tool sees
 * packages: testdata belongs to the package above it, `_x`, `.x` and vendor directories to none. Only
 * go.mod/go.sum changed, or too many packages: the whole module.
 */
async function touchedPackages(input: DetectInput): Promise<string[]> {
  const { directory, files, probe } = input;
  const prefix = directory === '.' ? '' : `${directory}/`;
  const packages = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.go') || !file.startsWith(prefix)) continue;
    const parts = path.posix.dirname(file.slice(prefix.length)).split('/');
    const testdata = parts.indexOf('testdata');
    const dirs = (testdata < 0 ? parts : parts.slice(0, testdata)).filter((part) => part !== '.');
    if (dirs.some((part) => part.startsWith('_') || part.startsWith('.') || part === 'vendor')) continue;
    // A file the PR deleted may have taken its package with it.
    if (testdata < 0 && !(await probe.exists(file))) continue;
    packages.add(dirs.length === 0 ? '.' : `./${dirs.join('/')}`);
  }
  if (packages.size === 0 || packages.size > MAX_PACKAGES) return ['./...'];
  return [...packages].sort();
}

function requiredModules(goMod: string): number {
  const block = /^require\s*\(([^)]*)\)/gm;
  let count = (goMod.match(/^require\s+[^\s(]+\s+\S+/gm) ?? []).length;
  for (const match of goMod.matchAll(block))
    count += (match[1] ?? '').split('\n').filter((line) => /^\s*(?!\/\/)\S+\s+v\S+/.test(line)).length;
  return count;
}
