// The bundled CLI (dist/cli.js) with --llm-* flags, against the loopback fake OpenAI-compatible server.
// Spawned asynchronously: the fake server lives in this process and must keep answering meanwhile.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  confirmAll,
  isVerifyRequest,
  startFakeLlm,
  userOf,
  type FakeLlm,
} from '../../__fixtures__/fake-llm/server.mjs';
import { createTempRepo } from '../../__fixtures__/git.js';

const LLM_KEY = `sk-kilo-${randomBytes(16).toString('hex')}`;
const GREETING = 'export const greeting = "hello";';
const FIXED = "export const greeting = 'hello';";

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const childTmp = mkdtempSync(join(tmpdir(), 'kilo-cli-llm-tmp-'));
const cleanup: string[] = [childTmp];

function cli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const { KILO_LLM_API_KEY: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...parentEnv, TMPDIR: childTmp, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    }),
  );
}

describe('kilo-agent review with an LLM', () => {
  const repo = createTempRepo('kilo-cli-llm-repo-');
  cleanup.push(repo.dir);
  repo.commit('base', { 'src/app.js': "export const a = 'x';\n" });
  repo.git('checkout', '--quiet', '-b', 'topic');
  repo.commit('topic', { 'src/app.js': `export const a = 'x';\n${GREETING}\n` });

  let llm: FakeLlm;
  beforeAll(async () => {
    // Proposes single quotes on the greeting, at the head-side line number the prompt shows.
    llm = await startFakeLlm({
      apiKey: LLM_KEY,
      respond: (request) => {
        if (isVerifyRequest(request)) return confirmAll(request);
        const line = /^\s*(\d+) \+ (.*)$/m.exec(
          userOf(request)
            .split('\n')
            .find((text) => text.endsWith(GREETING)) ?? '',
        )?.[1];
        const finding = {
          path: 'src/app.js',
          line: Number(line),
          endLine: null,
          severity: 'warning',
          message: 'Use single quotes, as the rest of the file does.',
          replacement: FIXED,
        };
        return { json: { findings: line ? [finding] : [] } };
      },
    });
  });
  afterAll(async () => {
    await llm.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  function outDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kilo-cli-llm-out-'));
    cleanup.push(dir);
    return dir;
  }

  it('prints the LLM section and writes its suggestion into kilo-report.md', async () => {
    const out = outDir();
    const cache = join(out, 'cache');
    const run = await cli(
      [
        ...['review', '--repo', repo.dir, '--base', 'main', '--out', out],
        ...['--llm-provider', 'openai-compatible', '--llm-model', 'fake-model', '--llm-base-url', llm.url],
        ...['--llm-cache', cache],
      ],
      { KILO_LLM_API_KEY: LLM_KEY },
    );

    expect(run.status).toBe(0);
    // The review, then its verify pass.
    expect(llm.requests.map((r) => [r.status, r.headers.authorization])).toEqual([
      [200, `Bearer ${LLM_KEY}`],
      [200, `Bearer ${LLM_KEY}`],
    ]);
    expect(run.stdout).toContain('Kilo Agent: SUCCESS - 0 errors, 0 warnings, 1 suggestion');
    expect(run.stdout).toMatch(
      /\nLLM:\n\s+openai-compatible:fake-model: 2 calls, 0 cached answers, \d+ tokens in/,
    );
    expect(run.stdout).toMatch(/src\/app\.js:2\s+llm-review/);
    const report = readFileSync(join(out, 'kilo-report.md'), 'utf8');
    expect(report).toContain('**`src/app.js:2`** · from llm-review');
    expect(report).toContain(FIXED);
    expect(report).toContain('#### LLM');
    for (const text of [run.stdout, run.stderr, report, readFileSync(join(out, 'kilo-trace.jsonl'), 'utf8')])
      expect(text).not.toContain(LLM_KEY);
  });

  it('without KILO_LLM_API_KEY, --llm-provider openai says so in one line on stderr and reviews anyway', async () => {
    const out = outDir();
    const before = llm.requests.length;
    const run = await cli(
      [
        ...['review', '--repo', repo.dir, '--base', 'main', '--out', out],
        ...['--llm-provider', 'openai', '--llm-model', 'gpt-4o-mini', '--llm-base-url', llm.url],
      ],
      {},
    );

    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('kilo-agent:'));
    expect(lines).toEqual(['kilo-agent: KILO_LLM_API_KEY is not set: reviewing without an LLM.']);
    expect(llm.requests).toHaveLength(before);
    expect(run.stdout).toContain('Kilo Agent: SUCCESS - 0 errors, 0 warnings, 0 suggestions');
    expect(run.stdout).not.toContain('\nLLM:');
    expect(readFileSync(join(out, 'kilo-report.md'), 'utf8')).not.toContain('analyze:llm-review');
  });
});
