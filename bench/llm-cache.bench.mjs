// Benchmark (issue 8): the LLM answer cache. Each round reviews a small PR twice with the bundled CLI
// (dist/cli.js review, as a user runs it) and the same --llm-cache dir, fresh for the round, against the
// loopback fake OpenAI-compatible server, and counts the LLM requests each run made. The counts are
// exact on every machine; the wall times are in the note. Target: the rerun makes 0 LLM requests.
// Baseline column: the first run's requests (what the rerun would cost without the cache).
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { confirmAll, isVerifyRequest, startFakeLlm, userOf } from '../__fixtures__/fake-llm/server.mjs';
import { median } from './lib/stats.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MODEL = 'fake-model';
// Made at run time: the CLI takes the key from the environment only.
const API_KEY = `sk-bench-${process.pid}-${Date.now()}`;
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@test.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** A repo whose `topic` branch (checked out) changes three files of `main`. */
function writeRepo(dir) {
  const git = (...args) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: GIT_ENV });
  const write = (files) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  const lines = (name, n) =>
    Array.from({ length: n }, (_, i) => `export const ${name}${i} = ${i};`).join('\n');
  git('init', '--quiet', '--initial-branch=main');
  write({ 'src/a.js': `${lines('a', 20)}\n`, 'src/b.js': `${lines('b', 20)}\n`, 'README.md': '# demo\n' });
  git('add', '-A');
  git('commit', '--quiet', '-m', 'base');
  git('checkout', '--quiet', '-b', 'topic');
  write({
    'src/a.js': `${lines('a', 20)}\nexport const greeting = "hello";\n`,
    'src/b.js': `${lines('b', 10)}\nexport function total(xs) { return xs.reduce((s, x) => s + x); }\n${lines('b', 20)}\n`,
    'src/c.js': `${lines('c', 8)}\n`,
  });
  git('add', '-A');
  git('commit', '--quiet', '-m', 'topic');
}

/** The reviewer's answer: one finding on the first added line the prompt shows, with a fix; verdicts confirm it. */
function respond(request) {
  // The verify pass confirms it (a failed verify is not cached, and would be asked again on the rerun).
  if (isVerifyRequest(request)) return confirmAll(request);
  let path;
  for (const line of userOf(request).split('\n')) {
    path = /^file: (.+)$/.exec(line)?.[1] ?? path;
    const added = /^\s*(\d+) \+ (.*)$/.exec(line);
    if (path === undefined || added === null) continue;
    const finding = {
      path,
      line: Number(added[1]),
      endLine: null,
      severity: 'warning',
      message: 'Name this constant after what it holds.',
      replacement: added[2].replace('export const', 'export const renamed_'),
    };
    return { json: { findings: [finding] } };
  }
  return { json: { findings: [] } };
}

/** One `kilo-agent review` of the repo; resolves with its wall time, rejects on exit status ≥ 2. */
function review(state, llmUrl, cacheDir, outDir) {
  const args = [
    ...[CLI, 'review', '--repo', state.repo, '--base', 'main', '--out', outDir, '--json'],
    ...['--llm-provider', 'openai-compatible', '--llm-model', MODEL, '--llm-base-url', llmUrl],
    ...['--llm-cache', cacheDir],
  ];
  const env = { ...process.env, KILO_LLM_API_KEY: API_KEY, TMPDIR: state.dir };
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error && error.code !== 1)
        return reject(new Error(`kilo-agent review failed: ${stderr || error.message}`));
      resolve(performance.now() - start);
    });
  });
}

export default {
  name: 'LLM requests on a rerun with the answer cache (`kilo-agent review` twice)',
  target: 0,
  unit: 'requests',
  rounds: { warmup: 0, measured: 5 },

  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-bench-llm-cache-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    writeRepo(repo);
    return { dir, repo, round: 0, firstMs: [], secondMs: [], note: '' };
  },

  async run(state) {
    // A fresh server and cache per round: the count is the round's own, and nothing outlives it.
    const llm = await startFakeLlm({ apiKey: API_KEY, respond });
    const roundDir = join(state.dir, `round-${state.round++}`);
    const cacheDir = join(roundDir, 'cache');
    try {
      state.firstMs.push(await review(state, llm.url, cacheDir, join(roundDir, 'first')));
      const first = llm.requests.length;
      state.secondMs.push(await review(state, llm.url, cacheDir, join(roundDir, 'second')));
      const second = llm.requests.length - first;
      const failed = llm.requests.filter((r) => r.status !== 200);
      if (first === 0 || failed.length > 0) {
        throw new Error(
          `the first run should ask the LLM and succeed: ${first} requests, ${failed.length} failed` +
            (failed[0]?.error ? ` (${failed[0].error})` : ''),
        );
      }
      state.note =
        `3-file PR; first run ${first} LLM request(s), median ${median(state.firstMs).toFixed(0)} ms; ` +
        `rerun on the same --llm-cache ${second} request(s), median ${median(state.secondMs).toFixed(0)} ms ` +
        `(wall time of the CLI process, ${state.firstMs.length} rounds)`;
      return { ours: second, baseline: first };
    } finally {
      await llm.close();
      rmSync(roundDir, { recursive: true, force: true });
    }
  },
};
