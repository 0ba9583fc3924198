// GitHub-shaped issue comments, reactions and check runs, built from the fake's records.
import type { RestEndpointMethodTypes } from '@octokit/rest';
import { githubActionsApp, HTML_URL, nodeId, simpleUser, type Site } from './payloads-repo.js';
import { pullHtml, pullRequestMinimal, reactionRollup, repoApi } from './payloads-pulls.js';
import type { CheckRunRecord, IssueCommentRecord, PullRecord, ReactionRecord } from './types.js';

export type IssueComment = RestEndpointMethodTypes['issues']['createComment']['response']['data'];
export type Reaction = RestEndpointMethodTypes['reactions']['createForIssueComment']['response']['data'];
export type CheckRun = RestEndpointMethodTypes['checks']['create']['response']['data'];

export function issueComment(
  site: Site,
  comment: IssueCommentRecord,
  reactions: readonly ReactionRecord[],
): IssueComment {
  const url = `${repoApi(site)}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url,
    html_url: `${pullHtml(site, comment.issue_number)}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(site, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${repoApi(site)}/issues/${comment.issue_number}`,
    author_association: 'NONE',
    performed_via_github_app: comment.user.endsWith('[bot]') ? githubActionsApp(site) : null,
    reactions: reactionRollup(
      `${url}/reactions`,
      reactions.filter((r) => r.comment_id === comment.id).map((r) => r.content),
    ),
  };
}

export function reaction(site: Site, record: ReactionRecord): Reaction {
  return {
    id: record.id,
    node_id: nodeId('REA', record.id),
    user: simpleUser(site, record.user),
    content: record.content,
    created_at: record.created_at,
  };
}

/** `pulls`: the open PRs whose head is the run's SHA, as GitHub lists them on the run. */
export function checkRun(site: Site, run: CheckRunRecord, pulls: readonly PullRecord[]): CheckRun {
  const url = `${repoApi(site)}/check-runs/${run.id}`;
  const html = `${HTML_URL}/${site.owner}/${site.repo}/runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.head_sha,
    node_id: nodeId('CR', run.id),
    external_id: run.external_id ?? '',
    url,
    html_url: html,
    details_url: run.details_url ?? html,
    status: run.status as CheckRun['status'],
    conclusion: run.conclusion as CheckRun['conclusion'],
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    // One suite per head SHA, as GitHub groups an app's runs.
    check_suite: { id: parseInt(run.head_sha.slice(0, 8), 16) || run.id },
    app: githubActionsApp(site),
    pull_requests: pulls
      .filter((p) => p.state === 'open' && p.head.sha === run.head_sha)
      .map((p) => pullRequestMinimal(site, p)),
  };
}
