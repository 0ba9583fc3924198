// Benchmark (issue 12): the demo PR reviewed end to end, as on GitHub: dist/index.js on a pull_request
// event against the loopback fake GitHub (every request validated against GitHub's OpenAPI
// description), a real checkout of the demo's feature branch. Each round: a first review on an empty
// fake, then a rerun on the same state, then a push that fixes a finding (the demo's console.log goes)
// and its review, which resolves that finding's thread. The figure is the first review's API requests; the target is
// issue 22's request budget: a first review in at most 7 (each check run created once, completed, as a
// quick run does: DESIGN §6), an unchanged rerun in at most 9, a fixing push in at most 10. The note
// gives wall time, peak RSS, the reruns' requests (and whether they meet their targets) and the
// comments the unchanged rerun added (must be 0). The fake and the action runner are test fixtures, compiled here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setUpDemoPr } from './lib/demo-pr.mjs';
import { median } from './lib/stats.mjs';

// Prints the process's peak RSS (KB) when it exits; preloaded into the action's Node process.
const RSS_PROBE =
  'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nkilo-maxrss-kb=${process.resourceUsage().maxRSS}\\n`))';
/** Issue 22: an unchanged rerun of the demo PR in at most 9 requests, a rerun after a fixing push in 10. */
const RERUN_TARGET = 9;
const FIXING_PUSH_TARGET = 10;
const TOKEN = `ghs_bench${'x'.repeat(32)}`;

/** Everything the fake GitHub was asked to create or change: what a rerun must not add to. */
const comments = (fake) => fake.state.issueComments.length + fake.state.reviewComments.length;

const benchmark = {
  name: 'end-to-end review of the demo PR against the fake GitHub: API requests',
  // Issue 22: a first review of the demo PR in at most 7 requests.
  target: 7,
  unit: 'requests',
  rounds: { warmup: 0, measured: 5 },
  // Each round reviews the demo twice (seconds): a smoke run needs one.

  async setup() {
    const demo = await setUpDemoPr('kilo-bench-e2e-');
    // The fixing push: the demo's head without its console.log line (the no-console warning).
    const head = demo.pr.headSha;
    const cart = readFileSync(join(demo.repo, 'src/cart.js'), 'utf8');
    writeFileSync(join(demo.repo, 'src/cart.js'), cart.replace(/^.*console\.log\(.*\n/m, ''));
    demo.git(
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@kilo.invalid',
      'commit',
      '--quiet',
      '-am',
      'fix',
    );
    const fixed = demo.git('rev-parse', 'HEAD');
    demo.git('checkout', '--quiet', '--detach', head);
    const state = {
      startFakeGitHub: demo.startFakeGitHub,
      fixingPush: { sha: fixed, files: demo.filesAt(fixed), payload: demo.payloadAt(fixed) },
      checkout: (sha) => demo.git('checkout', '--quiet', '--detach', sha),
      review: (fake, payload = demo.payload) =>
        demo.runAction({
          eventName: 'pull_request',
          payload,
          workspace: demo.repo,
          inputs: { 'github-token': TOKEN },
          env: { GITHUB_API_URL: fake.url },
          nodeArgs: ['--import', RSS_PROBE],
        }),
      pr: demo.pr,
      wallMs: [],
      rssMb: [],
      rerunRequests: [],
      fixRequests: [],
      added: [],
      note: '',
    };
    await withFake(state, (fake) => reviewOnce(state, fake));
    state.wallMs.length = 0;
    state.rssMb.length = 0;
    return state;
  },

  run: (state) =>
    withFake(state, async (fake) => {
      const first = await reviewOnce(state, fake);
      const before = { requests: fake.requests.length, comments: comments(fake) };
      const rerun = await state.review(fake);
      if (rerun.status !== 0 && rerun.status !== 1)
        throw new Error(`the rerun failed:\n${rerun.stdout.slice(-2000)}`);
      state.rerunRequests.push(fake.requests.length - before.requests);
      state.added.push(comments(fake) - before.comments);
      state.fixRequests.push(await fixingPush(state, fake));
      state.note =
        `${first.findings} findings, ${first.suggestions} suggestions; first review median ` +
        `${median(state.wallMs).toFixed(0)} ms wall, peak RSS ${median(state.rssMb).toFixed(0)} MB; ` +
        `rerun ${median(state.rerunRequests)} requests (target ≤ ${RERUN_TARGET}` +
        `${median(state.rerunRequests) <= RERUN_TARGET ? ', met' : ', NOT MET'}) and ` +
        `${Math.max(...state.added)} new comments (must be 0); after a fixing push ` +
        `${median(state.fixRequests)} requests (target ≤ ${FIXING_PUSH_TARGET}` +
        `${median(state.fixRequests) <= FIXING_PUSH_TARGET ? ', met' : ', NOT MET'})`;
      return { ours: first.requests };
    }),
};

/** A fresh fake GitHub for `fn`, closed after it (an open server would keep the bench process alive). */
async function withFake(state, fn) {
  const fake = await state.startFakeGitHub({ owner: 'octo', repo: 'shop' });
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

/** The push that fixes the console.log, reviewed: its requests (the fixed finding's thread resolved). */
async function fixingPush(state, fake) {
  const { sha, files, payload } = state.fixingPush;
  state.checkout(sha);
  try {
    fake.push(state.pr.number, sha, files);
    const before = fake.requests.length;
    const run = await state.review(fake, payload);
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`the fixing push's review failed:\n${run.stdout.slice(-2000)}`);
    if (!fake.state.reviewThreads.some((t) => t.isResolved))
      throw new Error(`the fixing push resolved no thread:\n${run.stdout.slice(-2000)}`);
    return fake.requests.length - before;
  } finally {
    state.checkout(state.pr.headSha);
  }
}

/** The first review of the PR on an empty fake: its requests, findings and suggestions. */
async function reviewOnce(state, fake) {
  fake.addPullRequest(state.pr);
  const start = performance.now();
  const run = await state.review(fake);
  const ms = performance.now() - start;
  if (run.status !== 0 && run.status !== 1) throw new Error(`the review failed:\n${run.stdout.slice(-2000)}`);
  if (fake.violations.length > 0)
    throw new Error(`requests GitHub would refuse: ${JSON.stringify(fake.violations[0])}`);
  const rss = Number(/kilo-maxrss-kb=(\d+)/.exec(run.stderr)?.[1]);
  if (!Number.isFinite(rss)) throw new Error('the peak-RSS probe printed nothing');
  state.wallMs.push(ms);
  state.rssMb.push(rss / 1024);
  return {
    requests: fake.requests.length,
    findings: Number(run.outputs.findings),
    suggestions: Number(run.outputs.suggestions),
  };
}

export default benchmark;
