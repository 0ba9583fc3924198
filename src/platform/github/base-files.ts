// Files of the PR's base commit through the contents API, for checkouts that lack the base commit.
// Guidance only: any failure reads as "no such file" (the review goes on without it).
import type { PrContext } from '../../context/types.js';
import { BASE_FILE_MAX_BYTES } from '../port.js';
import type { GitHubClient } from './octokit.js';

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
  } catch {
    return undefined;
  }
}
