// The "Reproduce locally" block starts kilo-agent the way the report says it ran: npx on the action's
// repository at its ref, or node on the CLI script; shell-quoted, whatever the ref holds.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { reproduceCommand } from '../../src/cli/reproduce-command.js';
import { renderReproduce } from '../../src/report/reproduce.js';
import type { ReviewReport } from '../../src/report/types.js';
import { makeReport } from '../../__fixtures__/report.js';

const BASE_SHA = '1111111111111111111111111111111111111111';
const HEAD_SHA = 'abcdef0123456789abcdef0123456789abcdef01';

/** The lines inside the block's sh fence. */
function commands(report: ReviewReport): string[] {
  const block = renderReproduce(report);
  const body = block.slice(block.indexOf('```sh\n') + 6, block.lastIndexOf('\n```'));
  return body.split('\n');
}

function localReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  const report = makeReport(overrides);
  report.context = {
    ...report.context,
    event: 'local',
    base: { sha: BASE_SHA, ref: 'origin/master' },
    head: { sha: HEAD_SHA, ref: 'HEAD' },
  };
  return report;
}

/** What a POSIX shell makes of a line: its words, printed by printf in place of the command. */
function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], { cwd: tmpdir(), encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('renderReproduce', () => {
  it("on GitHub, fetches the range and runs the action's own repository at its ref with npx", () => {
    const report = makeReport({
      reproduceCommand: reproduceCommand({ actionRepository: 'octo/kilo-agent', actionRef: 'v0' }),
    });
    expect(commands(report)).toEqual([
      `git fetch origin ${BASE_SHA} ${HEAD_SHA}`,
      `git checkout --detach ${HEAD_SHA}`,
      "# install the repository's tools as the workflow does (e.g. npm ci), then:",
      `npx --yes 'github:octo/kilo-agent#v0' review --base ${BASE_SHA} --head ${HEAD_SHA}`,
    ]);
  });

  it('locally, runs the CLI script that ran, with the refs it was given as a comment', () => {
    const report = localReport({
      reproduceCommand: reproduceCommand({ cliPath: '/opt/kilo agent/dist/cli.js' }),
      failOn: 'warning',
    });
    expect(commands(report)).toEqual([
      '# ran as: --base origin/master --head HEAD',
      `node '/opt/kilo agent/dist/cli.js' review --base ${BASE_SHA} --head ${HEAD_SHA} --fail-on warning`,
    ]);
  });

  it('quotes a ref with quotes, $( ), backticks and ; (all valid in git refs) as one shell word', () => {
    // `git check-ref-format --branch` accepts this name.
    const ref = "it's-$(touch)-`id`;&|<>";
    const report = makeReport({
      reproduceCommand: reproduceCommand({ actionRepository: 'o/r', actionRef: ref }),
    });
    const line = commands(report).at(-1)!;
    expect(line).toBe(
      `npx --yes 'github:o/r#it'\\''s-$(touch)-\`id\`;&|<>' review --base ${BASE_SHA} --head ${HEAD_SHA}`,
    );
    expect(shellWords(line)).toEqual([
      'npx',
      '--yes',
      `github:o/r#${ref}`,
      'review',
      '--base',
      BASE_SHA,
      '--head',
      HEAD_SHA,
    ]);
  });

  it('falls back to the published package when the report does not say how it ran', () => {
    for (const reproduceCommand of [undefined, []])
      expect(commands(makeReport({ reproduceCommand })).at(-1)).toBe(
        `npx kilo-agent review --base ${BASE_SHA} --head ${HEAD_SHA}`,
      );
  });

  it('keeps a line break in a command word from starting a new command', () => {
    const report = makeReport({ reproduceCommand: ['node', '/tmp/a\nrm -rf ~/cli.js'] });
    const lines = commands(report);
    expect(lines.at(-1)).toBe(`node '/tmp/a rm -rf ~/cli.js' review --base ${BASE_SHA} --head ${HEAD_SHA}`);
    expect(lines.filter((line) => line.startsWith('rm'))).toEqual([]);
  });
});
