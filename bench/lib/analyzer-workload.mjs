// The analyzer benchmarks' workload (bench/analyzer*.bench.mjs): a synthetic, seeded PR written to a temp
// dir as `pr.diff` (unified diff, as git prints it), `workspace/` (the head checkout of every file that
// is present at head) and `tool-findings.json` (what a linter reported, before fingerprinting), and the
// work itself: parse the diff, run every built-in analyzer, filter, dedupe, sort and fingerprint.
// Secret-looking values are assembled from random pieces here, never written as literals.
import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { random } from './random.mjs';

export const FULL = { files: 3000, lines: 100_000, toolFindings: 5000 };
export const QUICK = { files: 300, lines: 10_000, toolFindings: 500 };
export const LARGE_FILE_BYTES = 1024 * 1024;

const WORDS = ['user', 'order', 'invoice', 'session', 'cart', 'search', 'profile', 'billing', 'auth', 'feed'];
const DIRS = ['src/components', 'src/services', 'src/lib', '__tests__', 'docs', 'scripts', 'config'];
const EXTS = ['ts', 'ts', 'ts', 'tsx', 'js', 'md', 'json', 'py', 'yml'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function generator(seed) {
  const next = random(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chars = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
  const word = () => pick(WORDS);
  const CODE = [
    () => `  const ${word()}Count = ${word()}s.filter((item) => item.active).length;`,
    () => `export function load${word()}(id: string): Promise<${word()}> {`,
    () => `  return fetch(\`/api/${word()}/\${id}\`).then((response) => response.json());`,
    () => `  if (${word()}.status === '${word()}') throw new Error('unexpected ${word()}');`,
    () => `import { ${word()}Service } from '../services/${word()}.js';`,
    () => `// ${word()} and ${word()} are kept in sync by the ${word()} job`,
    () => `  ${word()}: ${Math.floor(next() * 1000)},`,
    () => `  const checksum = '${chars('0123456789abcdef', 40)}';`,
    () => '}',
    () => '',
  ];
  // About one line in 500 is planted: a secret, a conflict marker or a random value under a safe name.
  const PLANTED = [
    () => `const awsKey = '${'AKIA'}${chars(UPPER_DIGITS, 16)}';`,
    () => `  apiToken: "${chars(ALNUM, 24)}",`,
    () => `GITHUB_TOKEN=${'ghp'}_${chars(ALNUM, 36)}`,
    () => '<'.repeat(7) + ' HEAD',
    () => `const seed = "${chars(ALNUM, 24)}";`,
  ];
  const line = () => (next() < 0.002 ? pick(PLANTED)() : pick(CODE)());
  return { next, pick, line };
}

const WORKFLOWS = [
  // A pwn request, an injection and write-all: every workflow-security rule fires.
  [
    'on:',
    '  pull_request_target:',
    'permissions: write-all',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          ref: ${{ github.event.pull_request.head.sha }}',
    '      - run: |',
    '          echo "${{ github.event.pull_request.title }}"',
    '          npm ci && npm test',
  ],
  // A safe one: base checkout, untrusted text through env.
  [
    'on: pull_request',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  lint:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - env:',
    '          TITLE: ${{ github.event.pull_request.title }}',
    '        run: echo "$TITLE" && npm run lint',
  ],
];

const addedDiff = (path, lines) => [
  `diff --git a/${path} b/${path}`,
  'new file mode 100644',
  'index 0000000..1111111',
  '--- /dev/null',
  `+++ b/${path}`,
  `@@ -0,0 +1,${lines.length} @@`,
  ...lines.map((text) => `+${text}`),
];

/** The unified diff of one text file and its head content (undefined when removed). */
function textFile(path, status, added, gen) {
  if (status === 'added') {
    const head = Array.from({ length: added }, gen.line);
    return { diff: addedDiff(path, head), head };
  }
  if (status === 'removed') {
    const old = Array.from({ length: 5 }, gen.line);
    const diff = [
      `diff --git a/${path} b/${path}`,
      'deleted file mode 100644',
      'index 1111111..0000000',
      `--- a/${path}`,
      '+++ /dev/null',
      `@@ -1,${old.length} +0,0 @@`,
      ...old.map((text) => `-${text}`),
    ];
    return { diff, head: undefined };
  }
  return modifiedFile(path, added, gen);
}

/** A modified file: its `added` lines spread over hunks of 1–12, with context and a few deletions. */
function modifiedFile(path, added, gen) {
  const head = [];
  const diff = [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
  ];
  let oldLine = 1;
  const unchanged = (count, hunk) => {
    for (let i = 0; i < count; i++) {
      const text = gen.line();
      head.push(text);
      hunk?.push(` ${text}`);
      oldLine++;
    }
  };
  for (let remaining = added; remaining > 0;) {
    unchanged(3 + Math.floor(gen.next() * 20));
    const adds = Math.min(remaining, 1 + Math.floor(gen.next() * 12));
    const dels = Math.floor(gen.next() * 3);
    remaining -= adds;
    const header = `@@ -${oldLine},${6 + dels} +${head.length + 1},${6 + adds} @@`;
    const hunk = [];
    unchanged(3, hunk);
    for (let i = 0; i < dels; i++) hunk.push(`-${gen.line()}`);
    oldLine += dels;
    for (let i = 0; i < adds; i++) {
      const text = gen.line();
      head.push(text);
      hunk.push(`+${text}`);
    }
    unchanged(3, hunk);
    diff.push(header, ...hunk);
  }
  unchanged(5);
  return { diff, head };
}

/** Writes the workload into a new temp dir; returns its paths. */
export function writeWorkload(size, seed = 12) {
  const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-analyzer-'));
  const { workspace } = workloadPaths(dir);
  const gen = generator(seed);
  const write = (path, content) => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  };
  const diff = [];
  const heads = new Map();
  const binaryCount = Math.max(3, Math.round(size.files / 100));
  const workflows = Array.from({ length: Math.max(2, Math.round(size.files / 150)) }, (_, i) => ({
    path: `.github/workflows/wf-${i}.yml`,
    lines: WORKFLOWS[i % WORKFLOWS.length],
  }));
  const text = Array.from({ length: size.files - binaryCount - workflows.length }, (_, i) => {
    const roll = gen.next();
    const status = roll < 0.02 ? 'removed' : roll < 0.25 ? 'added' : 'modified';
    return {
      path: `${gen.pick(DIRS)}/${gen.pick(WORDS)}-${i}.${gen.pick(EXTS)}`,
      status,
      weight: 0.2 + gen.next(),
    };
  });
  // The added lines, shared by weight among the files present at head; exactly size.lines in all.
  const present = text.filter((file) => file.status !== 'removed');
  const lines = size.lines - workflows.reduce((sum, workflow) => sum + workflow.lines.length, 0);
  const total = present.reduce((sum, file) => sum + file.weight, 0);
  for (const file of present) file.added = Math.max(1, Math.floor((file.weight / total) * lines));
  present[0].added += lines - present.reduce((sum, file) => sum + file.added, 0);

  for (const { path, lines } of workflows) {
    diff.push(...addedDiff(path, lines));
    write(path, `${lines.join('\n')}\n`);
    heads.set(path, lines);
  }
  for (const { path, status, added = 0 } of text) {
    const file = textFile(path, status, added, gen);
    diff.push(...file.diff);
    if (file.head === undefined) continue;
    write(path, `${file.head.join('\n')}\n`);
    heads.set(path, file.head);
  }
  // Binary files: two in three added, most small, three over the large-file limit.
  for (let i = 0; i < binaryCount; i++) {
    const path = `assets/image-${i}.png`;
    const added = i % 3 !== 2;
    diff.push(
      `diff --git a/${path} b/${path}`,
      ...(added ? ['new file mode 100644', 'index 0000000..3333333'] : ['index 3333333..4444444 100644']),
      `Binary files ${added ? '/dev/null' : `a/${path}`} and b/${path} differ`,
    );
    const bytes = i < 3 ? LARGE_FILE_BYTES + 200_000 : 1024 + Math.floor(gen.next() * 40_000);
    write(path, Buffer.alloc(bytes, i));
  }
  const paths = workloadPaths(dir);
  writeFileSync(paths.diffPath, `${diff.join('\n')}\n`);
  writeFileSync(paths.toolFindingsPath, JSON.stringify(toolFindings(size.toolFindings, heads, gen)));
  return paths;
}

/** Where a workload written into `dir` keeps its parts. */
export function workloadPaths(dir) {
  return {
    dir,
    workspace: join(dir, 'workspace'),
    diffPath: join(dir, 'pr.diff'),
    toolFindingsPath: join(dir, 'tool-findings.json'),
  };
}

/** A linter's raw messages: half on lines of files the PR touched, a few past the end of the file. */
function toolFindings(count, heads, gen) {
  const paths = [...heads.keys()];
  return Array.from({ length: count }, (_, i) => {
    const path = gen.pick(paths);
    const length = heads.get(path).length;
    const line = i % 50 === 0 ? length + 10 : 1 + Math.floor(gen.next() * length);
    const rule = gen.pick(['no-unused-vars', 'eqeqeq', 'no-console', 'prefer-const', 'no-var']);
    const severity = gen.pick(['error', 'warning', 'warning', 'notice']);
    return { rule, severity, message: `${rule}: ${gen.pick(WORDS)} is flagged`, path, line };
  });
}

export function removeWorkload(workload) {
  rmSync(workload.dir, { recursive: true, force: true });
}

const shared = new Map();

/** One workload per size for the whole bench process (both analyzer benches use it), removed on exit. */
export function sharedWorkload(quick) {
  const size = quick ? QUICK : FULL;
  if (!shared.has(size)) {
    const workload = { ...writeWorkload(size), size };
    shared.set(size, workload);
    process.once('exit', () => removeWorkload(workload));
  }
  return shared.get(size);
}

/** The compiled modules the work needs, from the bench build. */
export async function loadModules(buildDir) {
  const load = (file) => import(pathToFileURL(join(buildDir, file)).href);
  const [build, builtins, filter, fingerprint, schema] = await Promise.all([
    load('context/build.js'),
    load('agents/builtins/index.js'),
    load('findings/filter.js'),
    load('findings/fingerprint.js'),
    load('policy/schema.js'),
  ]);
  return { ...build, ...builtins, ...filter, ...fingerprint, BUILTIN_ANALYZERS: schema.BUILTIN_ANALYZERS };
}

/** The PR metadata of the synthetic workload (the diff-index benchmark reads the same PR). */
export const META = {
  repo: { owner: 'octo', name: 'bench' },
  number: 1,
  title: 'Synthetic PR',
  base: { sha: 'a'.repeat(40), ref: 'main' },
  head: { sha: 'b'.repeat(40), ref: 'feature' },
  author: 'octocat',
  association: 'MEMBER',
  draft: false,
  labels: [],
  fork: false,
};

/**
 * The measured work, from diff text to the review's ordered findings: the PR context, each built-in
 * analyzer over the files present at head (as runBuiltin does: dedupe + sort per analyzer), the tool's
 * messages fingerprinted (by the added line's content, else the line number) and kept on added lines,
 * then everything deduped and sorted as the report does.
 */
export async function analyze(modules, { diffText, rawToolFindings, workspace }) {
  const m = modules;
  const context = m.buildPrContext('pull_request', META, diffText);
  const files = context.files.filter((file) => file.status !== 'removed');
  const input = { files, diffIndex: context.diffIndex, workspace, largeFileBytes: LARGE_FILE_BYTES };
  const perAnalyzer = await Promise.all(
    m.BUILTIN_ANALYZERS.map(async (name) =>
      m.sortFindings(m.dedupeFindings(await m.BUILTIN_SCANNERS[name](input))),
    ),
  );
  const tool = rawToolFindings.map((raw) => ({
    ...raw,
    source: 'eslint',
    fingerprint: m.findingFingerprint(
      raw.rule,
      raw.path,
      context.diffIndex.addedLines(raw.path).get(raw.line),
      raw.line,
    ),
  }));
  const kept = m.filterToAddedLines(tool, context.diffIndex);
  const findings = m.sortFindings(m.dedupeFindings([...perAnalyzer.flat(), ...kept]));
  return { context, findings };
}

/** Reads the workload's inputs as the action would hold them in memory. */
export function readInputs(workload) {
  return {
    diffText: readFileSync(workload.diffPath, 'utf8'),
    rawToolFindings: JSON.parse(readFileSync(workload.toolFindingsPath, 'utf8')),
    workspace: workload.workspace,
  };
}
