// The demo PR as the GitHub benchmarks need it (e2e.bench.mjs, danger.bench.mjs): the test fixtures
// (the fake GitHub, the action runner, PR files from git, webhook payloads) compiled from __fixtures__,
// the demo repository built in a temp dir with its feature branch checked out, and the PR seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDemoRepo } from '../../examples/demo/run-demo.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(root, '.tmp', 'bench-fixtures', '__fixtures__');

export const DEMO_PR = 7;

export async function setUpDemoPr(prefix) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'bench/tsconfig.fixtures.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const load = (file) => import(pathToFileURL(join(FIXTURES, file)).href);
  const [{ startFakeGitHub }, { runAction }, { prFilesFromGit }, { pullRequestPayloadIn }] =
    await Promise.all([
      load('fake-github/index.js'),
      load('action-env.js'),
      load('pr-files.js'),
      load('webhooks.js'),
    ]);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const repo = buildDemoRepo(dir);
  const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const base = git('rev-parse', 'main');
  const head = git('rev-parse', 'HEAD');
  return {
    dir,
    repo,
    startFakeGitHub,
    runAction,
    payload: pullRequestPayloadIn('octo/shop', DEMO_PR, { baseSha: base, headSha: head }),
    pr: { number: DEMO_PR, baseSha: base, headSha: head, files: prFilesFromGit(repo, base, head) },
    git,
    /** The PR seed's files for another head (a push to the PR). */
    filesAt: (sha) => prFilesFromGit(repo, base, sha),
    payloadAt: (sha) => pullRequestPayloadIn('octo/shop', DEMO_PR, { baseSha: base, headSha: sha }),
  };
}
