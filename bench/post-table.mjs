// `node bench/post-table.mjs [--build DIR]`: posts the table of the last `npm run bench`
// (bench/results.json) on the PR of this pull_request event, as one comment edited in place on every
// run, through Kilo Agent's own publisher (the same client, pacing, retries and sticky-comment logic
// as a review; its own marker, so the review's summary is never touched). Used by
// .github/workflows/bench.yml on PRs labelled `bench`. Needs GITHUB_TOKEN, GITHUB_REPOSITORY and
// GITHUB_EVENT_PATH; `npm run bench` compiles the publisher into .tmp/bench-build first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatMarkdown } from './lib/report.mjs';

export const BENCH_MARKER = '<!-- kilo-agent:bench -->';
const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  const { values } = parseArgs({
    options: { build: { type: 'string', default: join(root, '.tmp', 'bench-build') } },
  });
  const load = (file) => import(pathToFileURL(join(values.build, file)).href);
  const [{ createOctokit }, { createPublisher }, { createTracer }] = await Promise.all([
    load('platform/github/octokit.js'),
    load('platform/github/publisher.js'),
    load('trace/tracer.js'),
  ]);
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: slug = '', GITHUB_EVENT_PATH: eventPath } = process.env;
  const [owner, repo] = slug.split('/');
  if (!token || !owner || !repo || !eventPath)
    throw new Error('needs GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_EVENT_PATH');
  const event = JSON.parse(readFileSync(eventPath, 'utf8'));
  const number = event.pull_request?.number;
  if (!Number.isInteger(number)) throw new Error('the event has no pull request');
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
  const failed = results.results.filter((r) => !r.pass).length;
  const body = [
    BENCH_MARKER,
    `### ⏱️ Kilo Agent benchmarks at \`${String(event.pull_request.head?.sha ?? '').slice(0, 7)}\``,
    '',
    failed === 0 ? 'Every target met.' : `**${failed} target(s) not met.**`,
    '',
    formatMarkdown(results),
  ].join('\n');
  const octokit = createOctokit({
    token,
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: 'kilo-agent-bench',
    ...(process.env.KILO_API_WRITE_INTERVAL_MS
      ? { writeIntervalMs: Number(process.env.KILO_API_WRITE_INTERVAL_MS) }
      : {}),
  });
  const publisher = createPublisher(octokit, {
    owner,
    repo,
    number,
    headSha: event.pull_request.head?.sha ?? '',
    stickyMarker: BENCH_MARKER,
  });
  const tracer = createTracer();
  tracer.addSecret(token);
  await publisher.upsertSticky(body, tracer);
  if (publisher.notes.length > 0) throw new Error(tracer.redact(publisher.notes.join('; ')));
  console.log(`posted the benchmark table on ${slug}#${number}`);
}

main().catch((error) => {
  console.error(`bench/post-table: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
