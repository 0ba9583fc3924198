import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';
import { createTempRepo, type TempRepo } from '../../__fixtures__/git.js';
import { createRecordingSpan } from '../../__fixtures__/span.js';
import {
  ACTIONS_BOT,
  applyToPullRequest,
  selectSuggestions,
  type ApplyDeps,
  type ApplyRequest,
  type PushResult,
} from '../../src/commands/apply.js';
import type { CommandComment } from '../../src/commands/types.js';
import type { PrContext } from '../../src/context/types.js';
import type { ValidationTest } from '../../src/plan/types.js';
import type { Decision, PolicyRequest } from '../../src/policy/types.js';
import type { ReviewState, StateSuggestion } from '../../src/report/review-state.js';
import { createProcessRunner } from '../../src/sandbox/runner.js';

const HEAD = 'abc1234def'.repeat(4);

function stored(fingerprint: string, overrides: Partial<StateSuggestion> = {}): StateSuggestion {
  return {
    path: 'src/a.js',
    startLine: 2,
    endLine: 2,
    replacement: 'export const b = 20;',
    source: 'prettier',
    validated: true,
    fingerprint,
    ...overrides,
  };
}

function stateOf(suggestions: StateSuggestion[], overrides: Partial<ReviewState> = {}): ReviewState {
  return { v: 1, runId: 'run-1', head: HEAD, suggestions, omitted: 0, ...overrides };
}

describe('selectSuggestions', () => {
  const a = stored('0123456789abcdef');
  const b = stored('0123999999999999', { startLine: 5, endLine: 5 });
  const c = stored('fedcba9876543210', { validated: false, startLine: 8, endLine: 8 });

  it('selects every validated suggestion, in order, without ids', () => {
    expect(selectSuggestions(stateOf([a, c, b]), [])).toEqual({ selected: [a, b] });
  });

  it('says how many were not validated when none was', () => {
    expect(selectSuggestions(stateOf([c, { ...c, fingerprint: 'eeeeeeeeeeeeeeee' }]), [])).toEqual({
      problem:
        'the review of abc1234 has no validated suggestion to apply (2 not validated: only suggestions the tests checked are applied)',
    });
  });

  it('says there is nothing to apply when the review had no suggestion', () => {
    expect(selectSuggestions(stateOf([]), [])).toEqual({
      problem: 'the review of abc1234 has no validated suggestion to apply',
    });
  });

  it('selects the suggestions the ids name, by unique prefix', () => {
    expect(selectSuggestions(stateOf([a, b, c]), ['0123999', '01234567'])).toEqual({ selected: [b, a] });
  });

  it('names an id that is not a suggestion, and mentions suggestions left out of the comment', () => {
    expect(selectSuggestions(stateOf([a]), ['aaaaaa'])).toEqual({
      problem: '`aaaaaa` is not a suggestion of the review of abc1234',
    });
    expect(selectSuggestions(stateOf([a], { omitted: 3 }), ['aaaaaa'])).toEqual({
      problem:
        '`aaaaaa` is not a suggestion of the review of abc1234 (3 suggestions did not fit in the comment)',
    });
  });

  it('refuses a prefix that matches more than one suggestion', () => {
    expect(selectSuggestions(stateOf([a, b]), ['012345', '0123'])).toEqual({
      problem: '`0123` matches 2 suggestions: give more of it',
    });
  });

  it('refuses a suggestion the tests did not validate', () => {
    expect(selectSuggestions(stateOf([a, c]), ['fedcba98'])).toEqual({
      problem: '`fedcba98` was not validated by the tests',
    });
  });

  it('selects a suggestion named twice only once', () => {
    expect(selectSuggestions(stateOf([a, b]), ['012345', '0123456789abcdef', '01234567'])).toEqual({
      selected: [a],
    });
  });

  it('lists every problem, and selects nothing when there is one', () => {
    const result = selectSuggestions(stateOf([a, b, c]), ['012345', 'fedcba', 'aaaaaa']);
    expect(result).toEqual({
      problem:
        '`fedcba` was not validated by the tests; `aaaaaa` is not a suggestion of the review of abc1234',
    });
  });
});

describe('applyToPullRequest in a real repository', () => {
  const PROTECTED = '.github/workflows/ci.yml';
  const SOURCE = ['export const a = 1;', 'export const b = 2;', 'export const c = 3;', ''].join('\n');
  // Fails when src/a.js holds BROKEN: a suggestion that breaks "the tests".
  const TEST_SCRIPT = [
    "import { readFileSync } from 'node:fs';",
    "if (readFileSync('src/a.js', 'utf8').includes('BROKEN')) process.exit(1);",
    '',
  ].join('\n');
  const UNIT: ValidationTest = {
    id: 'test:unit',
    task: {
      type: 'command',
      name: 'unit',
      run: 'node test.mjs',
      format: 'exit-code',
      filter: 'added',
      timeoutSeconds: 60,
      env: [],
      limits: {},
    },
    files: [],
  };
  const requester: CommandComment = {
    id: 55,
    url: 'https://github.com/octo/shop/pull/7#issuecomment-55',
    login: 'mona',
    userId: 583231,
    association: 'MEMBER',
  };

  let repo: TempRepo;
  let head: string;
  let context: PrContext;
  const runner = createProcessRunner();

  /** git in a throwaway checkout the code under test made: no identity or config of the machine needed. */
  const gitIn = (dir: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });

  beforeAll(() => {
    repo = createTempRepo('kilo-apply-');
    repo.commit('base', { 'test.mjs': TEST_SCRIPT, 'src/a.js': SOURCE, [PROTECTED]: 'name: ci\n' });
    head = repo.git('rev-parse', 'HEAD').trim();
    context = makeContext(addedFileDiff('src/a.js', SOURCE.split('\n').slice(0, 3)), {
      head: { sha: head, ref: 'feature' },
    });
  });
  afterAll(() => repo.remove());

  function decide(request: PolicyRequest): Decision {
    if (request.kind === 'command' && request.command !== 'node test.mjs')
      return { allow: false, rule: 'commands.allow', reason: 'not in commands.allow' };
    if (request.kind === 'write' && request.path === PROTECTED)
      return { allow: false, rule: 'protected-paths', reason: `${request.path} is protected` };
    return { allow: true, rule: 'default', reason: 'allowed' };
  }

  function depsWith(push: ApplyDeps['push'], overrides: Partial<ApplyDeps> = {}): ApplyDeps {
    return {
      runner,
      workspace: repo.dir,
      span: createRecordingSpan(),
      signal: new AbortController().signal,
      decide,
      push,
      ...overrides,
    };
  }

  function requestWith(overrides: Partial<ApplyRequest> = {}): ApplyRequest {
    return {
      context,
      state: stateOf([stored('0123456789abcdef')], { head }),
      ids: [],
      tests: [UNIT],
      requester,
      ...overrides,
    };
  }

  const okPush = () => jest.fn<ApplyDeps['push']>(() => Promise.resolve<PushResult>({ ok: true }));

  it('commits the suggestion on top of the head, tests it and pushes it', async () => {
    const seen: Record<string, string> = {};
    const push = jest.fn<ApplyDeps['push']>((dir, commit) => {
      seen.dir = dir;
      seen.parent = gitIn(dir, 'rev-parse', `${commit}^`).trim();
      seen.file = gitIn(dir, 'show', `${commit}:src/a.js`);
      seen.message = gitIn(dir, 'log', '-1', '--format=%B', commit);
      seen.author = gitIn(dir, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', commit).trim();
      seen.changed = gitIn(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', commit).trim();
      return Promise.resolve({ ok: true });
    });
    const span = createRecordingSpan();
    const suggestion = stored('0123456789abcdef');
    const outcome = await applyToPullRequest(depsWith(push, { span }), requestWith());

    expect(push).toHaveBeenCalledTimes(1);
    const [dir, commit] = push.mock.calls[0]!;
    expect(dir).not.toBe(repo.dir);
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(outcome).toEqual({ status: 'pushed', commit, applied: [suggestion], testCommands: 1 });
    expect(seen.parent).toBe(head);
    expect(seen.file).toBe('export const a = 1;\nexport const b = 20;\nexport const c = 3;\n');
    expect(seen.changed).toBe('src/a.js');
    expect(seen.author).toBe(
      `${ACTIONS_BOT.name} <${ACTIONS_BOT.email}>|${ACTIONS_BOT.name} <${ACTIONS_BOT.email}>`,
    );
    expect(seen.message).toMatch(/^Apply a Kilo Agent suggestion\n\n/);
    expect(seen.message).toContain(`Requested by @mona in ${requester.url}.`);
    expect(seen.message).toContain('- src/a.js:2 (prettier, 01234567)');
    expect(seen.message).toContain('\nCo-authored-by: mona <583231+mona@users.noreply.github.com>\n');
    // The throwaway checkout is gone, and the user's checkout was not touched.
    expect(existsSync(dir)).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(span.events).toContainEqual(
      expect.objectContaining({ kind: 'validate', name: 'apply-tests', attrs: { applied: 1, passed: true } }),
    );
    expect(span.events).toContainEqual(
      expect.objectContaining({ kind: 'post', name: 'push', attrs: { commit, ok: true } }),
    );
  });

  it('refuses without pushing when the tests fail with the suggestion applied', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(
      depsWith(push),
      requestWith({
        state: stateOf([stored('0123456789abcdef', { replacement: 'export const b = "BROKEN";' })], { head }),
      }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      reason: 'the tests failed with the suggestions applied: test:unit failed (exit code 1)',
    });
    expect(push).not.toHaveBeenCalled();
  });

  // A test command the policy denies (commands.allow tightened since the review) must not count as passed.
  it('refuses, pushing nothing, when the policy does not allow the test command', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(
      depsWith(push),
      requestWith({ tests: [{ ...UNIT, task: { ...UNIT.task, run: 'node other.mjs' } }] }),
    );
    expect(push).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('test:unit could not run'),
    });
  });

  it('refuses a branch in a fork', async () => {
    const push = okPush();
    const fork = makeContext(addedFileDiff('src/a.js', ['x']), {
      head: { sha: head, ref: 'feature' },
      fork: true,
    });
    const outcome = await applyToPullRequest(depsWith(push), requestWith({ context: fork }));
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/^the branch is in a fork/),
    });
    expect(push).not.toHaveBeenCalled();
  });

  it('refuses when there is no review state', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(depsWith(push), requestWith({ state: undefined }));
    expect(outcome).toEqual({
      status: 'refused',
      reason:
        'there is no Kilo Agent review on this PR to apply (or one is running): run `/kilo review` first',
    });
    expect(push).not.toHaveBeenCalled();
  });

  it('refuses when the head moved since the review', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(
      depsWith(push),
      requestWith({ state: stateOf([stored('0123456789abcdef')], { head: 'f'.repeat(40) }) }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      reason: `the PR head moved since the review (reviewed fffffff, now ${head.slice(0, 7)}): run \`/kilo review\`, then \`/kilo apply\` again`,
    });
    expect(push).not.toHaveBeenCalled();
  });

  it('refuses ids that select nothing, with the selection problem', async () => {
    const outcome = await applyToPullRequest(depsWith(okPush()), requestWith({ ids: ['999999'] }));
    expect(outcome).toEqual({
      status: 'refused',
      reason: `\`999999\` is not a suggestion of the review of ${head.slice(0, 7)}`,
    });
  });

  it('refuses a suggestion to a protected path', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(
      depsWith(push),
      requestWith({
        state: stateOf(
          [
            stored('0123456789abcdef'),
            stored('1111111111111111', { path: PROTECTED, startLine: 1, endLine: 1 }),
          ],
          { head },
        ),
      }),
    );
    expect(outcome).toEqual({ status: 'refused', reason: `policy: ${PROTECTED} is a protected path` });
    expect(push).not.toHaveBeenCalled();
  });

  it('refuses when no test command is configured', async () => {
    const push = okPush();
    const outcome = await applyToPullRequest(depsWith(push), requestWith({ tests: [] }));
    expect(outcome).toEqual({
      status: 'refused',
      reason: 'no test task is configured, so the suggestions cannot be checked again before the commit',
    });
    expect(push).not.toHaveBeenCalled();
  });

  it('refuses suggestions that overlap', async () => {
    const outcome = await applyToPullRequest(
      depsWith(okPush()),
      requestWith({
        state: stateOf(
          [
            stored('0123456789abcdef', { endLine: 3 }),
            stored('2222222222222222', { startLine: 3, endLine: 3 }),
          ],
          { head },
        ),
      }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      reason: 'these suggestions overlap others and cannot be applied together: `22222222`',
    });
  });

  it('refuses a suggestion outside the file', async () => {
    const outcome = await applyToPullRequest(
      depsWith(okPush()),
      requestWith({ state: stateOf([stored('0123456789abcdef', { startLine: 40, endLine: 41 })], { head }) }),
    );
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/^the suggestions do not apply to the head: .*outside the file/),
    });
  });

  it('refuses when the head is not in the checkout', async () => {
    const missing = 'd'.repeat(40);
    const outcome = await applyToPullRequest(
      depsWith(okPush()),
      requestWith({
        context: makeContext(addedFileDiff('src/a.js', ['x']), { head: { sha: missing, ref: 'feature' } }),
        state: stateOf([stored('0123456789abcdef')], { head: missing }),
      }),
    );
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(
        /^could not make a checkout of the PR head: the head commit dddddddddddd/,
      ),
    });
  });

  it('reports a rejected push', async () => {
    const push = jest.fn<ApplyDeps['push']>(() =>
      Promise.resolve<PushResult>({ ok: false, reason: 'the branch moved (non-fast-forward)' }),
    );
    const outcome = await applyToPullRequest(depsWith(push), requestWith());
    expect(push).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({
      status: 'refused',
      reason: 'the push was rejected: the branch moved (non-fast-forward)',
    });
  });
});
