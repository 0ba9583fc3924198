// The repository itself, a user's permission on it (roles set per test; owner admin, others read), and
// files at a ref (set per test with `setFile`; directories, symlinks and submodules are not modelled).
import { githubError, json, notFound, stringParam, type RouteTable } from './http.js';
import { collaboratorPermission, contentFile, fullRepository } from './payloads-repo.js';

/** `Accept` values asking for the file itself: `raw+json`, `raw`, and octokit's `v3.raw`. */
const RAW_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.raw(?:\+json)?(?:[,;\s]|$)/i;

export const repoRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}': {
    handle: (ctx) => json(200, fullRepository(ctx.site)),
  },

  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': {
    handle(ctx) {
      const login = stringParam(ctx, 'username') ?? '';
      return json(200, collaboratorPermission(ctx.site, login, ctx.store.role(login)));
    },
  },

  'GET /repos/{owner}/{repo}/contents/{path}': {
    handle(ctx) {
      const ref = stringParam(ctx, 'ref') ?? ctx.site.defaultBranch;
      const path = (stringParam(ctx, 'path') ?? '').replace(/^\/+/, '');
      if (!ctx.store.hasRef(ref))
        return githubError(404, `No commit found for the ref ${ref}`, ctx.documentationUrl);
      const content = ctx.store.file(ref, path);
      if (!content) return notFound(ctx);
      if (RAW_MEDIA_TYPE.test(ctx.accept)) {
        return {
          status: 200,
          text: content.toString('utf8'),
          contentType: 'text/plain; charset=utf-8',
          headers: { 'x-github-media-type': 'github.v3; param=raw' },
        };
      }
      return json(200, contentFile(ctx.site, ref, path, content));
    },
  },
};
