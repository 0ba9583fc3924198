// Benchmark (issue 12): Kilo Agent side by side with Danger JS on the same PR and the same fake GitHub.
// Both review the demo PR as a GitHub Actions step would (a pull_request event, a checkout of the
// head): ours is dist/index.js with the demo's config (built-ins, lint, a fixer, tests and the
// validation of its suggestion: check runs, a review, the sticky summary); Danger runs
// bench/danger/dangerfile.js, which does the lint part (the repository's linter on the changed files,
// a warning per finding) and posts its comment. Each round runs both, alternating order, each against
// a fresh fake GitHub. The figure is the median ratio of wall times, ours ÷ Danger; target < 1 (we are
// faster). API requests and what each posted are in the note.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setUpDemoPr } from './lib/demo-pr.mjs';
import { median } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DANGER = join(root, 'node_modules', 'danger', 'distribution', 'commands', 'danger.js');
const DANGERFILE = join(root, 'bench', 'danger', 'dangerfile.js');
const TOKEN = `ghs_bench${'y'.repeat(32)}`;

export default {
  name: 'review of the demo PR: Kilo Agent vs Danger JS (wall time, same fake GitHub)',
  target: 1,
  targetOf: 'ratio',
  unit: 'ms',
  rounds: { warmup: 1, measured: 5 },
  // Each round reviews the demo twice (seconds): a smoke run needs one.

  async setup() {
    const demo = await setUpDemoPr('kilo-bench-danger-');
    const { dir, repo, payload } = demo;
    // The event both read; Danger takes the repository from the PR's base and head, so those match too.
    for (const side of ['base', 'head']) {
      const repoOf = payload.pull_request[side].repo;
      Object.assign(repoOf, {
        full_name: 'octo/shop',
        name: 'shop',
        owner: { ...repoOf.owner, login: 'octo' },
      });
    }
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(payload));
    return {
      startFakeGitHub: demo.startFakeGitHub,
      pr: demo.pr,
      ours: (fake) =>
        demo.runAction({
          eventName: 'pull_request',
          payload,
          workspace: repo,
          inputs: { 'github-token': TOKEN },
          env: { GITHUB_API_URL: fake.url },
        }),
      danger: (fake) => runDanger(repo, dir, eventPath, fake.url),
      seen: { ours: [], danger: [] },
      round: 0,
      note: '',
    };
  },

  async run(state) {
    const sides = ['ours', 'danger'];
    if (state.round++ % 2) sides.reverse();
    const measured = {};
    for (const side of sides) measured[side] = await measure(state, side);
    const { ours, danger } = measured;
    state.seen.ours.push(ours);
    state.seen.danger.push(danger);
    const med = (side, key) => median(state.seen[side].map((m) => m[key]));
    state.note =
      `wall time median: ours ${med('ours', 'ms').toFixed(0)} ms, Danger ${med('danger', 'ms').toFixed(0)} ms; ` +
      `API requests: ours ${med('ours', 'requests')}, Danger ${med('danger', 'requests')}; ` +
      `ours posted ${ours.posted}, Danger posted ${danger.posted}`;
    return { ours: ours.ms, baseline: danger.ms };
  },
};

/** One review by `side` against a fresh fake GitHub: wall time, requests and what it posted. */
async function measure(state, side) {
  const fake = await state.startFakeGitHub({ owner: 'octo', repo: 'shop' });
  try {
    fake.addPullRequest(state.pr);
    const start = performance.now();
    const run = await state[side](fake);
    const ms = performance.now() - start;
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`${side} failed (exit ${run.status}):\n${(run.stdout + run.stderr).slice(-2000)}`);
    if (fake.violations.length > 0)
      throw new Error(`${side} made requests GitHub would refuse: ${JSON.stringify(fake.violations[0])}`);
    const { checkRuns, reviews, reviewComments, issueComments } = fake.state;
    const posted =
      `${checkRuns.length} check runs, ${reviews.length} review with ${reviewComments.length} inline comments, ` +
      `${issueComments.length} PR comment`;
    if (reviewComments.length + issueComments.length === 0) throw new Error(`${side} posted nothing`);
    return { ms, requests: fake.requests.length, posted };
  } finally {
    await fake.close();
  }
}

/** `danger ci` as on GitHub Actions, with the API pointed at the fake. */
function runDanger(repo, dir, eventPath, apiUrl) {
  const child = spawn(process.execPath, [DANGER, 'ci', '--dangerfile', DANGERFILE], {
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo/shop',
      GITHUB_WORKFLOW: 'danger',
      GITHUB_RUN_ID: '1',
      GITHUB_TOKEN: TOKEN,
      DANGER_GITHUB_API_BASE_URL: apiUrl,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
