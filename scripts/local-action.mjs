// `npm run local-action`: the action's source (src/main.ts) under GitHub's local runner emulator,
// @github/local-action, on the demo repository (examples/demo), offline. It builds the repository in
// a temp dir, writes a pull_request event for its two commits, fills in .env.example's paths, runs
// `local-action . src/main.ts <env>` and checks that the review reached the job summary.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoRepo } from '../examples/demo/run-demo.mjs';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');
const dir = mkdtempSync(join(tmpdir(), 'kilo-local-action-'));
try {
  process.exitCode = run(dir);
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

function run(dir) {
  const repo = buildDemoRepo(dir);
  const sha = (rev) => execFileSync('git', ['rev-parse', rev], { cwd: repo, encoding: 'utf8' }).trim();
  const repository = { full_name: 'demo/shop', name: 'shop', owner: { login: 'demo' } };
  const event = join(dir, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      action: 'opened',
      number: 1,
      pull_request: {
        number: 1,
        title: 'Add discount codes and payment settings',
        body: '',
        draft: false,
        user: { login: 'demo' },
        labels: [],
        base: { ref: 'main', sha: sha('main'), repo: repository },
        head: { ref: 'feature/discounts', sha: sha('HEAD'), repo: repository },
      },
      repository,
    }),
  );
  const temp = join(dir, 'runner-temp');
  mkdirSync(temp);
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const values = {
    GITHUB_WORKSPACE: repo,
    LOCAL_ACTION_WORKSPACE: repo,
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: repository.full_name,
    RUNNER_TEMP: temp,
    GITHUB_STEP_SUMMARY: summary,
  };
  // .env.example with its placeholders filled in: the documented file is the one that runs.
  const env = join(dir, '.env');
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  writeFileSync(
    env,
    example.replace(/^([A-Z_]+)=\/path\/to\/.*$/gm, (line, name) =>
      name in values ? `${name}=${values[name]}` : line,
    ),
  );
  // The package exports no subpaths: its bin is found beside this project's node_modules copy.
  const bin = join(root, 'node_modules/@github/local-action/bin/local-action.js');
  const result = spawnSync(process.execPath, [bin, 'run', root, 'src/main.ts', env], {
    cwd: root,
    encoding: 'utf8',
    // The emulator's own environment: no CI variables of a surrounding run leak into the action's.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const written = readFileSync(summary, 'utf8');
  if (result.status !== 0 || !written.includes('Kilo Agent')) {
    console.error(`local-action exited ${result.status}; the job summary has ${written.length} characters`);
    return 1;
  }
  console.log(`\nlocal-action: the review reached the job summary (${written.split('\n')[0]})`);
  return 0;
}
