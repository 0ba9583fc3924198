// The repository itself and a user's permission on it (roles set per test; owner admin, others read).
import { json, stringParam, type RouteTable } from './http.js';
import { collaboratorPermission, fullRepository } from './payloads-repo.js';

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
};
