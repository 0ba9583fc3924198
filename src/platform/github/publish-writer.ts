// The publisher's one way to write to GitHub, shared by its channels (check runs, review, sticky
// comment): a refused write (403) becomes a note naming the permission, and every later write needing
// it is skipped; any other failure becomes a note. It never throws.
import type { Span } from '../../trace/types.js';
import { apiErrorMessage, isRateLimit, isRequestError } from './octokit.js';

/** The `permissions:` scope a write needs. A PR's conversation comments take `issues` or `pull-requests`. */
export type Scope = 'checks' | 'pull-requests' | 'issues';
const NEEDED: Record<Scope, string> = {
  checks: 'checks: write',
  'pull-requests': 'pull-requests: write',
  issues: 'pull-requests: write (or issues: write)',
};

/**
 * What a 403 means and what to do: the permissions GitHub says it accepts (its
 * `x-accepted-github-permissions` header: sets of `name=level` joined by `,`, alternatives by `;`),
 * in the spelling of a workflow's `permissions:`; else the one the write needs.
 */
function refusalNote(what: string, message: string, scope: Scope, error: unknown): string {
  const header = isRequestError(error)
    ? error.response?.headers?.['x-accepted-github-permissions']
    : undefined;
  const sets =
    typeof header === 'string'
      ? header
          .split(';')
          .map((set) =>
            set
              .split(',')
              .map((p) => p.trim().split('='))
              .filter(([name, level]) => name && level)
              .map(([name, level]) => `${name!.replaceAll('_', '-')}: ${level}`)
              .join(', '),
          )
          .filter(Boolean)
      : [];
  const [first, ...others] = sets;
  const needed = first ? `${first}${others.length ? ` (or ${others.join(' or ')})` : ''}` : NEEDED[scope];
  return (
    `GitHub refused to ${what} (403: ${message}): the token needs \`${needed}\`. ` +
    "Add it to the job's permissions, unless this is a fork or Dependabot PR, whose token is read-only"
  );
}
export interface Writer {
  /** undefined when the write was skipped or failed; `quiet`: no note (the caller has a fallback). */
  write<T>(
    what: string,
    scope: Scope,
    span: Span,
    fn: () => Promise<T>,
    quiet?: boolean,
  ): Promise<T | undefined>;
  /** Whether GitHub refused a write needing this scope (403): later ones are not tried. */
  refused(scope: Scope): boolean;
  readonly notes: string[];
}

export function createWriter(): Writer {
  const notes: string[] = [];
  const refusals = new Set<Scope>();
  return {
    notes,
    refused: (scope) => refusals.has(scope),
    async write(what, scope, span, fn, quiet = false) {
      if (refusals.has(scope)) return undefined;
      try {
        const result = await fn();
        span.event('post', what, { ok: true });
        return result;
      } catch (error) {
        const status = isRequestError(error) ? error.status : undefined;
        const message = apiErrorMessage(error).split('\n')[0] ?? '';
        span.event('post', what, { ok: false, status, message });
        if (status === 403 && !isRateLimit(error)) {
          refusals.add(scope);
          notes.push(refusalNote(what, message, scope, error));
        } else if (!quiet) {
          notes.push(`could not ${what}${status ? ` (${status})` : ''}: ${message}`);
        }
        return undefined;
      }
    },
  };
}
