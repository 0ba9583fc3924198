// Token scopes end to end: dist/index.js against the fake GitHub holding a workflow's `permissions:`
// block (every route checked against GitHub's documented permission), with the fake's git server
// standing in for github.com so `/kilo apply` pushes meet the same token. The documented minimal set
// posts everything; each scope taken away costs only what needs it and the run still ends on its
// findings; a push needs contents: write. One fake, one repository: six runs of the action.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from '../../__fixtures__/action-env.js';
import {
  startFakeGitHub,
  type FakeGitHub,
  type RecordedRequest,
  type TokenPermissions,
} from '../../__fixtures__/fake-github/index.js';
import { GREETING_CONFIG, greetingRepo } from '../../__fixtures__/greeting-pr.js';
import { prFilesFromGit } from '../../__fixtures__/pr-files.js';
import { issueCommentPayloadIn, pullRequestPayloadIn } from '../../__fixtures__/webhooks.js';

const TOKEN = 'ghs_' + 'scopedToken'.repeat(3);
const PR = 7;
const BRANCH = 'feature-7';
/** docs/permissions.md: a pull_request review. */
const MINIMAL: TokenPermissions = { contents: 'read', checks: 'write', 'pull-requests': 'write' };
const REFUSED_BY_GITHUB = '(403: Resource not accessible by integration)';

const refusals = (requests: readonly RecordedRequest[]) =>
  requests.filter((r) => r.status === 403).map((r) => r.route);

describe('token permissions through dist/index.js', () => {
  const { repo, base, head } = greetingRepo('kilo-perm-');
  const cleanup = [repo.dir];
  let fake: FakeGitHub;
  let bare: string;
  /** The minimal-set review, run once: case (a) asserts on it, and /kilo apply starts from its comment. */
  let minimal: {
    run: ActionRun;
    requests: RecordedRequest[];
    state: Pick<FakeGitHub['state'], 'checkRuns' | 'reviews' | 'reviewComments' | 'issueComments'>;
    violations: unknown[];
  };

  function seedPr(fork = false) {
    fake.addPullRequest({
      number: PR,
      baseSha: base,
      headSha: head,
      headRef: BRANCH,
      headRepoFullName: fork ? 'someone/shop' : undefined,
      files: prFilesFromGit(repo.dir, base, head),
    });
  }

  async function review(
    permissions: TokenPermissions,
    options: { fork?: boolean; workspace?: string } = {},
  ): Promise<ActionRun> {
    fake.reset();
    seedPr(options.fork);
    // What the contents API would answer for a checkout that lacks the base commit.
    fake.setFile(base, '.github/kilo.yml', GREETING_CONFIG);
    fake.setPermissions(permissions);
    const run = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayloadIn('octo/shop', PR, { baseSha: base, headSha: head, fork: options.fork }),
      workspace: options.workspace ?? repo.dir,
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: fake.url },
    });
    cleanup.push(run.runnerTemp);
    return run;
  }

  const branchTip = () =>
    execFileSync('git', ['-C', bare, 'rev-parse', `refs/heads/${BRANCH}`], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    const server = mkdtempSync(join(tmpdir(), 'kilo-perm-git-'));
    cleanup.push(server);
    bare = join(server, 'shop.git');
    execFileSync('git', ['clone', '--quiet', '--bare', repo.dir, bare]);
    fake = await startFakeGitHub({ owner: 'octo', repo: 'shop', gitRepository: bare });
    const run = await review(MINIMAL);
    const { state } = fake;
    minimal = {
      run,
      requests: [...fake.requests],
      state: {
        checkRuns: [...state.checkRuns],
        reviews: [...state.reviews],
        reviewComments: [...state.reviewComments],
        issueComments: [...state.issueComments],
      },
      violations: [...fake.violations],
    };
  });
  afterAll(async () => {
    await fake.close();
    cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('the documented minimal set (contents: read, checks: write, pull-requests: write) posts everything, refused nothing', () => {
    const { run, requests, state } = minimal;
    expect(minimal.violations).toEqual([]);
    expect(refusals(requests)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs.conclusion).toBe('success');
    expect(state.checkRuns.map((r) => [r.name, r.status, r.conclusion])).toEqual([
      ['Kilo Agent / analyze', 'completed', 'success'],
      ['Kilo Agent / refactor', 'completed', 'success'],
      ['Kilo Agent / test', 'completed', 'success'],
    ]);
    expect(state.reviews).toHaveLength(1);
    const suggestion = state.reviewComments.find((c) => c.body.includes('```suggestion'));
    expect(suggestion?.body).toContain("export const greeting = 'hello';");
    expect(state.issueComments.map((c) => c.body.split('\n')[0])).toEqual(['<!-- kilo-agent:summary -->']);
    // With the whole history checked out the action never asks the contents API: `contents: read`
    // is there for actions/checkout (and for shallow checkouts, below).
    expect(requests.some((r) => r.route?.includes('/contents/'))).toBe(false);
  });

  const needs = (what: string, permission: string) =>
    `GitHub refused to ${what} ${REFUSED_BY_GITHUB}: the token needs \`${permission}\`. ` +
    "Add it to the job's permissions, unless this is a fork or Dependabot PR, whose token is read-only";

  it.each([
    {
      taken: 'checks: none',
      permissions: { contents: 'read', 'pull-requests': 'write' } as TokenPermissions,
      refused: ['POST /repos/{owner}/{repo}/check-runs'],
      warnings: [needs('create the check run Kilo Agent / analyze', 'checks: write')],
      // Each permission is refused on its own: the review and the comment still go out.
      posted: { reviews: 1, comments: 1 },
    },
    {
      taken: 'pull-requests: read',
      permissions: { contents: 'read', checks: 'write', 'pull-requests': 'read' } as TokenPermissions,
      refused: [
        'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      ],
      warnings: [
        needs('post the review', 'pull-requests: write'),
        needs('create the summary comment', 'issues: write (or pull-requests: write)'),
      ],
      posted: { reviews: 0, comments: 0 },
    },
  ])(
    '$taken: only the writes that need it are refused, the run ends on its findings and says which permission',
    async ({ permissions, refused, warnings, posted }) => {
      const run = await review(permissions);
      expect(fake.violations).toEqual([]);
      expect(refusals(fake.requests)).toEqual(refused);
      expect(run.status).toBe(0);
      expect(run.outputs.conclusion).toBe('success');
      expect(fake.state.checkRuns.every((r) => r.status === 'completed')).toBe(true);
      expect({ reviews: fake.state.reviews.length, comments: fake.state.issueComments.length }).toEqual(
        posted,
      );
      for (const warning of warnings) {
        expect(run.stdout).toContain(`::warning::${warning}`);
        expect(run.summary).toContain(`> ${warning}`);
      }
      expect(run.summary).toContain('Kilo Agent: 0 errors, 0 warnings, 1 suggestion');
    },
  );

  it("contents: none on a fork's shallow checkout: the base commit's config is refused (403), only the built-ins run, and the summary says why", async () => {
    // A fork PR's token keeps the block's reads and loses its writes; this block has no contents.
    const shallow = mkdtempSync(join(tmpdir(), 'kilo-perm-shallow-'));
    cleanup.push(shallow);
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, shallow]);
    execFileSync('git', ['-C', shallow, 'remote', 'remove', 'origin']);
    const run = await review({ checks: 'read', 'pull-requests': 'read' }, { fork: true, workspace: shallow });
    expect(fake.violations).toEqual([]);
    expect(new Set(refusals(fake.requests))).toEqual(new Set(['GET /repos/{owner}/{repo}/contents/{path}']));
    expect(run.status).toBe(0);
    // The base's policy is unknown, so nothing needing one runs: the built-in analyzers only, no
    // command (not zero-config's detection either), and the summary says why and what to grant.
    expect(run.summary).toContain('analyze:secrets');
    expect(run.summary).not.toContain('refactor:quotes');
    expect(run.summary).not.toContain('test:unit');
    expect(run.summary).toContain(`Policy and tasks from the base commit \`${base.slice(0, 7)}\``);
    expect(run.summary).toContain(
      'Its files could not be read (cannot read .github/kilo.yml at the base commit through the API (403: Resource not accessible by integration); the token needs `contents: read`), so only the built-in analyzers ran and no command.',
    );
  });

  describe('/kilo apply', () => {
    /** `/kilo apply` by the owner after the minimal-set review, with the commands workflow's other scopes. */
    async function apply(contents: 'read' | 'write') {
      fake.reset();
      seedPr();
      fake.setPermissions({ contents, checks: 'write', 'pull-requests': 'write' });
      execFileSync('git', ['-C', bare, 'update-ref', `refs/heads/${BRANCH}`, head]);
      fake.addIssueComment(PR, minimal.state.issueComments[0]?.body ?? '');
      const command = fake.addIssueComment(PR, '/kilo apply', 'octo');
      const run = await runAction({
        eventName: 'issue_comment',
        payload: issueCommentPayloadIn('octo/shop', PR, {
          commentId: command.id,
          body: '/kilo apply',
          login: 'octo',
          association: 'OWNER',
        }),
        workspace: repo.dir,
        inputs: { 'github-token': TOKEN },
        env: { GITHUB_API_URL: fake.url, GITHUB_SERVER_URL: fake.url },
      });
      cleanup.push(run.runnerTemp);
      const reply = fake.state.issueComments.at(-1)?.body ?? '';
      const reactions = fake.state.reactions.filter((r) => r.comment_id === command.id).map((r) => r.content);
      return { run, reply, reactions };
    }

    it("contents: read: GitHub's git server refuses the push, nothing lands, the reply quotes the refusal", async () => {
      const { run, reply, reactions } = await apply('read');
      expect(fake.violations).toEqual([]);
      expect(refusals(fake.requests)).toEqual(['git-receive-pack']);
      expect(branchTip()).toBe(head);
      // The action's words today: git's, which do not name `contents: write`.
      expect(reply).toContain(
        '@octo nothing was pushed: the push was rejected: remote: Permission to octo/shop.git denied to github-actions[bot].; ' +
          `fatal: unable to access '${fake.url}/octo/shop.git/': The requested URL returned error: 403.`,
      );
      expect(reactions).toEqual(['eyes', 'confused']);
      expect(run.status).toBe(0);
      expect(run.outputs.conclusion).toBe('neutral');
    });

    it('contents: write: the validated suggestion is committed and pushed to the PR branch', async () => {
      const { run, reply, reactions } = await apply('write');
      expect(fake.violations).toEqual([]);
      expect(refusals(fake.requests)).toEqual([]);
      const tip = branchTip();
      expect(tip).not.toBe(head);
      const git = (...args: string[]) => execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8' });
      expect(git('rev-parse', `${tip}^`).trim()).toBe(head);
      expect(git('show', `${tip}:src/app.js`)).toBe(
        "export const a = 'x';\nexport const greeting = 'hello';\n",
      );
      expect(reply).toContain(`@octo committed 1 suggestion as [\`${tip.slice(0, 7)}\`]`);
      expect(reactions).toEqual(['eyes', 'rocket']);
      expect(fake.requests.filter((r) => r.route === 'git-receive-pack').map((r) => r.method)).toEqual([
        'GET',
        'POST',
      ]);
      expect(run.outputs.conclusion).toBe('success');
    });
  });
});
