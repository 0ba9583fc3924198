// GitHub-shaped users and repositories. Types come from @octokit/rest, so the compiler checks that every
// field octokit users may read is there; the fake's own tests also validate them against the OpenAPI
// response schemas. API links point at the fake (`site.apiUrl`), html links at github.com.
import { createHash } from 'node:crypto';
import type { RestEndpointMethodTypes } from '@octokit/rest';
import type { RepositoryRole } from './types.js';

type Endpoints = RestEndpointMethodTypes;
export type SimpleUser = Endpoints['pulls']['get']['response']['data']['user'];
export type Repository = Endpoints['pulls']['get']['response']['data']['head']['repo'];
export type FullRepository = Endpoints['repos']['get']['response']['data'];
export type CollaboratorPermission = Endpoints['repos']['getCollaboratorPermissionLevel']['response']['data'];
export type App = NonNullable<Endpoints['checks']['create']['response']['data']['app']>;

/** The repository the fake serves, and where its links point. */
export interface Site {
  apiUrl: string;
  owner: string;
  repo: string;
  defaultBranch: string;
}

export const HTML_URL = 'https://github.com';
/** The user a GITHUB_TOKEN acts as. */
export const BOT_LOGIN = 'github-actions[bot]';
const BOT_ID = 41898282;

export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A fake but stable 40-hex SHA for anything the fake has to invent (blobs, merge commits). */
export function fakeSha(...parts: Array<string | number>): string {
  return createHash('sha1').update(parts.join('\0')).digest('hex');
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

function userId(login: string): number {
  if (login === BOT_LOGIN) return BOT_ID;
  return 1000 + (parseInt(fakeSha('user', login).slice(0, 6), 16) % 9_000_000);
}

export function simpleUser(site: Site, login: string): SimpleUser {
  const id = userId(login);
  const isBot = login.endsWith('[bot]');
  const api = `${site.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(isBot ? 'BOT' : 'U', id),
    avatar_url: isBot
      ? 'https://avatars.githubusercontent.com/in/15368?v=4'
      : `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: isBot ? `${HTML_URL}/apps/${login.replace(/\[bot\]$/, '')}` : `${HTML_URL}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: isBot ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The GitHub App behind GITHUB_TOKEN, as check runs and comments report it. */
export function githubActionsApp(site: Site): App {
  return {
    id: 15368,
    slug: 'github-actions',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: simpleUser(site, 'github'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${HTML_URL}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: {
      checks: 'write',
      contents: 'write',
      issues: 'write',
      metadata: 'read',
      pull_requests: 'write',
    },
    events: ['check_run', 'check_suite', 'pull_request', 'push'],
  };
}

const REPO_LINKS = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
} as const;

type RepoLinks = { [K in keyof typeof REPO_LINKS]: string };

/** `owner/name` as a repository object; a name other than the site's own is a fork of it. */
export function repository(site: Site, fullName: string): Repository {
  return repositoryFields(site, fullName);
}

// Not annotated: `fullRepository` spreads the exact (non-optional) fields.
function repositoryFields(site: Site, fullName: string) {
  const [owner = site.owner, name = site.repo] = fullName.split('/');
  const isFork = fullName.toLowerCase() !== `${site.owner}/${site.repo}`.toLowerCase();
  const id = 100_000 + (parseInt(fakeSha('repo', fullName).slice(0, 6), 16) % 900_000);
  const api = `${site.apiUrl}/repos/${owner}/${name}`;
  const links = Object.fromEntries(
    Object.entries(REPO_LINKS).map(([key, suffix]) => [key, api + suffix]),
  ) as RepoLinks;
  return {
    id,
    node_id: nodeId('R', id),
    name,
    full_name: `${owner}/${name}`,
    owner: simpleUser(site, owner),
    private: false,
    html_url: `${HTML_URL}/${owner}/${name}`,
    description: null,
    fork: isFork,
    url: api,
    ...links,
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    clone_url: `${HTML_URL}/${owner}/${name}.git`,
    svn_url: `${HTML_URL}/${owner}/${name}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 128,
    default_branch: site.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: '2024-05-01T12:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2024-05-01T12:00:00Z',
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  };
}

export function fullRepository(site: Site): FullRepository {
  return {
    ...repositoryFields(site, `${site.owner}/${site.repo}`),
    network_count: 0,
    subscribers_count: 1,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    security_and_analysis: null,
  };
}

/** GitHub folds maintain into write and triage into read in `permission`; `role_name` keeps the role. */
export function collaboratorPermission(
  site: Site,
  login: string,
  role: RepositoryRole,
): CollaboratorPermission {
  const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
  const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return {
    permission,
    role_name: role,
    user: {
      ...simpleUser(site, login),
      role_name: role,
      permissions: {
        pull: rank >= 1,
        triage: rank >= 2,
        push: rank >= 3,
        maintain: rank >= 4,
        admin: rank >= 5,
      },
    },
  };
}

export type ContentFile = Extract<Endpoints['repos']['getContent']['response']['data'], { type: 'file' }>;

/** The largest file GitHub's contents API inlines; bigger ones come with `encoding: 'none'` and no content. */
export const MAX_INLINE_CONTENT = 1024 * 1024;

/** A file of `GET …/contents/{path}`: base64 in 60-column lines as GitHub sends it, and its git blob SHA. */
export function contentFile(site: Site, ref: string, path: string, content: Buffer): ContentFile {
  const sha = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
  const api = `${site.apiUrl}/repos/${site.owner}/${site.repo}`;
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  const self = `${api}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/blobs/${sha}`;
  const html = `${HTML_URL}/${site.owner}/${site.repo}/blob/${encodeURIComponent(ref)}/${encodedPath}`;
  const inline = content.length <= MAX_INLINE_CONTENT;
  return {
    type: 'file',
    encoding: inline ? 'base64' : 'none',
    size: content.length,
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    content: inline ? (content.toString('base64').match(/.{1,60}/g) ?? []).map((l) => `${l}\n`).join('') : '',
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${site.owner}/${site.repo}/${encodeURIComponent(ref)}/${encodedPath}`,
    _links: { self, git, html },
  };
}
