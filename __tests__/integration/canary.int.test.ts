// The canary test: secrets made at run time and planted everywhere a run reads (inputs, environment, the
// diff, tool output, LLM answers), then searched for in every artifact and every request body of the
// bundled action and of the CLI. Markers planted the same ways, which no redaction can know, must show
// up in those same places: proof that the search looks where the canaries would land.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fakeLlmInputs, runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import {
  startFakeLlm,
  type ChatRequest,
  type FakeLlm,
  type RecordedRequest,
  type Reply,
  confirmAll,
  isVerifyRequest,
} from '../../__fixtures__/fake-llm/server.mjs';
import { addedLinesOf, schemaNameOf } from '../../__fixtures__/llm-prompt.js';
import { createTempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz`;
const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
const hex = () => randomBytes(12).toString('hex');

// Registered by name. Some are shaped as the real ones (`ghs_`, `npm_`, with an underscore that
// Markdown escapes), some are plain, shaped like no known token: only registration can mask them.
const TOKEN = `ghs_${pick(ALNUM, 36)}`;
const LLM_KEY = `sk-canary-${hex()}`;
const ENV_SECRETS = {
  MY_SERVICE_TOKEN: `canary-service-${hex()}`,
  DEPLOY_PASSWORD: `canary-deploy-${hex()}`,
  NPM_TOKEN: `npm_${pick(ALNUM, 36)}`,
};
// Added by the PR: only the secrets analyzer's patterns know them.
const AWS_KEY = `AKIA${pick(UPPER, 16)}`;
const GH_PAT = `ghp_${pick(ALNUM, 36)}`;
const CANARIES: Record<string, string> = {
  'github-token': TOKEN,
  'llm-api-key': LLM_KEY,
  ...ENV_SECRETS,
  'diff AWS key': AWS_KEY,
  'diff GitHub token': GH_PAT,
};
const ALL_CANARIES = Object.keys(CANARIES);

// Planted where the canaries are, but no redaction knows them.
const MARKERS = {
  /** An added line of the diff, next to the secrets (the tools and the LLM read it). */
  diff: `kilo-marker-diff-${hex()}`,
  /** A variable with a plain name: the sandbox passes it, and the tools echo it as they echo secrets. */
  env: `kilo-marker-env-${hex()}`,
  /** The LLM's answers, next to the canaries it repeats. */
  llm: `kilo-marker-llm-${hex()}`,
  /** The lint task's name: the plan (GITHUB_OUTPUT) and the CLI's progress lines carry it. */
  config: `kilo-marker-config-${hex()}`,
};
type Marker = keyof typeof MARKERS;
const PLAIN_ENV = 'KILO_CANARY_NOTE';
const ECHOED_ENV = [...Object.keys(ENV_SECRETS), 'GITHUB_TOKEN', 'INPUT_GITHUB-TOKEN', 'INPUT_LLM-API-KEY'];
const PR = 21;
const RESULTS_CACHE = join('kilo-agent', 'results-cache');

// A linter (ESLint JSON) that reports every line it is given, with every variable it was asked to echo.
const LINT = `import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const env = ${JSON.stringify([...ECHOED_ENV, PLAIN_ENV])}.map((n) => n + '=' + (process.env[n] ?? '(unset)')).join(' ');
const results = process.argv.slice(2).map((file) => ({
  filePath: resolve(file),
  messages: readFileSync(file, 'utf8').split('\\n').flatMap((text, i) =>
    text.trim() ? [{ ruleId: 'canary/echo', severity: 1, message: 'line says ' + text.trim() + ' | ' + env, line: i + 1 }] : []),
}));
process.stdout.write(JSON.stringify(results));
`;
// A check (exit code) that fails; its last stderr line, the failure's reason, holds what it read.
const ECHO = `import { readFileSync } from 'node:fs';
const values = process.argv.slice(2).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'([^']+)'/g)].map((m) => m[1]));
const env = ['MY_SERVICE_TOKEN', '${PLAIN_ENV}'].map((n) => n + '=' + (process.env[n] ?? '(unset)'));
console.error([...values, ...env].join(' '));
process.exit(3);
`;
const CONFIG = `policy:
  commands: { allow: ['node tools/lint.mjs*', 'node tools/echo.mjs*'] }
llm:
  plan: true
tasks:
  analyze:
    - { name: ${MARKERS.config}, run: 'node tools/lint.mjs {files}', format: eslint-json, paths: ['src/**'] }
    - { name: canary-echo, run: 'node tools/echo.mjs {files}', paths: ['src/**'] }
`;
const ADDED = [
  `export const awsKeyId = '${AWS_KEY}';`,
  `export const ghToken = '${GH_PAT}';`,
  `export const note = '${MARKERS.diff}';`,
];
const PR_BODY = `Ships ${AWS_KEY} and ${GH_PAT}; ${MARKERS.diff}`;

/**
 * A model that repeats every canary: as reviewer, a finding on the AWS line and a suggestion on the
 * marker line; as planner, in its rationale. (It could not know them: they are planted.)
 */
function parrotModel(request: ChatRequest): Reply {
  const echo = `${MARKERS.llm} ${Object.values(CANARIES).join(' ')}`;
  if (schemaNameOf(request) !== 'review')
    return { json: { order: [], skip: [], rationale: `${MARKERS.llm} ${AWS_KEY} ${LLM_KEY} ${TOKEN}` } };
  const items = [];
  for (const { path, line, text } of addedLinesOf(request)) {
    const at = { path, line, endLine: null };
    if (text.includes('awsKeyId'))
      items.push({ ...at, severity: 'warning', message: `finding: ${echo}`, replacement: null });
    if (text.includes(MARKERS.diff))
      items.push({
        ...at,
        severity: 'warning',
        message: `suggestion: ${echo}`,
        replacement: `export const note = '${MARKERS.llm} ${AWS_KEY} ${GH_PAT} ${LLM_KEY}';`,
      });
  }
  return { json: { findings: items } };
}

/** Texts by name, in groups: one group per kind of artifact. */
type Places = Record<string, Record<string, string>>;

/** The file's text; '' when it is missing (the run's own checks then fail, not the setup). */
function readIfAny(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Every file under `dir` (none when it does not exist), by path relative to it. */
function filesUnder(dir: string, skip: (name: string) => boolean = () => false): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (!skip(name) && statSync(path).isFile()) files[name] = readFileSync(path, 'utf8');
  }
  return files;
}

/**
 * The text as its reader sees it: JSON `\u` escapes, HTML entities, zero-width spaces and the backslashes
 * of Markdown and JSON escapes undone (`ghp\_…` in a comment is the token all the same). Values hold no
 * backslash, so every copy in the raw text is still there.
 */
function unescaped(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/[\\\u200b]/g, '');
}

/** For each value (by label) found in the group, in any escaped form: the names of the texts that hold it. */
function found(group: Record<string, string>, labels: readonly string[], values: Record<string, string>) {
  const where: Record<string, string[]> = {};
  for (const label of labels) {
    const names = Object.keys(group).filter((name) => unescaped(group[name]!).includes(values[label]!));
    if (names.length) where[label] = names;
  }
  return where;
}

/** What the fake LLM received, less its Authorization header (where the key belongs). */
function llmTexts(requests: readonly RecordedRequest[]): Record<string, string> {
  return Object.fromEntries(
    requests.map((r, i) => {
      const { authorization: _key, ...headers } = r.headers;
      return [`request ${i}`, JSON.stringify({ path: r.path, headers, body: r.body })];
    }),
  );
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const { KILO_LLM_API_KEY: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...parentEnv, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    }),
  );
}

/**
 * Each group's expectations: the markers it must hold (the positive control), and the canaries that leak
 * into it today, by cause. Every other canary must be absent; a known leak is an `it.failing`, so the
 * fix shows up as a test to update. `optional`: a file the run may not write (kilo.rdjson).
 */
interface GroupSpec {
  markers: Marker[];
  knownLeaks?: { canaries: readonly string[]; cause: string };
  optional?: boolean;
}

function describePlaces(title: string, places: () => Places, specs: Record<string, GroupSpec>): void {
  describe(title, () => {
    const entries = Object.entries(specs);
    const group = (name: string) => places()[name] ?? {};
    it('searches every group it has expectations for, and only those', () => {
      const searched = Object.keys(places());
      expect(searched.filter((name) => !(name in specs))).toEqual([]);
      expect(entries.filter(([name, spec]) => !spec.optional && !searched.includes(name))).toEqual([]);
    });
    it.each(entries.filter(([, spec]) => spec.markers.length > 0))(
      'positive control: markers planted like the canaries show up in %s',
      (name, spec) => {
        if (spec.optional && !(name in places())) return;
        expect(Object.keys(found(group(name), Object.keys(MARKERS), MARKERS))).toEqual(
          expect.arrayContaining(spec.markers),
        );
      },
    );
    const clean = entries.flatMap(([name, spec]) => {
      const labels = ALL_CANARIES.filter((label) => !spec.knownLeaks?.canaries.includes(label));
      return labels.length ? [[name, labels.join(', '), labels] as const] : [];
    });
    it.each(clean)('no canary in %s (%s)', (name, _list, labels) => {
      expect(found(group(name), labels, CANARIES)).toEqual({});
    });
    const leaky = entries.flatMap(([name, { knownLeaks }]) =>
      knownLeaks
        ? [[name, knownLeaks.canaries.join(', '), knownLeaks.cause, knownLeaks.canaries] as const]
        : [],
    );
    if (leaky.length === 0) return;
    it.failing.each(leaky)('KNOWN LEAK: %s holds %s — %s', (name, _list, _cause, labels) => {
      expect(found(group(name), labels, CANARIES)).toEqual({});
    });
  });
}

// Leaks this test found when it was written, all fixed by redacting the report before rendering, the
// LLM's answers before caching, and the CLI's environment (see docs/decisions.md, issue 9). A new
// known leak goes in a group's `knownLeaks`, with its cause.

describe('canaries planted everywhere never come out', () => {
  const cleanup: string[] = [];
  const repo = createTempRepo('kilo-canary-');
  cleanup.push(repo.dir);
  const base = repo.commit('base', {
    '.github/kilo.yml': CONFIG,
    'tools/lint.mjs': LINT,
    'tools/echo.mjs': ECHO,
    'src/app.js': "export const a = 'x';\n",
  });
  const head = repo.commit('head', { 'src/app.js': `export const a = 'x';\n${ADDED.join('\n')}\n` });

  let github: FakeGitHub;
  let llm: FakeLlm;
  let action: ActionRun;
  let actionLlm: readonly RecordedRequest[] = [];
  let actionPlaces: Places = {};
  let cliRun: CliRun;
  let cliLlm: readonly RecordedRequest[] = [];
  let cliPlaces: Places = {};

  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    llm = await startFakeLlm({
      apiKey: LLM_KEY,
      respond: (r) => (isVerifyRequest(r) ? confirmAll(r) : parrotModel(r)),
    });
    github.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      body: PR_BODY,
      files: prFilesFromGit(repo.dir, base, head),
    });
    const actionCache = mkdtempSync(join(tmpdir(), 'kilo-canary-cache-'));
    cleanup.push(actionCache);
    action = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head, body: PR_BODY }),
      workspace: repo.dir,
      inputs: {
        'github-token': TOKEN,
        ...fakeLlmInputs(llm, LLM_KEY),
      },
      env: {
        GITHUB_API_URL: github.url,
        KILO_LLM_RETRY_BASE_MS: '5',
        KILO_LLM_CACHE_DIR: actionCache,
        GITHUB_TOKEN: TOKEN, // as workflows pass it to their steps
        ...ENV_SECRETS,
        [PLAIN_ENV]: MARKERS.env,
      },
    });
    cleanup.push(action.runnerTemp);
    actionLlm = [...llm.requests];
    const { trace = '', summary = '', sarif = '' } = action.outputs;
    const rdjson = join(dirname(sarif), 'kilo.rdjson');
    const inTemp = (file: string) => relative(action.runnerTemp, file);
    const named = new Set([trace, summary, sarif, rdjson].map(inTemp));
    actionPlaces = {
      'trace (outputs.trace)': { [inTemp(trace)]: readIfAny(trace) },
      'summary file (outputs.summary)': { [inTemp(summary)]: readIfAny(summary) },
      'SARIF (outputs.sarif)': { [inTemp(sarif)]: readIfAny(sarif) },
      ...(existsSync(rdjson)
        ? { 'kilo.rdjson (beside the SARIF)': { [inTemp(rdjson)]: readIfAny(rdjson) } }
        : {}),
      'job summary': { GITHUB_STEP_SUMMARY: action.summary },
      GITHUB_OUTPUT: { GITHUB_OUTPUT: readIfAny(join(action.runnerTemp, 'output')) },
      // Not event.json (the test wrote it); output and summary.md are the two above.
      'other files in RUNNER_TEMP': filesUnder(
        action.runnerTemp,
        (name) =>
          ['event.json', 'output', 'summary.md'].includes(name) ||
          named.has(name) ||
          name.startsWith(RESULTS_CACHE),
      ),
      // The next run reads it back (reuse-results is on by default): it holds whole subtask results.
      'results cache (RUNNER_TEMP/kilo-agent/results-cache)': filesUnder(
        join(action.runnerTemp, RESULTS_CACHE),
      ),
      // `::add-mask::` is how the runner learns what to mask in the log: checked on its own below.
      stdout: {
        stdout: action.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
      },
      stderr: { stderr: action.stderr },
      'GitHub requests': Object.fromEntries(
        github.requests.map((r, i) => [`${i} ${r.method} ${r.path}`, JSON.stringify(r)]),
      ),
      'LLM requests': llmTexts(actionLlm),
      'LLM answer cache': filesUnder(actionCache),
    };

    const out = mkdtempSync(join(tmpdir(), 'kilo-canary-out-'));
    const childTmp = mkdtempSync(join(tmpdir(), 'kilo-canary-tmp-'));
    cleanup.push(out, childTmp);
    cliRun = await cli(
      [
        ...['review', '--repo', repo.dir, '--base', base, '--out', out],
        ...['--llm-provider', 'openai-compatible', '--llm-model', 'fake-model', '--llm-base-url', llm.url],
        ...['--llm-cache', join(out, 'llm-cache')],
      ],
      {
        TMPDIR: childTmp,
        KILO_LLM_API_KEY: LLM_KEY,
        GITHUB_TOKEN: TOKEN,
        ...ENV_SECRETS,
        [PLAIN_ENV]: MARKERS.env,
      },
    );
    cliLlm = llm.requests.slice(actionLlm.length);
    const outFile = (name: string) => ({ [name]: readIfAny(join(out, name)) });
    const reports = ['kilo-report.md', 'kilo-trace.jsonl', 'kilo.sarif', 'kilo.rdjson'];
    cliPlaces = {
      'kilo-report.md': outFile('kilo-report.md'),
      'kilo-trace.jsonl': outFile('kilo-trace.jsonl'),
      'kilo.sarif': outFile('kilo.sarif'),
      ...(existsSync(join(out, 'kilo.rdjson')) ? { 'kilo.rdjson': outFile('kilo.rdjson') } : {}),
      'other files in --out and TMPDIR': {
        ...filesUnder(out, (name) => reports.includes(name) || name.startsWith('llm-cache')),
        ...filesUnder(childTmp),
      },
      stdout: { stdout: cliRun.stdout },
      stderr: { stderr: cliRun.stderr },
      'LLM requests': llmTexts(cliLlm),
      'LLM answer cache': filesUnder(join(out, 'llm-cache')),
    };
  }, 180_000);

  afterAll(async () => {
    await Promise.all([github?.close(), llm?.close()]);
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  describe('the action (dist/index.js)', () => {
    it('reviewed the PR: secrets, tool and LLM findings, the LLM suggestion, all posted', () => {
      expect(github.violations).toEqual([]);
      expect(action.status).toBe(1);
      // 2 secrets, 3 lint lines, 1 LLM finding; the echo check failed; the LLM's suggestion.
      expect(action.outputs).toMatchObject({ conclusion: 'failure', findings: '6', suggestions: '1' });
      expect(github.state.checkRuns.map((r) => r.status)).toEqual(['completed']);
      expect(github.state.reviews).toHaveLength(1);
      expect(github.state.issueComments).toHaveLength(1);
      // The plan, one review call and its verify pass.
      expect(actionLlm.map((r) => r.status)).toEqual([200, 200, 200]);
    });

    it('tells the runner to mask the token and the LLM key', () => {
      const masks = action.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
      expect(masks).toEqual(expect.arrayContaining([`::add-mask::${TOKEN}`, `::add-mask::${LLM_KEY}`]));
    });

    it('runs tools without the secret variables, but with the plain one', () => {
      const summary = unescaped(action.summary);
      for (const name of ECHOED_ENV) expect(summary).toContain(`${name}=(unset)`);
      expect(summary).toContain(`${PLAIN_ENV}=${MARKERS.env}`);
    });

    it('sends the LLM key in the Authorization header of every LLM request', () => {
      expect(actionLlm.map((r) => r.headers.authorization)).toEqual(actionLlm.map(() => `Bearer ${LLM_KEY}`));
    });
  });

  describePlaces('the action: every artifact and request', () => actionPlaces, {
    'trace (outputs.trace)': { markers: ['diff', 'env', 'llm', 'config'] },
    'summary file (outputs.summary)': {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    'SARIF (outputs.sarif)': {
      markers: ['diff', 'env', 'llm'],
    },
    'kilo.rdjson (beside the SARIF)': {
      markers: ['diff', 'env', 'llm'],
      optional: true,
    },
    'job summary': {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    GITHUB_OUTPUT: { markers: ['config'] },
    'other files in RUNNER_TEMP': { markers: [] },
    'results cache (RUNNER_TEMP/kilo-agent/results-cache)': { markers: ['diff', 'env', 'llm'] },
    stdout: {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    stderr: { markers: [] },
    'GitHub requests': {
      markers: ['diff', 'env', 'llm'],
    },
    'LLM requests': { markers: ['diff', 'config'] },
    'LLM answer cache': {
      markers: ['llm'],
    },
  });

  describe('the CLI (dist/cli.js review)', () => {
    it('reviewed the range: the same findings and suggestion', () => {
      expect(cliRun.status).toBe(1);
      expect(cliRun.stdout).toContain('Kilo Agent: FAILURE - 2 errors, 4 warnings, 1 suggestion');
      expect(cliLlm.map((r) => r.status)).toEqual([200, 200, 200]);
    });

    it('sends the LLM key in the Authorization header of every LLM request', () => {
      expect(cliLlm.map((r) => r.headers.authorization)).toEqual(cliLlm.map(() => `Bearer ${LLM_KEY}`));
    });
  });

  describePlaces('the CLI: every file it writes, its output and its requests', () => cliPlaces, {
    'kilo-report.md': {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    'kilo-trace.jsonl': {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    'kilo.sarif': {
      markers: ['diff', 'env', 'llm'],
    },
    'kilo.rdjson': {
      markers: ['diff', 'env', 'llm'],
      optional: true,
    },
    'other files in --out and TMPDIR': { markers: [] },
    stdout: {
      markers: ['diff', 'env', 'llm', 'config'],
    },
    stderr: { markers: ['config'] },
    'LLM requests': { markers: ['diff', 'config'] },
    'LLM answer cache': {
      markers: ['llm'],
    },
  });
});
