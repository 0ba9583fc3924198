// GitHub-shaped pull requests, changed files, reviews and review comments, built from the fake's records.
import type { RestEndpointMethodTypes } from '@octokit/rest';
import { fakeSha, HTML_URL, nodeId, repository, simpleUser, type Site } from './payloads-repo.js';
import type { FileRecord, PullRecord, ReactionRecord, ReviewCommentRecord, ReviewRecord } from './types.js';

type Pulls = RestEndpointMethodTypes['pulls'];
export type Issue = RestEndpointMethodTypes['issues']['get']['response']['data'];
export type Commit = Pulls['listCommits']['response']['data'][number];
export type PullRequest = Pulls['get']['response']['data'];
export type DiffEntry = Pulls['listFiles']['response']['data'][number];
export type ReviewComment = Pulls['createReviewComment']['response']['data'];
export type Review = Pulls['createReview']['response']['data'];
export type ReactionRollup = NonNullable<ReviewComment['reactions']>;
export type PullRequestMinimal =
  RestEndpointMethodTypes['checks']['get']['response']['data']['pull_requests'][number];

export function repoApi(site: Site): string {
  return `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
}

export function pullHtml(site: Site, number: number): string {
  return `${HTML_URL}/${site.owner}/${site.repo}/pull/${number}`;
}

export interface PullCounts {
  comments: number;
  reviewComments: number;
}

export function pullRequest(site: Site, pull: PullRecord, counts: PullCounts): PullRequest {
  const api = repoApi(site);
  const html = pullHtml(site, pull.number);
  const self = `${api}/pulls/${pull.number}`;
  const headOwner = pull.head.repo_full_name.split('/')[0] ?? site.owner;
  const link = (href: string) => ({ href });
  return {
    url: self,
    id: pull.id,
    node_id: nodeId('PR', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: simpleUser(site, pull.author),
    body: pull.body,
    labels: pull.labels.map((name) => label(site, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.state === 'closed' ? pull.updated_at : null,
    merged_at: null,
    merge_commit_sha: fakeSha('merge', pull.number, pull.base.sha, pull.head.sha),
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${headOwner}:${pull.head.ref}`,
      ref: pull.head.ref,
      sha: pull.head.sha,
      user: simpleUser(site, headOwner),
      repo: repository(site, pull.head.repo_full_name),
    },
    base: {
      label: `${site.owner}:${pull.base.ref}`,
      ref: pull.base.ref,
      sha: pull.base.sha,
      user: simpleUser(site, site.owner),
      repo: repository(site, `${site.owner}/${site.repo}`),
    },
    _links: {
      self: link(self),
      html: link(html),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${self}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${self}/commits`),
      statuses: link(`${api}/statuses/${pull.head.sha}`),
    },
    author_association: pull.author_association,
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: counts.comments,
    review_comments: counts.reviewComments,
    maintainer_can_modify: false,
    commits: pull.head_shas.length,
    additions: pull.files.reduce((sum, f) => sum + f.additions, 0),
    deletions: pull.files.reduce((sum, f) => sum + f.deletions, 0),
    changed_files: pull.files.length,
  };
}

export function pullRequestMinimal(site: Site, pull: PullRecord): PullRequestMinimal {
  const repo = (fullName: string) => {
    const { id, url, name } = repository(site, fullName);
    return { id, url, name };
  };
  return {
    id: pull.id,
    number: pull.number,
    url: `${repoApi(site)}/pulls/${pull.number}`,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: repo(pull.head.repo_full_name) },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: repo(`${site.owner}/${site.repo}`) },
  };
}

export function diffEntry(site: Site, pull: PullRecord, file: FileRecord): DiffEntry {
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  const repoHtml = `${HTML_URL}/${site.owner}/${site.repo}`;
  return {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repoHtml}/blob/${pull.head.sha}/${path}`,
    raw_url: `${repoHtml}/raw/${pull.head.sha}/${path}`,
    contents_url: `${repoApi(site)}/contents/${path}?ref=${pull.head.sha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  };
}

export function reactionRollup(url: string, contents: readonly string[]): ReactionRollup {
  const count = (content: string) => contents.filter((c) => c === content).length;
  return {
    url,
    total_count: contents.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    confused: count('confused'),
    heart: count('heart'),
    hooray: count('hooray'),
    eyes: count('eyes'),
    rocket: count('rocket'),
  };
}

export function reviewComment(
  site: Site,
  comment: ReviewCommentRecord,
  reactions: readonly ReactionRecord[] = [],
): ReviewComment {
  const url = `${repoApi(site)}/pulls/comments/${comment.id}`;
  const html = `${pullHtml(site, comment.pull_number)}#discussion_r${comment.id}`;
  const pullUrl = `${repoApi(site)}/pulls/${comment.pull_number}`;
  const anchor =
    comment.subject_type === 'line' && comment.line !== null && comment.side !== null
      ? { line: comment.line, original_line: comment.line, side: comment.side }
      : {};
  return {
    url,
    pull_request_review_id: comment.pull_request_review_id,
    id: comment.id,
    node_id: nodeId('PRRC', comment.id),
    diff_hunk: comment.diff_hunk,
    path: comment.path,
    ...(comment.position !== null ? { position: comment.position, original_position: comment.position } : {}),
    commit_id: comment.commit_id,
    original_commit_id: comment.commit_id,
    ...(comment.in_reply_to_id !== null ? { in_reply_to_id: comment.in_reply_to_id } : {}),
    user: simpleUser(site, comment.user),
    body: comment.body,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: 'NONE',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: comment.start_line,
    original_start_line: comment.start_line,
    start_side: comment.start_side,
    ...anchor,
    subject_type: comment.subject_type,
    reactions: reactionRollup(
      `${url}/reactions`,
      reactions.filter((r) => r.comment_id === comment.id).map((r) => r.content),
    ),
  };
}

export function review(site: Site, record: ReviewRecord): Review {
  const html = `${pullHtml(site, record.pull_number)}#pullrequestreview-${record.id}`;
  const pullUrl = `${repoApi(site)}/pulls/${record.pull_number}`;
  return {
    id: record.id,
    node_id: nodeId('PRR', record.id),
    user: simpleUser(site, record.user),
    body: record.body,
    state: record.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    ...(record.submitted_at !== null ? { submitted_at: record.submitted_at } : {}),
    commit_id: record.commit_id,
    author_association: 'NONE',
  };
}

function label(site: Site, name: string) {
  const id = parseInt(fakeSha('label', name).slice(0, 8), 16);
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${repoApi(site)}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false,
  };
}

/** The PR as an issue (`GET …/issues/{number}`): what Danger reads the labels from. */
export function issue(site: Site, pull: PullRecord, comments: number): Issue {
  const api = repoApi(site);
  const url = `${api}/issues/${pull.number}`;
  const html = pullHtml(site, pull.number);
  return {
    id: pull.id,
    node_id: nodeId('I', pull.id),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    user: simpleUser(site, pull.author),
    labels: pull.labels.map((name) => label(site, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments,
    pull_request: {
      url: `${api}/pulls/${pull.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
    },
    closed_at: pull.state === 'closed' ? pull.updated_at : null,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    draft: pull.draft,
    author_association: pull.author_association,
  };
}

/** The PR's commits (`GET …/pulls/{number}/commits`): one per head it has had, each on the last. */
export function pullCommits(site: Site, pull: PullRecord): Commit[] {
  const api = repoApi(site);
  const html = `${HTML_URL}/${site.owner}/${site.repo}`;
  const person = {
    name: pull.author,
    email: `${pull.author}@users.noreply.github.com`,
    date: pull.updated_at,
  };
  return pull.head_shas.map((sha, i) => {
    const parent = i === 0 ? pull.base.sha : pull.head_shas[i - 1]!;
    return {
      url: `${api}/commits/${sha}`,
      sha,
      node_id: nodeId('C', parseInt(sha.slice(0, 8), 16)),
      html_url: `${html}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      commit: {
        url: `${api}/git/commits/${sha}`,
        author: person,
        committer: person,
        message: i === pull.head_shas.length - 1 ? pull.title : `commit ${i + 1}`,
        comment_count: 0,
        tree: { sha: fakeSha('tree', sha), url: `${api}/git/trees/${fakeSha('tree', sha)}` },
      },
      author: simpleUser(site, pull.author),
      committer: simpleUser(site, pull.author),
      parents: [{ sha: parent, url: `${api}/commits/${parent}`, html_url: `${html}/commit/${parent}` }],
    };
  });
}
