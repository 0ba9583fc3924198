// Files of the PR's base commit through the contents API, for checkouts that lack the base commit.
// Only a 404 means "no such file"; any other failure throws, since the base's config decides what a
// fork PR may run and must not silently become "no config".
import type { PrContext } from '../../context/types.js';
import { BASE_FILE_MAX_BYTES } from '../../pipeline/port.js';
import { KiloError } from '../../util/errors.js';
import { apiErrorMessage, isRequestError, type GitHubClient } from './octokit.js';

export async function readBaseFileFromApi(
  octokit: GitHubClient,
  context: PrContext,
  path: string,
): Promise<string | undefined> {
  try {
    const response = await octokit.rest.repos.getContent({
      owner: context.repo.owner,
      repo: context.repo.name,
      path: path.replace(/^\.?\//, ''),
      ref: context.base.sha,
      mediaType: { format: 'raw' },
    });
    // The raw media type answers the file's bytes as a string; anything else (a directory) is not a file.
    const text: unknown = response.data;
    if (typeof text !== 'string' || Buffer.byteLength(text) > BASE_FILE_MAX_BYTES) return undefined;
    return text;
  } catch (error) {
    const status = isRequestError(error) ? error.status : undefined;
    if (status === 404) return undefined;
    const hint = status === 403 ? '; the token needs `contents: read`' : '';
    throw new KiloError(
      'BASE_FILE_UNREADABLE',
      `cannot read ${path} at the base commit through the API (${status ? `${status}: ` : ''}${apiErrorMessage(error)})${hint}`,
    );
  }
}
