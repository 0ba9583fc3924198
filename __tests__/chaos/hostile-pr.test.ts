// A hostile pull request, reviewed by the bundled action against the fake GitHub and the fake LLM: it
// adds a symlink to a file outside the workspace, file names built to break shells (`$(…)`, `;`,
// backticks, a newline, a leading dash), and a tool and a model that point findings at `..` and
// absolute paths. Nothing may run that the config did not ask for, nothing outside the workspace may
// be read into any output, and findings land on the right files or nowhere.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeLlmInputs, runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../__fixtures__/fake-github/index.js';
import {
  startFakeLlm,
  userOf,
  type ChatRequest,
  type FakeLlm,
  type Reply,
} from '../../__fixtures__/fake-llm/server.mjs';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { QUOTE_FIXER } from '../../__fixtures__/quote-fixer.js';
import { pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'hostileToken'.repeat(3);
const LLM_KEY = 'sk-hostile-' + 'k'.repeat(24);
const PR = 9;
/** What the file outside the workspace holds: it must never reach any output. */
const HOST_SECRET = `kilo-host-secret-${randomBytes(12).toString('hex')}`;
const ODD_NAMES = [
  'src/$(touch PWNED-subst).js',
  'src/semi;touch PWNED-semi;.js',
  'src/`touch PWNED-tick`.js',
  'src/new\nline.js',
  'src/-rf.js',
  'src/a b  c.js',
];
// A linter (ESLint JSON) that quotes the first line of every file it is handed, and also reports on
// files outside the workspace, as a confused or hostile tool might.
const LINT = `import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const quote = (file) => { try { return readFileSync(file, 'utf8').split('\\n')[0]; } catch (e) { return String(e.code); } };
const results = process.argv.slice(2).map((file) => ({
  filePath: resolve(file),
  messages: [{ ruleId: 'hostile/quote', severity: 1, message: 'first line: ' + quote(file), line: 1 }],
}));
for (const filePath of ['../outside/secret.txt', '/etc/passwd', resolve('..', 'outside', 'secret.txt')])
  results.push({ filePath, messages: [{ ruleId: 'hostile/escape', severity: 2, message: 'escaped', line: 1 }] });
process.stdout.write(JSON.stringify(results));
`;
const CONFIG = `policy:
  commands: { allow: ['node tools/lint.mjs*', 'node fix.mjs*'] }
tasks:
  analyze: [{ name: lint, run: 'node tools/lint.mjs {files}', format: eslint-json, paths: ['src/**'] }]
  refactor: [{ name: quotes, run: 'node fix.mjs {files}', paths: ['src/**'] }]
`;

/** A model that answers with findings on paths outside the diff and outside the workspace. */
function model(request: ChatRequest): Reply {
  const format = request.body.response_format;
  if (format?.type !== 'json_schema' || format.json_schema.name !== 'review')
    return { json: { order: [], skip: [], rationale: 'Run it all.' } };
  const escape = (path: string) => ({
    path,
    line: 1,
    endLine: null,
    severity: 'error',
    message: 'escape',
    replacement: null,
  });
  const files = [...userOf(request).matchAll(/^file: (.+)$/gm)].map((m) => m[1]!);
  return {
    json: {
      findings: [
        escape('../outside/secret.txt'),
        escape('/etc/passwd'),
        escape('src/../../outside/secret.txt'),
        ...files
          .slice(0, 1)
          .map((path) => ({ ...escape(path), severity: 'warning', message: 'model looked here' })),
      ],
    },
  };
}

describe('a hostile PR, end to end', () => {
  let github: FakeGitHub;
  let llm: FakeLlm;
  let repo: TempRepo;
  let run: ActionRun;
  let sandbox: string;
  let base: string;
  let head: string;

  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'octo', repo: 'shop' });
    llm = await startFakeLlm({ apiKey: LLM_KEY, respond: model });
    sandbox = mkdtempSync(join(tmpdir(), 'kilo-hostile-'));
    writeFileSync(join(sandbox, 'secret.txt'), `${HOST_SECRET}\n`);
    repo = createTempRepo('kilo-hostile-repo-');
    base = repo.commit('base', {
      '.github/kilo.yml': CONFIG,
      'tools/lint.mjs': LINT,
      'fix.mjs': QUOTE_FIXER,
      'src/app.js': "export const a = 'x';\n",
    });
    symlinkSync(join(sandbox, 'secret.txt'), join(repo.dir, 'src/leak.js'));
    symlinkSync('../../../etc/passwd', join(repo.dir, 'src/passwd.js'));
    head = repo.commit(
      'hostile head',
      Object.fromEntries(ODD_NAMES.map((name) => [name, 'export const greeting = "hello";\n'])),
    );
    github.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      files: prFilesFromGit(repo.dir, base, head),
    });
    run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head }),
      workspace: repo.dir,
      inputs: {
        'github-token': TOKEN,
        ...fakeLlmInputs(llm, LLM_KEY),
      },
      env: { GITHUB_API_URL: github.url, KILO_LLM_RETRY_BASE_MS: '5' },
    });
  }, 60_000);

  afterAll(async () => {
    await github.close();
    await llm.close();
    for (const dir of [repo.dir, sandbox, run.runnerTemp]) rmSync(dir, { recursive: true, force: true });
  });

  it('reviews it: the run ends with its findings, and GitHub saw only valid requests', () => {
    expect(run.stderr).toBe('');
    expect(github.violations).toEqual([]);
    expect(github.state.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    expect(run.outputs.conclusion).toBe('success');
    expect(run.status).toBe(0);
  });

  it('runs nothing the file names spell: no PWNED file anywhere', () => {
    const everywhere = [repo.dir, join(repo.dir, 'src'), join(repo.dir, '..'), process.cwd(), sandbox];
    for (const dir of everywhere)
      expect(readdirSync(dir).filter((name) => name.startsWith('PWNED'))).toEqual([]);
  });

  it('hands the tools each odd name as one argument, and never a symlink', () => {
    const trace = readFileSync(run.outputs.trace!, 'utf8');
    const withheld = trace
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { name: string; attrs: { files?: string[] } })
      .filter((event) => event.name === 'files withheld');
    expect(withheld.map((e) => [...(e.attrs.files ?? [])].sort())).toEqual([
      ['src/leak.js', 'src/passwd.js'],
      ['src/leak.js', 'src/passwd.js'],
    ]);
    // The linter quoted each odd file's first line: one warning per odd name, on that very path.
    const annotations = github.state.checkRuns.flatMap((r) => r.output.annotations ?? []);
    const quoted = annotations.filter((a) => a.message.startsWith('first line: '));
    expect(quoted.map((a) => a.path).sort()).toEqual([...ODD_NAMES].sort());
  });

  it('reads nothing outside the workspace into any output', () => {
    const texts = {
      github: JSON.stringify(github.requests.map((r) => r.body)),
      llm: JSON.stringify(llm.requests.map((r) => r.body)),
      stdout: run.stdout,
      summary: run.summary,
      trace: readFileSync(run.outputs.trace!, 'utf8'),
      sarif: existsSync(run.outputs.sarif ?? '') ? readFileSync(run.outputs.sarif!, 'utf8') : '',
    };
    const leaked = Object.entries(texts)
      .filter(([, text]) => text.includes(HOST_SECRET) || text.includes('root:x:0:0'))
      .map(([where]) => where);
    expect(leaked).toEqual([]);
    expect(texts.sarif).not.toBe('');
  });

  it('puts no finding on a path outside the workspace, and suggestions on the odd names themselves', () => {
    const annotations = github.state.checkRuns.flatMap((r) => r.output.annotations ?? []);
    const paths = [...annotations.map((a) => a.path), ...github.state.reviewComments.map((c) => c.path)];
    expect(paths.filter((p) => p.startsWith('/') || p.split('/').includes('..'))).toEqual([]);
    expect(annotations.some((a) => a.message === 'escaped' || a.message === 'escape')).toBe(false);
    const suggested = github.state.reviewComments
      .filter((c) => c.body.includes('```suggestion'))
      .map((c) => c.path)
      .sort();
    expect(suggested).toEqual([...ODD_NAMES].sort());
  });
});
