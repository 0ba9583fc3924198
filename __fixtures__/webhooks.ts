// Real webhook payloads from @octokit/webhooks-examples, adjusted to point at temp git repos.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Webhook payloads are deep, untyped JSON that tests edit freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Payload = Record<string, any>;

interface WebhookGroup {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}

const require = createRequire(import.meta.url);
const groups = JSON.parse(
  readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'),
) as WebhookGroup[];

/** A deep copy of the first example of `event` with that `action`. */
export function webhookExample(event: string, action: string): Payload {
  const example = groups.find((g) => g.name === event)?.examples.find((e) => e.action === action);
  if (!example) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(example) as Payload;
}

/** A pull_request payload whose base/head SHAs are commits of a local repo. */
export function pullRequestPayload(
  options: { baseSha: string; headSha: string; action?: string } & Partial<{
    draft: boolean;
    labels: string[];
    fork: boolean;
  }>,
): Payload {
  const payload = webhookExample('pull_request', options.action ?? 'opened');
  const pr = payload.pull_request;
  pr.base.sha = options.baseSha;
  pr.head.sha = options.headSha;
  if (options.draft !== undefined) pr.draft = options.draft;
  if (options.labels)
    pr.labels = options.labels.map((name, id) => ({ id, name, color: 'ededed', default: false }));
  if (options.fork) pr.head.repo = { ...pr.head.repo, full_name: 'someone/Hello-World', fork: true };
  return payload;
}

/** The same payload for PR `number` of repository `owner/name` (as the fake GitHub serves it). */
export function pullRequestPayloadIn(
  fullName: string,
  number: number,
  options: Parameters<typeof pullRequestPayload>[0] & {
    body?: string | null;
    /** The PR's conversation comments, as GitHub counts them in the payload of a later push. */
    comments?: number;
  },
): Payload {
  const [owner = '', name = ''] = fullName.split('/');
  const payload = pullRequestPayload(options);
  payload.number = number;
  payload.pull_request.number = number;
  if (options.body !== undefined) payload.pull_request.body = options.body;
  if (options.comments !== undefined) payload.pull_request.comments = options.comments;
  payload.repository.full_name = fullName;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  return payload;
}

/** An issue_comment payload: `body` commented on PR `number` of `fullName` by `login`. */
export function issueCommentPayloadIn(
  fullName: string,
  number: number,
  options: {
    commentId: number;
    body: string;
    login: string;
    association: string;
    action?: 'created' | 'edited' | 'deleted';
    userType?: 'User' | 'Bot';
    /** false: the comment is on an issue, not a pull request. */
    onPullRequest?: boolean;
  },
): Payload {
  const [owner = '', name = ''] = fullName.split('/');
  const payload = webhookExample('issue_comment', options.action ?? 'created');
  payload.issue.number = number;
  if (options.onPullRequest !== false) {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${fullName}/pulls/${number}`,
      html_url: `https://github.com/${fullName}/pull/${number}`,
    };
  } else delete payload.issue.pull_request;
  Object.assign(payload.comment, {
    id: options.commentId,
    body: options.body,
    html_url: `https://github.com/${fullName}/pull/${number}#issuecomment-${options.commentId}`,
    author_association: options.association,
  });
  payload.comment.user = { ...payload.comment.user, login: options.login, type: options.userType ?? 'User' };
  payload.repository.full_name = fullName;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  return payload;
}
